import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.analysis import checkworthy
from factcheck.analysis.checkworthy import score
from factcheck.analysis.dates import find_dates
from factcheck.analysis.words import word_set


def rate(text: str):
    dates = find_dates(text, 0, len(text), None)
    return score(text, 0, len(text), dates, [])


def test_rhetorical_opener_scores_low():
    value, reasons = rate("One city has the money, the other has the factories—and now they are "
                          "finally on the same page.")
    assert value <= 0.1
    assert "opinion or hype: finally" in reasons


def test_rhetorical_question_scores_low():
    value, reasons = rate("Is this the future of finance?")
    assert value == 0.0 and any(r.startswith("question") for r in reasons)


def test_factual_sentence_scores_high_with_reasons():
    value, reasons = rate("China's Belt and Road Initiative saw a record $213.5 billion in new deals "
                          "in 2025, a 75% increase from 2024.")
    assert value >= 0.9
    assert "money: $213.5 billion" in reasons
    assert "percentage: 75%" in reasons
    assert "date: 2025" in reasons
    assert "superlative: record" in reasons
    assert not any(r.startswith("number: 2025") for r in reasons)  # a year is a date, not a number


def test_score_is_bounded_and_ordered():
    facts = rate("The Port of Calder Bay handled 3.2 million containers in 2025, 9% more than in 2024.")[0]
    filler = rate("In conclusion, it is important to remember the community.")[0]
    assert 0.0 <= filler < facts <= 1.0


def test_chinese_sentence():
    value, reasons = rate("2025年港区完成集装箱吞吐量812万标准箱，同比增长6.8%。")
    assert value >= 0.5
    assert "percentage: 6.8%" in reasons


_PHRASE_PIECES = ["compared", "with", "to", "up", "down", "from", "I", "i", "think", "believe",
                  "we", "We", "in", "my", "view", "opinion", "ought", "of", "course", "it", "is",
                  "It", "important", "vital", "aims", "aim", "hopes", "are", "expected", "set",
                  "vıtal", "aimſ", "İn", "tank", "well"]
_PHRASE_GLUE = [" ", "  ", "-", "'", "’", ", ", ".", "\x00", "\n", "(", "é", ""]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PHRASE_GLUE), st.sampled_from(_PHRASE_PIECES)),
                max_size=8))
def test_phrases_match_as_their_definition_and_only_past_the_gate(parts):
    sentence = "".join(glue + piece for glue, piece in parts)
    defined = [(m.lastgroup, m.span())
               for m in checkworthy._PHRASES_DEFINITION.finditer(sentence)]
    for kind, pattern in checkworthy._PHRASE_PATTERNS.items():
        # Each kind's pattern finds every phrase of that kind (so its first one) and no other.
        assert [(m.lastgroup, m.span()) for m in pattern.finditer(sentence)] == [
            (k, span) for k, span in defined if k == kind]
    # score() looks for a kind only when one of its trigger words is among the words.
    kinds = {checkworthy._PHRASE_TRIGGER_KIND[w]
             for w in word_set(sentence) & checkworthy._PHRASE_TRIGGER_FORMS}
    assert {k for k, _ in defined} <= kinds


@pytest.mark.parametrize("sentence, phrase", [
    ("Sales reached 5 million compared with 2024.", "comparison: compared with"),
    ("Sales were well-compared with 2024.", None),  # one word, "well-compared"
    ("The ramp-up from 40 ships took a year.", None),
    ("I think-tank members met.", None),
    ("It is vıtal to act, she said.", None),  # ı is no i: no phrase, as no word "vital"
    # An apostrophe before or after the phrase is a quotation mark.
    ("Officials said on Monday: 'We believe the deficit will grow.'", "opinion or hype: We believe"),
    ("He said: 'I think we will win the vote.'", "opinion or hype: I think"),
    ("'It is important to act now,' he said.", "opinion or hype: It is important"),
    ("The board acted at once, 'of course'.", "opinion or hype: of course"),
])
def test_phrases_are_whole_words(sentence, phrase):
    _, reasons = checkworthy.score(sentence, 0, len(sentence), [], [])
    found = [r for r in reasons if r.startswith(("comparison", "opinion", "hedged"))]
    assert found == ([phrase] if phrase else [])


# The pattern score() used to run on the lowercase sentence.
_INFORMAL_ENDING_LOWER = re.compile(r"['’](?:re|ve|ll|m|t(?<=n.t))")


def test_informal_ending_letters_have_no_other_upper_case():
    letters = set("revlmtn")
    for code in range(0x110000):
        c = chr(code)
        if c.isascii():
            continue
        assert not letters & set(c.lower()), c


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="'’rRevVElLmMtTnNİK a.", max_size=12))
def test_informal_ending_seen_as_on_the_lowercase_sentence(sentence):
    assert (checkworthy._INFORMAL_ENDING_SEEN.search(sentence) is None) == (
        _INFORMAL_ENDING_LOWER.search(sentence.lower()) is None)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="'’‘rRevVElLmMtTnNİK a.\n", max_size=14))
def test_informal_ending_seen_by_find_as_by_the_pattern(sentence):
    assert checkworthy._informal_ending_seen(sentence) == (
        checkworthy._INFORMAL_ENDING_SEEN.search(sentence) is not None)


@pytest.mark.parametrize("sentence", ["'m", "n't", "N’T", "'t", "t'", "’Re", "'rE'", "x'l", "'LL",
                                      "'ve", "’", "'", "n'", "’’m", "can''t"])
def test_informal_ending_seen_at_edges(sentence):
    assert checkworthy._informal_ending_seen(sentence) == (
        checkworthy._INFORMAL_ENDING_SEEN.search(sentence) is not None)


_NAMES_DEFINITION = re.compile(r"[A-Z][\w'’&.-]+(?:\s+(?:of\s+|for\s+|and\s+|de\s+)?[A-Z][\w'’&.-]+)*")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["Bank", "A", "of", "for", "and", "de", "x", " ", "  ", "\n", ".",
                                 "-", "’", "'", "&", ",", "É", "é"]), max_size=12))
def test_names_match_as_their_definition(parts):
    sentence = "".join(parts)
    assert [m.span() for m in checkworthy._NAMES.finditer(sentence)] == [
        m.span() for m in _NAMES_DEFINITION.finditer(sentence)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a 1$€£¥₹é.,%", max_size=10))
def test_may_hold_number_as_the_numeric_pattern(piece):
    assert checkworthy._may_hold_number(piece) == (checkworthy._NUMERIC.search(piece) is not None)


def test_marks_flag_exactly_where_names_and_ascii_numbers_can_start():
    # One byte per character, "A" exactly for [A-Z], "0" exactly for the ASCII first characters
    # of _NUMERIC (non-ASCII text takes the regex path for numbers).
    for code in range(0x110000):
        c = chr(code)
        mark = c.encode("ascii", "replace").translate(checkworthy._MARKS)
        assert mark == (b"A" if "A" <= c <= "Z" else b"0" if c in "0123456789$" else b" "), c


def _plain_evidence(text: str, start: int, end: int, dates) -> list[str]:
    """Names, numbers, money and percentages as score() found them with regex scans (finditer)."""
    sentence = text[start:end]
    found: dict[str, str] = {}
    for m in checkworthy._NUMERIC.finditer(text, start, end):
        raw, unit, scale = m.group(0, "unit", "scale")
        if raw[0] in "$€£¥₹":
            if "money" in found or len(raw) < 2 or not re.search("[0-9]", raw):
                continue
            prefix = checkworthy._CURRENCY_PREFIX.search(text, max(start, m.start() - 2), m.start())
            found["money"] = (prefix.group() if prefix else "") + raw.rstrip(",.")
        elif any(d.start <= m.start() < d.end for d in dates):
            continue
        elif unit:
            found.setdefault("percentage" if unit.strip()[:1] in "%p" else "money", raw)
        else:
            found.setdefault("number", raw if scale else raw.rstrip(",."))
    for n, m in enumerate(checkworthy._NAMES.finditer(sentence)):
        value = m.group()
        if n == 0 and " " not in value and not sentence[:m.start()].strip(checkworthy._LEAD_CHARS):
            continue
        if any(d.start <= start + m.start() < d.end for d in dates):
            continue
        if sentence.startswith("$", m.end()):
            continue
        if value.endswith(".") and not checkworthy._INITIALISM.search(value):
            value = value[:-1]
        found["names"] = value
        break
    return sorted(f"{kind}: {value}" for kind, value in found.items())


_SCAN_PIECES = ["Bank", "of", "Calder", "A", "I", "X.", "U.S.", "eBay", "McDonald", "US", "HK",
                "$", "€", "£", "¥", "₹", "3", "2025", "1,200.5", "5", "%", "percent", "million",
                "bn", "yuan", "dollars", "March", "May", "In", "the", "é", "É", "Ünal", "’s",
                "“", "”", "'", "—", "中", "2"]


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(["", "Lead. ", "é “"]),
       st.lists(st.tuples(st.sampled_from([" ", "", ", ", "\n", "-", "(", "."]),
                          st.sampled_from(_SCAN_PIECES)), max_size=10))
def test_names_and_numbers_found_as_by_regex_scans(lead, parts):
    text = lead + "".join(glue + piece for glue, piece in parts)
    start = len(lead)
    dates = find_dates(text, start, len(text), None)
    _, reasons = score(text, start, len(text), dates, [])
    assert sorted(r for r in reasons if r.startswith(("names:", "number:", "money:", "percentage:"))
                  ) == _plain_evidence(text, start, len(text), dates)


def test_words_looked_up_once_hold_every_set_score_tests():
    # score() meets the keyword, phrase-trigger and informal sets with `words & _LOOKED_UP`.
    assert (checkworthy._KEYWORD_WORDS | checkworthy._PHRASE_TRIGGER_FORMS
            | checkworthy._INFORMAL_WORDS) <= checkworthy._LOOKED_UP


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["'", "‘", "’", "\n", "_", "a", "1", "é", "²", " ", ".", "“",
                                 "a" * 39, " " * 40]), max_size=14))
def test_single_quoted_by_find_as_by_the_pattern(parts):
    sentence = "".join(parts)
    assert checkworthy._single_quoted(sentence) == (
        checkworthy._SINGLE_QUOTED_FAST.search(sentence) is not None) == (
        checkworthy._SINGLE_QUOTED.search(sentence) is not None)


@pytest.mark.parametrize("inside", range(0, 84))
@pytest.mark.parametrize("before, after", [("", ""), ("a", ""), (" ", "s"), ("_", " "), (" ", "_"),
                                           ("‘", "’"), ("", "\n")])
def test_single_quoted_at_every_length(inside, before, after):
    for opening, closing in (("'", "'"), ("‘", "’"), ("'", "’")):
        sentence = before + opening + "x" * inside + closing + after
        assert checkworthy._single_quoted(sentence) == (
            checkworthy._SINGLE_QUOTED_FAST.search(sentence) is not None), sentence
