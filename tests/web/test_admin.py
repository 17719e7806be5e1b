import re

from sqlmodel import select

from factcheck.models import AuditEvent, User
from factcheck.services import users
from tests.conftest import PASSWORD, csrf_token, login


def _admin(app):
    client = app.test_client()
    assert login(client, "admin").status_code == 303
    return client, csrf_token(client.get("/admin/users").get_data(as_text=True))


def _user_events(session, action):
    return session.exec(select(AuditEvent).where(AuditEvent.entity == "user", AuditEvent.action == action)).all()


def test_the_accounts_page_lists_every_account(app, accounts):
    client, _ = _admin(app)
    html = client.get("/admin/users").get_data(as_text=True)
    for name, role in (("admin", "admin"), ("checker", "fact-checker"), ("editor", "editor")):
        assert re.search(rf"<td>{name}</td>\s*<td>{role}</td>\s*<td>active</td>", html), name
    assert "Disable admin" not in html  # no button to lock yourself out
    assert "Disable checker" in html


def test_an_admin_creates_an_account_and_it_can_log_in(app, session, accounts):
    client, token = _admin(app)
    response = client.post("/admin/users", data={"username": "maria", "role": "editor",
                                                 "password": "a long passphrase", "csrf_token": token})
    assert response.status_code == 303
    assert "Created editor maria." in client.get("/admin/users").get_data(as_text=True)
    (event,) = [e for e in _user_events(session, "create") if e.after["username"] == "maria"]
    assert event.actor_id == accounts["admin"].id and event.after == {"username": "maria", "role": "editor"}
    assert login(app.test_client(), "maria", "a long passphrase").status_code == 303


def test_a_bad_account_is_refused_with_the_reason_and_the_typed_name_kept(app, session, accounts):
    client, token = _admin(app)
    response = client.post("/admin/users", data={"username": "maria", "role": "editor",
                                                 "password": "short", "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "passwords need at least 10 characters" in html
    assert 'value="maria"' in html and 'value="short"' not in html  # the password is never echoed
    duplicate = client.post("/admin/users", data={"username": "editor", "role": "editor",
                                                  "password": "a long passphrase", "csrf_token": token})
    assert duplicate.status_code == 400 and "already exists" in duplicate.get_data(as_text=True)
    assert session.exec(select(User).where(User.username == "maria")).first() is None


def test_disabling_an_account_ends_its_session_and_enabling_restores_login(app, session, accounts):
    victim = app.test_client()
    login(victim, "checker")
    assert victim.get("/").status_code == 200
    client, token = _admin(app)
    checker = accounts["fact-checker"]
    assert client.post(f"/admin/users/{checker.id}/disable", data={"csrf_token": token}).status_code == 303
    assert victim.get("/").status_code == 302  # their open session is over
    assert login(app.test_client(), "checker").status_code == 401
    assert "Enable checker" in client.get("/admin/users").get_data(as_text=True)
    assert client.post(f"/admin/users/{checker.id}/enable", data={"csrf_token": token}).status_code == 303
    assert login(app.test_client(), "checker").status_code == 303
    assert [e.actor_id for e in _user_events(session, "disable") + _user_events(session, "enable")] == \
        [accounts["admin"].id] * 2


def test_an_admin_cannot_disable_their_own_account(app, session, accounts):
    client, token = _admin(app)
    response = client.post(f"/admin/users/{accounts['admin'].id}/disable", data={"csrf_token": token})
    assert response.status_code == 400
    assert "cannot disable your own account" in response.get_data(as_text=True)
    session.refresh(accounts["admin"])
    assert accounts["admin"].disabled is False


def test_an_admin_sets_a_new_password(app, session, accounts):
    client, token = _admin(app)
    checker = accounts["fact-checker"]
    short = client.post(f"/admin/users/{checker.id}/password", data={"password": "short", "csrf_token": token})
    assert short.status_code == 400 and "checker: passwords need at least 10" in short.get_data(as_text=True)
    response = client.post(f"/admin/users/{checker.id}/password",
                           data={"password": "a brand new passphrase", "csrf_token": token})
    assert response.status_code == 303
    assert login(app.test_client(), "checker", PASSWORD).status_code == 401
    assert login(app.test_client(), "checker", "a brand new passphrase").status_code == 303
    (event,) = _user_events(session, "set_password")
    assert event.actor_id == accounts["admin"].id and event.after == {"username": "checker"}


def test_unknown_accounts_are_404(app, accounts):
    client, token = _admin(app)
    assert client.post("/admin/users/99999/disable", data={"csrf_token": token}).status_code == 404
    assert client.post("/admin/users/99999/password",
                       data={"password": "a long passphrase", "csrf_token": token}).status_code == 404


def test_account_changes_need_the_csrf_token(app, session, accounts):
    client, _ = _admin(app)
    checker = accounts["fact-checker"]
    assert client.post(f"/admin/users/{checker.id}/disable").status_code == 400
    assert users.authenticate(session, username="checker", password=PASSWORD) is not None
