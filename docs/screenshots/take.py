"""Take the README's screenshots from the demo, in Debian's Chromium.

    .venv/bin/python docs/screenshots/take.py

Sets up the demo in a temporary instance folder, serves it on a free port of 127.0.0.1, logs in
as the demo editor and saves one viewport-sized PNG per page into docs/screenshots/.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    instance = tempfile.mkdtemp(prefix="factcheck-shots-")
    env = {**os.environ, "FACTCHECK_INSTANCE": instance, "DATABASE_URL": f"sqlite:///{instance}/demo.db"}
    factcheck = [sys.executable, "-m", "factcheck"]
    setup = subprocess.run([*factcheck, "demo", "--no-serve"], env=env, capture_output=True, text=True, check=True)
    # "  editor        editor   9Mhe2wyq4-vhuaVW": role, username, password
    logins = {user: password for _, user, password in re.findall(r"^  (\S+)\s+(\S+)\s+(\S+)$", setup.stdout, re.M)}
    port = _free_port()
    server = subprocess.Popen([*factcheck, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto(base + "/login")
            page.get_by_label("Username").fill("editor")
            page.get_by_label("Password").fill(logins["editor"])
            page.get_by_role("button", name="Log in").click()
            page.wait_for_load_state("load")
            page.screenshot(path=str(HERE / "articles.png"))
            page.get_by_role("link", name=re.compile("Northbridge")).first.click()
            page.wait_for_load_state("load")
            changed = page.locator('a.claim[data-origin="changed"]').first
            changed.click()  # a claim whose numbers differ from its origin: the side-by-side view
            page.locator("#claim-panel .side-by-side").first.wait_for()
            changed.scroll_into_view_if_needed()
            page.locator("#origin").evaluate("el => el.scrollIntoView()")
            page.screenshot(path=str(HERE / "provenance.png"))
            page.goto(base + "/report")
            page.screenshot(path=str(HERE / "report.png"))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print("saved:", ", ".join(sorted(p.name for p in HERE.glob("*.png"))))


if __name__ == "__main__":
    main()
