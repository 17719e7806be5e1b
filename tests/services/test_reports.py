import json
from datetime import date, timedelta

import pytest
from sqlalchemy import event, update
from sqlmodel import select

from factcheck.models import AuditEvent, ClaimUnit
from factcheck.paths import resource_dir
from factcheck.services import articles, claims, listing, reports
from factcheck.timeutil import utcnow


MANIFEST = {a["file"]: a for a in json.loads((resource_dir("data") / "manifest.json").read_text())["articles"]}


def _import(session, name):
    raw = (resource_dir("data") / name).read_bytes()
    published = date.fromisoformat(MANIFEST[name]["published"])
    return articles.import_bytes(session, raw=raw, filename=name, actor=None, published=published,
                                 outlet=MANIFEST[name]["outlet"], url=MANIFEST[name]["url"]).article


def _flags(report, **match):
    return [i for i in report.follow_up if all(getattr(i, k) == v for k, v in match.items())]


def test_ai_flags_carry_their_evidence(session):
    disclosed = _import(session, "aggregator-ai-disclosed.txt")
    human = _import(session, "human-about-ai.txt")
    report = reports.build(session)
    assert [a["article_id"] for a in report.ai] == [disclosed.id]
    item = _flags(report, flag="ai_disclosed")[0]
    assert "AI-generated" in item.evidence[0]["text"]
    assert not [i for i in report.follow_up if i.article_id == human.id and i.flag.startswith("ai_")]


def test_verdict_flags_follow_the_work(session, accounts):
    article = _import(session, "aggregator-ai-disclosed.txt")
    unit = next(c for c in articles.claim_units(session, article.id) if c.checkworthy >= reports.CHECKWORTHY_MIN)
    assert _flags(reports.build(session), flag="unverified", claim_id=unit.id)
    claims.record_verdict(session, claim_id=unit.id, rating="false", rationale="", author=accounts["fact-checker"])
    report = reports.build(session)
    assert not _flags(report, flag="unverified", claim_id=unit.id)
    assert _flags(report, flag="unsourced", claim_id=unit.id)
    claims.add_source(session, claim_id=unit.id, actor=accounts["fact-checker"], url="https://a.example/1",
                      stance="refutes")
    report = reports.build(session)
    assert _flags(report, flag="single_source", claim_id=unit.id) and not _flags(report, flag="unsourced", claim_id=unit.id)
    claims.record_verdict(session, claim_id=unit.id, rating="true", rationale="", author=accounts["editor"])
    disputed = _flags(reports.build(session), flag="disputed", claim_id=unit.id)
    assert disputed and {e["text"] for e in disputed[0].evidence} == {"false", "true"}
    assert reports.build(session).agreement == {"pairs": 1, "agreeing": 0, "share": 0.0, "kappa": None}


def test_date_inconsistent_and_stale(session, accounts):
    article = _import(session, "relative-dates.txt")
    report = reports.build(session)
    item = _flags(report, flag="date_inconsistent")
    assert item and "March 20, 2026" in item[0].reason
    unit = articles.claim_units(session, article.id)[0]
    claims.assign(session, claim_id=unit.id, assignee_id=accounts["fact-checker"].id, actor=accounts["editor"])
    later = utcnow().date() + timedelta(days=reports.STALE_DAYS)
    stale = _flags(reports.build(session, today=later), flag="stale", claim_id=unit.id)
    assert stale and stale[0].assignee == "checker"
    assert not _flags(reports.build(session), flag="stale", claim_id=unit.id)


def test_resolve_snooze_and_assign_decisions(session, accounts):
    article = _import(session, "aggregator-ai-disclosed.txt")
    editor = accounts["editor"]
    with pytest.raises(reports.ReportError, match="say why"):
        reports.decide(session, flag="ai_disclosed", article_id=article.id, claim_id=None, actor=editor, action="resolve")
    reports.decide(session, flag="ai_disclosed", article_id=article.id, claim_id=None, actor=editor,
                   action="resolve", reason="Disclosure checked with the outlet")
    report = reports.build(session)
    assert not _flags(report, flag="ai_disclosed") and report.closed[0].decision_reason.startswith("Disclosure")
    item = _flags(report, flag="unattributed")[0]
    tomorrow = utcnow().date() + timedelta(days=1)
    reports.decide(session, flag=item.flag, article_id=item.article_id, claim_id=item.claim_id, actor=editor,
                   action="snooze", snoozed_until=tomorrow)
    assert not _flags(reports.build(session), flag="unattributed", claim_id=item.claim_id)
    assert _flags(reports.build(session, today=tomorrow), flag="unattributed", claim_id=item.claim_id)
    other = _flags(report, flag="unverified")[0]
    reports.decide(session, flag="unverified", article_id=other.article_id, claim_id=other.claim_id, actor=editor,
                   action="assign", assignee_id=accounts["fact-checker"].id)
    mine = reports.build(session, filters=reports.ReportFilter(assignee_id=accounts["fact-checker"].id))
    assert [(i.flag, i.claim_id) for i in mine.follow_up] == [("unverified", other.claim_id)]


def test_reviewer_marks_ai(session, accounts):
    article = _import(session, "human-about-ai.txt")
    reports.mark_ai(session, article_id=article.id, reason="Template phrasing throughout", actor=accounts["editor"])
    report = reports.build(session)
    item = _flags(report, flag="ai_reviewer")[0]
    assert "editor marked it AI-generated" in item.reason
    # The AI section lists it too, although the analysis found nothing (README: "or a reviewer's mark").
    assert report.ai == [{"article_id": article.id, "title": article.title, "level": "reviewer",
                          "evidence": [{"kind": "reviewer", "text": "Template phrasing throughout", "author": "editor",
                                        "quote": None, "start": None, "end": None}]}]
    assert ("ai_level", "reviewer", 1) in reports.figures(report)
    assert "[reviewer]" in reports.render_text(report) and "reviewer (editor): Template phrasing" in reports.render_text(report)


def test_a_long_reason_is_kept_whole_and_a_too_long_one_refused(session, accounts):
    article = _import(session, "human-about-ai.txt")
    long = "Template phrasing in every paragraph. " * 300  # 11,400 characters: kept, not cut
    mark = reports.mark_ai(session, article_id=article.id, reason=long, actor=accounts["editor"])
    assert mark.reason == long.strip()
    with pytest.raises(reports.ReportError, match="longer than 20,000 characters"):
        reports.mark_ai(session, article_id=article.id, reason="x" * 20_001, actor=accounts["editor"])
    with pytest.raises(reports.ReportError, match="longer than 20,000 characters"):
        reports.decide(session, flag="ai_reviewer", article_id=article.id, claim_id=None, actor=accounts["editor"],
                       action="resolve", reason="x" * 20_001)


def test_a_reviewer_mark_adds_evidence_to_an_article_already_in_the_ai_section(session, accounts):
    disclosed = _import(session, "aggregator-ai-disclosed.txt")
    human = _import(session, "human-about-ai.txt")
    unit = articles.claim_units(session, disclosed.id)[2]
    reports.mark_ai(session, article_id=disclosed.id, reason="Same wording as the wire copy", actor=accounts["fact-checker"],
                    start=unit.start, end=unit.end)
    report = reports.build(session)
    assert [a["article_id"] for a in report.ai] == [disclosed.id]  # the human article stays out
    entry = report.ai[0]
    assert entry["level"] == "disclosed" and entry["evidence"][0]["kind"] == "disclosure"
    assert entry["evidence"][-1] == {"kind": "reviewer", "text": "Same wording as the wire copy", "author": "checker",
                                     "quote": unit.text, "start": unit.start, "end": unit.end}
    # The outlet filter applies to reviewer-marked articles as to the others.
    reports.mark_ai(session, article_id=human.id, reason="Reads generated", actor=accounts["editor"])
    assert [a["article_id"] for a in reports.build(session).ai] == [disclosed.id, human.id]
    scoped = reports.build(session, filters=reports.ReportFilter(outlet=MANIFEST["human-about-ai.txt"]["outlet"]))
    assert [(a["article_id"], a["level"]) for a in scoped.ai] == [(human.id, "reviewer")]


def test_kappa_needs_enough_pairs_and_is_right():
    assert reports.agreement([("true", "true")] * 4)["kappa"] is None
    # Textbook example: 20 pairs, observed 0.7, expected 0.5 -> kappa 0.4
    pairs = [("true", "true")] * 7 + [("false", "false")] * 7 + [("true", "false")] * 3 + [("false", "true")] * 3
    assert reports.agreement(pairs) == {"pairs": 20, "agreeing": 14, "share": 0.7, "kappa": 0.4}


def test_report_query_count_does_not_grow_with_claims(session, engine, accounts):
    def queries():
        seen = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            reports.build(session)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    _import(session, "abbreviations.txt")
    few = queries()
    for name in ("aggregator-ai-disclosed.txt", "relative-dates.txt", "council-budget.html"):
        article = _import(session, name)
        for unit in articles.claim_units(session, article.id)[:3]:
            claims.record_verdict(session, claim_id=unit.id, rating="mixed", rationale="", author=accounts["editor"])
    assert queries() == few


def test_assigning_a_claims_item_assigns_the_claim(session, accounts):
    article = _import(session, "aggregator-ai-disclosed.txt")
    editor, checker = accounts["editor"], accounts["fact-checker"]
    item = _flags(reports.build(session), flag="unverified")[0]
    version = session.get(ClaimUnit, item.claim_id).version
    reports.decide(session, flag="unverified", article_id=item.article_id, claim_id=item.claim_id, actor=editor,
                   action="assign", assignee_id=checker.id)
    session.expire_all()
    claim = session.get(ClaimUnit, item.claim_id)
    assert claim.assignee_id == checker.id and claim.version == version + 1
    event = session.exec(select(AuditEvent).where(AuditEvent.entity == "claim", AuditEvent.action == "assign",
                                                  AuditEvent.entity_id == claim.id)).one()
    assert event.actor_id == editor.id and event.after == {"assignee_id": checker.id, "assignee": "checker",
                                                      "version": claim.version}
    # The fact-checker finds it among their own claims, where they work (they cannot open the report).
    mine = listing.list_articles(session, filters=listing.ArticleFilter(assignee_id=checker.id))
    assert [row.id for row in mine.rows] == [article.id]
    # The claim's other items show the same assignee, and a later reassignment on the claim wins.
    assert {i.assignee for i in reports.build(session).follow_up if i.claim_id == claim.id} == {"checker"}
    claims.assign(session, claim_id=claim.id, assignee_id=editor.id, actor=editor)
    assert {i.assignee for i in reports.build(session).follow_up if i.claim_id == claim.id} == {"editor"}
    # Assigning again to the claim's current assignee changes nothing on the claim.
    version = session.get(ClaimUnit, claim.id).version
    reports.decide(session, flag="unverified", article_id=item.article_id, claim_id=claim.id, actor=editor,
                   action="assign", assignee_id=editor.id)
    assert session.get(ClaimUnit, claim.id).version == version


def test_an_articles_item_goes_to_an_editor_and_leaves_the_claims_alone(session, accounts):
    article = _import(session, "aggregator-ai-disclosed.txt")
    editor, checker, admin = accounts["editor"], accounts["fact-checker"], accounts["admin"]
    with pytest.raises(reports.ReportError, match="cannot open the report"):
        reports.decide(session, flag="ai_disclosed", article_id=article.id, claim_id=None, actor=editor,
                       action="assign", assignee_id=checker.id)
    reports.decide(session, flag="ai_disclosed", article_id=article.id, claim_id=None, actor=editor,
                   action="assign", assignee_id=admin.id)
    assert _flags(reports.build(session), flag="ai_disclosed")[0].assignee == "admin"
    assert all(c.assignee_id is None and c.version == 1 for c in session.exec(
        select(ClaimUnit).where(ClaimUnit.article_id == article.id)).all())


def test_a_comment_is_activity_for_stale(session, accounts):
    article = _import(session, "relative-dates.txt")
    unit = articles.claim_units(session, article.id)[0]
    claims.assign(session, claim_id=unit.id, assignee_id=accounts["fact-checker"].id, actor=accounts["editor"])
    ten_days_ago = utcnow() - timedelta(days=10)
    session.execute(update(ClaimUnit).where(ClaimUnit.id == unit.id).values(updated_at=ten_days_ago))
    session.commit()
    stale = _flags(reports.build(session), flag="stale", claim_id=unit.id)
    assert stale and stale[0].reason == "no activity for 10 days" and stale[0].age_days == 10
    claims.add_comment(session, claim_id=unit.id, body="Called the company; waiting.", actor=accounts["fact-checker"])
    assert not _flags(reports.build(session), flag="stale", claim_id=unit.id)
    later = utcnow().date() + timedelta(days=3)
    assert not _flags(reports.build(session, today=later, stale_days=4), flag="stale", claim_id=unit.id)
    stale = _flags(reports.build(session, today=later, stale_days=3), flag="stale", claim_id=unit.id)
    assert stale and stale[0].reason == "no activity for 3 days"


CRAFTED_METADATA = (b'<html><head><title>Port volumes rise</title><meta name="ai-generated" content="true"></head>'
                    b"<body><h1>Port volumes rise</h1><p>The port handled 4.2 million containers in 2025, up 6% on 2024."
                    b"</p></body></html>")
CRAFTED_LEAK = (b"Water rates to rise\n\nThe utility will raise rates by 11% on April 1, 2026. As an AI language model, "
                b"I cannot confirm the figure. Signed, [Your Name]\n")


def test_ai_metadata_and_ai_suspected_flags_with_their_evidence(session):
    metadata = _import(session, "ai-metadata.html")
    leaked = _import(session, "leaked-chatbot.txt")
    automated = _import(session, "earnings-automated.html")   # dataDrivenMedia: a template, not generative AI
    image = _import(session, "human-ai-image.html")            # the AI label belongs to the image
    crafted_meta = articles.import_bytes(session, raw=CRAFTED_METADATA, filename="port.html", actor=None).article
    crafted_leak = articles.import_bytes(session, raw=CRAFTED_LEAK, filename="rates.txt", actor=None).article
    report = reports.build(session)
    levels = {a["article_id"]: a["level"] for a in report.ai}
    assert levels == {metadata.id: "metadata", leaked.id: "suspected", crafted_meta.id: "metadata",
                      crafted_leak.id: "suspected"}
    assert not [i for i in report.follow_up if i.article_id in (automated.id, image.id) and i.flag.startswith("ai_")]

    item = _flags(report, flag="ai_metadata", article_id=metadata.id)[0]
    texts = [e["text"] for e in item.evidence]
    assert {e["kind"] for e in item.evidence} == {"metadata"} and "metadata" in item.reason
    assert any("trainedAlgorithmicMedia" in t for t in texts) and '<meta name="ai-generated" content="true">' in texts
    assert [e["text"] for e in _flags(report, flag="ai_metadata", article_id=crafted_meta.id)[0].evidence] == [
        '<meta name="ai-generated" content="true">']

    item = _flags(report, flag="ai_suspected", article_id=leaked.id)[0]
    texts = [e["text"] for e in item.evidence]
    # Leaked chatbot text and unfilled slots are the evidence; style patterns never are, on their own.
    assert {e["kind"] for e in item.evidence} == {"artifact"}
    assert {"As an AI language model", "[[CITY]]", "[Your Name]"} <= set(texts)
    assert not any(t.startswith("In conclusion") for t in texts)
    assert [e["text"] for e in _flags(report, flag="ai_suspected", article_id=crafted_leak.id)[0].evidence] == [
        "As an AI language model", "[Your Name]"]
    # The AI section shows the same evidence as the queue.
    assert next(a for a in report.ai if a["article_id"] == leaked.id)["evidence"] == item.evidence


def test_unattributed_is_a_checkworthy_claim_that_names_no_source(session):
    article = _import(session, "aggregator-ai-disclosed.txt")
    flagged = {i.claim_id: i for i in _flags(reports.build(session), flag="unattributed")}
    units = articles.claim_units(session, article.id)
    expected = {u.id for u in units if u.checkworthy >= reports.CHECKWORTHY_MIN and not u.attributions}
    assert set(flagged) == expected and expected
    attributed = [u for u in units if u.attributions and u.checkworthy >= reports.CHECKWORTHY_MIN]
    assert attributed and not {u.id for u in attributed} & set(flagged)
    rhetoric = next(u for u in units if u.text.startswith("One city has the money"))
    assert rhetoric.checkworthy < reports.CHECKWORTHY_MIN and rhetoric.id not in flagged
    item = flagged[min(expected)]
    assert item.reason.startswith("check-worthy (") and item.reason.endswith(") but attributed to no one")
    assert item.article_id == article.id and item.text == next(u.text for u in units if u.id == item.claim_id)


def test_date_range_and_outlet_filters(session):
    imported = {name: _import(session, name) for name in
                ("aggregator-ai-disclosed.txt", "leaked-chatbot.txt", "relative-dates.txt", "council-budget.html")}
    # Published 2026-01-16, 2026-02-02, 2026-03-04 and 2026-02-24.

    def scoped(**filters):
        report = reports.build(session, filters=reports.ReportFilter(**filters))
        ids = {i.article_id for i in report.follow_up} | {a["article_id"] for a in report.ai}
        return report, {name for name, a in imported.items() if a.id in ids}

    report, names = scoped(date_from=date(2026, 2, 2), date_to=date(2026, 2, 24))  # both ends included
    assert names == {"leaked-chatbot.txt", "council-budget.html"} and report.totals["articles"] == 2
    assert report.totals["claims"] == sum(len(articles.claim_units(session, imported[n].id)) for n in names)
    assert [a["article_id"] for a in report.ai] == [imported["leaked-chatbot.txt"].id]
    assert scoped(date_from=date(2026, 2, 25))[1] == {"relative-dates.txt"}
    assert scoped(date_to=date(2026, 1, 16))[1] == {"aggregator-ai-disclosed.txt"}
    report, names = scoped(outlet="Eastvale Chronicle")
    assert names == {"relative-dates.txt"} and report.totals["articles"] == 1 and not report.ai
    assert _flags(report, flag="date_inconsistent")
    report, names = scoped(outlet="Eastvale Chronicle", date_to=date(2026, 3, 3))
    assert names == set() and report.totals == {"articles": 0, "claims": 0, "with_verdict": 0, "by_rating": {},
                                                "share_with_verdict": 0.0}
