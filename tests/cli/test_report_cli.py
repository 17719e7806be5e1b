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


def test_report_command_and_page_agree_on_the_demo(demo, database_url):
    from factcheck.web import create_app

    env, password = demo
    result = run(["report", "--json"], env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "factcheck.report/1"
    assert data["totals"]["with_verdict"] >= 2 and data["ai"]

    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "t"})
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"username": "editor", "password": password, "csrf_token": token})
    html = client.get("/report").get_data(as_text=True)
    app.extensions["engine"].dispose()
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

    rows = list(csv.reader(io.StringIO(run(["report", "--csv"], env).stdout)))
    figures = {(s, k): v for s, k, v in rows[1:]}
    assert figures[("totals", "claims")] == str(totals["claims"])
    assert figures[("agreement", "pairs")] == str(data["agreement"]["pairs"])
    text = run(["report"], env).stdout
    assert f"Claim units: {totals['claims']}" in text


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
