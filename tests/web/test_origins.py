"""Origin documents through the web: upload and paste, confirm an alignment, attach a passage once."""
import hashlib
import io
import re

import pytest
from sqlmodel import select

from factcheck.models import AuditEvent, ClaimAlignment, OriginDocument, Source
from factcheck.services import articles
from tests.conftest import csrf_token, login
from tests.services.test_origin_workflow import ARTICLE, ORIGIN


@pytest.fixture
def article(session, accounts):
    return articles.import_bytes(session, raw=ARTICLE, filename="pact.txt", actor=None).article


def _token(client, path):
    return csrf_token(client.get(path).get_data(as_text=True))


def _alignments(session, article_id):
    return {a.status: a for a in session.exec(select(ClaimAlignment).where(ClaimAlignment.article_id == article_id)).all()}


def test_an_uploaded_origin_is_stored_as_sent_and_traced(client, session, article):
    login(client, "checker")
    response = client.post(f"/articles/{article.id}/origins", content_type="multipart/form-data", data={
        "csrf_token": _token(client, f"/articles/{article.id}"), "file": (io.BytesIO(ORIGIN), "report.txt"),
        "url": "HTTPS://Ledger.Example/report", "publisher": "Harbour Ledger", "published": "2026-01-14"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/articles/{article.id}#provenance")
    origin = session.exec(select(OriginDocument)).one()
    assert bytes(origin.raw) == ORIGIN and origin.sha256 == hashlib.sha256(ORIGIN).hexdigest()
    assert (origin.url, origin.publisher, origin.published_at.isoformat()) == (
        "https://ledger.example/report", "Harbour Ledger", "2026-01-14")
    assert set(_alignments(session, article.id)) == {"supported", "changed", "unsupported"}
    page = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert "Provenance: origin documents (1)" in page and "1 claims differ from the origins" in page
    assert "Added “Harbour report” as an origin" in page


def test_a_pasted_origin_gets_its_headline_and_bad_input_a_message(client, session, article):
    login(client, "checker")
    token = _token(client, f"/articles/{article.id}")
    body = "The port handled 1.2 million containers in March, officials said."
    client.post(f"/articles/{article.id}/origins", data={"csrf_token": token, "title": "Port figures", "text": body})
    origin = session.exec(select(OriginDocument)).one()
    assert origin.title == "Port figures" and bytes(origin.raw) == f"Port figures\n\n{body}".encode()
    assert origin.sha256 == hashlib.sha256(origin.raw).hexdigest() and origin.filename == "pasted origin.txt"
    assert _alignments(session, article.id)["supported"]
    for data, message in (({}, "Choose a file or paste the origin"),
                          ({"text": body + " Again.", "url": "javascript:alert(1)"}, "only http and https"),
                          ({"text": body + " Later.", "published": "14/01/2026"}, "YYYY-MM-DD")):
        refused = client.post(f"/articles/{article.id}/origins", data={"csrf_token": token, **data})
        assert refused.status_code == 422 and message in refused.get_data(as_text=True)
    assert len(session.exec(select(OriginDocument)).all()) == 1


@pytest.fixture
def traced(client, session, article):
    login(client, "checker")
    client.post(f"/articles/{article.id}/origins", content_type="multipart/form-data", data={
        "csrf_token": _token(client, f"/articles/{article.id}"), "file": (io.BytesIO(ORIGIN), "report.txt"),
        "url": "https://ledger.example/report"})
    return session.exec(select(OriginDocument)).one(), _alignments(session, article.id)


def test_confirming_an_alignment_from_the_claim_panel(client, session, traced):
    _, by_status = traced
    claim_id = by_status["changed"].claim_id
    token = _token(client, f"/claims/{claim_id}")
    response = client.post(f"/claims/{claim_id}/alignment", data={"csrf_token": token, "decision": "confirmed"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/claims/{claim_id}#origin")
    session.expire_all()
    assert session.get(ClaimAlignment, by_status["changed"].id).decision == "confirmed"
    assert "(confirmed by a reviewer)" in client.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "alignment_confirmed")).one().entity_id == claim_id
    client.post(f"/claims/{claim_id}/alignment", data={"csrf_token": token, "decision": "perhaps"})
    assert "confirm or reject the alignment" in client.get(f"/claims/{claim_id}").get_data(as_text=True)


def test_attaching_a_passage_twice_stores_one_source_and_says_so(client, session, traced):
    origin, by_status = traced
    claim_id = by_status["supported"].claim_id
    page = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert re.search(r"Attach as a source \(supports\)", page)
    data = {"csrf_token": csrf_token(page), "origin_id": origin.id}
    assert client.post(f"/claims/{claim_id}/alignment/source", data=data).status_code == 303
    assert "The origin passage is now a source of this claim." in client.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert client.post(f"/claims/{claim_id}/alignment/source", data=data).status_code == 303
    again = client.get(f"/claims/{claim_id}").get_data(as_text=True)
    assert "this origin passage is already a source of this claim" in again and "Sources (1)" in again
    sources = session.exec(select(Source).where(Source.claim_id == claim_id)).all()
    assert len(sources) == 1 and sources[0].stance == "supports"
