import json
import re

import lxml.html
import pytest

from factcheck.services import articles
from factcheck.services import claims as claims_service
from tests.conftest import csrf_token, login

RAW = ("Port record\n\nThe port handled 1.2 million containers in March, officials said. "
       "Volumes rose 8% on a year earlier.\n").encode()


@pytest.fixture
def claim(session, accounts):
    article = articles.import_bytes(session, raw=RAW, filename="port.txt", actor=None).article
    return articles.claim_units(session, article.id)[0]


@pytest.fixture
def token(client, accounts):
    login(client, "checker")
    return csrf_token(client.get("/").get_data(as_text=True))


def test_claim_panel_is_a_partial_for_htmx_and_a_page_otherwise(client, claim, token):
    partial = client.get(f"/claims/{claim.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert partial.lstrip().startswith('<section id="claim-panel"')
    assert "<html" not in partial
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "<html" in page and 'id="claim-panel"' in page and "data-claim-id" in page


def test_verdict_over_htmx_answers_with_panel_and_event(client, claim, token):
    response = client.post(f"/claims/{claim.id}/verdicts", headers={"HX-Request": "true", "X-CSRFToken": token},
                           data={"rating": "mostly_false", "rationale": "<i>Off</i> by 10%", "version": claim.version})
    assert response.status_code == 200
    trigger = json.loads(response.headers["HX-Trigger"])
    assert trigger["verdictRecorded"]["claimId"] == claim.id
    assert trigger["verdictRecorded"]["rating"] == "mostly_false"
    html = response.get_data(as_text=True)
    assert "Mostly false" in html and "<i>Off</i>" in html
    progress = client.get(f"/articles/{claim.article_id}/progress").get_data(as_text=True)
    assert re.search(r"1/\d+", progress)


def test_plain_form_post_redirects_with_303(client, claim, token):
    response = client.post(f"/claims/{claim.id}/verdicts",
                           data={"rating": "true", "rationale": "", "version": claim.version, "csrf_token": token})
    assert response.status_code == 303
    assert f"/claims/{claim.id}" in response.headers["Location"]


def test_htmx_write_without_csrf_header_is_refused(client, claim, token):
    response = client.post(f"/claims/{claim.id}/verdicts", headers={"HX-Request": "true"},
                           data={"rating": "true", "version": claim.version})
    assert response.status_code == 400


def test_conflict_keeps_the_typed_text_and_shows_the_new_version(client, claim, token):
    old = claim.version
    client.post(f"/claims/{claim.id}/verdicts", headers={"HX-Request": "true", "X-CSRFToken": token},
                data={"rating": "true", "rationale": "theirs", "version": old})
    response = client.post(f"/claims/{claim.id}/verdicts", headers={"HX-Request": "true", "X-CSRFToken": token},
                           data={"rating": "false", "rationale": "my careful rationale", "version": old})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone saved this claim" in html
    assert "my careful rationale" in html
    assert f'name="version" value="{old + 1}"' in html


def test_conflict_shows_what_was_saved_meanwhile_beside_what_i_typed(client, claim, token):
    old = claim.version
    headers = {"HX-Request": "true", "X-CSRFToken": token}
    client.post(f"/claims/{claim.id}/sources", headers=headers,
                data={"url": "https://stats.example/t1", "publisher": "Statistics Office", "stance": "refutes",
                      "version": old})
    client.post(f"/claims/{claim.id}/verdicts", headers=headers,
                data={"rating": "mostly_true", "rationale": "theirs", "version": old + 1})
    response = client.post(f"/claims/{claim.id}/verdicts", headers=headers,
                           data={"rating": "false", "rationale": "my careful rationale", "version": old})
    assert response.status_code == 409
    page = lxml.html.fromstring(response.get_data(as_text=True))
    theirs = " ".join(page.xpath('//*[@class="theirs"]')[0].text_content().split())
    yours = [" ".join(el.text_content().split()) for el in page.xpath('//*[@class="yours"]//dt | //*[@class="yours"]//dd')]
    # Both saves since my version, newest first, in plain words; then what I typed.
    assert [" ".join(li.text_content().split()).split(" at ")[0] for li in page.xpath('//*[@class="theirs"]//li')] == [
        "checker recorded Mostly true with 1 source",
        "checker added a refuting source from stats.example to the claim"]
    assert "Current verdict: Mostly true" in theirs
    assert yours == ["Rating", "False", "Rationale", "my careful rationale"]


def test_conflict_after_a_split_names_the_split_not_an_older_change(client, session, claim, token):
    from factcheck.services import corrections

    headers = {"HX-Request": "true", "X-CSRFToken": token}
    client.post(f"/claims/{claim.id}/verdicts", headers=headers,
                data={"rating": "true", "rationale": "an older verdict", "version": claim.version})
    session.expire_all()
    mine = claims_service.get_claim(session, claim.id).version  # what my open panel holds
    corrections.split(session, claim_id=claim.id, at=claim.start + claim.text.index("officials"),
                      actor=claims_service.active_users(session)[0])
    response = client.post(f"/claims/{claim.id}/verdicts", headers=headers,
                           data={"rating": "false", "rationale": "mine", "version": mine})
    assert response.status_code == 409
    page = lxml.html.fromstring(response.get_data(as_text=True))
    saved = [" ".join(li.text_content().split()) for li in page.xpath('//*[@class="theirs"]//li')]
    assert len(saved) == 1 and " split the claim into 2 claims" in saved[0], saved


def test_bad_source_url_is_refused_with_the_text_kept(client, claim, token):
    response = client.post(f"/claims/{claim.id}/sources", headers={"HX-Request": "true", "X-CSRFToken": token},
                           data={"url": "javascript:alert(1)", "title": "my title", "stance": "supports",
                                 "version": claim.version})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "only http and https" in html and "my title" in html


def test_source_shows_its_domain_with_punycode_for_idn(client, claim, token):
    client.post(f"/claims/{claim.id}/sources", headers={"HX-Request": "true", "X-CSRFToken": token},
                data={"url": "https://bücher.example/report", "stance": "context", "version": claim.version})
    html = client.get(f"/claims/{claim.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "bücher.example (xn--bcher-kva.example)" in html


def test_expired_session_on_htmx_redirects_to_login_and_back(client, claim):
    response = client.post(f"/claims/{claim.id}/verdicts",
                           headers={"HX-Request": "true", "HX-Current-URL": f"http://localhost/claims/{claim.id}"},
                           data={"rating": "true"})
    # CSRF fails first for an anonymous client without a token; with a token, login is required.
    assert response.status_code in (400, 401)
    page = client.get("/login")
    token = csrf_token(page.get_data(as_text=True))
    response = client.post(f"/claims/{claim.id}/verdicts", data={"rating": "true", "csrf_token": token},
                           headers={"HX-Request": "true", "X-CSRFToken": token,
                                    "HX-Current-URL": f"http://localhost/claims/{claim.id}"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == f"/login?next=/claims/{claim.id}"


def test_article_page_shows_verdict_state_as_text_not_colour_alone(client, claim, token):
    client.post(f"/claims/{claim.id}/verdicts", headers={"HX-Request": "true", "X-CSRFToken": token},
                data={"rating": "mostly_false", "version": claim.version})
    html = client.get(f"/articles/{claim.article_id}").get_data(as_text=True)
    tag = re.search(rf'<a [^>]*id="claim-{claim.id}"[^>]*>', html).group(0)
    assert "rating-mostly_false" in tag
    assert 'data-rating="mostly false"' in tag


def test_edit_source_updates_it_and_records_before_and_after(client, session, claim, token):
    from sqlmodel import select

    from factcheck.models import AuditEvent, Source

    headers = {"HX-Request": "true", "X-CSRFToken": token}
    client.post(f"/claims/{claim.id}/sources", headers=headers,
                data={"url": "https://stats.example/a", "title": "Old title", "stance": "supports",
                      "version": claim.version})
    source = session.exec(select(Source)).one()
    response = client.post(f"/claims/{claim.id}/sources/{source.id}", headers=headers,
                           data={"url": "https://stats.example/b", "title": "New title", "stance": "refutes",
                                 "source_id": source.id, "version": claim.version + 1})
    assert response.status_code == 200
    assert "New title" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Source, source.id).stance == "refutes"
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "source_edit")).one()
    assert event.before["title"] == "Old title" and event.after["title"] == "New title"
    bad = client.post(f"/claims/{claim.id}/sources/{source.id}", headers=headers,
                      data={"url": "data:text/html,hi", "title": "Typed title", "stance": "refutes",
                            "source_id": source.id, "version": claim.version + 2})
    assert bad.status_code == 422
    assert 'value="Typed title"' in bad.get_data(as_text=True)


def test_a_claim_can_be_unassigned_from_the_panel(client, session, claim, token, accounts):
    client.post(f"/claims/{claim.id}/assign", data={"csrf_token": token, "to": "me", "version": claim.version})
    session.expire_all()
    assigned = claims_service.get_claim(session, claim.id)
    assert assigned.assignee_id == accounts["fact-checker"].id
    panel = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert '<option value="">nobody (unassigned)</option>' in panel
    response = client.post(f"/claims/{claim.id}/assign", data={"csrf_token": token, "to": "other",
                                                               "assignee_id": "", "version": assigned.version})
    assert response.status_code == 303
    session.expire_all()
    assert claims_service.get_claim(session, claim.id).assignee_id is None
    assert "Assignee: <strong>nobody</strong>" in client.get(f"/claims/{claim.id}").get_data(as_text=True)
