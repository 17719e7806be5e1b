"""Login throttling as a person meets it: through the login form, with the clock moved by hand."""
import pytest

from factcheck.services.throttle import LoginThrottle
from tests.conftest import PASSWORD, csrf_token, login


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(app):
    clock = Clock()
    app.extensions["login_throttle"] = LoginThrottle(clock=clock)
    return clock


def _attempt(client, clock, password, *, wait=60):
    response = login(client, "checker", password)
    clock.now += wait  # past any short wait, well inside the 15-minute window
    return response


def test_repeated_failures_are_slowed_then_refused_even_with_the_right_password(client, accounts, clock):
    statuses = [_attempt(client, clock, "wrong password", wait=0).status_code for _ in range(3)]
    assert statuses == [401, 401, 401]
    slowed = login(client, "checker", PASSWORD)
    assert slowed.status_code == 429
    assert "wait 2 seconds before trying again" in slowed.get_data(as_text=True)
    clock.now += 2
    assert _attempt(client, clock, "wrong password").status_code == 401
    assert _attempt(client, clock, "wrong password").status_code == 401  # the fifth failure
    refused = login(client, "checker", PASSWORD)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == str(15 * 60 - 60)
    assert ("Too many failed logins for this account; try again in 14 minutes."
            in refused.get_data(as_text=True))
    assert client.get("/").status_code == 302  # still not logged in
    clock.now += 15 * 60
    assert login(client, "checker", PASSWORD).status_code == 303
    assert client.get("/").status_code == 200


def test_a_locked_account_does_not_lock_out_the_others(app, client, accounts, clock):
    for _ in range(5):
        _attempt(client, clock, "wrong password")
    assert login(client, "checker", PASSWORD).status_code == 429
    other = app.test_client()
    assert login(other, "editor", PASSWORD).status_code == 303


def test_a_good_login_resets_the_account_count(app, accounts, clock):
    first = app.test_client()
    for _ in range(2):
        _attempt(first, clock, "wrong password", wait=0)
    assert login(first, "checker", PASSWORD).status_code == 303
    second = app.test_client()
    for _ in range(2):
        _attempt(second, clock, "wrong password", wait=0)
    # Without the reset this would be the fourth failure in a row: a wait, not a login.
    assert login(second, "checker", PASSWORD).status_code == 303


def _login_from(client, address, username, password):
    page = client.get("/login", environ_base={"REMOTE_ADDR": address})
    return client.post("/login", environ_base={"REMOTE_ADDR": address},
                       data={"username": username, "password": password,
                             "csrf_token": csrf_token(page.get_data(as_text=True))})


def test_one_address_guessing_many_accounts_is_refused(app, accounts, clock):
    client = app.test_client()
    for i in range(30):
        assert _login_from(client, "203.0.113.5", f"guess{i}", "wrong password").status_code == 401
        clock.now += 30  # the longest short wait; 30 tries still fit in the 15-minute window
    refused = _login_from(client, "203.0.113.5", "checker", PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed logins from your network address" in refused.get_data(as_text=True)
    assert _login_from(app.test_client(), "192.0.2.44", "checker", PASSWORD).status_code == 303
