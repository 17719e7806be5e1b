"""A reviewer's work with origin documents: stored as given, confirm/reject, attach as a source once."""
from __future__ import annotations

import hashlib
import threading

import pytest
from sqlmodel import Session, col, select

from factcheck.models import AuditEvent, ClaimAlignment, OriginDocument, Source
from factcheck.services import articles, audit, claims, origins, reports

ARTICLE = (b"Harbour pact\n\nThe port handled 1.2 million containers in March, officials said. "
           b"The council approved a budget of $4.85 billion on Monday. Mayor Anna Berg opened the new ferry terminal.\n")
# A BOM, CRLF line ends and a decomposed "e\u0301": the stored bytes keep all of them, the text is normalized.
ORIGIN = ("\ufeffHarbour report\r\n\r\nThe port handled 1.2 million containers in March, officials said. "
          "The council approved a budget of $4.58 billion on Monday. Cafe\u0301 owners were not asked.\r\n").encode()


@pytest.fixture
def traced(session, accounts):
    article = articles.import_bytes(session, raw=ARTICLE, filename="pact.txt", actor=None).article
    added = origins.add_origin(session, article_id=article.id, raw=ORIGIN, filename="report.txt",
                               actor=accounts["fact-checker"], url="https://ledger.example/report")
    by_status = {a.status: a for a in session.exec(select(ClaimAlignment)
                                                   .where(ClaimAlignment.article_id == article.id)).all()}
    assert set(by_status) == {"supported", "changed", "unsupported"}, by_status
    return article, added.origin, by_status


def test_an_origin_keeps_its_raw_bytes_unchanged_and_their_sha256(session, traced):
    _, origin, _ = traced
    stored = session.exec(select(OriginDocument).where(OriginDocument.id == origin.id)).one()
    session.expire(stored)
    assert bytes(stored.raw) == ORIGIN
    assert stored.sha256 == hashlib.sha256(ORIGIN).hexdigest()
    assert "\r" not in stored.text and "\ufeff" not in stored.text and "Caf\u00e9" in stored.text
    assert stored.url == "https://ledger.example/report" and stored.title == "Harbour report"


def test_confirming_and_rejecting_an_alignment_is_recorded_and_audited(session, traced, accounts):
    _, _, by_status = traced
    changed = by_status["changed"]
    decided = origins.decide(session, claim_id=changed.claim_id, decision="confirmed", actor=accounts["editor"])
    assert decided.decision == "confirmed" and decided.decided_by_id == accounts["editor"].id
    event = session.exec(select(AuditEvent).order_by(col(AuditEvent.id).desc())).first()
    assert (event.action, event.entity_id, event.after) == ("alignment_confirmed", changed.claim_id,
                                                            {"claim_id": changed.claim_id, "status": "changed"})
    # A confirmed change stays in the follow-up queue; a rejected one leaves it.
    flagged = {i.claim_id for i in reports.build(session).follow_up if i.flag == "origin_changed"}
    assert changed.claim_id in flagged
    origins.decide(session, claim_id=changed.claim_id, decision="rejected", actor=accounts["editor"])
    assert changed.claim_id not in {i.claim_id for i in reports.build(session).follow_up if i.flag == "origin_changed"}
    with pytest.raises(origins.OriginError, match="confirm or reject"):
        origins.decide(session, claim_id=changed.claim_id, decision="maybe", actor=accounts["editor"])
    assert audit.verify(session)[1] is None


def test_attaching_a_supported_passage_gives_a_supports_source(session, traced, accounts):
    _, origin, by_status = traced
    supported = by_status["supported"]
    source = origins.attach_as_source(session, claim_id=supported.claim_id, origin_id=origin.id,
                                      actor=accounts["fact-checker"])
    assert source.stance == "supports" and source.url == "https://ledger.example/report"
    assert source.excerpt == supported.matches[0]["text"] and source.title == "Harbour report"
    assert "1.2 million containers" in source.excerpt


def test_attaching_the_same_passage_twice_stores_one_source(session, traced, accounts):
    _, origin, by_status = traced
    changed = by_status["changed"]
    first = origins.attach_as_source(session, claim_id=changed.claim_id, origin_id=origin.id, actor=accounts["editor"])
    assert first.stance == "refutes"
    with pytest.raises(origins.OriginError, match="already a source"):
        origins.attach_as_source(session, claim_id=changed.claim_id, origin_id=origin.id, actor=accounts["editor"])
    assert [s.id for s in claims.panel(session, changed.claim_id).sources] == [first.id]
    # Removed, it can be attached again.
    claims.remove_source(session, claim_id=changed.claim_id, source_id=first.id, actor=accounts["editor"])
    again = origins.attach_as_source(session, claim_id=changed.claim_id, origin_id=origin.id, actor=accounts["editor"])
    assert [s.id for s in claims.panel(session, changed.claim_id).sources] == [again.id]


def test_two_attaches_at_the_same_moment_store_one_source(engine, session, traced, accounts):
    _, origin, by_status = traced
    claim_id = by_status["supported"].claim_id
    barrier = threading.Barrier(2)
    stored, refused, errors = [], [], []

    def attach():
        with Session(engine, expire_on_commit=False) as own:
            barrier.wait()
            try:
                stored.append(origins.attach_as_source(own, claim_id=claim_id, origin_id=origin.id,
                                                       actor=accounts["fact-checker"]).id)
            except origins.OriginError as exc:
                refused.append(str(exc))
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(repr(exc))

    threads = [threading.Thread(target=attach) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == [] and len(stored) == 1 and refused == ["this origin passage is already a source of this claim"]
    with Session(engine) as check:
        rows = check.exec(select(Source).where(Source.claim_id == claim_id)).all()
        assert [s.id for s in rows] == stored
        assert len(check.exec(select(AuditEvent).where(AuditEvent.action == "source_add")).all()) == 1
        assert audit.verify(check)[1] is None


def test_an_origin_publisher_is_cleaned_and_limited(session, traced):
    article, _, _ = traced
    added = origins.add_origin(session, article_id=article.id, raw=b"Note\n\nThe pact was signed.\n",
                               filename="note.txt", actor=None, publisher=" Ledger\x00Desk ")
    assert added.origin.publisher == "Ledger\ufffdDesk"  # PostgreSQL cannot store NUL: shown, not lost
    with pytest.raises(origins.OriginError, match="longer than 300"):
        origins.add_origin(session, article_id=article.id, raw=b"Other\n\nThe pact was signed.\n",
                           filename="other.txt", actor=None, publisher="x" * 301)


def test_an_origin_title_over_its_column_is_shortened_with_a_note(session, accounts):
    article = articles.import_bytes(session, raw=ARTICLE, filename="pact.txt", actor=None).article
    title = "Harbour report " * 40  # 600 characters
    raw = (title + "\n\nThe port handled 1.2 million containers in March, officials said.\n").encode()
    added = origins.add_origin(session, article_id=article.id, raw=raw, filename="long.txt", actor=None)
    assert len(added.origin.title) == 500 and title.startswith(added.origin.title)
    assert added.notes == [f"the title has {len(title.strip()):,} characters; the first 500 are kept as the "
                           "origin's title"]
    assert added.origin.text.startswith(title.strip()) and added.origin.raw == raw


def test_an_origin_file_name_and_page_outlet_over_their_columns_are_shortened_with_notes(session):
    article = articles.import_bytes(session, raw=ARTICLE, filename="pact.txt", actor=None).article
    outlet = "Ledger " * 50  # 350 characters
    page = (f'<html><head><title>Harbour report</title><meta property="og:site_name" content="{outlet}"></head>'
            "<body><article><p>The port handled 1.2 million containers in March, officials said.</p></article>"
            "</body></html>").encode()
    name = "r" * 520 + ".html"
    added = origins.add_origin(session, article_id=article.id, raw=page, filename=name, actor=None)
    assert added.origin.filename == name[:495] + ".html" and added.origin.publisher == outlet.strip()[:300]
    assert ("the file name has 525 characters; it is kept as the origin's filename shortened to 500, with its "
            "extension") in added.notes
    origins.retrace(session, article)  # reads the stored bytes again, by the stored name
    assert ("the outlet in the file has 349 characters; the first 300 are kept as the origin's publisher"
            in added.notes)
