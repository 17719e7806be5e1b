"""`factcheck report` and the Report page agree on the demo data; exports from the command line."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.cli.test_cli import run
from tests.conftest import csrf_token


@pytest.fixture
def demo(database_url, tmp_path):
    env = {"DATABASE_URL": database_url, "FACTCHECK_INSTANCE": str(tmp_path / "instance")}
    result = run(["demo", "--no-serve"], env)
    assert result.returncode == 0, result.stderr
    password = re.search(r"editor\s+editor\s+(\S+)", result.stdout).group(1)
    return env, password


def _editor_client(app, password):
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"username": "editor", "password": password, "csrf_token": token})
    return client


def _agreement_on_the_page(html):
    dd = re.search(r'<dd id="agreement" data-pairs="(\d+)" data-agreeing="(\d+)" data-share="([^"]*)" '
                   r'data-kappa="([^"]*)">(.*?)</dd>', html, re.S)
    pairs, agreeing, share, kappa, shown = dd.groups()
    return {"pairs": int(pairs), "agreeing": int(agreeing), "share": float(share) if share else None,
            "kappa": float(kappa) if kappa else None}, " ".join(shown.split())


def _assert_agreement_agrees(data, html, figures, text):
    a = data["agreement"]
    on_page, shown = _agreement_on_the_page(html)
    assert on_page == a
    assert {k: figures[("agreement", k)] for k in ("pairs", "agreeing", "share", "kappa")} == {
        k: "" if a[k] is None else str(a[k]) for k in ("pairs", "agreeing", "share", "kappa")}
    if not a["pairs"]:
        assert shown == "no claim has two reviewers yet" and "no claim has verdicts from two reviewers" in text
        return
    assert shown.startswith(f"{a['agreeing']}/{a['pairs']} agree ({100 * a['share']:.0f}%)")
    assert f"Reviewer agreement: {a['agreeing']}/{a['pairs']} pairs agree" in text
    if a["kappa"] is None:
        assert shown.endswith("κ needs 5 pairs") and "(kappa needs 5 pairs)" in text
    else:
        assert shown.endswith(f"Cohen's κ {a['kappa']:.2f}") and f"Cohen's kappa {a['kappa']:.2f}" in text


def _report_everywhere(env, database_url, password):
    from factcheck.web import create_app

    result = run(["report", "--json"], env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "t"})
    html = _editor_client(app, password).get("/report").get_data(as_text=True)
    app.extensions["engine"].dispose()
    rows = list(csv.reader(io.StringIO(run(["report", "--csv"], env).stdout)))
    return data, html, {(s, k): v for s, k, v in rows[1:]}, run(["report"], env).stdout


def test_report_command_and_page_agree_on_the_demo(demo, database_url):
    env, password = demo
    data, html, figures, text = _report_everywhere(env, database_url, password)
    assert data["schema"] == "factcheck.report/1"
    assert data["totals"]["with_verdict"] >= 2 and data["ai"]
    totals = data["totals"]
    assert f'<dd id="total-articles">{totals["articles"]}</dd>' in html
    assert f'<dd id="total-claims">{totals["claims"]}</dd>' in html
    assert f'<dd id="total-with-verdict">{totals["with_verdict"]}' in html
    assert f'<dd id="total-follow-up">{len(data["follow_up"])}</dd>' in html
    # The page lists the queue 25 at a time, with every flag's count.
    assert html.count('class="queue-item') == min(25, len(data["follow_up"]))
    assert f"Follow-up queue ({len(data['follow_up'])} open" in html
    for flag, n in data["flag_counts"].items():
        assert (f">{flag}: {n}</a>" in html) == bool(n), flag
    for item in data["ai"]:
        assert item["title"] in html or item["title"].replace("'", "&#39;") in html
    assert "Verdicts by rating: " + "; ".join(f"{r} {n}" for r, n in totals["by_rating"].items()) in html
    assert figures[("totals", "claims")] == str(totals["claims"])
    assert f"Claim units: {totals['claims']}" in text
    # The demo has one claim with two reviewers: too few pairs for kappa.
    assert data["agreement"]["pairs"] == 1 and data["agreement"]["kappa"] is None
    _assert_agreement_agrees(data, html, figures, text)


def test_report_command_and_page_agree_on_agreement_and_kappa(demo, database_url):
    from sqlmodel import Session, select

    from factcheck.db import make_engine
    from factcheck.models import ClaimUnit, User
    from factcheck.services import claims

    env, password = demo
    engine = make_engine(database_url)
    with Session(engine, expire_on_commit=False) as session:
        checker = session.exec(select(User).where(User.username == "checker")).one()
        editor = session.exec(select(User).where(User.username == "editor")).one()
        units = session.exec(select(ClaimUnit).where(ClaimUnit.checkworthy >= 0.6, ClaimUnit.active)
                             .order_by(ClaimUnit.id).offset(10).limit(7)).all()
        assert len(units) == 7
        # Seven more pairs (eight with the demo's): five agree, two do not.
        for unit, (a, b) in zip(units, [("true", "true"), ("false", "false"), ("true", "true"), ("mixed", "mixed"),
                                        ("false", "false"), ("true", "false"), ("mixed", "true")]):
            claims.record_verdict(session, claim_id=unit.id, rating=a, rationale="", author=checker)
            claims.record_verdict(session, claim_id=unit.id, rating=b, rationale="", author=editor)
    engine.dispose()
    data, html, figures, text = _report_everywhere(env, database_url, password)
    assert data["agreement"]["pairs"] == 8 and data["agreement"]["agreeing"] == 5
    assert data["agreement"]["kappa"] is not None
    _assert_agreement_agrees(data, html, figures, text)


@pytest.mark.parametrize("kind", ["claims", "claimreview", "annotations"])
def test_export_commands_write_files(demo, tmp_path, kind):
    env, _ = demo
    out = tmp_path / f"out.{kind}"
    result = run(["export", kind, "--out", str(out)], env)
    assert result.returncode == 0, result.stderr
    body = out.read_text(encoding="utf-8")
    if kind == "claims":
        rows = list(csv.DictReader(io.StringIO(body)))
        assert len(rows) > 100 and any(r["latest_verdict"] == "mostly_false" for r in rows)
    elif kind == "claimreview":
        assert json.loads(body)[0]["reviewRating"]["alternateName"] == "Mostly false"
    else:
        assert json.loads(body)["total"] >= 2


def test_factcheck_stale_days_reaches_the_report_and_the_claims_csv(demo, database_url, tmp_path, monkeypatch):
    from datetime import timedelta

    from sqlalchemy import update
    from sqlmodel import Session, col, select

    from factcheck.db import make_engine
    from factcheck.models import ClaimUnit, Comment
    from factcheck.timeutil import utcnow
    from factcheck.web import create_app

    env, password = demo
    # The demo assigned two claims to the fact-checker and commented on one. Both were last
    # saved three days ago; the comment is from today.
    engine = make_engine(database_url)
    with Session(engine) as session:
        assigned = session.exec(select(ClaimUnit.id).where(col(ClaimUnit.assignee_id).is_not(None))).all()
        commented = set(session.exec(select(Comment.claim_id)).all())
        session.execute(update(ClaimUnit).where(col(ClaimUnit.id).in_(assigned))
                        .values(updated_at=utcnow() - timedelta(days=3)))
        session.commit()
    engine.dispose()
    idle = sorted(set(assigned) - commented)
    assert len(assigned) == 2 and len(idle) == 1

    def stale_in_report(extra):
        data = json.loads(run(["report", "--json", "--flag", "stale"], {**env, **extra}).stdout)
        return sorted(i["claim_id"] for i in data["follow_up"])

    def stale_in_csv(extra):
        out = tmp_path / "claims.csv"
        assert run(["export", "claims", "--out", str(out)], {**env, **extra}).returncode == 0
        return sorted(int(r["claim_id"]) for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
                      if "stale" in r["flags"].split())

    assert stale_in_report({}) == stale_in_csv({}) == []            # default: 7 days
    assert stale_in_report({"FACTCHECK_STALE_DAYS": "2"}) == stale_in_csv({"FACTCHECK_STALE_DAYS": "2"}) == idle
    assert stale_in_report({"FACTCHECK_STALE_DAYS": "4"}) == []

    # The web app reads the same setting from the environment: report page and claims download.
    for name, value in {**env, "FACTCHECK_STALE_DAYS": "2", "FACTCHECK_SECRET_KEY": "t"}.items():
        monkeypatch.setenv(name, value)
    app = create_app({"TESTING": True})
    client = _editor_client(app, password)
    html = client.get("/report?flag=stale").get_data(as_text=True)
    assert re.findall(r'data-flag="stale" data-claim-id="(\d+)"', html) == [str(c) for c in idle]
    body = client.get("/exports/claims.csv").get_data(as_text=True)
    app.extensions["engine"].dispose()
    assert sorted(int(r["claim_id"]) for r in csv.DictReader(io.StringIO(body)) if "stale" in r["flags"].split()) == idle


def test_origin_flags_and_their_evidence_in_report_json_and_claims_csv(demo, tmp_path):
    env, _ = demo
    data = json.loads(run(["report", "--json"], env).stdout)
    changed = {i["claim_id"]: i for i in data["follow_up"] if i["flag"] == "origin_changed"}
    unsupported = {i["claim_id"]: i for i in data["follow_up"] if i["flag"] == "origin_unsupported"}
    assert data["flag_counts"]["origin_changed"] == len(changed) >= 4 and unsupported
    # The demo's planted changes, each with both sides named.
    sides = {(e["kind"], e["claim"], e["origin"]) for i in changed.values() for e in i["evidence"]}
    assert {("number", "$4.85 billion", "$4.58 billion"), ("name", "Daniel Okafor", "David Okafor"),
            ("date", "Q4 2025", "Q3 2025"), ("number", "$86 million", "$68 million")} <= sides
    for item in changed.values():
        for e in item["evidence"]:
            assert f"“{e['claim']}” vs origin “{e['origin']}”" in item["reason"]
    assert all(i["reason"].startswith("no origin document says this") for i in unsupported.values())

    out = tmp_path / "claims.csv"
    assert run(["export", "claims", "--out", str(out)], env).returncode == 0
    rows = {int(r["claim_id"]): r for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))}
    for claim_id, item in changed.items():
        assert "origin_changed" in rows[claim_id]["flags"].split()
        assert rows[claim_id]["origin_differences"] == "; ".join(
            f"{e['kind']}: claim “{e['claim']}” vs origin “{e['origin']}”" for e in item["evidence"])
    for claim_id in unsupported:
        assert "origin_unsupported" in rows[claim_id]["flags"].split()
        assert rows[claim_id]["origin_differences"].startswith("unsupported: ")
    # Every claim's flags in the CSV are the report's open flags for it.
    report_flags = {}
    for item in data["follow_up"]:
        if item["claim_id"]:
            report_flags.setdefault(item["claim_id"], set()).add(item["flag"])
    assert {cid: set(r["flags"].split()) for cid, r in rows.items() if r["flags"]} == report_flags
