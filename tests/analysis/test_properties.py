"""Property tests: any Unicode text gives exact, non-overlapping claims inside one block."""
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.analysis import analyze

NEWS_BITS = ["Dr. ", "U.S. ", "p.m. ", "No. 5 ", "3.5% ", "$1.2 billion ", "...", "…", '?" ', '." ',
             "。", "！", "？", "“", "”", "\n", "\n\n", "Related Articles\n", "By Jane Doe\n",
             "on Tuesday ", "Q4 2025 ", "2026年1月15日", "according to the Post, ", "he said. ",
             "This content is AI-generated. ", "[[CITY]] ", "# ", "- ", "\x00", "\r\n", "\r",
             "e\u0301", "\ud800", "\udfff", "한국어 ", "Ελληνικά. ", "עברית. ", "😀 "]

any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=400)
newsy_text = st.lists(st.one_of(st.sampled_from(NEWS_BITS), st.text(max_size=12)),
                      max_size=60).map("".join)


def check(text: str, **kw) -> None:
    a = analyze(text, **kw)
    content = [b for b in a.blocks if b.kind != "boilerplate"]
    previous_end = -1
    for n, c in enumerate(a.claims, start=1):
        assert c.id == f"c{n}"
        assert a.text[c.start:c.end] == c.text and c.text
        assert c.start >= previous_end, "claims overlap or are out of order"
        previous_end = c.end
        holders = [b for b in content if b.start <= c.start and c.end <= b.end]
        assert len(holders) == 1, "a claim must lie inside exactly one block"
        assert 0.0 <= c.checkworthy <= 1.0
        for d in c.dates:
            assert a.text[d.start:d.end] == d.text and c.start <= d.start and d.end <= c.end
            assert d.date_from <= d.date_to
        for t in c.attributions:
            assert a.text[t.start:t.end] == t.text and c.start <= t.start and t.end <= c.end
    for b in a.blocks:
        assert 0 <= b.start <= b.end <= len(a.text)
    for s in a.ai.signals:
        if s.start is not None:
            assert a.text[s.start:s.end] == s.evidence


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_any_unicode_text(text):
    check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(newsy_text, st.sampled_from([None, date(2026, 3, 4), date(2000, 2, 29)]))
def test_news_like_text(text, published):
    check(text, published=published)


@settings(max_examples=100, deadline=None)
@given(newsy_text)
def test_markdown_and_html_inputs(text):
    check(text, markdown=True)
    check(f"<html><body><article><p>{text}</p><h2>{text[:20]}</h2></article></body></html>",
          html=True)
