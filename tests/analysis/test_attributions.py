import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.analysis import attributions as attributions_module
from factcheck.analysis.attributions import _SPEAKERS_BEFORE, Attributor, _may_end
from factcheck.analysis.words import word_set


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


# The speaker patterns as they read before their optional groups and repeats were rewritten so
# that the regex engine does not set up a repeat at every try (attributions.py, _NAME).
def _former_patterns():
    token, noun_words = attributions_module._NAME_TOKEN, attributions_module._NOUNS
    name = (rf"{token}(?:\s+(?:(?:of|for|and|the|de|van|von|bin|al|da|di|du|del|la|le|y)\s+)*"
            rf"{token}){{0,7}}(?:\s+\([^()\n]{{1,40}}\))?")
    noun_phrase = (rf"(?:{attributions_module._DETERMINER}\s+|{name}\s+|[A-Z][\w'’-]*+\s+)?"
                   rf"{attributions_module._FILLER}{{0,3}}?(?:{noun_words})"
                   rf"(?:\s+(?:for|of|at|from)\s+(?:the\s+)?{name})?")
    when = (r"(?:\s+(?:on\s+|last\s+|this\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
            r"Saturday|Sunday)|\s+(?:yesterday|today|earlier|later|recently|last\s+week|"
            r"this\s+week))?")
    adverbs = r"(?:(?:has|have|had|also|later|then|previously|earlier|repeatedly|once)\s+)*"
    tail = rf"(?P<app>,\s*[^,;\"“”\n]{{1,160}}+,|,)?{when}\s+{adverbs}$"
    return {
        "pron": re.compile(rf"(?P<pron>{attributions_module._PRONOUN_FAST}){when}\s+{adverbs}$"),
        "name": re.compile(rf"(?P<name>{name}){tail}"),
        "np": re.compile(rf"(?P<np>{noun_phrase}){tail}"),
        "after": re.compile(rf"\s+(?P<src>{name}|{noun_phrase})"),
        "source": re.compile(rf"(?P<src>(?:the\s+)?{name}|{attributions_module._STOP_AFTER}[\w'’&-]+"
                             rf"(?:\s+{attributions_module._STOP_AFTER}[\w'’&-]+){{0,7}})"),
        "noun then tail": re.compile(
            rf"(?:{noun_words})(?=(?:\s+(?:for|of|at|from)\s+(?:the\s+)?{name})?"
            + tail.replace("(?P<app>", "(?:") + ")"),
    }


_FORMER = _former_patterns()
_CURRENT = dict(_SPEAKERS_BEFORE, after=attributions_module._SPEAKER_AFTER,
                source=attributions_module._SOURCE_AFTER, **{"noun then tail": attributions_module._NOUN_THEN_TAIL})
_SPEAKER_PIECES = ["Xiao", "Ting", "Bank", "of", "the", "de", "la", "y", "Communications", "ministry",
                   "officials", "spokesperson", "for", "chairman", "he", "She", "It", "I", "we",
                   "on", "Monday", "last", "week", "yesterday", "has", "also", "later", "once",
                   "a", "senior", "said", "(ceo)", "after", "A.", "O’Neil", "x"]
_SPEAKER_GLUE = [" ", "  ", ", ", ",", "\n", "", "-", "'", "\"", ". "]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_SPEAKER_GLUE), st.sampled_from(_SPEAKER_PIECES)),
                max_size=10), st.sampled_from(["", " ", "  "]))
def test_speaker_patterns_match_as_they_did(parts, ending):
    window = "".join(glue + piece for glue, piece in parts) + ending
    for kind, pattern in _CURRENT.items():
        former = _FORMER[kind]
        for pos in range(0, len(window) + 1, 3):
            new, old = pattern.search(window, pos), former.search(window, pos)
            assert (new and (new.span(), new.groupdict())) == (
                old and (old.span(), old.groupdict())), (kind, window, pos)
            new, old = pattern.match(window, pos), former.match(window, pos)
            assert (new and (new.span(), new.groupdict())) == (
                old and (old.span(), old.groupdict())), (kind, window, pos)


_TRIGGER_PIECES = ["said", "Said", "according to", "According to", "reported by", "reported",
                   "pointed out", "citing", "told", "说", "表示", "据", "指出", "ex-", "é", "'",
                   "Lee", "the ministry", "，", "。", "“", "’"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", " ", "-", "é"]), st.sampled_from(_TRIGGER_PIECES)),
                max_size=8))
def test_triggers_per_word_match_the_full_scan(parts):
    sentence = "".join(glue + piece for glue, piece in parts)
    words = word_set(sentence)
    hits = words & attributions_module._TRIGGER_WORDS
    hits |= {w[1:] for w in words & attributions_module._QUOTED_TRIGGER_WORDS}
    if len(hits) > 3:
        return
    full = [m.span() for m in attributions_module._TRIGGER.finditer(sentence)
            if (word := attributions_module._TRIGGER_WORD_OF.get(m.group())) is None
            or word in hits]
    found = Attributor._triggers(sentence, 0, len(sentence), hits, sentence.isascii())
    assert [m.span() for m in found] == full
