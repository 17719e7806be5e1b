"""Numbers, dates, names and quantity words: what counts as the same and what as a change."""
from __future__ import annotations

from datetime import date

import pytest

from factcheck.analysis.dates import find_dates
from factcheck.provenance.details import compare_texts, find_names, find_numbers, find_quantities

PUBLISHED = date(2026, 1, 16)


def diff(claim: str, origin: str) -> list[tuple[str, str, str]]:
    """compare_texts with the analysis' date mentions for both sides."""
    return compare_texts(claim, origin,
                         claim_dates=find_dates(claim, 0, len(claim), PUBLISHED),
                         origin_dates=find_dates(origin, 0, len(origin), PUBLISHED))


# -- numbers ---------------------------------------------------------------------------------

def test_numbers_are_read_with_currency_magnitude_and_percent():
    found = find_numbers("A fund of $4.85 billion, 8 percent, 12.5 per cent, US$3.2bn, "
                         "2,400 engineers, eight years, 3 percentage points and 1.2亿元.")
    assert [(n.text, n.cls, n.value) for n in found] == [
        ("$4.85 billion", "$", 4.85e9), ("8 percent", "percent", 8.0),
        ("12.5 per cent", "percent", 12.5), ("US$3.2bn", "$", 3.2e9),
        ("2,400", "count", 2400.0), ("eight", "count", 8.0),
        ("3 percentage points", "points", 3.0), ("1.2亿元", "¥", 1.2e8)]


def test_numbers_right_after_han_characters_are_read_but_not_after_latin_letters():
    found = find_numbers("港区计划投资45亿元人民币，吞吐量增长6.8%，新开通航线18条。Model A4 and COVID19 are labels.")
    assert [(n.text, n.cls, n.value) for n in found] == [
        ("45亿元", "¥", 4.5e9), ("6.8%", "percent", 6.8), ("18", "count", 18.0)]


def test_times_ordinals_decades_and_labels_are_not_numbers():
    assert find_numbers("At 10:30 a.m. in Q4, the 1st of many, laid in the 1920s, a 5km run.") == []


@pytest.mark.parametrize("claim, origin", [
    ("The fund holds $4.85 billion.", "The fund holds $4.58 billion."),
    ("It will pay for an $86 million program.", "It will pay for a $68 million program."),
    ("Exports rose 27% last year.", "Exports rose 32 percent last year."),
    ("The fund holds $4.85 million.", "The fund holds $4.85 billion."),
    ("The plan covers six months.", "The plan covers three months."),
])
def test_a_changed_number_is_named_on_both_sides(claim, origin):
    (kind, mine, theirs), = diff(claim, origin)
    assert kind == "number"
    assert mine in claim and theirs in origin


@pytest.mark.parametrize("claim, origin", [
    ("Exports rose 8%.", "Exports rose 8 percent."),
    ("Exports rose 8 per cent.", "Exports rose 8%."),
    ("The fund holds $4.85 billion.", "The fund holds $4,850 million."),
    ("The port handled 3.2 million containers.", "The port handled 3,214,000 containers."),
    ("Rates rise 11%.", "Rates rise 11.4%."),
    ("The plan takes eight years.", "The plan takes 8 years."),
])
def test_the_same_number_written_otherwise_or_rounded_is_not_a_change(claim, origin):
    assert diff(claim, origin) == []


@pytest.mark.parametrize("claim, origin", [
    ("Exports rose 8%.", "Exports rose $8 million."),  # a percentage is not an amount
    ("46 engineers were hired.", "2,400 workers were hired."),  # counts of different things
    ("The bill rises to $64.40.", "The bill rises to $64.40, and 40 residents came."),  # an addition
    ("The bill rises to $64.40, and 40 residents came.", "The bill rises to $64.40."),  # an omission
])
def test_numbers_of_different_kinds_or_without_counterpart_are_not_compared(claim, origin):
    assert diff(claim, origin) == []


def test_two_changed_amounts_pair_by_the_words_around_them():
    claim = "Revenue rose to $22 million this year, and costs fell to $9 million."
    origin = "Revenue rose to $23 million this year, and costs fell to $8 million."
    assert diff(claim, origin) == [("number", "$22 million", "$23 million"),
                                   ("number", "$9 million", "$8 million")]


def test_unrelated_amounts_with_unlike_surroundings_are_not_paired():
    assert diff("Its retraining budget is $22 million, down from $26 million last year.",
                "Road repairs get $27.5 million, nearly double the $14.1 million budgeted.") == []


# -- dates -----------------------------------------------------------------------------------

def test_a_moved_quarter_is_a_date_change():
    assert diff("The program launched in Q4 2025.", "In Q3 2025 the program launched.") == [
        ("date", "Q4 2025", "Q3 2025")]


def test_a_moved_day_is_a_date_change():
    assert diff("The memorandum was signed on January 15, 2026.",
                "The memorandum was signed on January 16, 2026.") == [
        ("date", "January 15, 2026", "January 16, 2026")]


@pytest.mark.parametrize("claim, origin", [
    ("The program launched in 2025.", "In Q3 2025 the program launched."),  # less precise
    ("The program launched in Q4 2025.", "The program launched in December 2025."),
    ("The memorandum was signed on January 15, 2026.",
     "The memorandum was signed on Thursday, January 15, 2026."),
    ("The port handled more in 2025 than in 2024.", "The port handled more in 2025 than in 2024."),
])
def test_dates_that_overlap_agree(claim, origin):
    assert diff(claim, origin) == []


# -- names -----------------------------------------------------------------------------------

def test_names_are_runs_of_capitalised_words_without_sentence_openers():
    text = ("Following talks, Daniel Okafor, Northbridge's deputy, met The Greenfield Regional "
            "Water Authority in Calder Bay's port on Thursday. According to Priya Raman, it works.")
    assert [n.text for n in find_names(text)] == [
        "Daniel Okafor", "Greenfield Regional Water Authority", "Calder Bay", "Priya Raman"]


@pytest.mark.parametrize("claim, origin, pair", [
    ("Daniel Okafor said the corridor would grow.", "David Okafor said the corridor would grow.",
     ("Daniel Okafor", "David Okafor")),
    ("Joseph Chan, the minister, spoke.", "John Chan, the minister, spoke.",
     ("Joseph Chan", "John Chan")),
    ("The Calder Bay Port Authority agreed.", "The Calder Bay Harbour Authority agreed.",
     ("Calder Bay Port Authority", "Calder Bay Harbour Authority")),
])
def test_a_name_with_one_word_changed_is_a_name_change(claim, origin, pair):
    assert diff(claim, origin) == [("name", *pair)]


@pytest.mark.parametrize("claim, origin", [
    # more than one word apart: different bodies, not a renaming
    ("The Calder Bay Business Times reported it.", "The Calder Bay Port Authority reported it."),
    # the origin names both: the rewrite picked the other person
    ("Daniel Okafor said so.", "David Okafor said so, and Daniel Okafor agreed."),
    # only one side names someone
    ("Priya Raman said the terminal opens in 2027.", "The terminal opens in 2027."),
    ("Okafor said so.", "Okonkwo said so."),  # one-word names are out of reach
])
def test_other_name_differences_are_not_renamings(claim, origin):
    assert diff(claim, origin) == []


# -- quantity words ------------------------------------------------------------------------------

@pytest.mark.parametrize("claim, origin, pair", [
    ("The terminal doubled the port's capacity.", "The terminal tripled the port's capacity.",
     ("doubled", "tripled")),
    ("Most of the residents spoke against it.", "Some of the residents spoke against it.",
     ("Most", "Some")),
    ("The city halved its budget.", "The city doubled its budget.", ("halved", "doubled")),
])
def test_a_changed_quantity_word_is_a_quantity_change(claim, origin, pair):
    assert diff(claim, origin) == [("quantity", *pair)]


@pytest.mark.parametrize("claim, origin", [
    ("The terminal will double capacity.", "The terminal is doubling capacity."),
    ("It is the most ambitious plan.", "Some of the plan was cut."),  # "the most" is no proportion
    ("At most it will help.", "Some of the residents agreed."),
])
def test_quantity_words_that_agree_or_are_not_proportions(claim, origin):
    assert diff(claim, origin) == []


def test_proportions_need_of_or_a_plural_noun():
    words = [q.text for q in find_quantities("Most of them, some residents, the most ambitious, "
                                              "at most five, all day, half of the seats.")]
    assert words == ["Most", "some", "half"]
