"""Odd requests get a clear answer (404, 400, 422), never a 500 or a database error; and work
cannot go to a claim unit that a correction replaced."""
import pytest
from sqlmodel import select

from factcheck.models import Comment, Publication, Source, Verdict
from factcheck.services import articles, corrections, publish
from factcheck.services import claims as claims_service
from tests.conftest import csrf_token, login
from tests.web.test_claims import claim  # noqa: F401 (the fixture: the first claim of a port article)

HUGE = "99999999999999999999"


@pytest.fixture
def token(client, accounts):
    login(client, "editor")
    return csrf_token(client.get("/").get_data(as_text=True))


@pytest.mark.parametrize("route", ["split", "merge", "boundary", "not-claim"])
def test_a_correction_of_a_missing_claim_is_a_404(client, claim, token, route):
    response = client.post(f"/claims/99999/{route}", data={"csrf_token": token, "at": "3", "start": "1", "end": "4"})
    assert response.status_code == 404


@pytest.mark.parametrize("path", [f"/claims/{HUGE}", f"/articles/{HUGE}", f"/articles/{HUGE}/progress",
                                  f"/articles/{HUGE}/activity", f"/claims/{HUGE}/activity",
                                  f"/fact-checks/{HUGE}", "/claims/2147483648"])
def test_ids_beyond_what_the_database_holds_are_404(client, claim, token, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query", [f"page={HUGE}", f"assignee={HUGE}", "assignee=%C2%B2", "page=-3"])
def test_out_of_range_list_parameters_are_ignored(client, claim, token, query):
    for path in ("/", "/report"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200, (path, query)
    assert "Port record" in client.get(f"/?{query}").get_data(as_text=True)


def test_hand_typed_filters_the_pages_cannot_use_are_named_not_dropped_silently(client, claim, token):
    page = client.get("/?from=2026-13-01&status=bogus&sort=%3Cb%3E").get_data(as_text=True)
    assert "“2026-13-01” is not a date written YYYY-MM-DD, so the “published from” filter was left out" in page
    assert "“bogus” is not a status this page knows" in page
    assert "“&lt;b&gt;” is not a sort order" in page and "<b>" not in page
    assert "Port record" in page  # the filters left out narrow nothing
    partial = client.get("/?to=yesterday", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert partial.startswith('<section id="article-table"') and "“yesterday” is not a date" in partial
    backwards = client.get("/?from=2026-05-01&to=2026-01-01").get_data(as_text=True)
    assert "the dates run backwards (2026-05-01 to 2026-01-01), so nothing can match" in backwards
    assert "Note:" not in client.get("/?from=2020-01-01&status=unchecked").get_data(as_text=True)
    report = client.get("/report?from=soon&flag=nope").get_data(as_text=True)
    assert "“soon” is not a date" in report and "“nope” is not a flag this page knows" in report
    assert "Note:" not in client.get("/report?flag=unverified").get_data(as_text=True)


def test_out_of_range_numbers_in_forms_change_nothing(client, session, claim, token):
    before = claim.version
    responses = [
        client.post(f"/claims/{claim.id}/assign", data={"csrf_token": token, "assignee_id": HUGE}),
        client.post(f"/claims/{claim.id}/verdicts", data={"csrf_token": token, "rating": "true",
                                                          "rationale": "kept", "version": HUGE}),
        client.post(f"/claims/{claim.id}/sources/{HUGE}", data={"csrf_token": token, "url": "https://a.example/"}),
        client.post("/report/follow-up", data={"csrf_token": token, "flag": "unverified", "action": "resolve",
                                               "reason": "x", "article_id": HUGE, "claim_id": HUGE}),
        client.post(f"/claims/{claim.id}/alignment/source", data={"csrf_token": token, "origin_id": HUGE}),
        client.post(f"/claims/{claim.id}/split", data={"csrf_token": token, "at": "²"}),
        client.post(f"/claims/{claim.id}/split", data={"csrf_token": token, "at": HUGE}),
    ]
    assert [r.status_code for r in responses if r.status_code >= 500] == []
    assert all(r.status_code in (303, 404, 409, 422) for r in responses), [r.status_code for r in responses]
    session.expire_all()
    assert claims_service.get_claim(session, claim.id).version == before
    assert session.exec(select(Verdict)).all() == [] and session.exec(select(Source)).all() == []
    assert "the version must be a number" in responses[1].get_data(as_text=True)
    assert "kept" in responses[1].get_data(as_text=True)  # the typed rationale comes back
    assert "the split point must be" in responses[-2].get_data(as_text=True)


@pytest.mark.parametrize("query", ["article=%C2%B2", f"article={HUGE}"])
def test_an_export_filter_that_is_not_a_number_is_named(client, claim, token, query):
    for path, status in (("/exports", 422), ("/exports/audit.csv", 400)):
        response = client.get(f"{path}?{query}")
        assert response.status_code == status, path
        assert "the article must be a number" in response.get_data(as_text=True)


def test_the_last_possible_end_date_is_accepted(client, claim, token):
    response = client.get("/exports/audit.csv?to=9999-12-31")
    rows = response.get_data(as_text=True).splitlines()
    assert response.status_code == 200 and rows[0].startswith("event_id,") and len(rows) >= 2
    assert client.get("/exports?to=9999-12-31").status_code == 200


@pytest.mark.parametrize("query", ["q=%00", "outlet=a%00b", "user=ed%00itor", "action=x%00"])
def test_a_nul_character_in_the_address_matches_nothing(client, claim, token, query):
    for path in ("/", "/report", "/exports"):
        response = client.get(f"{path}?{query}")
        assert response.status_code in (200, 422), (path, query)  # 422: /exports names an unknown user
        assert "\x00" not in response.get_data(as_text=True)
    assert "Port record" not in client.get(f"/?{query}").get_data(as_text=True) or query.startswith(("user", "action"))
    assert 'value="a\ufffdb"' in client.get("/?q=a%00b").get_data(as_text=True)


def test_a_nul_character_in_a_username_is_a_failed_login(client, accounts):
    response = client.post("/login", data={"csrf_token": csrf_token(client.get("/login").get_data(as_text=True)),
                                           "username": "edi\x00tor", "password": "whatever"})
    assert response.status_code == 401


def test_a_unit_replaced_by_a_split_takes_no_more_work(client, session, claim, token, accounts):
    retired_id = claim.id
    corrections.split(session, claim_id=claim.id, at=claim.start + claim.text.index("officials"),
                      actor=accounts["editor"])
    session.expire_all()
    retired = claims_service.get_claim(session, retired_id)
    assert retired.active is False

    panel = client.get(f"/claims/{retired_id}").get_data(as_text=True)
    assert "replaced by a correction" in panel
    # Its history stays readable, but it offers no form that would only be refused.
    for action in ("/verdicts", "/sources", "/comments", "/split", "/assign", "/merge"):
        assert f'action="/claims/{retired_id}{action}' not in panel, action
    current = client.get(f"/claims/{articles.claim_units(session, retired.article_id)[0].id}").get_data(as_text=True)
    assert "/verdicts" in current and "/comments" in current
    version = str(retired.version)  # what a freshly opened panel holds
    attempts = {
        "split": client.post(f"/claims/{retired_id}/split", data={"csrf_token": token, "before": "officials",
                                                                  "version": version}),
        "verdict": client.post(f"/claims/{retired_id}/verdicts", data={"csrf_token": token, "rating": "false",
                                                                       "rationale": "typed on the old unit",
                                                                       "version": version}),
        "source": client.post(f"/claims/{retired_id}/sources", data={"csrf_token": token, "stance": "supports",
                                                                     "url": "https://port.example/",
                                                                     "version": version}),
        "comment": client.post(f"/claims/{retired_id}/comments", data={"csrf_token": token, "body": "old unit"}),
    }
    for name, response in attempts.items():
        assert response.status_code == 422, name
        assert "replaced by a correction" in response.get_data(as_text=True), name
    # What was typed comes back, under the notice, as text to copy to the current unit.
    typed = {"verdict": ["False", "typed on the old unit"], "source": ["https://port.example/"],
             "comment": ["old unit"], "split": ["officials"]}
    for name, values in typed.items():
        body = attempts[name].get_data(as_text=True)
        assert "What you typed (not saved)" in body, name
        for value in values:
            assert f"<dd>{value}</dd>" in body, (name, value)
    hostile = client.post(f"/claims/{retired_id}/comments", data={"csrf_token": token, "body": "<script>x</script>"})
    assert "<dd>&lt;script&gt;x&lt;/script&gt;</dd>" in hostile.get_data(as_text=True)
    active = [u for u in articles.claim_units(session, retired.article_id)]
    assert len(active) == 3 and all(u.active for u in active)  # the split made 2 + the second sentence
    for model in (Verdict, Source, Comment):
        assert session.exec(select(model).where(model.claim_id == retired_id)).all() == []


def test_publishing_is_refused_on_a_replaced_unit_and_once_per_verdict(session, claim, accounts):
    verdict = claims_service.record_verdict(session, claim_id=claim.id, rating="true", rationale="",
                                            author=accounts["editor"])
    first = publish.approve(session, claim_id=claim.id, verdict_id=verdict.id, editor=accounts["editor"])
    again = publish.approve(session, claim_id=claim.id, verdict_id=verdict.id, editor=accounts["editor"])
    assert again.id == first.id
    assert len(session.exec(select(Publication)).all()) == 1

    corrections.split(session, claim_id=claim.id, at=claim.start + claim.text.index("officials"),
                      actor=accounts["editor"])
    with pytest.raises(claims_service.ClaimError, match="replaced by a correction"):
        publish.approve(session, claim_id=claim.id, verdict_id=verdict.id, editor=accounts["editor"])
