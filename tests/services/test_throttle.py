"""The login throttle on its own, with a clock we move by hand."""
import threading

import pytest

from factcheck.services.throttle import Limits, LoginThrottle


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def throttle(clock):
    return LoginThrottle(clock=clock)


def fail(throttle, n, username="maria", address="10.0.0.1", clock=None, gap=0.0):
    for _ in range(n):
        throttle.failure(username=username, address=address)
        if clock:
            clock.advance(gap)


def test_two_failures_cost_nothing(throttle):
    fail(throttle, 2)
    assert throttle.check(username="maria", address="10.0.0.1") is None


def test_the_third_failure_asks_for_a_short_wait_that_grows(throttle, clock):
    fail(throttle, 3)
    refusal = throttle.check(username="maria", address="10.0.0.1")
    assert (refusal.scope, refusal.locked, refusal.retry_after) == ("account", False, 2.0)
    assert refusal.message == "Several failed logins for this account; wait 2 seconds before trying again."
    clock.advance(2)
    assert throttle.check(username="maria", address="10.0.0.1") is None
    fail(throttle, 1)
    assert throttle.check(username="maria", address="10.0.0.1").retry_after == 4.0


def test_five_failures_lock_the_account_for_fifteen_minutes_whatever_the_address(throttle, clock):
    fail(throttle, 5, clock=clock, gap=10)
    refusal = throttle.check(username="maria", address="192.0.2.99")
    assert refusal.locked and refusal.scope == "account"
    assert refusal.message == "Too many failed logins for this account; try again in 15 minutes."
    clock.advance(14 * 60)
    assert "try again in 1 minute." in throttle.check(username="maria", address="192.0.2.99").message
    clock.advance(60)
    assert throttle.check(username="maria", address="192.0.2.99") is None


def test_failures_older_than_the_window_are_forgotten(throttle, clock):
    fail(throttle, 4, clock=clock, gap=5 * 60)  # spread over 20 minutes: at most 3 in any 15
    fail(throttle, 1)
    assert not throttle.check(username="maria", address="10.0.0.1").locked


def test_the_account_key_ignores_case_and_spaces(throttle):
    fail(throttle, 5, username="Maria ")
    assert throttle.check(username="maria", address="198.51.100.7").locked


def test_one_address_guessing_many_accounts_is_locked_out(throttle, clock):
    for i in range(30):
        throttle.failure(username=f"user{i}", address="203.0.113.5")
        clock.advance(1)
    refusal = throttle.check(username="someone-new", address="203.0.113.5")
    assert (refusal.scope, refusal.locked) == ("address", True)
    assert refusal.message.startswith("Too many failed logins from your network address; try again in")
    assert throttle.check(username="someone-new", address="203.0.113.6") is None


def test_a_good_login_clears_the_account_but_not_the_address(throttle, clock):
    for i in range(12):
        throttle.failure(username=f"user{i}", address="203.0.113.5")
    fail(throttle, 2, username="maria", address="203.0.113.5")
    throttle.success(username="maria")
    refusal = throttle.check(username="maria", address="203.0.113.5")
    assert refusal is not None and refusal.scope == "address" and not refusal.locked


def test_a_lockout_outranks_a_short_wait(throttle):
    for i in range(10):
        throttle.failure(username=f"user{i}", address="203.0.113.5")
    fail(throttle, 5, username="maria", address="10.9.9.9")
    refusal = throttle.check(username="maria", address="203.0.113.5")
    assert refusal.scope == "account" and refusal.locked


def test_memory_is_bounded_however_many_names_are_tried(clock):
    throttle = LoginThrottle(clock=clock, max_keys=100)
    for i in range(1000):
        throttle.failure(username=f"made-up-{i}", address=f"10.0.{i // 256}.{i % 256}")
    assert len(throttle._records["account"]) == 100
    assert len(throttle._records["address"]) == 100


def test_counts_are_exact_under_concurrent_failures(clock):
    throttle = LoginThrottle(clock=clock, account_limits=Limits(slow_after=1000, lock_after=800))
    threads = [threading.Thread(target=fail, args=(throttle, 100)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert throttle.check(username="maria", address="other").locked
