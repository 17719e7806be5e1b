import hashlib
import re

import pytest

from tests.conftest import ROOT, login


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "db": "ok"}


def test_healthz_is_503_when_the_database_is_gone(tmp_path):
    from factcheck.web import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["db"] == "unavailable"


def test_security_headers_on_every_response(client, accounts):
    for response in (client.get("/login"), client.get("/healthz"), client.get("/static/js/app.js")):
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]
        response.close()


def test_session_cookie_is_httponly_and_lax(client, accounts):
    response = login(client, "checker")
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_vendored_htmx_matches_the_recorded_checksum():
    recorded = (ROOT / "static/vendor/README.md").read_text()
    digest = hashlib.sha256((ROOT / "static/vendor/htmx.min.js").read_bytes()).hexdigest()
    assert digest in recorded


def test_templates_load_nothing_from_other_origins():
    for path in (ROOT / "templates").rglob("*.html"):
        source = path.read_text()
        assert not re.search(r'(src|href)="(https?:)?//', source), path
        # Scripts only from our own static files; JSON-LD data blocks are not scripts.
        rest = source.replace('<script src="{{', "").replace('<script type="application/ld+json">', "")
        assert "<script>" not in rest and "<script " not in rest, path


# What the Content-Security-Policy (no 'unsafe-inline', no 'unsafe-eval') would block in a page:
# inline event handlers, htmx's hx-on (it evaluates its value as script), style attributes and blocks.
INLINE = re.compile(r"""(?ix)
    (?:^|[\s"'/])((?:data-)?hx-on[\w:.-]*|on[a-z]+|style)\s*=   # an attribute
    | (<style)\b                                                  # a style block
""")


def inline_code(source: str) -> list[str]:
    source = re.sub(r"{#.*?#}", "", source, flags=re.S)  # Jinja comments are never sent
    return [m.group(1) or m.group(2) for m in INLINE.finditer(source)]


@pytest.mark.parametrize("snippet, found", [
    ('<button onclick="go()">', ["onclick"]), ("<body ONLOAD='x()'>", ["ONLOAD"]),
    ('<img src=x onerror = "y">', ["onerror"]), ('<p style="color:red">', ["style"]),
    ('<div hx-on:click="x()">', ["hx-on:click"]), ('<div data-hx-on--after-request="x()">', ["data-hx-on--after-request"]),
    ('<a href="/"onmouseover="x()">', ["onmouseover"]), ("<style>p{}</style>", ["<style"]),
    ('<div data-on="1" aria-label="turn on=off" hx-post="{{ url }}" class="online">', []),
    ("{# <p style=\"x\"> #}<p>", []),
])
def test_the_inline_code_guard_catches_what_csp_blocks(snippet, found):
    assert inline_code(snippet) == found


def test_templates_have_no_inline_handlers_or_styles():
    offenders = {str(path.relative_to(ROOT)): found for path in sorted((ROOT / "templates").rglob("*.html"))
                 if (found := inline_code(path.read_text()))}
    assert not offenders, f"CSP blocks these; use static/js/app.js and static/css/app.css: {offenders}"


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(database_url):
    from flask import request

    from factcheck.web import create_app

    seen = {}
    for hops in (0, 1):
        app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": database_url, "PROXY_HOPS": hops})
        app.add_url_rule("/_addr", "addr", lambda: seen.setdefault(hops, request.remote_addr) or "")
        app.test_client().get("/_addr", headers={"X-Forwarded-For": "203.0.113.7"})
        app.extensions["engine"].dispose()
    assert seen == {0: "127.0.0.1", 1: "203.0.113.7"}
