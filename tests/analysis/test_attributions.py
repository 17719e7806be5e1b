import pytest

from factcheck.analysis.attributions import _SPEAKERS_BEFORE, Attributor, _may_end


def attributions(*sentences: str):
    attributor = Attributor()
    out = []
    for sentence in sentences:
        found = attributor.find(sentence, 0, len(sentence))
        for a in found:
            assert sentence[a.start:a.end] == a.text
        out.append([(a.text, a.source) for a in found])
    return out


@pytest.mark.parametrize("sentence, expected", [
    ("According to the South China Morning Post, the synergy is real.",
     ("According to the South China Morning Post", "South China Morning Post")),
    ("About 2,400 engineers have enrolled, according to the Calder Bay Business Times.",
     ("according to the Calder Bay Business Times", "Calder Bay Business Times")),
    ("Xiao Ting, chairman of Bank of Communications (Hong Kong), emphasized that AI helps.",
     ("Xiao Ting, chairman of Bank of Communications (Hong Kong), emphasized", "Xiao Ting")),
    ('"We will win," said John Smith, the coach.', ("said John Smith", "John Smith")),
    ('"Batteries are our fastest-growing cargo," Raman said.', ("Raman said", "Raman")),
    ("The ministry said in a statement that the bridge was safe.",
     ("The ministry said in a statement", "The ministry")),
    ("Officials said the bridge was safe.", ("Officials said", "Officials")),
    ("A spokesperson for the Ministry of Foreign Affairs told reporters the talks failed.",
     ("A spokesperson for the Ministry of Foreign Affairs told",
      "A spokesperson for the Ministry of Foreign Affairs")),
    ("Eastvale's mayor, Gwen Alsop, said the council would ask for funds.",
     ("Gwen Alsop, said", "Gwen Alsop")),
    ("Brightwater Logistics Inc. (BWLX) on Thursday reported net income of $84.3 million.",
     ("Brightwater Logistics Inc. (BWLX) on Thursday reported", "Brightwater Logistics Inc. (BWLX)")),
    ("据《深港经济观察》报道，港区吞吐量增长。", ("据《深港经济观察》报道", "《深港经济观察》")),
    ("据海关统计数据显示，出口下降。", ("据海关统计数据显示", "海关统计数据")),
    ("东湾港区管理公司新闻发言人林志远表示：“增长最快。”",
     ("东湾港区管理公司新闻发言人林志远表示", "东湾港区管理公司新闻发言人林志远")),
])
def test_attribution_forms(sentence, expected):
    assert attributions(sentence)[0][0] == expected


def test_pronoun_resolves_to_the_latest_person():
    got = attributions("Joseph Chan Ho-lim, undersecretary for Financial Services, highlighted the role.",
                       "He stated that the city would help.")
    assert got[1] == [("He stated", "Joseph Chan Ho-lim")]


def test_it_is_left_as_written_and_i_is_the_writer():
    got = attributions("The Courier asked a chatbot whether the photo was real.",
                       'It replied: "I cannot verify this."', "I said no.")
    assert got == [[], [("It replied", "It")], []]


@pytest.mark.parametrize("sentence", [
    "The claims were false.",
    "The commission added half-hourly Saturday service.",
    "The freight company posted revenue of $1.37 billion.",
    "Nobody on the council pretended this was an easy year.",
])
def test_no_attribution(sentence):
    assert attributions(sentence) == [[]]


@pytest.mark.parametrize("window", [
    "'he ", "ex-he ", "the Monday ", "ex-Smith ", "the subministry ", "the ministry, ",
    "Xiao Ting, chairman of the bank, ", "a spokesperson (ceo) ", "officials also ",
    "he later ", "bathe police ", "the police officer Smith ", "the ministry on Monday ",
])
def test_may_end_never_rejects_a_window_that_matches(window):
    # _may_end only skips searches that cannot succeed: odd word edges included
    last = window.rsplit(None, 1)[-1]
    for kind, pattern in _SPEAKERS_BEFORE:
        if pattern.search(window):
            assert _may_end(kind, last), (kind, window)


def test_may_end_rejects_a_lowercase_word_that_ends_no_speaker():
    assert not any(_may_end(kind, "was") for kind in ("pron", "name", "np"))
    assert _may_end("np", "company") and not _may_end("name", "company")


@pytest.mark.parametrize("sentence, expected", [
    # Another trigger word in the sentence used to send only non-ASCII sentences through the
    # full trigger scan, which also took "non-according" and missed nothing the other way.
    ("Lee Chan said prices fell, non-according to the ministry",
     [("Lee Chan said", "Lee Chan")]),
    # An apostrophe opening a quotation does not hide the trigger after it.
    ("Lee Chan said prices fell 'according to the ministry",
     [("Lee Chan said", "Lee Chan"), ("according to the ministry", "the ministry")]),
    ("Prices fell 'according to the ministry",
     [("according to the ministry", "the ministry")]),
    ("Prices fell ‘according to the ministry", [("according to the ministry", "the ministry")]),
])
def test_ascii_and_non_ascii_sentences_find_the_same_triggers(sentence, expected):
    # The same sentence with a non-ASCII ending takes the other route through the trigger search.
    assert attributions(sentence + ".", sentence + ", é.") == [expected, expected]
