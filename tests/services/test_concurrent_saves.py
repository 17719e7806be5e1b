"""Two reviewers save the same claim at the same moment: one save wins, the other is told, nothing is lost.

The two saves really overlap in the database: the first to update the claim row holds its
transaction open until the second has sent its own UPDATE (which then waits on the row lock,
PostgreSQL, or on the write lock, SQLite). Only then does the first commit.
"""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from factcheck.models import AuditEvent, ClaimUnit, Verdict
from factcheck.services import articles, audit, claims

RAW = b"Port record\n\nThe port handled 1.2 million containers in March, officials said.\n"


class Overlap:
    """Holds the first UPDATE of claim_unit uncommitted until a second one has been sent."""

    def __init__(self, engine):
        self.engine, self.started, self.first = engine, set(), None
        self.changed = threading.Condition()
        self.overlapped = False

    @staticmethod
    def _is_claim_update(statement: str) -> bool:
        return statement.lstrip().upper().startswith("UPDATE CLAIM_UNIT")

    def before(self, conn, cursor, statement, params, context, executemany):
        if self._is_claim_update(statement):
            with self.changed:
                self.started.add(threading.get_ident())
                self.changed.notify_all()

    def after(self, conn, cursor, statement, params, context, executemany):
        if not self._is_claim_update(statement):
            return
        with self.changed:
            if self.first is not None:
                return
            self.first = threading.get_ident()
            self.overlapped = self.changed.wait_for(lambda: len(self.started) == 2, timeout=10)
        time.sleep(0.3)  # the second UPDATE is now blocked behind this uncommitted one

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self.before)
        event.listen(self.engine, "after_cursor_execute", self.after)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self.before)
        event.remove(self.engine, "after_cursor_execute", self.after)


def test_two_verdicts_saved_at_once_one_wins_the_other_gets_a_conflict(engine, session, accounts):
    article = articles.import_bytes(session, raw=RAW, filename="port.txt", actor=None).article
    claim = articles.claim_units(session, article.id)[0]
    version = claim.version
    events_before = len(session.exec(select(AuditEvent)).all())
    reviewers = {"true": accounts["fact-checker"], "false": accounts["editor"]}
    barrier = threading.Barrier(2)
    saved, conflicts, errors = [], [], []

    def save(rating):
        with Session(engine, expire_on_commit=False) as own:
            # Both opened the claim at the same version, as two browser tabs would.
            assert claims.get_claim(own, claim.id).version == version
            barrier.wait()
            try:
                saved.append(claims.record_verdict(own, claim_id=claim.id, rating=rating, rationale=f"Says {rating}",
                                                   author=reviewers[rating], version=version).rating)
            except claims.Conflict as exc:
                conflicts.append((rating, exc.claim.version))
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(repr(exc))

    with Overlap(engine) as overlap:
        threads = [threading.Thread(target=save, args=(r,)) for r in reviewers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    assert overlap.overlapped, "the two saves did not overlap in the database"
    assert errors == []
    assert len(saved) == 1 and len(conflicts) == 1
    loser, seen_version = conflicts[0]
    assert loser != saved[0] and seen_version == version + 1  # the loser is shown the winner's version

    with Session(engine) as check:
        stored = check.exec(select(Verdict).where(Verdict.claim_id == claim.id)).all()
        assert [(v.rating, v.rationale) for v in stored] == [(saved[0], f"Says {saved[0]}")]
        row = check.get(ClaimUnit, claim.id)
        assert (row.version, row.status) == (version + 1, "done")
        events = check.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert len(events) == events_before + 1 and events[-1].action == "verdict"
        assert events[-1].after["rating"] == saved[0]
        assert audit.verify(check)[1] is None

    # The loser's work is not lost: saved on top of the winner's version, both stay in the history.
    with Session(engine, expire_on_commit=False) as again:
        claims.record_verdict(again, claim_id=claim.id, rating=loser, rationale=f"Says {loser}",
                              author=reviewers[loser], version=seen_version)
        assert [v.rating for v, _ in claims.panel(again, claim.id).verdicts] == [loser, saved[0]]


def test_a_save_over_an_old_version_is_refused_and_changes_nothing(session, accounts):
    article = articles.import_bytes(session, raw=RAW, filename="port.txt", actor=None).article
    claim = articles.claim_units(session, article.id)[0]
    claims.assign(session, claim_id=claim.id, assignee_id=accounts["editor"].id, actor=accounts["editor"],
                  version=claim.version)
    with pytest.raises(claims.Conflict):
        claims.add_source(session, claim_id=claim.id, actor=accounts["fact-checker"], url="https://x.example/",
                          stance="context", version=claim.version - 1)
    assert claims.panel(session, claim.id).sources == []
    assert session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first().action == "assign"
