"""Property tests: any text traced against any text gives a valid trace with exact offsets."""
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.analysis import analyze
from factcheck.provenance import trace

NEWS_BITS = ["Daniel Okafor said ", "David Okafor said ", "$4.85 billion ", "$4.58 billion ",
             "8% ", "8 percent ", "in Q4 2025 ", "in Q3 2025 ", "on Thursday ", "doubled ",
             "tripled ", "most of the residents ", "according to the Harbour Ledger, ",
             "the fund. ", "The council voted 5-2. ", "\n\n", "2026年1月15日", "增长6.8%。",
             "US$3.2bn ", "1.2亿元 ", "J. R. ", "e\u0301", "\ud800", "😀 ", "Ελληνικά. "]
newsy_text = st.lists(st.one_of(st.sampled_from(NEWS_BITS), st.text(max_size=10)),
                      max_size=40).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(newsy_text, newsy_text, newsy_text)
def test_any_texts_give_a_valid_trace(article_text, first, second):
    published = date(2026, 1, 16)
    article = analyze("Title\n\n" + article_text, published=published)
    origins = [analyze(first, published=published), analyze(second)]
    result = trace(article, origins)
    assert [c.id for c in result.claims] == [c.id for c in article.claims]
    for c in result.claims:
        assert article.text[c.start:c.end] == c.text
        assert c.status in ("supported", "changed", "unsupported")
        assert (c.status == "changed") == bool(c.differences)
        assert bool(c.matches) == (c.status != "unsupported")
        for m in c.matches:
            assert origins[m.origin].text[m.start:m.end] == m.text
            assert 0.0 <= m.score <= 1.0
        for d in c.differences:
            assert d.kind in ("number", "date", "name", "quantity")
            assert d.claim and d.origin
            assert article.text[d.claim_start:d.claim_end] in d.claim
            assert origins[d.origin_index].text[d.origin_start:d.origin_end] in d.origin
    result.to_dict()
    result.summary()


def test_an_article_traced_against_itself_has_no_differences():
    text = ("T\n\nDaniel Okafor said the $4.85 billion fund doubled in Q4 2025. Most of the "
            "residents agreed, 8% more than in 2024. The council voted 5-2 on Thursday.")
    a = analyze(text, published=date(2026, 1, 16))
    assert all(c.status == "supported" for c in trace(a, [a]).claims)
