"""The editor's report: flags with evidence, the follow-up queue, totals, agreement, charts' data.

Pure domain code (no Flask). Everything is read with a fixed number of aggregate queries,
whatever the number of claims: flags are computed from those rows, and the follow_up table
only remembers editors' decisions (assigned, resolved with a reason, snoozed until a date).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from factcheck.models import (EDITOR_ROLES, RATINGS, AIMark, Article, AuditEvent, ClaimAlignment, ClaimStatus, ClaimUnit, Comment,
                              FollowUp, Source, User, Verdict)
from factcheck.sanitize import clean_text
from factcheck.services import audit, claims
from factcheck.services.listing import COUNTED, page_count
from factcheck.timeutil import utcnow

SCHEMA = "factcheck.report/1"
FLAGS = ("ai_disclosed", "ai_metadata", "ai_suspected", "ai_reviewer", "unverified", "unsourced",
         "single_source", "disputed", "stale", "date_inconsistent", "unattributed",
         "origin_changed", "origin_unsupported")
AI_FLAG = {"disclosed": "ai_disclosed", "metadata": "ai_metadata", "suspected": "ai_suspected"}
# Levels in the report's AI section: the analysis's, then "reviewer" (only a person's mark says so).
AI_LEVELS = ("disclosed", "metadata", "suspected", "reviewer")
# Claims below this check-worthiness (rhetoric, opinion) do not fill the queue as unverified
# or unattributed; they still count in the totals.
CHECKWORTHY_MIN = 0.4
STALE_DAYS = 7
KAPPA_MIN_PAIRS = 5
REASON_MAX = claims.MAX_TEXT  # characters of a follow-up decision's or an AI mark's reason, as of any typed text
AGE_BUCKETS = (("0-1 days", 0, 1), ("2-7 days", 2, 7), ("8-30 days", 8, 30), ("over 30 days", 31, None))


class ReportError(ValueError):
    pass


@dataclass(frozen=True)
class ReportFilter:
    date_from: date | None = None   # article published on or after
    date_to: date | None = None
    outlet: str = ""
    assignee_id: int | None = None
    flag: str = ""


@dataclass
class Item:
    """One entry of the follow-up queue."""

    flag: str
    article_id: int
    claim_id: int | None
    title: str
    text: str              # the claim's text, or the article's title
    reason: str
    evidence: list[dict[str, Any]]
    since: date
    assignee_id: int | None = None
    assignee: str | None = None
    state: str = "open"
    decision_reason: str | None = None
    snoozed_until: date | None = None
    age_days: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"flag": self.flag, "article_id": self.article_id, "claim_id": self.claim_id,
                "reason": self.reason, "assignee": self.assignee, "age_days": self.age_days,
                "evidence": self.evidence, "text": self.text}


@dataclass
class Report:
    totals: dict[str, Any]
    ai: list[dict[str, Any]]
    follow_up: list[Item]
    closed: list[Item]          # resolved or snoozed
    agreement: dict[str, Any]
    per_day: list[tuple[str, int]]
    by_age: list[tuple[str, int]]
    # Open items per flag with the other filters applied; the flag filter only picks what is listed.
    flag_counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "totals": self.totals, "ai": self.ai,
                "follow_up": [item.to_dict() for item in self.follow_up],
                "flag_counts": self.flag_counts, "agreement": self.agreement,
                "work_per_day": [{"day": d, "events": n} for d, n in self.per_day],
                "follow_up_by_age": [{"age": a, "items": n} for a, n in self.by_age],
                "resolved_or_snoozed": len(self.closed)}


@dataclass
class QueuePage:
    """One page of the open follow-up queue."""

    items: list[Item]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0


def queue_page(report: Report, *, page: int, per_page: int) -> QueuePage:
    """A page of report.follow_up; a page past the end (the last item just resolved) gives the last page."""
    total = len(report.follow_up)
    page = min(max(1, page), page_count(total, per_page))
    start = (page - 1) * per_page
    return QueuePage(report.follow_up[start:start + per_page], page, per_page, total)


def _scope(f: ReportFilter) -> list:
    """Conditions on Article for the report's filters."""
    where = []
    if f.outlet:
        where.append(col(Article.outlet) == f.outlet)
    if f.date_from:
        where.append(col(Article.published_at) >= f.date_from)
    if f.date_to:
        where.append(col(Article.published_at) <= f.date_to)
    return where


# The claim columns claim_flags reads (the report and the claims CSV select them).
FLAG_COLUMNS = (ClaimUnit.id, ClaimUnit.article_id, ClaimUnit.text, ClaimUnit.checkworthy, ClaimUnit.dates,
                ClaimUnit.attributions, ClaimUnit.assignee_id, ClaimUnit.status, ClaimUnit.created_at,
                ClaimUnit.updated_at)


@dataclass
class ClaimFacts:
    """What claim flags are computed from, besides the claim's own row, for a set of claims."""

    latest: dict[int, tuple[str, int]]                 # claim id -> (rating, author id) of the newest verdict
    sources: dict[int, int]                            # live sources
    author_ratings: dict[int, list[tuple[int, str]]]   # each reviewer's latest (verdict id, rating), oldest first
    commented: dict[int, datetime]                     # newest comment
    alignments: dict[int, ClaimAlignment]              # changed or unsupported, not rejected by a reviewer
    decisions: dict[tuple[str, int, int | None], FollowUp]


def claim_facts(session: Session, claim_ids) -> ClaimFacts:
    """Six queries, whatever the number of claims. `claim_ids` is a list of ids (one batch of the
    claims CSV) or a select of them (the report's scope)."""
    newest = select(func.max(Verdict.id)).where(col(Verdict.claim_id).in_(claim_ids)).group_by(Verdict.claim_id)
    latest = {c: (rating, author) for c, rating, author in session.exec(
        select(Verdict.claim_id, Verdict.rating, Verdict.author_id).where(col(Verdict.id).in_(newest))).all()}
    sources = dict(session.exec(select(Source.claim_id, func.count(Source.id))
                                .where(col(Source.claim_id).in_(claim_ids), col(Source.removed_at).is_(None))
                                .group_by(Source.claim_id)).all())
    per_author = (select(func.max(Verdict.id)).where(col(Verdict.claim_id).in_(claim_ids))
                  .group_by(Verdict.claim_id, Verdict.author_id))
    author_ratings: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for claim_id, verdict_id, rating in session.exec(
            select(Verdict.claim_id, Verdict.id, Verdict.rating).where(col(Verdict.id).in_(per_author))
            .order_by(col(Verdict.id))).all():
        author_ratings[claim_id].append((verdict_id, rating))
    commented = dict(session.exec(select(Comment.claim_id, func.max(Comment.created_at))
                                  .where(col(Comment.claim_id).in_(claim_ids)).group_by(Comment.claim_id)).all())
    alignments = {a.claim_id: a for a in session.exec(
        select(ClaimAlignment).where(col(ClaimAlignment.claim_id).in_(claim_ids),
                                     col(ClaimAlignment.decision).is_distinct_from("rejected"),
                                     col(ClaimAlignment.status) != "supported")).all()}
    decisions = {(d.flag, d.article_id, d.claim_id): d for d in session.exec(
        select(FollowUp).where(col(FollowUp.claim_id).in_(claim_ids))).all()}
    return ClaimFacts(latest, sources, dict(author_ratings), commented, alignments, decisions)


@dataclass(frozen=True)
class ClaimFlag:
    flag: str
    reason: str
    evidence: list[dict[str, Any]]
    since: datetime


def claim_flags(claim, facts: ClaimFacts, *, today: date, stale_days: int) -> list[ClaimFlag]:
    """The flags one claim raises (a row with FLAG_COLUMNS), in FLAGS order, before editors' decisions."""
    flags: list[ClaimFlag] = []
    rating = facts.latest.get(claim.id, (None, None))[0]
    count = facts.sources.get(claim.id, 0)
    worthy = claim.checkworthy >= CHECKWORTHY_MIN
    if rating is None and worthy:
        flags.append(ClaimFlag("unverified", f"no verdict; check-worthiness {claim.checkworthy:.2f}", [],
                               claim.created_at))
    if rating is not None and count == 0:
        flags.append(ClaimFlag("unsourced", f"verdict {rating} has no source", [{"kind": "verdict", "text": rating}],
                               claim.updated_at))
    if rating is not None and count == 1:
        flags.append(ClaimFlag("single_source", f"verdict {rating} rests on one source",
                               [{"kind": "verdict", "text": rating}], claim.updated_at))
    ratings = sorted({r for _, r in facts.author_ratings.get(claim.id, [])})
    if len(ratings) > 1:
        flags.append(ClaimFlag("disputed", "reviewers' latest verdicts disagree: " + ", ".join(ratings),
                               [{"kind": "verdict", "text": r} for r in ratings], claim.updated_at))
    # Comments do not bump the claim's version (they never conflict), but they are work on it.
    active_at = max(claim.updated_at, facts.commented.get(claim.id) or claim.updated_at)
    idle = (today - active_at.date()).days
    if claim.status != ClaimStatus.done.value and (claim.assignee_id or claim.status == ClaimStatus.in_progress.value) \
            and idle >= stale_days:
        flags.append(ClaimFlag("stale", f"no activity for {idle} days", [], active_at))
    inconsistent = [d for d in claim.dates or [] if d.get("inconsistent")]
    if inconsistent:
        flags.append(ClaimFlag(
            "date_inconsistent",
            "a date after publication is described as past: " + ", ".join(d["text"] for d in inconsistent),
            [{"kind": "date", "text": d["text"], "from": d["from"], "to": d["to"]} for d in inconsistent],
            claim.created_at))
    if worthy and not claim.attributions:
        flags.append(ClaimFlag("unattributed", f"check-worthy ({claim.checkworthy:.2f}) but attributed to no one", [],
                               claim.created_at))
    aligned = facts.alignments.get(claim.id)
    if aligned is not None and aligned.status == "changed":
        flags.append(ClaimFlag(
            "origin_changed",
            "differs from its origin: " + "; ".join(f"{d['kind']} “{d['claim']}” vs origin “{d['origin']}”"
                                                   for d in aligned.differences),
            [{"kind": d["kind"], "claim": d["claim"], "origin": d["origin"], "text": f"{d['claim']} / {d['origin']}"}
             for d in aligned.differences], aligned.updated_at))
    if aligned is not None and aligned.status == "unsupported" and worthy:
        nearest = [m for m in aligned.matches if m.get("nearest")]
        flags.append(ClaimFlag(
            "origin_unsupported", "no origin document says this"
            + (f"; the nearest origin passage scores {nearest[0]['score']:.2f}" if nearest else ""),
            [{"kind": "nearest", "text": m["text"], "score": m["score"], "origin_id": m.get("origin_id")}
             for m in nearest], aligned.updated_at))
    return flags


def decision_state(decision: FollowUp | None, today: date) -> str:
    """open, resolved or snoozed; a snooze that has run out is open again."""
    if decision is None:
        return "open"
    if decision.state == "snoozed" and decision.snoozed_until and decision.snoozed_until <= today:
        return "open"
    return decision.state


def build(session: Session, *, filters: ReportFilter | None = None, today: date | None = None,
          stale_days: int = STALE_DAYS) -> Report:
    f = filters or ReportFilter()
    if f.flag and f.flag not in FLAGS:
        raise ReportError(f"unknown flag {f.flag!r}; use one of: {', '.join(FLAGS)}")
    today = today or utcnow().date()
    scope = _scope(f)
    articles = {row.id: row for row in session.exec(
        select(Article.id, Article.title, Article.ai_level, Article.ai_signals, Article.created_at)
        .where(*scope).order_by(col(Article.id))).all()}
    in_scope = col(ClaimUnit.article_id).in_(select(Article.id).where(*scope))

    claim_rows = session.exec(select(*FLAG_COLUMNS).where(in_scope, COUNTED)
                              .order_by(col(ClaimUnit.article_id), col(ClaimUnit.start))).all()
    facts = claim_facts(session, select(ClaimUnit.id).where(in_scope, COUNTED))
    # The marked span's text comes with the mark (SQL substr counts characters, as offsets do).
    marks = session.exec(select(AIMark, User.username,
                                func.substr(Article.text, col(AIMark.start) + 1, col(AIMark.end) - col(AIMark.start)))
                         .join(User, col(User.id) == AIMark.author_id)
                         .join(Article, col(Article.id) == AIMark.article_id)
                         .where(*scope).order_by(col(AIMark.id))).all()
    decisions = {**facts.decisions, **{(d.flag, d.article_id, d.claim_id): d for d in session.exec(
        select(FollowUp).where(col(FollowUp.claim_id).is_(None))).all()}}
    usernames = dict(session.exec(select(User.id, User.username)).all())

    items: list[Item] = []

    def add(flag, article_id, claim_id, text, reason, evidence, since, assignee_id=None):
        items.append(Item(flag, article_id, claim_id, articles[article_id].title, text, reason, evidence,
                          since.date() if isinstance(since, datetime) else since, assignee_id))

    ai: dict[int, dict[str, Any]] = {}
    for article in articles.values():
        signals = [s for s in article.ai_signals or []]
        flag = AI_FLAG.get(article.ai_level)
        if flag:
            strong = [s for s in signals if s.get("kind") != "style"]
            evidence = [{"kind": s["kind"], "text": s["evidence"]} for s in strong or signals]
            add(flag, article.id, None, article.title,
                f"AI level {article.ai_level}: {len(strong)} signal(s) of {', '.join(sorted({s['kind'] for s in strong}))}",
                evidence, article.created_at)
            ai[article.id] = {"article_id": article.id, "title": article.title, "level": article.ai_level,
                              "evidence": list(evidence)}
    for mark, username, quote in marks:
        add("ai_reviewer", mark.article_id, None, articles[mark.article_id].title,
            f"{username} marked it AI-generated: {mark.reason}",
            [{"kind": "reviewer", "text": mark.reason, "start": mark.start, "end": mark.end}], mark.created_at)
        # A reviewer's mark puts the article in the AI section too: at level "reviewer" when the
        # analysis found nothing, otherwise as more evidence for the level found.
        entry = ai.setdefault(mark.article_id, {"article_id": mark.article_id, "title": articles[mark.article_id].title,
                                                "level": "reviewer", "evidence": []})
        entry["evidence"].append({"kind": "reviewer", "text": mark.reason, "author": username, "quote": quote,
                                  "start": mark.start, "end": mark.end})

    for claim in claim_rows:
        for raised in claim_flags(claim, facts, today=today, stale_days=stale_days):
            add(raised.flag, claim.article_id, claim.id, claim.text, raised.reason, raised.evidence, raised.since,
                claim.assignee_id)

    open_items, closed = [], []
    # Counted before the flag filter: with one flag picked, editors still see how many of each there are.
    open_per_flag: Counter[str] = Counter()
    for item in items:
        decision = decisions.get((item.flag, item.article_id, item.claim_id))
        if decision:
            # A claim's item shows the claim's own assignee (assigning the item assigns the claim);
            # only an article's item keeps its assignee on the decision.
            if item.claim_id is None:
                item.assignee_id = decision.assignee_id
            item.decision_reason, item.snoozed_until = decision.reason, decision.snoozed_until
        item.state = decision_state(decision, today)
        item.assignee = usernames.get(item.assignee_id) if item.assignee_id else None
        item.age_days = max(0, (today - item.since).days)
        if f.assignee_id is not None and item.assignee_id != f.assignee_id:
            continue
        if item.state == "open":
            open_per_flag[item.flag] += 1
        if f.flag and item.flag != f.flag:
            continue
        (open_items if item.state == "open" else closed).append(item)
    open_items.sort(key=lambda i: (-i.age_days, FLAGS.index(i.flag), i.article_id, i.claim_id or 0))

    by_rating = Counter(rating for rating, _ in facts.latest.values())
    totals = {"articles": len(articles), "claims": len(claim_rows),
              "with_verdict": sum(by_rating.values()),
              "by_rating": {r: by_rating[r] for r in RATINGS if by_rating[r]}}
    totals["share_with_verdict"] = round(totals["with_verdict"] / totals["claims"], 4) if claim_rows else 0.0
    pairs = [(rs[0][1], rs[1][1]) for rs in facts.author_ratings.values() if len(rs) >= 2]
    return Report(totals=totals, ai=[ai[k] for k in sorted(ai)], follow_up=open_items, closed=closed,
                  agreement=agreement(pairs), per_day=work_per_day(session, today=today),
                  by_age=[(label, sum(1 for i in open_items if i.age_days >= lo and (hi is None or i.age_days <= hi)))
                          for label, lo, hi in AGE_BUCKETS],
                  flag_counts={flag: open_per_flag[flag] for flag in FLAGS})


def agreement(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Share of claims where two reviewers' latest ratings agree, and Cohen's kappa over those pairs."""
    n = len(pairs)
    if not n:
        return {"pairs": 0, "agreeing": 0, "share": None, "kappa": None}
    agreeing = sum(1 for a, b in pairs if a == b)
    kappa = None
    if n >= KAPPA_MIN_PAIRS:
        first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
        expected = sum(first[c] * second[c] for c in set(first) | set(second)) / (n * n)
        observed = agreeing / n
        kappa = 1.0 if expected == 1 else round((observed - expected) / (1 - expected), 4)
    return {"pairs": n, "agreeing": agreeing, "share": round(agreeing / n, 4), "kappa": kappa}


def work_per_day(session: Session, *, today: date, days: int = 14) -> list[tuple[str, int]]:
    """Changes made by people (audit events with an actor) per UTC day, the last `days` days."""
    since = today - timedelta(days=days - 1)
    day = func.date(AuditEvent.at)
    counts = {str(d): n for d, n in session.exec(
        select(day, func.count(AuditEvent.id)).where(col(AuditEvent.actor_id).is_not(None),
                                                     col(AuditEvent.at) >= datetime.combine(since, datetime.min.time(), tzinfo=utcnow().tzinfo))
        .group_by(day)).all()}
    return [((since + timedelta(days=i)).isoformat(), counts.get((since + timedelta(days=i)).isoformat(), 0))
            for i in range(days)]


def decide(session: Session, *, flag: str, article_id: int, claim_id: int | None, actor: User,
           action: str, assignee_id: int | None = None, reason: str = "",
           snoozed_until: date | None = None, today: date | None = None) -> FollowUp:
    """Assign, resolve (with a reason) or snooze (until a date) one follow-up item.

    Assigning a claim's item assigns the claim itself (claims.assign: audited, version bumped),
    so the fact-checker finds it under their own claims. An article's item (the AI flags) is an
    editorial question about the whole article: it goes to an editor or admin, who sees the
    queue; it never reassigns the article's claims, which may be others' work.
    """
    if flag not in FLAGS:
        raise ReportError(f"unknown flag {flag!r}")
    if session.get(Article, article_id) is None:
        raise ReportError(f"no article {article_id}")
    if claim_id is not None:
        claim = session.get(ClaimUnit, claim_id)
        if claim is None or claim.article_id != article_id:
            raise ReportError(f"no claim {claim_id} in article {article_id}")
    reason = clean_text(reason, "The reason", limit=REASON_MAX, error=ReportError)
    if action == "resolve" and not reason:
        raise ReportError("say why the item is resolved")
    if action == "snooze" and (snoozed_until is None or snoozed_until <= (today or utcnow().date())):
        raise ReportError("snooze until a date in the future")
    assignee = session.get(User, assignee_id) if action == "assign" and assignee_id is not None else None
    if action == "assign" and (assignee is None or assignee.disabled):
        raise ReportError("choose someone to assign it to")
    if action == "assign" and claim_id is None and assignee.role not in EDITOR_ROLES:
        raise ReportError(f"{assignee.username} cannot open the report; assign an article's item to an editor, "
                          "or assign its claims to a fact-checker")
    if action not in {"assign", "resolve", "snooze", "reopen"}:
        raise ReportError(f"unknown action {action!r}")
    decision = session.exec(select(FollowUp).where(FollowUp.flag == flag, FollowUp.article_id == article_id,
                                                   col(FollowUp.claim_id).is_(None) if claim_id is None
                                                   else col(FollowUp.claim_id) == claim_id)).first()
    if decision is None:
        decision = FollowUp(flag=flag, article_id=article_id, claim_id=claim_id)
    before = {"state": decision.state, "assignee_id": decision.assignee_id} if decision.id else None
    if action == "assign":
        decision.assignee_id = assignee_id
    elif action == "resolve":
        decision.state, decision.reason = "resolved", reason
    elif action == "snooze":
        decision.state, decision.snoozed_until, decision.reason = "snoozed", snoozed_until, reason or None
    else:
        decision.state, decision.snoozed_until = "open", None
    decision.decided_by_id = actor.id
    decision.updated_at = utcnow()
    session.add(decision)
    session.flush()
    audit.record(session, actor=actor, entity="follow_up", entity_id=decision.id, action=f"follow_up_{action}",
                 article_id=article_id, before=before,
                 after={"flag": flag, "claim_id": claim_id, "state": decision.state, "reason": decision.reason,
                        "assignee_id": decision.assignee_id,
                        "snoozed_until": decision.snoozed_until.isoformat() if decision.snoozed_until else None})
    if action == "assign" and claim_id is not None and claim.assignee_id != assignee_id:
        # The decision and the claim's assignment land together, in the one commit below; when
        # someone saved the claim in between, or the assignment is refused, neither does.
        try:
            claims.stage_assignment(session, claim_id=claim_id, assignee_id=assignee_id, actor=actor)
        except claims.Conflict:
            raise ReportError("someone changed this claim just now; try again") from None
        except claims.ClaimError as exc:
            session.rollback()
            raise ReportError(str(exc)) from None
    session.commit()
    return decision


def mark_ai(session: Session, *, article_id: int, reason: str, actor: User,
            start: int | None = None, end: int | None = None) -> AIMark:
    """A reviewer marks an article, or a span of it, as AI-generated."""
    article = session.get(Article, article_id)
    if article is None:
        raise ReportError(f"no article {article_id}")
    reason = clean_text(reason, "The reason", limit=REASON_MAX, error=ReportError)
    if not reason:
        raise ReportError("say why you think it is AI-generated")
    if (start is None) != (end is None) or (start is not None and not 0 <= start < end <= len(article.text)):
        raise ReportError("a marked span needs a start and an end inside the text")
    mark = AIMark(article_id=article_id, start=start, end=end, reason=reason, author_id=actor.id)
    session.add(mark)
    session.flush()
    audit.record(session, actor=actor, entity="ai_mark", entity_id=mark.id, action="ai_mark", article_id=article_id,
                 after={"reason": mark.reason, "start": start, "end": end})
    session.commit()
    return mark


def figures(report: Report) -> list[tuple[str, str, Any]]:
    """The report's figures as (section, key, value) rows, for CSV."""
    rows: list[tuple[str, str, Any]] = [("totals", key, report.totals[key])
                                        for key in ("articles", "claims", "with_verdict", "share_with_verdict")]
    rows += [("by_rating", rating, n) for rating, n in report.totals["by_rating"].items()]
    rows += [("ai_level", level, sum(1 for a in report.ai if a["level"] == level))
             for level in AI_LEVELS]
    rows += [("follow_up", flag, n) for flag, n in report.flag_counts.items()]
    rows += [("agreement", key, value) for key, value in report.agreement.items()]
    rows += [("follow_up_by_age", label, n) for label, n in report.by_age]
    return rows


def render_text(report: Report, *, limit: int = 50) -> str:
    """The report for a terminal."""
    t = report.totals
    lines = [f"Articles: {t['articles']}   Claim units: {t['claims']}   "
             f"With a verdict: {t['with_verdict']} ({100 * t['share_with_verdict']:.0f}%)"]
    if t["by_rating"]:
        lines.append("By rating: " + ", ".join(f"{r} {n}" for r, n in t["by_rating"].items()))
    a = report.agreement
    if a["pairs"]:
        lines.append(f"Reviewer agreement: {a['agreeing']}/{a['pairs']} pairs agree"
                     + (f", Cohen's kappa {a['kappa']:.2f}" if a["kappa"] is not None
                        else f" (kappa needs {KAPPA_MIN_PAIRS} pairs)"))
    else:
        lines.append("Reviewer agreement: no claim has verdicts from two reviewers yet")
    lines.append("")
    lines.append(f"AI-generated content ({len(report.ai)} articles):")
    for item in report.ai:
        lines.append(f"  [{item['level']}] #{item['article_id']} {item['title']}")
        for evidence in item["evidence"][:3]:
            by = f" ({evidence['author']})" if evidence.get("author") else ""
            lines.append(f"      {evidence['kind']}{by}: {evidence['text'][:120]}")
    lines.append("")
    lines.append(f"Follow-up queue ({len(report.follow_up)} open): "
                 + ", ".join(f"{flag} {n}" for flag, n in report.flag_counts.items() if n))
    for item in report.follow_up[:limit]:
        target = f"claim {item.claim_id}" if item.claim_id else f"article {item.article_id}"
        lines.append(f"  {item.flag:<18} {target:<12} {item.age_days:>3}d  {item.assignee or '-':<10} {item.reason[:90]}")
    if len(report.follow_up) > limit:
        lines.append(f"  ... and {len(report.follow_up) - limit} more (use --json for all)")
    return "\n".join(lines)


def reviewer_signals(session: Session, article_id: int) -> list[dict[str, Any]]:
    """Reviewers' AI marks on one article, shaped like analysis signals (kind "reviewer")."""
    rows = session.exec(select(AIMark, User.username).join(User, col(User.id) == AIMark.author_id)
                        .where(AIMark.article_id == article_id).order_by(col(AIMark.id))).all()
    return [{"kind": "reviewer", "start": mark.start, "end": mark.end, "weight": None, "scope": None,
             "evidence": f"{username}: {mark.reason}"} for mark, username in rows]
