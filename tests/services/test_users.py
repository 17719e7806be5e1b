import pytest
from sqlmodel import select
from werkzeug.security import check_password_hash

from factcheck.models import AuditEvent
from factcheck.services import audit, users
from tests.conftest import PASSWORD


def _events(session, action):
    return session.exec(select(AuditEvent).where(AuditEvent.entity == "user", AuditEvent.action == action)
                        .order_by(AuditEvent.id)).all()


def test_passwords_are_stored_as_scrypt_hashes(session, accounts):
    user = accounts["editor"]
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash
    assert users.authenticate(session, username="editor", password=PASSWORD).id == user.id
    assert users.authenticate(session, username="editor", password="wrong password") is None


def test_the_default_hash_is_scrypt_at_full_cost_and_weak_settings_are_refused(monkeypatch):
    monkeypatch.delenv("FACTCHECK_PASSWORD_HASH")
    assert users.hash_password(PASSWORD).startswith("scrypt:32768:8:1$")
    for weak in ("pbkdf2:sha256:1", "scrypt:512:8:1", "plain"):
        monkeypatch.setenv("FACTCHECK_PASSWORD_HASH", weak)
        with pytest.raises(users.UserError, match="not accepted"):
            users.hash_password(PASSWORD)
    monkeypatch.setenv("FACTCHECK_PASSWORD_HASH", "scrypt:1024:8:1")
    assert users.hash_password(PASSWORD).startswith("scrypt:1024:8:1$")


def test_list_users_is_sorted_by_username(session, accounts):
    users.create(session, username="aaron", password=PASSWORD, role="fact-checker")
    assert [u.username for u in users.list_users(session)] == ["aaron", "admin", "checker", "editor"]


def test_disable_and_enable_write_one_audit_event_each_naming_the_actor(session, accounts):
    admin, checker = accounts["admin"], accounts["fact-checker"]
    users.set_disabled(session, user=checker, disabled=True, actor=admin)
    assert users.authenticate(session, username="checker", password=PASSWORD) is None
    users.set_disabled(session, user=checker, disabled=False, actor=admin)
    assert users.authenticate(session, username="checker", password=PASSWORD).id == checker.id
    (disabled,), (enabled,) = _events(session, "disable"), _events(session, "enable")
    assert (disabled.actor_id, disabled.entity_id) == (admin.id, checker.id)
    assert disabled.before == {"username": "checker", "disabled": False}
    assert disabled.after == {"username": "checker", "disabled": True}
    assert enabled.after["disabled"] is False
    assert audit.verify(session)[1] is None


def test_disabling_an_already_disabled_account_records_nothing_new(session, accounts):
    users.set_disabled(session, user=accounts["fact-checker"], disabled=True, actor=accounts["admin"])
    users.set_disabled(session, user=accounts["fact-checker"], disabled=True, actor=accounts["admin"])
    assert len(_events(session, "disable")) == 1


def test_set_password_replaces_the_hash_and_the_audit_event_never_holds_it(session, accounts):
    checker = accounts["fact-checker"]
    old_hash = checker.password_hash
    users.set_password(session, user=checker, password="a brand new passphrase", actor=accounts["admin"])
    assert checker.password_hash != old_hash
    assert check_password_hash(checker.password_hash, "a brand new passphrase")
    assert users.authenticate(session, username="checker", password=PASSWORD) is None
    (event,) = _events(session, "set_password")
    assert event.after == {"username": "checker"}
    assert "scrypt" not in audit.canonical(event) and "brand new" not in audit.canonical(event)


def test_a_short_password_is_refused_and_nothing_is_recorded(session, accounts):
    with pytest.raises(users.UserError, match="at least 10"):
        users.set_password(session, user=accounts["fact-checker"], password="short", actor=accounts["admin"])
    assert _events(session, "set_password") == []


def test_admins_cannot_disable_themselves_or_the_last_active_admin(session, accounts):
    admin = accounts["admin"]
    with pytest.raises(users.UserError, match="your own account"):
        users.set_disabled(session, user=admin, disabled=True, actor=admin)
    with pytest.raises(users.UserError, match="last active admin"):
        users.set_disabled(session, user=admin, disabled=True, actor=None)
    second = users.create(session, username="second", password=PASSWORD, role="admin")
    users.set_disabled(session, user=admin, disabled=True, actor=second)
    assert admin.disabled
    assert [e.entity_id for e in _events(session, "disable")] == [admin.id]


def test_get_by_username_names_a_missing_user(session, accounts):
    assert users.get_by_username(session, "editor").role == "editor"
    with pytest.raises(users.UserError, match="no user named 'nobody'"):
        users.get_by_username(session, "nobody")

