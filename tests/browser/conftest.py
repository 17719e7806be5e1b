"""Real Chromium (Debian's) through Playwright, against the app served on 127.0.0.1.

Every browser test fails if a request tries to leave 127.0.0.1 or the console shows an error.
"""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from tests.conftest import ROOT

CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    reason = f"no Chromium at {CHROMIUM}: install it with `apt-get install -y chromium`"
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI must run the browser tests: {reason}")
    print(f"\nbrowser tests SKIPPED: {reason}")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def live_server(app):
    """The app on a free port of 127.0.0.1, in a thread, for this test only."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


# Statuses the app answers on purpose (wrong password, conflict, invalid input); Chromium logs
# them as console errors. Anything else (404 of an asset, 500) still fails the test.
# A test that provokes other statuses on purpose says so with @pytest.mark.expect_status(503).
STATUS_LINE = re.compile(r"^(?:Failed to load resource: the server responded with a status of|"
                         r"Response Status Error Code) (\d{3})")


def _expected(text: str, extra: tuple[int, ...] = ()) -> bool:
    found = STATUS_LINE.match(text)
    return bool(found) and int(found.group(1)) in {401, 409, 422, *extra}


@pytest.fixture
def watched_page(page, request):
    """A page that records requests leaving 127.0.0.1 and console errors, and fails on either."""
    escaped, errors = [], []

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if host in {"127.0.0.1"} or route.request.url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            escaped.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    marker = request.node.get_closest_marker("expect_status")
    extra = tuple(marker.args) if marker else ()
    page.on("console", lambda msg: errors.append(f"{msg.text} at {msg.location}")
            if msg.type == "error" and not _expected(msg.text, extra) else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"), full_page=True)
    assert not escaped, f"requests tried to leave 127.0.0.1: {escaped}"
    assert not errors, f"console errors: {errors}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def log_in(page, base: str, username: str = "checker") -> None:
    """Log in through the login form and wait for the article list."""
    from playwright.sync_api import expect

    from tests.conftest import PASSWORD

    page.goto(base + "/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Articles")).to_be_visible()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


