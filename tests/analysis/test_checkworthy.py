from factcheck.analysis.checkworthy import score
from factcheck.analysis.dates import find_dates


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
