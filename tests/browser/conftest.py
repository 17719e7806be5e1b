"""Real Chromium (Debian's) through Playwright, against the app served on 127.0.0.1.

Every browser test fails if a request tries to leave 127.0.0.1 or the console shows an error.
"""
from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
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


SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass
class RequestGuard:
    """What watched_page saw go wrong; the test fails at teardown if any list is not empty."""

    allowed_posts: set[str] | None  # None: any state-changing request to 127.0.0.1 may pass
    escaped: list[str] = field(default_factory=list)     # requests that tried to leave 127.0.0.1
    unintended: list[str] = field(default_factory=list)  # POSTs (PUT, DELETE...) the test did not make
    errors: list[str] = field(default_factory=list)      # console errors


@pytest.fixture
def request_guard(request) -> RequestGuard:
    allowed = request.node.get_closest_marker("allowed_posts")
    return RequestGuard(set(allowed.args) if allowed else None)


def _watch(page, guarded: RequestGuard, extra_statuses: tuple[int, ...]) -> None:
    """Route every request of `page` through the guard and record its console errors."""

    def guard(route):
        url, method = route.request.url, route.request.method
        host = urlsplit(url).hostname
        if not (host in {"127.0.0.1"} or url.startswith(("data:", "blob:", "about:"))):
            guarded.escaped.append(url)
            route.abort()
        elif (guarded.allowed_posts is not None and method not in SAFE_METHODS
              and urlsplit(url).path not in guarded.allowed_posts):
            guarded.unintended.append(f"{method} {url}")
            route.abort()
        else:
            route.continue_()

    page.route("**/*", guard)
    page.on("console", lambda msg: guarded.errors.append(f"{msg.text} at {msg.location}")
            if msg.type == "error" and not _expected(msg.text, extra_statuses) else None)
    page.on("pageerror", lambda exc: guarded.errors.append(str(exc)))


@pytest.fixture
def watch(request, request_guard):
    """watch(page): put another page (a second browser context, a no-JavaScript one) under the
    same guard as watched_page; the test fails at teardown on what any of them did wrong."""
    marker = request.node.get_closest_marker("expect_status")
    extra = tuple(marker.args) if marker else ()

    def watch_page(page):
        _watch(page, request_guard, extra)
        return page
    yield watch_page
    guarded = request_guard
    assert not guarded.escaped, f"requests tried to leave 127.0.0.1: {guarded.escaped}"
    assert not guarded.unintended, f"state-changing requests the test did not make: {guarded.unintended}"
    assert not guarded.errors, f"console errors: {guarded.errors}"


@pytest.fixture
def watched_page(page, request, watch):
    """A page that records requests leaving 127.0.0.1 and console errors, and fails on either.

    A test marked @pytest.mark.allowed_posts("/login", ...) names the state-changing requests it
    makes itself; any other POST (or PUT, DELETE...), such as an injected hx-post="/logout", is
    stopped before it reaches the server and fails the test.
    """
    watch(page)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"), full_page=True)


@pytest.fixture
def request_log(watched_page):
    """Every request the page makes, as (method, path, resource type), in order."""
    seen = []
    watched_page.on("request", lambda r: seen.append((r.method, urlsplit(r.url).path, r.resource_type)))
    return seen


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
    page.wait_for_load_state("load")  # the deferred scripts (htmx) have run


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


