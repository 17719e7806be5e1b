"""CSRF on every state-changing route, for plain forms and htmx, and the session cookie's flags.

The routes come from the permission table, so a new POST route is covered as soon as it is classified.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from factcheck.models import AuditEvent
from tests.conftest import PASSWORD, csrf_token, login
from tests.web.test_permissions import ANONYMOUS, LOGINS, ROUTES, data  # noqa: F401 (data is a fixture)

POSTS = sorted(key for key in ROUTES if key[1] == "POST")
EXPIRED = "Your form expired or came from another site"


def _least_role(allowed) -> str:
    return next(role for role in (ANONYMOUS, *LOGINS) if role in allowed)


def _client_as(app, role):
    client = app.test_client()
    if role != ANONYMOUS:
        assert login(client, LOGINS[role]).status_code == 303
    token = csrf_token(client.get("/login" if role == ANONYMOUS else "/").get_data(as_text=True))
    return client, token


def _events(session) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(AuditEvent)).one()


@pytest.mark.parametrize("endpoint", [e for e, _ in POSTS])
def test_a_post_without_the_csrf_token_is_refused(app, session, data, endpoint):  # noqa: F811
    route = ROUTES[(endpoint, "POST")]
    role = _least_role(route.allowed)
    client, token = _client_as(app, role)
    for htmx in (False, True):
        kind = "htmx" if htmx else "form"
        headers = {"HX-Request": "true", "HX-Current-URL": "http://localhost/"} if htmx else {}
        before = _events(session)
        refused = client.post(route.path(data), data=route.form(data, role), headers=headers)
        assert refused.status_code == 400, f"{kind} {role} POST {endpoint} without a token: {refused.status_code}"
        assert EXPIRED in refused.get_data(as_text=True)
        forged = client.post(route.path(data), data={**route.form(data, role), "csrf_token": "forged"},
                             headers={**headers, "X-CSRFToken": "forged"} if htmx else headers)
        assert forged.status_code == 400, f"{kind} {role} POST {endpoint} with a forged token"
        assert _events(session) == before, f"a refused {kind} request changed something"

    # With the token (htmx sends it as a header, as static/js/app.js does) the same requests pass CSRF.
    accepted = client.post(route.path(data), data=route.form(data, role),
                           headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/", "X-CSRFToken": token})
    assert accepted.status_code < 500 and EXPIRED not in accepted.get_data(as_text=True)
    accepted = client.post(route.path(data), data={**route.form(data, role), "csrf_token": token})
    assert accepted.status_code < 500 and EXPIRED not in accepted.get_data(as_text=True)


@pytest.mark.parametrize("https", [True, False], ids=["FACTCHECK_HTTPS=1", "unset"])
def test_the_session_cookie_is_secure_when_configured_for_https(database_url, accounts, tmp_path, monkeypatch,
                                                                https):
    from factcheck.web import create_app

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("FACTCHECK_INSTANCE", str(tmp_path))
    monkeypatch.setenv("FACTCHECK_SECRET_KEY", "test-secret")
    if https:
        monkeypatch.setenv("FACTCHECK_HTTPS", "1")
    else:
        monkeypatch.delenv("FACTCHECK_HTTPS", raising=False)
    app = create_app({"TESTING": True})  # settings from the environment, as `factcheck serve` reads them
    try:
        client = app.test_client()
        base = "https://localhost" if https else "http://localhost"
        page = client.get("/login", base_url=base)
        response = client.post("/login", base_url=base, headers={"Referer": f"{base}/login"}, data={
            "username": "checker", "password": PASSWORD,
            "csrf_token": csrf_token(page.get_data(as_text=True))})
        assert response.status_code == 303
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("; Secure" in cookie) is https, cookie
        assert client.get("/", base_url=base).status_code == 200
    finally:
        app.extensions["engine"].dispose()
