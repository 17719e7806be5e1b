"""Each claim-unit correction writes exactly one audit event, with what the unit was and became."""
import pytest
from sqlmodel import col, select

from factcheck.models import AuditEvent
from factcheck.services import articles, audit, corrections
from tests.services.test_corrections import RAW


@pytest.fixture
def article(session):
    return articles.import_bytes(session, raw=RAW, filename="port.txt", actor=None).article


def _span(unit):
    return {"id": unit.id, "start": unit.start, "end": unit.end, "text": unit.text}


def _one_event_from(session, action, *, run):
    """Run a correction; return the single audit event it wrote."""
    last = session.exec(select(AuditEvent.id).order_by(col(AuditEvent.id).desc()).limit(1)).first() or 0
    result = run()
    written = session.exec(select(AuditEvent).where(col(AuditEvent.id) > last).order_by(col(AuditEvent.id))).all()
    assert [e.action for e in written] == [action]
    assert audit.verify(session)[1] is None
    return result, written[0]


def _check(event, *, actor, article, entity_id):
    assert (event.entity, event.entity_id, event.article_id, event.actor_id) == ("claim", entity_id, article.id, actor.id)


def test_split_records_the_unit_and_both_parts(session, accounts, article):
    actor = accounts["fact-checker"]
    unit = articles.claim_units(session, article.id)[0]
    before = _span(unit)
    at = unit.start + unit.text.index("officials")
    parts, event = _one_event_from(session, "split", run=lambda: corrections.split(
        session, claim_id=unit.id, at=at, actor=actor))
    _check(event, actor=actor, article=article, entity_id=unit.id)
    assert event.before == before
    assert event.after == {"parts": [_span(p) for p in parts], "version": unit.version}
    assert [p["text"] for p in event.after["parts"]] == ["The port handled 1.2 million containers in March,",
                                                         "officials said."]


def test_merge_records_both_units_and_the_merged_one(session, accounts, article):
    actor = accounts["editor"]
    first, second = articles.claim_units(session, article.id)[:2]
    spans = [_span(first), _span(second)]
    merged, event = _one_event_from(session, "merge", run=lambda: corrections.merge_next(
        session, claim_id=first.id, actor=actor))
    _check(event, actor=actor, article=article, entity_id=merged.id)
    assert event.before == {"units": spans}
    assert event.after == _span(merged)
    assert merged.start == first.start and merged.end == second.end


def test_boundary_move_records_old_and_new_offsets(session, accounts, article):
    actor = accounts["fact-checker"]
    unit = articles.claim_units(session, article.id)[0]
    before = _span(unit)
    moved, event = _one_event_from(session, "boundary", run=lambda: corrections.move_boundary(
        session, claim_id=unit.id, start=unit.start, end=unit.end - 1, actor=actor))
    _check(event, actor=actor, article=article, entity_id=unit.id)
    assert event.before == before
    assert event.after == {**before, "end": before["end"] - 1, "text": before["text"][:-1],
                           "version": moved.version} == {**_span(moved), "version": moved.version}


def test_not_a_claim_and_back_record_the_status(session, accounts, article):
    actor = accounts["fact-checker"]
    unit = articles.claim_units(session, article.id)[1]
    version = unit.version
    _, event = _one_event_from(session, "not_claim", run=lambda: corrections.set_not_claim(
        session, claim_id=unit.id, actor=actor))
    _check(event, actor=actor, article=article, entity_id=unit.id)
    assert (event.before, event.after) == ({"status": "open"}, {"status": "not_claim", "version": version + 1})
    _, undo = _one_event_from(session, "is_claim", run=lambda: corrections.set_not_claim(
        session, claim_id=unit.id, actor=actor, not_claim=False))
    assert (undo.before, undo.after) == ({"status": "not_claim"}, {"status": "open", "version": version + 2})


def test_restore_records_the_retired_manual_units(session, accounts, article):
    actor = accounts["editor"]
    automatic = articles.claim_units(session, article.id)
    unit = automatic[1]
    parts = corrections.split(session, claim_id=unit.id, at=unit.start + unit.text.index("8%"), actor=actor)
    restored, event = _one_event_from(session, "restore", run=lambda: corrections.restore_automatic(
        session, article_id=article.id, actor=actor))
    assert (event.entity, event.entity_id, event.article_id, event.actor_id) == ("claim", None, article.id, actor.id)
    assert sorted(event.before["retired_manual"]) == sorted(p.id for p in parts)
    assert event.after == {"units": len(automatic)} and len(restored) == len(automatic)
