"""The demo: our articles from data/ and three accounts."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from factcheck.analysis import InputError
from factcheck.models import User
from factcheck.paths import resource_dir
from factcheck.services import articles, audit, users

ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm"}


@dataclass
class DemoResult:
    imported: int = 0
    existing: int = 0
    problems: list[str] = field(default_factory=list)


def _manifest_data() -> dict:
    path = resource_dir("data") / "manifest.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def _manifest() -> dict[str, dict]:
    return {entry["file"]: entry for entry in _manifest_data().get("articles", [])}


def load(session: Session) -> DemoResult:
    """Import every demo article (top level of data/); already-imported ones are found, not copied."""
    result = DemoResult()
    manifest = _manifest()
    folder = resource_dir("data")
    # The manifest lists the demo articles; without one, every article file at the top level.
    paths = ([folder / name for name in manifest] if manifest else
             [p for p in sorted(folder.iterdir()) if p.suffix.lower() in ARTICLE_SUFFIXES
              and p.name.lower() != "readme.md"])
    for path in paths:
        if not path.is_file():
            result.problems.append(f"{path.name}: listed in data/manifest.json but missing")
            continue
        entry = manifest.get(path.name, {})
        published = date.fromisoformat(entry["published"]) if entry.get("published") else None
        try:
            outcome = articles.import_path(session, path, actor=None, published=published,
                                           outlet=entry.get("outlet"), url=entry.get("url"))
        except InputError as exc:
            session.rollback()
            result.problems.append(f"{path.name}: {exc}")
            continue
        if outcome.created:
            result.imported += 1
            _load_origins(session, outcome.article.id, entry, result)
        else:
            result.existing += 1
    return result


def _load_origins(session: Session, article_id: int, entry: dict, result: DemoResult) -> None:
    """The origin documents data/manifest.json lists for a demo article (for provenance tracing)."""
    from factcheck.services import origins

    folder = resource_dir("data")
    described = {o["file"]: o for o in _manifest_data().get("origin_documents", [])}
    for name in entry.get("origins", []):
        meta = described.get(name, {})
        try:
            origins.import_origin_path(session, folder / name, article_id=article_id, actor=None,
                                       url=meta.get("url"), publisher=meta.get("outlet"),
                                       published=date.fromisoformat(meta["published"]) if meta.get("published") else None)
        except (InputError, origins.OriginError) as exc:
            session.rollback()
            result.problems.append(f"{name}: {exc}")


def reset_accounts(session: Session, accounts) -> list[tuple[str, str, str]]:
    """Create the demo accounts, or give existing ones a new password; returns the logins."""
    logins = []
    for username, role in accounts:
        password = users.generate_password()
        user = session.exec(select(User).where(User.username == username)).first()
        if user is None:
            users.create(session, username=username, password=password, role=role)
        else:
            user.password_hash = users.hash_password(password)
            user.disabled = False
            audit.record(session, actor=None, entity="user", entity_id=user.id,
                         action="set_password", after={"username": username, "by": "demo"})
            session.commit()
        logins.append((username, role, password))
    return logins


def seed_work(session: Session, logins: dict[str, User]) -> bool:
    """A day's work on a fresh demo, so the workspace and the report have something to show.

    Runs once: it does nothing when any verdict exists. Returns whether it ran.
    """
    from factcheck.models import Article, Verdict
    from factcheck.services import claims, publish

    if session.exec(select(Verdict.id).limit(1)).first() is not None:
        return False
    checker, editor = logins["fact-checker"], logins["editor"]
    aggregator = session.exec(select(Article).where(Article.filename == "aggregator-ai-disclosed.txt")).first()
    if aggregator is None:
        return False
    units = [u for u in articles.claim_units(session, aggregator.id) if u.checkworthy >= 0.5]
    if len(units) < 4:
        return False
    fund, okafor, exports_unit, skills = units[0], units[1], units[2], units[3]
    claims.add_source(session, claim_id=fund.id, actor=checker, stance="refutes",
                      url="https://harbourledger.example/business/corridor-pact", title="Corridor pact signed",
                      publisher="Harbour Ledger", excerpt="The fund totals $4.58 billion.")
    verdict = claims.record_verdict(session, claim_id=fund.id, rating="mostly_false", author=checker,
                                    rationale="The origin report gives <b>$4.58 billion</b>; the rewrite swapped two digits.")
    publish.approve(session, claim_id=fund.id, verdict_id=verdict.id, editor=editor)
    claims.record_verdict(session, claim_id=okafor.id, rating="true", author=checker, rationale="Matches the release.")
    claims.record_verdict(session, claim_id=okafor.id, rating="mixed", author=editor,
                          rationale="The official's first name differs from the origin.")
    claims.assign(session, claim_id=exports_unit.id, assignee_id=checker.id, actor=editor)
    claims.assign(session, claim_id=skills.id, assignee_id=checker.id, actor=editor)
    claims.add_comment(session, claim_id=skills.id, actor=editor, body="Ask the ministry for the enrolment figure.")
    return True
