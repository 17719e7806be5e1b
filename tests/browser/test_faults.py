"""The database goes away mid-session: 503 with a plain message, typed text kept, nothing half-written."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from glob import glob
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from factcheck.db import make_engine
from factcheck.migrate import upgrade
from factcheck.services import articles, audit, users
from tests.browser.conftest import log_in, screenshot
from tests.conftest import PASSWORD

BINARIES = sorted(glob("/usr/lib/postgresql/*/bin"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A private PostgreSQL server of the test's own, which the test may stop and start."""

    def __init__(self, root: Path):
        self.bin = Path(BINARIES[-1])
        self.data = root / "data"
        self.port = _free_port()
        self.user = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
        root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(root, "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool, *args):
        subprocess.run([*self.user, str(self.bin / tool), *args], check=True, capture_output=True, timeout=120)

    def start(self):
        self._run("pg_ctl", "-D", str(self.data), "-w", "-l", str(self.data / "log"), "-o",
                  f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop(self):
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", "immediate", "stop")


@pytest.fixture
def cluster(tmp_path_factory):
    if not BINARIES:
        if os.environ.get("CI"):
            pytest.fail("CI must run the database-fault test: no initdb under /usr/lib/postgresql")
        pytest.skip("no PostgreSQL server binaries under /usr/lib/postgresql")
    root = Path("/tmp") / f"fc-cluster-{uuid.uuid4().hex[:8]}"
    own = Cluster(root)
    own.start()
    yield own
    try:
        own.stop()
    except subprocess.CalledProcessError:
        pass
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def fault_app(cluster):
    from factcheck.web import create_app

    engine = make_engine(cluster.url)
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        users.create(session, username="checker", password=PASSWORD, role="fact-checker")
        raw = b"Ferry fares\n\nFerry fares will rise 4% in April, the operator said. Ridership fell 2% in 2025.\n"
        article = articles.import_bytes(session, raw=raw, filename="ferry.txt", actor=None).article
        claim = articles.claim_units(session, article.id)[0]
    engine.dispose()
    app = create_app({"TESTING": True, "DATABASE_URL": cluster.url, "SECRET_KEY": "fault-test"})
    app.config["FAULT_CLAIM"] = claim.id
    yield app
    app.extensions["engine"].dispose()


@pytest.fixture
def app(fault_app):
    """The browser fixtures' live server serves this private cluster's app."""
    return fault_app


@pytest.mark.expect_status(503)
def test_database_outage_answers_503_and_keeps_typed_text(live_server, watched_page, cluster, fault_app):
    claim_id = fault_app.config["FAULT_CLAIM"]
    page = watched_page
    log_in(page, live_server, "checker")
    page.goto(f"{live_server}/claims/{claim_id}")
    page.get_by_label("Rating").select_option("mostly_true")
    page.get_by_label(re.compile("^Rationale")).fill("Typed while the database went away.")

    cluster.stop()
    page.get_by_role("button", name="Record verdict").click()
    expect(page.get_by_role("status")).to_contain_text("The database is not answering")
    expect(page.get_by_label(re.compile("^Rationale"))).to_have_value("Typed while the database went away.")
    screenshot(page, "database-outage")
    with page.expect_response(lambda r: r.status == 503) as plain:
        page.goto(f"{live_server}/")
    assert plain.value.status == 503
    expect(page.get_by_role("heading", name="The database is not answering")).to_be_visible()
    assert page.context.request.get(f"{live_server}/healthz").status == 503

    cluster.start()
    deadline = time.time() + 30
    while page.context.request.get(f"{live_server}/healthz").status != 200:
        assert time.time() < deadline, "the app did not reconnect"
        time.sleep(0.5)
    page.goto(f"{live_server}/claims/{claim_id}")
    # The draft survived the outage and the reload: send it again.
    expect(page.get_by_label(re.compile("^Rationale"))).to_have_value("Typed while the database went away.")
    page.get_by_label("Rating").select_option("mostly_true")
    page.get_by_role("button", name="Record verdict").click()
    expect(page.locator("#claim-panel .current-verdict")).to_contain_text("Mostly true")

    engine = make_engine(cluster.url)
    with Session(engine) as session:
        checked, broken = audit.verify(session)
        from factcheck.models import Verdict
        from sqlmodel import select

        assert len(session.exec(select(Verdict)).all()) == 1  # nothing half-written, nothing doubled
    engine.dispose()
    assert broken is None and checked >= 3
    # And the command an admin runs afterwards says the same.
    command = subprocess.run([sys.executable, "-m", "factcheck", "audit", "verify"], capture_output=True, text=True,
                             env={**os.environ, "DATABASE_URL": cluster.url}, timeout=120)
    assert command.returncode == 0, command.stderr
    assert f"intact: {checked} events" in command.stdout
