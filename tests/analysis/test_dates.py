import re
import string
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.analysis import dates
from factcheck.analysis.dates import find_dates

WEDNESDAY = date(2026, 3, 4)


def read(text: str, published: date | None = WEDNESDAY):
    found = find_dates(text, 0, len(text), published)
    for d in found:
        assert text[d.start:d.end] == d.text
    return [(d.text, d.date_from.isoformat(), d.date_to.isoformat(), d.precision, d.relative)
            for d in found]


@pytest.mark.parametrize("text, expected", [
    ("Speaking on January 15, 2026, he said so.", ("January 15, 2026", "2026-01-15", "2026-01-15", "day", False)),
    ("It began on Jan. 9, 2025.", ("Jan. 9, 2025", "2025-01-09", "2025-01-09", "day", False)),
    ("It ended on 15 January 2026.", ("15 January 2026", "2026-01-15", "2026-01-15", "day", False)),
    ("The launch in Q4 2025 mattered.", ("Q4 2025", "2025-10-01", "2025-12-31", "quarter", False)),
    ("Results for the second quarter of 2026 came.", ("the second quarter of 2026", "2026-04-01", "2026-06-30", "quarter", False)),
    ("It beat Q3'25 estimates.", ("Q3'25", "2025-07-01", "2025-09-30", "quarter", False)),
    ("Sales rose in October 2025.", ("October 2025", "2025-10-01", "2025-10-31", "month", False)),
    ("Prices rose in early 2026.", ("early 2026", "2026-01-01", "2026-04-30", "part", False)),
    ("It opens in the second half of 2026.", ("the second half of 2026", "2026-07-01", "2026-12-31", "part", False)),
    ("Data from mid-2024 shows it.", ("mid-2024", "2024-05-01", "2024-08-31", "part", False)),
    ("The deal was signed in 2025.", ("2025", "2025-01-01", "2025-12-31", "year", False)),
    ("It happened on 2026-01-15 at noon.", ("2026-01-15", "2026-01-15", "2026-01-15", "day", False)),
    ("It was filed on 1/15/2026.", ("1/15/2026", "2026-01-15", "2026-01-15", "day", False)),
    ("It was filed on 25/12/2025.", ("25/12/2025", "2025-12-25", "2025-12-25", "day", False)),
    ("运营方于2026年1月15日公布数据。", ("2026年1月15日", "2026-01-15", "2026-01-15", "day", False)),
    ("泊位预计于2027年第二季度投入使用。", ("2027年第二季度", "2027-04-01", "2027-06-30", "quarter", False)),
    ("企业对2026年上半年持谨慎态度。", ("2026年上半年", "2026-01-01", "2026-06-30", "part", False)),
])
def test_absolute_dates(text, expected):
    assert read(text)[0] == expected


@pytest.mark.parametrize("text, expected", [
    ("The minister spoke on Tuesday.", ("Tuesday", "2026-03-03", "2026-03-03", "day", True)),
    ("The agency said on Wednesday it would respond.", ("Wednesday", "2026-03-04", "2026-03-04", "day", True)),
    ("The minister will speak on Tuesday.", ("Tuesday", "2026-03-10", "2026-03-10", "day", True)),
    ("Harlow confirmed on Tuesday that it will cut jobs.", ("Tuesday", "2026-03-03", "2026-03-03", "day", True)),
    ("They met yesterday.", ("yesterday", "2026-03-03", "2026-03-03", "day", True)),
    ("Talks begin next month.", ("next month", "2026-04-01", "2026-04-30", "month", True)),
    ("Budgets fell last year.", ("last year", "2025-01-01", "2025-12-31", "year", True)),
    ("Last week, orders fell.", ("Last week", "2026-02-23", "2026-03-01", "part", True)),
    ("Earlier this year, prices rose.", ("Earlier this year", "2026-01-01", "2026-03-04", "part", True)),
    ("Three days ago it rained.", ("Three days ago", "2026-03-01", "2026-03-01", "day", True)),
    ("It closed in December.", ("December", "2025-12-01", "2025-12-31", "month", True)),
    ("It will reopen in December.", ("December", "2026-12-01", "2026-12-31", "month", True)),
    ("The board will report back by June.", ("June", "2026-06-01", "2026-06-30", "month", True)),
    ("They met on Monday night.", ("Monday night", "2026-03-02", "2026-03-02", "day", True)),
    ("他上周三来了。", ("上周三", "2026-02-25", "2026-02-25", "day", True)),
    ("去年的数据显示增长。", ("去年", "2025-01-01", "2025-12-31", "year", True)),
])
def test_relative_dates_resolve_against_published(text, expected):
    assert read(text)[0] == expected


def test_relative_dates_need_a_published_date():
    assert read("The minister spoke on Tuesday and yesterday.", None) == []
    assert read("It launched in Q4 2025.", None)[0][0] == "Q4 2025"


def test_weekday_used_as_adjective_is_not_a_date():
    assert read("The commission added Saturday service in March 2025.") == [
        ("March 2025", "2025-03-01", "2025-03-31", "month", False)]


def test_counts_are_not_years():
    assert read("The company hired 2000 workers and employs more than 1950 people.") == []
    assert [d[0] for d in read("A 2025 report covered 2019 and 2020.")] == ["2025", "2019", "2020"]


def test_impossible_dates_are_skipped():
    assert read("Sales on February 30, 2026 were zero.") == []


def test_weekday_with_full_date_is_one_mention():
    assert read("On Thursday, Jan. 15, 2026, it snowed.")[0][:2] == ("Thursday, Jan. 15, 2026", "2026-01-15")


def test_past_date_after_publication_is_inconsistent():
    text = "The smaller Brookfield plant closed on March 20, 2026, after 41 years, the company said."
    [mention] = find_dates(text, 0, len(text), WEDNESDAY)
    assert mention.inconsistent is True
    assert "inconsistent" not in mention.to_dict()


@pytest.mark.parametrize("text", [
    "The plant will close on March 20, 2026.",
    "The plant closed on February 20, 2026.",
    "The last kilns are expected to be switched off by the end of September.",
])
def test_future_or_earlier_dates_are_consistent(text):
    assert not any(d.inconsistent for d in find_dates(text, 0, len(text), WEDNESDAY))


EDGE_TEXT = ("He left yesterday and returns tomorrow. Sales fell last week and last month. "
             "It ships next year, in the second half of next year, next quarter and on Monday. "
             "Two weeks ago it was quiet; in three years it will not be. 去年和明年都一样。")


@pytest.mark.parametrize("published", [date.max, date.min, date(9999, 12, 25), date(1, 1, 3)])
def test_relative_dates_at_the_ends_of_the_calendar_are_dropped_not_a_crash(published):
    # A page's metadata can claim 9999-12-31; "tomorrow" has no day then, so it is not read.
    found = read(EDGE_TEXT, published)
    for _text, lo, hi, _precision, _relative in found:
        assert date.min.isoformat() <= lo <= hi <= date.max.isoformat()
    assert ("yesterday" in [f[0] for f in found]) == (published > date.min)


def _candidate_starts_by_search(text, pos, floor):
    # The definition _candidate_starts reads backwards: one forward search per word.
    starts = [pos]
    if pos <= floor or text[pos - 1] not in " -,":
        return starts
    cut, lo = pos, max(floor, pos - 48)
    while cut > lo:
        m = dates._PREVIOUS_WORD.search(text, max(lo, cut - 16), cut)
        if m is None:
            break
        word = m.group(1).lower()
        if word not in dates._PREFIX_WORDS and not word.isdigit():
            break
        cut = m.start(1)
        starts.append(cut)
    return starts[::-1]


WALK_BITS = ["the ", "The ", "THE ", "second ", "half ", "of ", "early ", "mid-", "last, ", "two ",
             "12 ", "²³ ", "days ", "a ", "ago ", "x", "offspring", "   ", "-", ",", "\n", "’", "'",
             "ſ", "İ", "K", "on ", "Monday, ", "2026", "internationalspring ",
             "0123456789012345 ", "          "]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(WALK_BITS), max_size=14).map("".join), st.data())
def test_candidate_starts_match_the_forward_search(text, data):
    pos = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, pos))
    assert dates._candidate_starts(text, pos, floor) == _candidate_starts_by_search(text, pos, floor)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(dates._LOWER_ANCHORS), st.lists(st.sampled_from(
    [" ", "-", "s", "ago", " ago", " of ", " night", "2026", " 2026", "’s", "\u00a0", "ly"]),
    max_size=6).map("".join))
def test_no_lower_case_form_begins_at_a_closing_anchor_word(word, rest):
    # dates_at does not try the lower-case forms at these anchors.
    if not word.startswith(dates._OPENING_LOWER_ANCHORS):
        assert dates._BY_START["L"].match(word + rest) is None


@settings(max_examples=400, deadline=None)
@given(st.from_regex(r"[0-9]{1,2}\.[0-9]", fullmatch=True),
       st.text(alphabet="0123456789./- ,%QHJanuryMchstdqe年月", max_size=14))
def test_after_digits_and_a_dot_only_a_dotted_date_can_start(number, tail):
    # Decimals (4.85, 12.5%) are no date anchor, and dates_at tries only the dotted numeric
    # form there: both hold only while no other digit-first form can match at such a number.
    text = number + tail
    m = dates._BY_START["D"].match(text)
    assert m is None or m.lastgroup == "num"
    anchors = dates.date_anchors(text, 0, len(text), dates.word_set(text), text)
    assert (0 in anchors) == bool(dates._NUM_ONLY.match(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="将计划预期拟了曾已经昨天去年上周日 ab,’", max_size=12))
def test_cjk_tense_words_match_their_patterns(text):
    # _tense_of looks for the words with `in` rather than with these patterns.
    expected = ("future" if dates._CJK_FUTURE.search(text)
                else "past" if dates._CJK_PAST.search(text) else None)
    assert dates._tense_of(set(), text, 0, len(text)) == expected


_CATEGORIES = {r"\d": "CATEGORY_DIGIT", r"\D": "CATEGORY_NOT_DIGIT", r"\s": "CATEGORY_SPACE",
               r"\S": "CATEGORY_NOT_SPACE", r"\w": "CATEGORY_WORD", r"\W": "CATEGORY_NOT_WORD"}


def _first_chars(pattern: str, chars: str) -> str:
    """The chars that a match of pattern can start with, read from its parse tree."""
    from re import _constants as C, _parser
    categories = {getattr(C, name): cls for cls, name in _CATEGORIES.items()}
    classes = []  # (character class, flags); None: any character

    def walk(items, flags):
        # Adds what items can start with; True if they can also match empty.
        for op, av in items:
            if op is C.LITERAL:
                classes.append(("[" + re.escape(chr(av)) + "]", flags))
                return False
            if op is C.IN:
                body = ""
                for o, a in av:
                    if o is C.NEGATE:
                        body += "^"
                    elif o is C.LITERAL:
                        body += re.escape(chr(a))
                    elif o is C.RANGE:
                        body += re.escape(chr(a[0])) + "-" + re.escape(chr(a[1]))
                    else:
                        body += categories[a]
                classes.append(("[" + body + "]", flags))
                return False
            if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
                continue  # zero width
            if op is C.BRANCH:
                if not any([walk(alt, flags) for alt in av[1]]):
                    return False
            elif op is C.SUBPATTERN:
                _group, add, remove, inner = av
                if not walk(inner, (flags | add) & ~remove):
                    return False
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                if not walk(av[2], flags) and av[0] > 0:
                    return False
            else:
                classes.append(None)
                return False
        return True

    tree = _parser.parse(pattern)
    assert not walk(tree.data, tree.state.flags)  # no alternative matches empty
    if None in classes:
        return chars
    tests = [re.compile(cls, flags) for cls, flags in classes]
    return "".join(ch for ch in chars if any(t.fullmatch(ch) for t in tests))


def test_first_ascii_characters_are_those_the_alternatives_can_start_with():
    # dates_at tries at an ASCII letter or digit only the alternatives listed for it.
    alnum = string.ascii_letters + string.digits
    for alt in dates._ALTERNATIVES:
        kind = alt[4:alt.index(">")]
        assert sorted(dates._FIRST_ASCII[kind]) == sorted(_first_chars(alt, alnum)), kind


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(string.ascii_letters + string.digits),
       st.lists(st.sampled_from(["Jan", "uary", " 15", ", 2026", "day", " of ", "2026", "Q4",
                                 "irst half of ", "ast week", "n Monday", "ne", "H1", "4Q", "/1",
                                 "/2026", " ", "-", "'", "ago", "s", "年", "th", "arly ", "ſ"]),
                max_size=6).map("".join))
def test_first_character_patterns_match_as_their_kinds_pattern(first, rest):
    text = first + rest
    kind = "D" if first.isdigit() else "L" if first.islower() else "U"
    pattern = dates._BY_FIRST[first]
    got = None if pattern is None else pattern.match(text)
    m = dates._BY_START[kind].match(text)
    assert (got and (got.span(), got.lastgroup)) == (m and (m.span(), m.lastgroup))


def _anchors_by_definition(text: str) -> list[int]:
    # date_anchors(text, 0, len(text), ...) from the patterns its one scan stands for.
    anchors = [m.start() for m in dates._DIGITS.finditer(text)
               if dates._DIGIT_DATE_START.match(text, m.start())]
    anchors += [m.start() for m in dates._UPPER_ANCHOR_FAST.finditer(text)
                if m.end() == len(text) or not text[m.end()].isalpha()]
    if not dates.word_set(text).isdisjoint(dates._DATE_WORDS):
        anchors += [i for word in dates._LOWER_ANCHORS for i in range(len(text))
                    if text.startswith(word, i) and (i == 0 or not text[i - 1].isalpha())]
    anchors += [m.start() for m in dates._CJK_ANCHOR.finditer(text)]
    return sorted(anchors)


ANCHOR_BITS = ["1", "2", "19", "20", "26", "3", "0", " ", "  ", "\n", "\u00a0", ",", ".", "/",
               "-", "of ", "st", "nd", "th", "rd", " days", " ago", "week", "year", "s", "Q", "H",
               "年", "月", "１", "今天", "上周", "这", "Jan", "uary", "May", "Mon", "day", "Today",
               "x", "é", "Market", "a", "A"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(ANCHOR_BITS), max_size=12).map("".join))
def test_one_scan_anchors_are_those_of_their_definition(text):
    assert dates.date_anchors(text, 0, len(text), dates.word_set(text), text) == (
        _anchors_by_definition(text))
