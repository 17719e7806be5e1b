"""Who may use which route: every route in the app, tried as anonymous and as each role.

The table below is the permission matrix (README, "Roles and permissions"). A route that is not in
it fails test_every_route_is_classified, so a new route cannot ship without a decision.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable
from urllib.parse import urlsplit

import pytest

from factcheck.models import Source
from factcheck.services import articles, claims, publish
from tests.conftest import PASSWORD, csrf_token, login

ANONYMOUS, CHECKER, EDITOR, ADMIN = "anonymous", "fact-checker", "editor", "admin"
EVERYONE = frozenset({ANONYMOUS, CHECKER, EDITOR, ADMIN})
LOGGED_IN = frozenset({CHECKER, EDITOR, ADMIN})
EDITORS = frozenset({EDITOR, ADMIN})
ADMINS = frozenset({ADMIN})
LOGINS = {CHECKER: "checker", EDITOR: "editor", ADMIN: "admin"}


@dataclass
class Data:
    article_id: int
    claim_id: int
    source_id: int
    victim_id: int
    verdict_id: int
    publication_id: int


@dataclass(frozen=True)
class Route:
    path: Callable[[Data], str]
    allowed: frozenset[str]
    form: Callable[[Data, str], dict] = field(default=lambda data, role: {})


ROUTES: dict[tuple[str, str], Route] = {
    ("static", "GET"): Route(lambda d: "/static/css/app.css", EVERYONE),
    ("health.healthz", "GET"): Route(lambda d: "/healthz", EVERYONE),
    ("auth.login", "GET"): Route(lambda d: "/login", EVERYONE),
    ("auth.login", "POST"): Route(lambda d: "/login", EVERYONE,
                                  lambda d, role: {"username": "checker", "password": PASSWORD}),
    ("auth.logout", "POST"): Route(lambda d: "/logout", LOGGED_IN),
    ("articles.index", "GET"): Route(lambda d: "/", LOGGED_IN),
    ("articles.detail", "GET"): Route(lambda d: f"/articles/{d.article_id}", LOGGED_IN),
    ("claims.progress", "GET"): Route(lambda d: f"/articles/{d.article_id}/progress", LOGGED_IN),
    ("claims.show", "GET"): Route(lambda d: f"/claims/{d.claim_id}", LOGGED_IN),
    ("claims.add_source", "POST"): Route(
        lambda d: f"/claims/{d.claim_id}/sources", LOGGED_IN,
        lambda d, role: {"url": "https://example.org/report", "stance": "supports", "title": "Report"}),
    ("claims.remove_source", "POST"): Route(
        lambda d: f"/claims/{d.claim_id}/sources/{d.source_id}/remove", LOGGED_IN),
    ("claims.record_verdict", "POST"): Route(
        lambda d: f"/claims/{d.claim_id}/verdicts", LOGGED_IN,
        lambda d, role: {"rating": "mostly_false", "rationale": "Port data say otherwise."}),
    ("claims.assign", "POST"): Route(lambda d: f"/claims/{d.claim_id}/assign", LOGGED_IN,
                                     lambda d, role: {"to": "me"}),
    ("claims.add_comment", "POST"): Route(lambda d: f"/claims/{d.claim_id}/comments", LOGGED_IN,
                                          lambda d, role: {"body": "Checked with the port authority."}),
    ("articles.import_articles", "GET"): Route(lambda d: "/import", LOGGED_IN),
    ("articles.import_articles", "POST"): Route(
        lambda d: "/import", LOGGED_IN,
        lambda d, role: {"title": "Council budget", "text": "The council approved $4 million on Monday."}),
    ("claims.edit_source", "POST"): Route(
        lambda d: f"/claims/{d.claim_id}/sources/{d.source_id}", LOGGED_IN,
        lambda d, role: {"url": "https://example.org/new", "stance": "refutes", "title": "Corrected"}),
    ("claims.split", "POST"): Route(lambda d: f"/claims/{d.claim_id}/split", LOGGED_IN,
                                    lambda d, role: {"before": "million"}),
    ("claims.merge", "POST"): Route(lambda d: f"/claims/{d.claim_id}/merge", LOGGED_IN),
    ("claims.boundary", "POST"): Route(lambda d: f"/claims/{d.claim_id}/boundary", LOGGED_IN,
                                       lambda d, role: {"start": "0", "end": "10"}),
    ("claims.not_claim", "POST"): Route(lambda d: f"/claims/{d.claim_id}/not-claim", LOGGED_IN),
    ("claims.add_unit", "POST"): Route(lambda d: f"/articles/{d.article_id}/units", LOGGED_IN,
                                       lambda d, role: {"quote": "officials said"}),
    ("claims.restore", "POST"): Route(lambda d: f"/articles/{d.article_id}/restore", LOGGED_IN),
    ("reports.index", "GET"): Route(lambda d: "/report", EDITORS),
    ("reports.decide", "POST"): Route(
        lambda d: "/report/follow-up", EDITORS,
        lambda d, role: {"flag": "unverified", "article_id": d.article_id, "claim_id": d.claim_id,
                         "action": "resolve", "reason": "Checked by phone."}),
    ("reports.mark_ai", "POST"): Route(lambda d: f"/articles/{d.article_id}/ai-mark", LOGGED_IN,
                                       lambda d, role: {"reason": "Reads like a chatbot summary."}),
    ("reports.publish_claim", "POST"): Route(lambda d: f"/claims/{d.claim_id}/publish", EDITORS,
                                             lambda d, role: {"verdict_id": d.verdict_id}),
    ("reports.public", "GET"): Route(lambda d: f"/fact-checks/{d.publication_id}", EVERYONE),
    ("reports.claims_csv", "GET"): Route(lambda d: "/exports/claims.csv", EDITORS),
    ("reports.claimreview_json", "GET"): Route(lambda d: "/exports/claimreview.json", EDITORS),
    ("reports.annotations_jsonld", "GET"): Route(lambda d: "/exports/annotations.jsonld", EDITORS),
    ("activity.article", "GET"): Route(lambda d: f"/articles/{d.article_id}/activity", LOGGED_IN),
    ("activity.claim", "GET"): Route(lambda d: f"/claims/{d.claim_id}/activity", LOGGED_IN),
    ("exports.index", "GET"): Route(lambda d: "/exports", EDITORS),
    ("exports.audit_csv", "GET"): Route(lambda d: "/exports/audit.csv", EDITORS),
    ("origins.add", "POST"): Route(lambda d: f"/articles/{d.article_id}/origins", LOGGED_IN,
                                   lambda d, role: {"title": "Origin", "text": f"The port handled cargo, {role} said."}),
    ("origins.decide", "POST"): Route(lambda d: f"/claims/{d.claim_id}/alignment", LOGGED_IN,
                                      lambda d, role: {"decision": "confirmed"}),
    ("origins.attach", "POST"): Route(lambda d: f"/claims/{d.claim_id}/alignment/source", LOGGED_IN,
                                      lambda d, role: {"origin_id": "1"}),
    ("admin.user_list", "GET"): Route(lambda d: "/admin/users", ADMINS),
    ("admin.user_create", "POST"): Route(
        lambda d: "/admin/users", ADMINS,
        lambda d, role: {"username": f"new-{role}", "role": "fact-checker", "password": "a new long passphrase"}),
    ("admin.user_disable", "POST"): Route(lambda d: f"/admin/users/{d.victim_id}/disable", ADMINS),
    ("admin.user_enable", "POST"): Route(lambda d: f"/admin/users/{d.victim_id}/enable", ADMINS),
    ("admin.user_password", "POST"): Route(lambda d: f"/admin/users/{d.victim_id}/password", ADMINS,
                                           lambda d, role: {"password": "another long passphrase"}),
}

ARTICLE = ("Port volumes hit a record\n\nThe port handled 1.2 million containers in March. "
           "That is 8% more than a year earlier, officials said.\n").encode()


def test_every_route_is_classified(app):
    """Walk the real URL map: each (endpoint, method) must have a row in ROUTES, and no stale rows."""
    found = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
             for method in rule.methods - {"HEAD", "OPTIONS"}}
    missing = sorted(found - ROUTES.keys())
    assert not missing, f"classify these routes in tests/web/test_permissions.py and the README: {missing}"
    stale = sorted(ROUTES.keys() - found)
    assert not stale, f"these rows name routes that no longer exist: {stale}"


@pytest.fixture
def data(session, accounts) -> Data:
    article = articles.import_bytes(session, raw=ARTICLE, filename="port.txt", actor=None).article
    claim = articles.claim_units(session, article.id)[0]
    source = Source(claim_id=claim.id, url="https://example.org/old", accessed_on=date(2026, 1, 16),
                    stance="context")
    session.add(source)
    session.commit()
    verdict = claims.record_verdict(session, claim_id=claim.id, rating="false", rationale="Port data.",
                                    author=accounts["fact-checker"])
    publication = publish.approve(session, claim_id=claim.id, verdict_id=verdict.id, editor=accounts["editor"])
    # Account changes target the fact-checker: only admins succeed, and they are tried last.
    return Data(article_id=article.id, claim_id=claim.id, source_id=source.id,
                victim_id=accounts["fact-checker"].id, verdict_id=verdict.id, publication_id=publication.id)


def _sent_to_login(response) -> bool:
    """How an anonymous request is turned away: a redirect to the login page, or 401 for htmx."""
    if response.status_code == 401:
        return True
    return response.status_code in (301, 302) and urlsplit(response.headers["Location"]).path == "/login"


def _attempt(app, data: Data, route: Route, method: str, role: str):
    client = app.test_client()
    if role != ANONYMOUS:
        assert login(client, LOGINS[role]).status_code == 303
    # Every page carries the CSRF token; anonymous visitors get theirs from the login page.
    token = csrf_token(client.get("/login" if role == ANONYMOUS else "/").get_data(as_text=True))
    if method == "GET":
        return client.get(route.path(data))
    return client.post(route.path(data), data={**route.form(data, role), "csrf_token": token})


@pytest.mark.parametrize("key", sorted(ROUTES), ids=[f"{m} {e}" for e, m in sorted(ROUTES)])
def test_route_admits_exactly_the_roles_in_the_table(app, data, key):
    endpoint, method = key
    route = ROUTES[key]
    outcomes = {}
    for role in (ANONYMOUS, CHECKER, EDITOR, ADMIN):
        response = _attempt(app, data, route, method, role)
        status, location = response.status_code, response.headers.get("Location")
        response.close()
        allowed = role in route.allowed
        if allowed:
            assert status < 500, (role, status)
            assert status != 403 and not _sent_to_login(response), (
                f"{role} should be allowed {method} {endpoint}, got {status} {location}")
        elif role == ANONYMOUS:
            assert _sent_to_login(response), f"anonymous {method} {endpoint}: {status} {location}"
        else:
            assert status == 403, f"{role} must be refused {method} {endpoint}, got {status} {location}"
        outcomes[role] = status
    assert outcomes  # every role was tried
