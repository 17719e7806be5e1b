"""The audit trail read aloud: "maria recorded Mostly false with 2 sources" for activity pages.

One query per page: events joined with their actor and, for claim events, the claim's text.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import and_, case, func, select
from sqlmodel import Session

from factcheck.models import AuditEvent, ClaimUnit, User

LIMIT = 500
COMMAND_LINE = "Someone at the command line"

RATING_WORDS = {"true": "True", "mostly_true": "Mostly true", "mixed": "Mixed",
                "mostly_false": "Mostly false", "false": "False", "misleading": "Misleading",
                "unproven": "Unproven", "not_checkable": "Not checkable", "satire": "Satire"}
EXPORT_WORDS = {"claims": "the claims as CSV", "claimreview": "the ClaimReview data",
                "annotations": "the Web Annotations"}
FOLLOW_UP_WORDS = {"assign": "assigned", "resolve": "resolved", "snooze": "snoozed", "reopen": "reopened"}
STANCE_WORDS = {"supports": "a supporting source", "refutes": "a refuting source",
                "context": "a context source"}
ALIGNMENT_WORDS = {"supported": "matches its origin", "changed": "differs from its origin",
                   "unsupported": "has no passage in any origin"}


@dataclass(frozen=True)
class Activity:
    event_id: int
    at: datetime
    actor: str
    action: str
    sentence: str  # without the time; the page adds "at 14:02"
    version: int | None = None  # the claim version a versioned write made (conflict panels read it)


@dataclass(frozen=True)
class ActivityPage:
    entries: list[Activity]  # newest first
    more: bool  # older events exist beyond LIMIT


def _count(after: dict, key: str) -> int | None:
    value = after.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, (list, tuple)):
        return len(value)
    return None


def _plural(n: int, word: str) -> str:
    if n == 0:
        return f"no {word}s"
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _excerpt(text: str | None, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _domain(url: str | None) -> str | None:
    return urlsplit(url).hostname if url else None


def phrase(*, actor: str, action: str, entity: str, entity_id: int | None,
           before: dict | None, after: dict | None, here: tuple[str, int] | None = None,
           claim_id: int | None = None, claim_text: str | None = None) -> str:
    """One event as a sentence without its time; an action with no sentence of its own is spelled out."""
    words, _known = _words(action=action, entity=entity, entity_id=entity_id, before=before, after=after,
                           here=here, claim_id=claim_id, claim_text=claim_text)
    return f"{actor} {words}"


def has_phrase(*, action: str, entity: str) -> bool:
    """True when this action has a sentence of its own (tests hold every recorded action to it)."""
    return _words(action=action, entity=entity, entity_id=1, before=None, after=None)[1]


def _words(*, action: str, entity: str, entity_id: int | None, before: dict | None, after: dict | None,
           here: tuple[str, int] | None = None, claim_id: int | None = None,
           claim_text: str | None = None) -> tuple[str, bool]:
    """The sentence after the actor's name, and whether the action has a phrase of its own.

    `here` is the (entity, id) the page is about, called "the article" / "the claim" rather than
    by number. `claim_id` is the claim the event concerns: the event's own id for entity "claim",
    else `claim_id` in its after/before values (sources, verdicts, comments).
    """
    before, after = before or {}, after or {}
    if entity == "claim":
        claim_id = entity_id
    elif claim_id is None:
        claim_id = after.get("claim_id", before.get("claim_id"))
    if claim_id is not None and here == ("claim", claim_id):
        claim = "the claim"
    elif claim_text:
        claim = f"the claim “{_excerpt(claim_text)}”"
    elif claim_id is not None:
        claim = f"claim {claim_id}"
    else:
        claim = "a claim"
    if here == (entity, entity_id):
        thing = f"the {entity}"
    elif entity == "claim":
        thing = claim
    elif entity_id is not None:
        thing = f"{entity} {entity_id}"
    else:
        thing = f"the {entity}"
    account = after.get("username") or before.get("username") or thing
    source_name = (after.get("publisher") or before.get("publisher") or after.get("title")
                   or before.get("title") or _domain(after.get("url") or before.get("url")))
    from_part = f" from {source_name}" if source_name else ""
    on_claim = "" if here == ("claim", claim_id) else f" on {claim}"

    if entity == "article" and action == "import":
        words = f"imported {thing}"
    elif entity == "user" and action == "create":
        role = f" ({after['role']})" if after.get("role") else ""
        words = f"created the account {account}{role}"
    elif entity == "user" and action == "disable":
        words = f"disabled the account {account}"
    elif entity == "user" and action == "enable":
        words = f"re-enabled the account {account}"
    elif entity == "user" and action == "set_password":
        words = f"set a new password for {account}"
    elif action == "export":
        rows = _count(after, "rows")
        kind = after.get("export")
        if kind:
            words = f"exported {EXPORT_WORDS.get(kind, kind)}" + (f" ({_plural(rows, 'row')})" if rows is not None else "")
        else:
            words = "exported the audit trail" + (f" ({_plural(rows, 'event')})" if rows is not None else "")
    elif action == "publish":
        rating = RATING_WORDS.get(after.get("rating"), after.get("rating"))
        words = f"published the verdict {rating}{on_claim}" if rating else f"published a fact-check{on_claim}"
    elif action == "ai_mark":
        reason = _excerpt(after.get("reason"), 80)
        what = "a passage of the article" if after.get("start") is not None else "the article"
        words = f"marked {what} as AI-generated" + (f": “{reason}”" if reason else "")
    elif action.startswith("follow_up_") and action[len("follow_up_"):] in FOLLOW_UP_WORDS:
        verb = FOLLOW_UP_WORDS[action[len("follow_up_"):]]
        flag = f" “{after['flag']}”" if after.get("flag") else ""
        words = f"{verb} the follow-up{flag}" + (on_claim if claim_id is not None else "")
        if after.get("snoozed_until") and verb == "snoozed":
            words += f" until {after['snoozed_until']}"
        if after.get("reason"):
            words += f": “{_excerpt(after['reason'], 120)}”"
    elif action == "verdict":
        rating = RATING_WORDS.get(after.get("rating"), after.get("rating"))
        sources = _count(after, "sources")
        words = f"recorded {rating}" if rating else "recorded a verdict"
        if sources is not None:
            words += f" with {_plural(sources, 'source')}"
        words += on_claim
    elif action == "source_add":
        words = f"added {STANCE_WORDS.get(after.get('stance'), 'a source')}{from_part} to {claim}"
    elif action == "source_edit":
        words = f"edited a source{from_part}{on_claim}"
    elif action == "source_remove":
        words = f"removed a source{from_part} from {claim}"
    elif action == "assign":
        assignee = after.get("assignee") or after.get("assignee_username")
        if assignee:
            words = f"assigned {claim} to {assignee}"
        elif "assignee" in after or "assignee_id" in after:
            words = f"unassigned {claim}"
        else:
            words = f"assigned {claim}"
    elif action == "comment":
        body = _excerpt(after.get("body"), 80) if after.get("body") else ""
        words = f"commented on {claim}" + (f": “{body}”" if body else "")
    elif action == "split":
        parts = _count(after, "parts") or _count(after, "claims")
        words = f"split {claim}" + (f" into {_plural(parts, 'claim')}" if parts else "")
    elif action == "merge":
        parts = _count(before, "units") or _count(after, "merged") or _count(after, "claims")
        words = f"merged {_plural(parts, 'claim')} into {claim}" if parts else f"merged claims into {claim}"
    elif action == "boundary":
        words = f"adjusted the boundaries of {claim}"
    elif action == "not_claim":
        words = f"marked {claim} as not a claim"
    elif action == "is_claim":
        words = f"marked {claim} as a claim again"
    elif action == "add_unit":
        words = f"added {claim} by hand"
    elif action == "restore" and entity == "claim" and entity_id is None:
        units = _count(after, "units")
        words = "restored the automatic claim split" + (f" ({_plural(units, 'claim unit')})" if units is not None else "")
    elif action == "restore":
        words = f"restored {claim}"
    elif action == "origin_add":
        title = _excerpt(after.get("title"), 80)
        traced = _count(after, "claims_traced")
        words = (f"added the origin document “{title}”" if title else "added an origin document")
        if traced is not None:
            words += f" ({_plural(traced, 'claim')} traced)"
    elif action in ("alignment_confirmed", "alignment_rejected"):
        finding = ALIGNMENT_WORDS.get(after.get("status"))
        if action == "alignment_confirmed":
            words = f"confirmed that {claim} {finding}" if finding else f"confirmed the origin match of {claim}"
        else:
            words = (f"rejected the finding that {claim} {finding}" if finding
                     else f"rejected the origin match of {claim}")
    else:
        return f"{action.replace('_', ' ')} {thing}", False
    return words, True


def _claim_ref(event):
    """The claim an event concerns: its own id for claim events, else after/before["claim_id"]."""
    return case((event.entity == "claim", event.entity_id),
                else_=func.coalesce(event.after["claim_id"].as_integer(),
                                    event.before["claim_id"].as_integer()))


def _page(session: Session, condition, here: tuple[str, int]) -> ActivityPage:
    event, user, claim = AuditEvent.__table__.c, User.__table__, ClaimUnit.__table__
    claim_ref = _claim_ref(event).label("claim_id")
    query = (select(event.id, event.at, event.action, event.entity, event.entity_id, event.before,
                    event.after, user.c.username, claim_ref, claim.c.text.label("claim_text"))
             .select_from(AuditEvent.__table__
                          .outerjoin(user, event.actor_id == user.c.id)
                          .outerjoin(claim, claim.c.id == _claim_ref(event)))
             .where(condition).order_by(event.id.desc()).limit(LIMIT + 1))
    rows = session.execute(query).all()
    entries = []
    for row in rows[:LIMIT]:
        actor = row.username or COMMAND_LINE
        entries.append(Activity(
            event_id=row.id, at=row.at, actor=actor, action=row.action,
            sentence=phrase(actor=actor, action=row.action, entity=row.entity, entity_id=row.entity_id,
                            before=row.before, after=row.after, here=here, claim_id=row.claim_id,
                            claim_text=row.claim_text),
            version=(row.after or {}).get("version")))
    return ActivityPage(entries=entries, more=len(rows) > LIMIT)


def for_article(session: Session, article_id: int) -> ActivityPage:
    """Everything recorded against the article: its import, its claims, exports of it."""
    return _page(session, AuditEvent.__table__.c.article_id == article_id, ("article", article_id))


def for_claim(session: Session, claim_id: int, *, article_id: int) -> ActivityPage:
    """Events about one claim: the claim's own, and its sources', verdicts' and comments'.
    The article condition uses the index, so the JSON test only runs on that article's events."""
    event = AuditEvent.__table__.c
    return _page(session, and_(event.article_id == article_id, _claim_ref(event) == claim_id),
                 ("claim", claim_id))
