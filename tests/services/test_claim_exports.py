import csv
import io
import json
from collections import defaultdict
from datetime import date, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import select

from factcheck.models import AuditEvent, ClaimUnit
from factcheck.paths import resource_dir
from factcheck.services import articles, claim_exports, claims, origins, publish, reports
from factcheck.timeutil import utcnow

BASE = "https://desk.example"
HOSTILE = ("=cmd|'/c calc'!A1 said the figure rose 8% in 2025.\n\n"
           "+1+1 people agreed, officials said. -2+3 is what the ministry reported on Monday.\n").encode()


@pytest.fixture
def worked(session, accounts):
    raw = (resource_dir("data") / "aggregator-ai-disclosed.txt").read_bytes()
    article = articles.import_bytes(session, raw=raw, filename="agg.txt", actor=None, published=date(2026, 1, 16),
                                    url="https://dailybriefwire.example/a", outlet="Daily Brief Wire").article
    hostile = articles.import_bytes(session, raw=b"@SUM(1) headline\n\n" + HOSTILE, filename="h.txt", actor=None).article
    units = articles.claim_units(session, article.id)
    checker, editor = accounts["fact-checker"], accounts["editor"]
    for unit, rating in zip(units[:4], ("false", "mostly_true", "misleading", "true")):
        claims.add_source(session, claim_id=unit.id, actor=checker, url="https://src.example/" + str(unit.id),
                          stance="context")
        verdict = claims.record_verdict(session, claim_id=unit.id, rating=rating, rationale=f"<i>{rating}</i>",
                                        author=checker)
        publish.approve(session, claim_id=unit.id, verdict_id=verdict.id, editor=editor)
    hostile_unit = articles.claim_units(session, hostile.id)[0]
    claims.record_verdict(session, claim_id=hostile_unit.id, rating="unproven", rationale="", author=editor)
    return article, hostile, units


def test_claims_csv_has_every_claim_safe_cells_and_flags(session, worked):
    article, hostile, units = worked
    export = claim_exports.export_claims(session, actor=None, via="cli", batch=7)
    text = "".join(export.chunks)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == export.rows == sum(len(articles.claim_units(session, a.id)) for a in (article, hostile))
    assert text.splitlines()[0].split(",")[:4] == ["article_id", "article_title", "outlet", "claim_id"]
    by_id = {int(r["claim_id"]): r for r in rows}
    assert by_id[units[0].id]["latest_verdict"] == "false" and by_id[units[0].id]["sources"] == "1"
    assert "single_source" in by_id[units[0].id]["flags"].split()
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert any(r["text"].startswith("'=cmd") for r in rows)
    assert any(r["article_title"].startswith("'@SUM") for r in rows)
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "export")).one().after["export"] == "claims"


def test_claimreview_has_google_required_and_recommended_fields(session, worked):
    article, _, units = worked
    export = claim_exports.export_claimreview(session, actor=None, via="cli", base_url=BASE, publisher="Desk")
    reviews = json.loads("".join(export.chunks))
    assert len(reviews) == export.rows == 4
    for review, unit, rating in zip(reviews, units, ("false", "mostly_true", "misleading", "true")):
        assert review["@type"] == "ClaimReview" and review["@context"] == "https://schema.org"
        assert review["claimReviewed"] == unit.text                      # required
        assert review["url"].startswith(BASE + "/fact-checks/")          # required
        rating_block = review["reviewRating"]
        assert rating_block["alternateName"]                             # required
        assert (rating_block["bestRating"], rating_block["worstRating"]) == (5, 1)
        assert ("ratingValue" in rating_block) == (rating != "misleading")
        assert review["author"]["name"] == "Desk" and review["datePublished"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["appearance"]["url"] == article.url
        assert item["author"]["name"] == "Daily Brief Wire" and item["datePublished"] == "2026-01-16"
    assert reviews[0]["reviewRating"]["ratingValue"] == 1 and reviews[3]["reviewRating"]["ratingValue"] == 5


def test_every_annotation_reanchors_in_its_own_articles_stored_text(session, worked):
    article, hostile, units = worked
    export = claim_exports.export_annotations(session, actor=None, via="cli", base_url=BASE, batch=2)
    collection = json.loads("".join(export.chunks))
    items = collection["first"]["items"]
    assert collection["total"] == export.rows == len(items) == 5
    # The target's source names the article: its URL, or this site's page for an article without one.
    assert article.url and hostile.url is None
    by_source = {article.url: article, f"{BASE}/articles/{hostile.id}": hostile}
    expected = {unit.id: (rating, f"<i>{rating}</i>")
                for unit, rating in zip(units[:4], ("false", "mostly_true", "misleading", "true"))}
    expected[articles.claim_units(session, hostile.id)[0].id] = ("unproven", "")
    anchored = set()
    for annotation in items:
        claim_id = int(annotation["id"].rsplit("claim-", 1)[1])
        claim = session.get(ClaimUnit, claim_id)
        target = by_source[annotation["target"]["source"]]
        assert claim.article_id == target.id
        text = target.text
        quote, position = annotation["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        start, end = position["start"], position["end"]
        assert (start, end) == (claim.start, claim.end)
        assert text[start:end] == quote["exact"] == claim.text
        # The quote selector alone re-anchors at the same place: prefix + exact + suffix is in
        # this article's text right there, and that is its first occurrence.
        prefix, suffix = quote["prefix"], quote["suffix"]
        assert text[start - len(prefix):end + len(suffix)] == prefix + quote["exact"] + suffix
        assert text.find(prefix + quote["exact"] + suffix) == start - len(prefix)
        assert (prefix == "") == (start == 0) and (suffix == "") == (end == len(text))
        rating, rationale = expected[claim_id]
        assessing, commenting = annotation["body"]
        assert assessing["purpose"] == "assessing" and annotation["motivation"] == "assessing"
        assert assessing["factcheck:rating"] == rating and assessing["value"] == rating.replace("_", " ").capitalize()
        assert commenting["purpose"] == "commenting" and commenting["value"] == rationale
        assert commenting["format"] == "text/html"
        anchored.add(claim_id)
    assert anchored == set(expected)


def test_claims_csv_opens_in_libreoffice_without_formulas(session, worked, tmp_path):
    from tests.services.test_exports import _libreoffice_open

    export = claim_exports.export_claims(session, actor=None, via="cli")
    path = tmp_path / "claims.csv"
    path.write_bytes("".join(export.chunks).encode("utf-8"))
    sheet = _libreoffice_open(path, tmp_path)
    assert [c for row in sheet for c in row if c["formula"]] == []
    texts = [c["text"] for row in sheet for c in row]
    assert any(t.startswith("'=cmd") for t in texts) and any(t.startswith("'@SUM") for t in texts)


def _with_origins(session, name):
    manifest = json.loads((resource_dir("data") / "manifest.json").read_text())
    entry = next(a for a in manifest["articles"] if a["file"] == name)
    article = articles.import_bytes(session, raw=(resource_dir("data") / name).read_bytes(), filename=name, actor=None,
                                    published=date.fromisoformat(entry["published"])).article
    for origin in entry["origins"]:
        origins.import_origin_path(session, resource_dir("data") / origin, article_id=article.id, actor=None)
    return article


def _csv_rows(session, **kwargs):
    export = claim_exports.export_claims(session, actor=None, via="cli", **kwargs)
    return {int(r["claim_id"]): r for r in csv.DictReader(io.StringIO("".join(export.chunks)))}


def test_claims_csv_carries_origin_flags_and_their_differences(session, accounts):
    article = _with_origins(session, "aggregator-ai-disclosed.txt")
    _with_origins(session, "leaked-chatbot.txt")
    report = reports.build(session)
    changed = [i for i in report.follow_up if i.flag == "origin_changed"]
    unsupported = [i for i in report.follow_up if i.flag == "origin_unsupported"]
    assert len(changed) >= 3 and unsupported
    rows = _csv_rows(session, batch=5)
    for item in changed:
        row = rows[item.claim_id]
        assert "origin_changed" in row["flags"].split()
        for e in item.evidence:
            assert f"{e['kind']}: claim “{e['claim']}” vs origin “{e['origin']}”" in row["origin_differences"]
    fund = next(i for i in changed if "$4.85 billion" in i.text)
    assert rows[fund.claim_id]["origin_differences"] == "number: claim “$4.85 billion” vs origin “$4.58 billion”"
    for item in unsupported:
        assert "origin_unsupported" in rows[item.claim_id]["flags"].split()
        assert rows[item.claim_id]["origin_differences"].startswith("unsupported: ")
    traced = {i.claim_id for i in changed + unsupported}
    assert all(r["origin_differences"] == "" for cid, r in rows.items() if cid not in traced)
    # Resolved by an editor: gone from the flags and from the differences, as from the queue.
    reports.decide(session, flag="origin_changed", article_id=article.id, claim_id=fund.claim_id,
                   actor=accounts["editor"], action="resolve", reason="Corrected by the outlet")
    row = _csv_rows(session)[fund.claim_id]
    assert "origin_changed" not in row["flags"].split() and row["origin_differences"] == ""


@pytest.mark.parametrize("batch", [1, 7, 1000])
def test_claims_csv_flags_batch_by_batch_equal_the_reports(session, worked, accounts, batch):
    article, hostile, units = worked
    editor = accounts["editor"]
    claims.record_verdict(session, claim_id=units[1].id, rating="false", rationale="", author=editor)  # disputed
    claims.assign(session, claim_id=units[5].id, assignee_id=accounts["fact-checker"].id, actor=editor)
    session.execute(update(ClaimUnit).where(ClaimUnit.id == units[5].id).values(updated_at=utcnow() - timedelta(days=2)))
    session.commit()
    report = reports.build(session)
    first, second = [i for i in report.follow_up if i.claim_id][:2]
    reports.decide(session, flag=first.flag, article_id=first.article_id, claim_id=first.claim_id, actor=editor,
                   action="resolve", reason="Done")
    reports.decide(session, flag=second.flag, article_id=second.article_id, claim_id=second.claim_id, actor=editor,
                   action="snooze", snoozed_until=utcnow().date() + timedelta(days=2))
    expected = defaultdict(list)
    for item in reports.build(session, stale_days=1).follow_up:
        if item.claim_id:
            expected[item.claim_id].append(item.flag)
    rows = _csv_rows(session, batch=batch, stale_days=1)
    assert {cid: r["flags"].split() for cid, r in rows.items() if r["flags"]} == {
        cid: sorted(flags, key=reports.FLAGS.index) for cid, flags in expected.items()}
    assert "disputed" in rows[units[1].id]["flags"].split() and "stale" in rows[units[5].id]["flags"].split()
    assert first.flag not in rows[first.claim_id]["flags"].split()
    assert second.flag not in rows[second.claim_id]["flags"].split()
