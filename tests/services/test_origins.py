"""Provenance stored and traced: planted changes become origin_changed flags with both sides named."""
import json

import pytest
from sqlmodel import select

from factcheck.models import Article, AuditEvent, ClaimAlignment
from factcheck.paths import resource_dir
from factcheck.services import articles, audit, corrections, demo, origins, reports

MANIFEST = json.loads((resource_dir("data") / "manifest.json").read_text())


@pytest.fixture
def loaded(session):
    result = demo.load(session)
    assert result.problems == []
    return session.exec(select(Article).where(Article.filename == "aggregator-ai-disclosed.txt")).one()


def test_every_planted_change_is_flagged_with_both_sides(session, loaded):
    report = reports.build(session)
    changed = [i for i in report.follow_up if i.flag == "origin_changed"]
    sides = {(e["claim"], e["origin"]) for i in changed for e in i.evidence}
    for planted in MANIFEST["planted_changes"]:
        assert any(planted["claim"] in c and planted["origin"] in o for c, o in sides), (planted, sides)
    assert len(changed) == len({p["claim_sentence"] for p in MANIFEST["planted_changes"]
                                if "claim_sentence" in p}) or len(changed) == len(MANIFEST["planted_changes"])
    unsupported = {i.text for i in report.follow_up if i.flag == "origin_unsupported"}
    for invented in MANIFEST["invented_sentences"]:
        assert invented["text"] in unsupported
    allowed = {s["text"] if isinstance(s, dict) else s for s in MANIFEST.get("unplanted_unsupported", [])}
    allowed |= {i["text"] for i in MANIFEST["invented_sentences"]}
    assert all(text in allowed for text in unsupported), unsupported - allowed


def test_faithful_claims_are_supported_and_decisions_hold(session, loaded, accounts):
    alignments = session.exec(select(ClaimAlignment).where(ClaimAlignment.article_id == loaded.id)).all()
    assert sum(a.status == "supported" for a in alignments) > len(alignments) / 2
    changed = next(a for a in alignments if a.status == "changed")
    origins.decide(session, claim_id=changed.claim_id, decision="rejected", actor=accounts["editor"])
    assert not [i for i in reports.build(session).follow_up
                if i.flag == "origin_changed" and i.claim_id == changed.claim_id]
    source = origins.attach_as_source(session, claim_id=changed.claim_id,
                                      origin_id=changed.matches[0]["origin_id"], actor=accounts["fact-checker"])
    assert source.stance == "refutes" and source.excerpt == changed.matches[0]["text"]
    assert audit.verify(session)[1] is None


def test_corrections_retrace_the_article(session, loaded, accounts):
    unit = next(u for u in articles.claim_units(session, loaded.id) if "$4.85 billion" in u.text)
    parts = corrections.split(session, claim_id=unit.id, at=unit.start + unit.text.index("with"), actor=accounts["editor"])
    ids = {a.claim_id for a in session.exec(select(ClaimAlignment).where(ClaimAlignment.article_id == loaded.id)).all()}
    assert unit.id not in ids and {p.id for p in parts} <= ids


def test_an_origin_twice_or_with_a_bad_url_is_refused(session, loaded):
    raw = (resource_dir("data") / "origins/aggregator-ai-disclosed/origin-1.txt").read_bytes()
    with pytest.raises(origins.OriginError, match="already"):
        origins.add_origin(session, article_id=loaded.id, raw=raw, filename="o.txt", actor=None)
    with pytest.raises(origins.OriginError, match="http"):
        origins.add_origin(session, article_id=loaded.id, raw=raw + b"\n", filename="o.txt", actor=None,
                           url="javascript:alert(1)")


def test_an_origin_metadata_url_that_is_not_http_is_dropped_with_a_note(session, loaded):
    page = (b"<html><head><title>Harbour pact</title><link rel=canonical href=\"javascript:alert(1)\"></head>"
            b"<body><article><h1>Harbour pact</h1><p>The pact was signed on Monday, officials said.</p>"
            b"</article></body></html>")
    added = origins.add_origin(session, article_id=loaded.id, raw=page, filename="pact.html", actor=None)
    assert added.origin.url is None
    assert len(added.notes) == 1 and "javascript:alert(1)" in added.notes[0] and "only http" in added.notes[0]
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "origin_add",
                                                   AuditEvent.entity_id == added.origin.id)).one()
    assert event.after["url"] is None and event.after["notes"] == added.notes
    normalized = origins.add_origin(session, article_id=loaded.id, actor=None, filename="pact2.html",
                                    raw=page.replace(b"javascript:alert(1)", b"HTTPS://Harbour.Example/pact#x"))
    assert normalized.origin.url == "https://harbour.example/pact" and normalized.notes == []
