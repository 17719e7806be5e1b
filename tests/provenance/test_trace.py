"""trace() on small articles: statuses, matches, edge cases, and that the core stays pure."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from factcheck.analysis import analyze
from factcheck.provenance import trace

DATA = Path(__file__).resolve().parents[2] / "data"
PUBLISHED = date(2026, 2, 24)

ORIGIN = """Millbrook council approves budget

The Millbrook city council voted 7-2 on Monday to approve a $412.6 million budget for the coming year.

Property taxes will rise 3.1% for the average homeowner, the first increase since 2019. Council member Rosa Delgado-Hart said the increase would pay for 24 new firefighters.

The library system's budget falls 6%, to $11.3 million, and two branches will cut their Sunday hours.
"""


def traced(article_body: str, *origins: str):
    article = analyze("Rewrite\n\n" + article_body, published=PUBLISHED)
    return trace(article, [analyze(o, published=PUBLISHED) for o in origins])


def test_a_faithful_paraphrase_is_supported():
    (c,) = traced("Millbrook's council voted 7-2 on Monday to approve a $412.6 million budget "
                  "for the coming year.", ORIGIN).claims
    assert c.status == "supported" and c.differences == []
    assert c.matches[0].origin == 0
    assert "approve a $412.6 million budget" in c.matches[0].text


@pytest.mark.parametrize("body, difference", [
    ("The Millbrook city council voted 7-2 on Monday to approve a $421.6 million budget for the "
     "coming year.", ("number", "$421.6 million", "$412.6 million")),
    ("Property taxes will rise 1.3 percent for the average homeowner, the first increase since "
     "2019.", ("number", "1.3 percent", "3.1%")),
    ("Property taxes will rise 3.1% for the average homeowner, the first increase since 2018.",
     ("date", "2018", "2019")),
    ("Council member Rosa Delgado-Hall said the increase would pay for 24 new firefighters.",
     ("name", "Rosa Delgado-Hall", "Rosa Delgado-Hart")),
])
def test_a_changed_detail_makes_a_changed_claim(body, difference):
    (c,) = traced(body, ORIGIN).claims
    assert c.status == "changed"
    assert [(d.kind, d.claim, d.origin) for d in c.differences] == [difference]


def test_a_sentence_no_origin_says_is_unsupported():
    (c,) = traced("Analysts at Meridian Capital expect the budget to add 2% to regional growth "
                  "by 2030.", ORIGIN).claims
    assert c.status == "unsupported" and c.matches == [] and c.differences == []


def test_numbers_alone_do_not_make_a_match():
    # Same kind of numbers, almost no words in common: not "changed", not "supported".
    (c,) = traced("Revenue was reported as $5.18 billion, up 6.5% from 2024.",
                  "Fare revenue rose to $186.3 million, covering 46% of operating costs, up "
                  "from 42% in 2024.").claims
    assert c.status == "unsupported" and c.differences == []


def test_a_claim_joining_two_origin_sentences_matches_both():
    (c,) = traced("Property taxes will rise 3.1%, the first increase since 2019, to pay for 24 "
                  "new firefighters.", ORIGIN).claims
    assert c.status == "supported"
    assert len(c.matches) == 2
    assert [m.start for m in c.matches] == sorted(m.start for m in c.matches)


def test_the_best_passage_is_found_across_several_origins():
    other = "Weather\n\nRain is expected across the county on Tuesday, with 40 mm in places.\n"
    (c,) = traced("The library system's budget falls 6%, to $11.3 million.", other, ORIGIN).claims
    assert c.status == "supported" and {m.origin for m in c.matches} == {1}


def test_no_origins_or_empty_origins_leave_every_claim_unsupported():
    article = analyze("T\n\nThe council approved a $412.6 million budget on Monday.",
                      published=PUBLISHED)
    assert [c.status for c in trace(article, []).claims] == ["unsupported"]
    assert [c.status for c in trace(article, [analyze("Title only")]).claims] == ["unsupported"]
    assert trace(analyze("Title only"), [analyze(ORIGIN)]).to_dict() == {
        "schema": "factcheck.trace/1", "claims": []}


@pytest.mark.parametrize("path", sorted(p for p in DATA.iterdir() if p.suffix in (".txt", ".html")),
                         ids=lambda p: p.name)
def test_an_article_traced_against_itself_is_supported_throughout(path):
    article = analyze(path.read_text(encoding="utf-8"), html=path.suffix == ".html",
                      published=PUBLISHED)
    result = trace(article, [article])
    assert result.claims and all(c.status == "supported" for c in result.claims)


def test_the_nearest_passage_of_an_unsupported_claim_is_kept_outside_the_json():
    (c,) = traced("Council member Rosa Delgado-Hart praised the new firefighters at length "
                  "while critics booed and walked out of the chamber.", ORIGIN).claims
    assert c.status == "unsupported" and c.matches == []
    assert c.nearest is not None and "Delgado-Hart" in c.nearest.text
    assert "nearest" not in c.to_dict()


def test_relative_dates_resolved_differently_show_the_dates_they_stand_for():
    article = analyze("T\n\nThe Millbrook city council voted 7-2 on Monday to approve a $412.6 "
                      "million budget for the coming year.", published=date(2026, 3, 3))
    (c,) = trace(article, [analyze(ORIGIN, published=PUBLISHED)]).claims
    assert c.status == "changed"
    assert [(d.kind, d.claim, d.origin) for d in c.differences] == [
        ("date", "Monday (2026-03-02)", "Monday (2026-02-23)")]


def test_provenance_imports_no_web_or_database_code():
    code = ("import sys, factcheck.provenance; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlmodel', 'sqlalchemy')]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_claims_from_elsewhere_need_only_id_offsets_and_text():
    """The database layer may pass its own claim rows: no dates, attributions or score."""
    from types import SimpleNamespace

    origin = analyze(ORIGIN, published=PUBLISHED)
    body = "The Millbrook city council voted 7-2 on Monday to approve a $421.6 million budget."
    text = "Rewrite\n\n" + body
    article = SimpleNamespace(text=text, claims=[SimpleNamespace(id=7, start=9, end=len(text),
                                                                 text=body)])
    (c,) = trace(article, [origin]).claims
    assert c.id == 7 and c.checkworthy is None
    assert c.status == "changed"
    assert [(d.claim, d.origin) for d in c.differences] == [("$421.6 million", "$412.6 million")]
