"""Date mentions: surface text, span and the interval it denotes.

Candidates come from compiled patterns, tried only at anchors found by cheap scans (digits that
can begin a date, month and weekday names, date words, CJK date characters) and at the few words
before an anchor that can open a date ("the second half of 2026"). Most forms ("January 15,
2026", "Q4 2025", "2026年1月15日", "early 2026") are read completely by the patterns; only numeric
dates such as 1/15/2026 go to python-dateutil (cached), for its day-first rules.

Intervals: a day gives itself; a month its first and last day; a quarter, half, season or part
("early 2026" = January-April, "mid" = May-August, "late" = September-December, "the start of" =
January-March, "the end of" = October-December) gives its months with precision `part`
(quarters keep `quarter`); a year 1 January to 31 December; a week Monday to Sunday (`part`).

Relative mentions ("on Tuesday", "last week", "yesterday", "in March" without a year) resolve
against the published date and carry `relative=True`; without a published date they are left
out, since nothing says which Tuesday. Tense decides the direction: "on Tuesday" in a sentence
about the past is the latest Tuesday on or before publication, in one about the future
("will", "is expected to", "next") the first one after it.

Inconsistency: `DateMention.inconsistent` (not part of the JSON) is True for an absolute date
that begins after the published date in a sentence that speaks of it as past ("was signed on
March 3, 2027"). The report's `date_inconsistent` flag reads it.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil import parser as dateutil_parser

from .model import DateMention
from .words import word_set

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
             "saturday": 5, "sunday": 6}
_CJK_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4, "final": 4, "last": 4, "latter": 2}
_CJK_NUM = {"一": 1, "二": 2, "三": 3, "四": 4}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
# Parts of a year as (first month, last month).
_PARTS = {"early": (1, 4), "mid": (5, 8), "middle": (5, 8), "late": (9, 12), "start": (1, 3),
          "beginning": (1, 3), "end": (10, 12), "close": (10, 12), "turn": (1, 2),
          "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11),
          "winter": (12, 14), "初": (1, 3), "年初": (1, 3), "中": (5, 8), "年中": (5, 8),
          "底": (10, 12), "末": (10, 12), "年底": (10, 12), "年末": (10, 12)}

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:19|20)\d\d(?!\d)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)(?:st|nd|rd|th)?"
_D = "[0-9０-９]"
_CJK_YEAR = f"(?:19|20|１９|２０){_D}{{2}}"

_ALTERNATIVES = [
    rf"(?P<mdy>(?:{_WEEKDAY},?\s+)?(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>{_DAY})(?:,?\s+(?P<mdy_y>{_YEAR}))?)",
    rf"(?P<dmy>(?:{_WEEKDAY},?\s+)?(?P<dmy_d>{_DAY})\s+(?:of\s+)?(?P<dmy_m>{_MONTH})(?:,?\s+(?P<dmy_y>{_YEAR}))?)",
    rf"(?P<iso>(?<![\d-])(?P<iso_y>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])(?!\d))",
    r"(?P<num>(?<![\d/.])\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?![\d/])|(?<![\d.])\d{1,2}\.\d{1,2}\.(?:19|20)\d\d(?!\d))",
    rf"(?P<cjk>(?P<cjk_y>{_CJK_YEAR})\s*年\s*(?:(?P<cjk_m>{_D}{{1,2}})\s*月(?:\s*(?P<cjk_d>{_D}{{1,2}})\s*[日号])?"
    r"|第?(?P<cjk_q>[一二三四1-4])季度|(?P<cjk_h>[上下])半年|(?P<cjk_p>年初|年底|年末|年中|初|底|末))?)",
    rf"(?P<cjkmd>(?<![0-9０-９年])(?P<cjkmd_m>{_D}{{1,2}})\s*月\s*(?P<cjkmd_d>{_D}{{1,2}})\s*[日号])",
    r"(?P<cjkrel>(?P<cjkwd_mod>上|下|本|这)?(?:周|星期|礼拜)(?P<cjkwd>[一二三四五六日天])|今天|昨天|"
    r"前天|明天|后天|今年|去年|前年|明年|上周|本周|下周|上个?月|本月|下个?月|上季度|本季度|下季度)",
    rf"(?P<q>(?<!\w)Q(?P<q_n>[1-4])(?:\s*(?:of\s+)?(?:(?P<q_y>{_YEAR})|'(?P<q_yy>\d\d)(?!\d)))?(?!\w))",
    rf"(?P<yq>(?<!\w)(?P<yq_y>{_YEAR})\s*Q(?P<yq_n>[1-4])(?!\w))",
    rf"(?P<nq>(?<!\w)(?P<nq_n>[1-4])Q\s?(?:(?P<nq_y>{_YEAR})|(?P<nq_yy>\d\d)(?!\d)))",
    r"(?P<wq>(?i:(?:the\s+)?(?P<wq_n>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]"
    rf"quarter)(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<wq_y>{_YEAR}))?)",
    r"(?P<half>(?i:(?:the\s+)?(?P<half_n>first|second|latter|1st|2nd)\s+half\s+of\s+)"
    rf"(?:(?P<half_y>{_YEAR})|(?i:(?:the\s+)?(?P<half_rel>this|next|last|the)\s+year)))",
    rf"(?P<hy>(?<!\w)(?:H(?P<hy_n>[12])|(?P<hy_n2>[12])H)\s?(?:(?P<hy_y>{_YEAR})|'?(?P<hy_yy>\d\d)(?!\d)))",
    r"(?P<part>(?i:(?P<part_w>early|mid|late|(?:the\s+)?(?:start|beginning|end|middle|close|turn)\s+of"
    r"|(?:the\s+)?(?:early|late)\s+part\s+of|spring|summer|autumn|fall|winter)(?:\s+of)?[\s-]+)"
    rf"(?:(?P<part_m>{_MONTH})(?:\s+(?P<part_my>{_YEAR}))?|(?P<part_y>{_YEAR})))",
    rf"(?P<my>(?P<my_m>{_MONTH}),?\s+(?:of\s+)?(?P<my_y>{_YEAR}))",
    r"(?P<rel>(?i:today|tonight|yesterday|tomorrow|last\s+night"
    r"|this\s+(?:morning|afternoon|evening|week|month|year|quarter|weekend)"
    r"|(?:the\s+)?(?:last|next|past|previous|coming)\s+(?:week|month|year|quarter|weekend)"
    r"|(?:earlier|later)\s+this\s+(?:week|month|year)"
    r"|(?P<ago_n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?P<ago_u>days?|weeks?|months?|years?)\s+ago)(?!\w))",
    rf"(?P<wd>(?:(?P<wd_mod>(?i:this\s+past|last|next|this|coming|on|past))\s+)?(?P<wd_d>{_WEEKDAY})"
    r"(?:\s+(?i:morning|afternoon|evening|night))?(?!\w)"
    rf"(?!,?\s+(?:{_MONTH}\s+\d|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH})))",
    r"(?P<mo>(?<![\w-])(?P<mo_m>January|February|March|April|May|June|July|August|September|"
    r"October|November|December)(?![\w-]))",
    rf"(?P<yr>(?<![\w$€£¥#.,/]){_YEAR}(?:'s)?(?![\w%]|[.,]\d|\s*(?:%|percent|per cent)))",
]
# The kinds of character each alternative can start with (D digit, U upper, L lower, C other):
# at a position only the alternatives that can start there are tried, so failures stay cheap.
_STARTS = {"mdy": "U", "dmy": "DU", "iso": "D", "num": "D", "cjk": "D", "cjkmd": "D", "cjkrel": "C",
           "q": "U", "yq": "D", "nq": "D", "wq": "LUD", "half": "LUD", "hy": "UD", "part": "LU",
           "my": "U", "rel": "LUD", "wd": "LU", "mo": "U", "yr": "D"}
_YEAR_ONLY = re.compile(next(alt for alt in _ALTERNATIVES if alt.startswith("(?P<yr>")))
# At one or two digits followed by "." and a digit, every digit-first form fails (a day needs a
# space, a year four digits, "1st" letters, ...) except a dotted numeric date (15.01.2026): only
# that form is tried there. (Decimals such as 4.85 are no anchor at all.)
_DECIMAL_AHEAD = re.compile(r"\d{1,2}(?!\d)\.\d")
_NUM_ONLY = re.compile(r"(?P<num>(?<![\d.])\d{1,2}\.\d{1,2}\.(?:19|20)\d\d(?!\d))")
# Each alternative with its group name ("(?P<mdy>..." -> "mdy").
_NAMED = [(alt[4:alt.index(">")], alt) for alt in _ALTERNATIVES]
_BY_START = {kind: re.compile("|".join(alt for name, alt in _NAMED if kind in _STARTS[name]))
             for kind in "DULC"}
# The ASCII letters and digits each alternative can start with (a test derives them from the
# patterns). The engine enters every named alternative before it fails, and most of the
# case-insensitive ones without a quick first-character check: at an ASCII letter or digit only
# the alternatives of its kind that can start with it are tried, in their order, so the first
# that matches is the same. Other characters use _BY_START.
_FIRST_ASCII = {
    "mdy": "ADFJMNOSTW", "dmy": "FMSTW0123456789", "iso": "12", "num": "0123456789", "cjk": "12",
    "cjkmd": "0123456789", "cjkrel": "", "q": "Q", "yq": "12", "nq": "1234",
    "wq": "flstFLST1234", "half": "flstFLST12", "hy": "H12", "part": "abceflmstwABCEFLMSTW",
    "my": "ADFJMNOS", "rel": "aceflnopstyACEFLNOPSTY0123456789", "wd": "clnoptCFLMNOPSTW",
    "mo": "ADFJMNOS", "yr": "12"}


def _by_first() -> dict[str, re.Pattern | None]:
    """A pattern per ASCII letter and digit (None where no alternative can start with it)."""
    compiled: dict[str, re.Pattern | None] = {"": None}
    by_first: dict[str, re.Pattern | None] = {}
    for ch in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
        kind = "D" if ch <= "9" else "U" if ch <= "Z" else "L"
        joined = "|".join(alt for name, alt in _NAMED
                          if kind in _STARTS[name] and ch in _FIRST_ASCII[name])
        if joined not in compiled:
            compiled[joined] = re.compile(joined)
        by_first[ch] = compiled[joined]
    return by_first


_BY_FIRST = _by_first()


_FUTURE_WORDS = {
    "will", "won't", "shall", "would", "expect", "expects", "expected", "expecting", "scheduled",
    "schedules", "plan", "plans", "planned", "planning", "aim", "aims", "aiming", "intend",
    "intends", "intended", "upcoming", "next", "forecast", "forecasts", "forecasted", "projected",
    "projects", "until", "deadline", "target", "targets", "targeted", "anticipated", "anticipates",
    "could", "may", "might", "should", "hope", "hopes", "seek", "seeks", "vow", "vows", "proposed",
    "coming", "starting"}
_FUTURE_TRIGGERS = {"due", "set", "going", "held", "begin", "start", "effect", "end", "later",
                    "now", "pledged", "promised", "pledge", "promise"}
_FUTURE_PHRASE = re.compile(
    r"\b(?:due (?:to|in)|set to|going to|to be held|to begin|to start|to take effect|by the end of|"
    r"later this|from now|pledged? to|promised? to)\b", re.IGNORECASE)
_PAST_WORDS = {
    "was", "were", "had", "did", "said", "announced", "reported", "happened", "occurred", "held",
    "signed", "launched", "released", "published", "ago", "met", "spoke", "told", "died", "won",
    "lost", "rose", "fell", "grew", "saw", "made", "began", "started", "ended", "closed", "opened",
    "approved", "passed", "voted", "unveiled", "completed", "highlighted", "emphasized",
    "emphasised", "stated", "agreed", "confirmed", "arrested", "killed", "recorded", "posted",
    "reached", "hit", "dropped", "jumped", "surged", "declined", "increased", "decreased",
    "introduced", "issued", "filed", "ruled", "sentenced", "elected", "became", "came", "went",
    "gave", "took", "paid", "sold", "bought", "raised", "joined", "warned", "added", "noted",
    "denied", "claimed", "revealed", "showed", "found", "visited", "hosted", "attended",
    "returned", "resigned", "acquired", "invested", "spent", "earned", "delivered", "founded",
    "established", "yesterday", "last"}
_PAST_TRIGGERS = {"place"}
_PAST_PHRASE = re.compile(r"\btook place\b", re.IGNORECASE)
_CJK_FUTURE = re.compile(r"将|计划|预计|预期|拟")
_CJK_PAST = re.compile(r"了|曾|已经|已|昨天|去年|上周")
_CJK_FUTURE_WORDS = tuple(_CJK_FUTURE.pattern.split("|"))
_CJK_PAST_WORDS = tuple(_CJK_PAST.pattern.split("|"))
_DIGITS = re.compile(r"[0-9]+")
# A four-digit year that no longer date form continues ("2025-01-15", "2025年", "2025 Q4").
_BARE_YEAR_AHEAD = re.compile(r"(?:19|20)\d\d(?![\d\-年]|\s*[Q年])")
# Digits that can begin a date: a year, or a day/month/count followed by what makes it one
# ("15th March", "15, March", "15 of March", "1/15", "15.01.2026", "1Q", "4th-quarter", "3 days
# ago", "1月"). A decimal (4.85, 12.5%) is none: after one or two digits and a dot only a dotted
# numeric date can follow. Most numbers in news ($4.85 billion, 60%, 2,400 engineers) fail here
# at once: the followers are grouped by their first character (never a digit), so that the
# engine rejects most alternatives by it.
_DAY_NUMBER_FOLLOWS = (r"(?:(?:st|nd|rd|th)(?:,?\s+(?:of\s+)?[A-Z]|[\s-])|,\s+(?:of\s+)?[A-Z]|"
                       r"\s+(?:(?:of\s+)?[A-Z]|(?:days?|weeks?|months?|years?)\s+ago|[年月])|"
                       r"/\d|\.\d{1,2}\.(?:19|20)\d\d(?!\d)|Q|H|[年月])")
_DIGIT_DATE_START = re.compile(r"(?:19|20)\d\d(?!\d)|\d{1,2}(?!\d)" + _DAY_NUMBER_FOLLOWS)
# The same test in one scan of a sentence: the first digit of a run of ASCII digits, followed by
# the rest of _DIGIT_DATE_START read from the next character ("19"/"20" become a lookbehind over
# the digit just consumed; the (?!\d) is implied, as no follower begins with a digit). Exact
# except for a run that begins before the sentence.
_DIGIT_ANCHOR_REST = r"9(?<=19)\d\d(?!\d)|0(?<=20)\d\d(?!\d)|\d?" + _DAY_NUMBER_FOLLOWS
_DIGIT_ANCHOR = re.compile(r"[0-9](?<![0-9][0-9])(?=" + _DIGIT_ANCHOR_REST + ")")
# Plain literals, so the regex engine can skip ahead to candidate capitals. "This week" and
# "Early 2026" need no anchor of their own: their second word is one, the first a prefix word.
_UPPER_ANCHOR = re.compile(
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|Q1|Q2|Q3|Q4|H1|H2|Today|Tonight|Yesterday|Tomorrow")
# Same anchors, minus those a lower-case letter continues ("Market"): a letter after the name
# disqualifies it anyway, and no anchor can begin inside another one.
_UPPER_ANCHOR_FAST = re.compile("(?:" + _UPPER_ANCHOR.pattern + ")(?![a-z])")


def _anchor_pattern() -> re.Pattern:
    """_DIGIT_ANCHOR and _UPPER_ANCHOR_FAST in one scan.

    One alternative per first character, each starting with that character as a literal, so
    that the engine skips to candidate characters and rejects a wrong alternative by its first
    character. A digit alternative checks that no digit precedes it and then the rest of
    _DIGIT_DATE_START (as _DIGIT_ANCHOR). The names are grouped by first letter, in their order
    (leftmost-first gives the same name). Q1-Q4 and H1-H2 consume only their letter, so that
    the scan still visits the digit after it, as _DIGIT_ANCHOR's own scan does; their end is one
    character further than the match's."""
    alternatives = [f"{d}(?<![0-9]{d})(?=" + _DIGIT_ANCHOR_REST + ")" for d in "0123456789"]
    groups: dict[str, list[str]] = {}
    for name in _UPPER_ANCHOR.pattern.split("|"):
        groups.setdefault(name[0], []).append(re.escape(name[1:]))
    for first, rests in groups.items():
        body = "(?:" + "|".join(rests) + ")(?![a-z])"
        alternatives.append(first + (f"(?={body})" if first in "QH" else body))
    return re.compile("|".join(alternatives))


_ANCHOR = _anchor_pattern()
_DATE_WORDS = {"yesterday", "today", "tomorrow", "tonight", "ago", "week", "weekend", "month",
               "year", "quarter", "night", "half", "fourth-quarter", "third-quarter",
               "second-quarter", "first-quarter", "today's", "yesterday's"}
# Date words that anchor wherever they begin a word ("weeks", "mid-year" too). Found with str
# methods: a regex scan would stop at every y, t, a, w, m, q, n and h. No word is a
# prefix of another, and one that starts inside another follows a letter, so these are the
# positions a leftmost scan for any of them would keep.
_LOWER_ANCHORS = ("yesterday", "today", "tomorrow", "tonight", "ago", "week", "month", "year",
                  "quarter", "night", "half")
# The lower-case anchors a date can begin with. Every lower-case form begins with a whole word
# (today, last, the, early, on, ...) that none of the other anchor words is or starts with.
_OPENING_LOWER_ANCHORS = ("today", "tonight", "tomorrow", "yesterday")
_CJK_ANCHOR_CHARS = "０１２３４５６７８９今昨前明后去上下本这周星礼"
_CJK_ANCHOR = re.compile("[" + _CJK_ANCHOR_CHARS + "]")
# _ANCHOR and _CJK_ANCHOR in one scan, for sentences that are not ASCII: _ANCHOR's matches are
# ASCII, so the two never overlap. Each character is its own literal alternative (a class would
# leave the pattern without the first-character set that lets the engine skip ahead).
_ANCHOR_WITH_CJK = re.compile(_ANCHOR.pattern + "|" + "|".join(_CJK_ANCHOR_CHARS))
_PREFIX_WORDS = {
    "the", "on", "last", "next", "this", "past", "coming", "previous", "early", "mid", "late",
    "earlier", "later", "start", "beginning", "end", "middle", "close", "turn", "of", "first",
    "second", "third", "fourth", "final", "latter", "1st", "2nd", "3rd", "4th", "spring",
    "summer", "autumn", "fall", "winter", "a", "an", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "eleven", "twelve", "days", "day", "weeks", "months",
    "years", "part", "half", "quarter", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday"}
_PREFIX_WORDS_REVERSED = {word[::-1] for word in _PREFIX_WORDS}
_CLAUSE_MARKS = (",", ";", ":", "—", "–", "(", "“", '"', " that ", " which ", " who ", " and ",
                 " but ", " while ", " whereas ")
# Any of _CLAUSE_MARKS, reversed, starting with a character class (so the engine skips to it).
_CLAUSE_MARK_REVERSED = re.compile(
    "[" + re.escape("".join(m for m in _CLAUSE_MARKS if len(m) == 1)) + " ](?:(?<=[^ ])|(?:"
    + "|".join(re.escape(m[::-1][1:]) for m in _CLAUSE_MARKS if len(m) > 1) + "))")
_PREVIOUS_WORD = re.compile(r"([\w'’]+)[ ,-]+$")
_PREVIOUS_WORD_REVERSED = re.compile(r"\n?[ ,-]+([\w'’]+)")
_DEADLINE_BEFORE = re.compile(r"\b(?:by|until|before)\s+(?:the\s+)?$", re.IGNORECASE)
_PERFECT = re.compile(r"\bhad\b", re.IGNORECASE)
_QUANTIFIERS = (r"than|nearly|about|some|over|almost|around|roughly|approximately|only|just|another|"
                r"extra|additional|least|to|hired|employs|employed|cut|added|lost|killed|\d")
_QUANTIFIER_BEFORE = re.compile(rf"(?:{_QUANTIFIERS})\s*$", re.IGNORECASE)
_YEAR_CONTEXTS = (r"in|since|by|until|till|of|from|during|before|after|early|late|mid|end|through|"
                  r"throughout|and|or|between|year|for|circa|spring|summer|autumn|fall|winter|fiscal|"
                  r"season|as|at|on|the|a|an|its|his|her|their|our|this|that|[,(–—-]")
_YEAR_CONTEXT_BEFORE = re.compile(rf"(?:{_YEAR_CONTEXTS})\s*$", re.IGNORECASE)
# The same two tests on the text with its trailing whitespace stripped: the words end there, so
# only the last few characters (the longest word) need looking at.
_QUANTIFIER_END = re.compile(rf"(?:{_QUANTIFIERS})\Z", re.IGNORECASE)
_YEAR_CONTEXT_END = re.compile(rf"(?:{_YEAR_CONTEXTS})\Z", re.IGNORECASE)
_QUANTIFIER_REACH = len("approximately")
_YEAR_CONTEXT_REACH = len("throughout")
_QUANTIFIER_WORDS = tuple(_QUANTIFIERS.replace("|\\d", "").split("|"))
_YEAR_CONTEXT_WORDS = tuple(_YEAR_CONTEXTS.replace("|[,(–—-]", "").split("|")) + tuple(",(–—-")
_ATTRIBUTIVE_AFTER = re.compile(
    r"\s+(?!(?:morning|afternoon|evening|night|that|to|and|or|but|when|after|before|as|in|at|the|"
    r"a|an|by|with|for|from|he|she|they|it|we|i|said|says|while|amid|during|following|his|her|its|"
    r"their|on|was|were|is|will|would|had|has|afternoon's|night's|morning's)\b)[a-z]")
_LOWER_PLURAL_AFTER = re.compile(r"\s+[a-z]+s\b")
_MAY_MARCH_CONTEXT = re.compile(r"(?:in|since|by|until|till|during|through|from|of|last|next|this|"
                                r"early|late|mid|since|before|after)\s+$", re.IGNORECASE)


def find_dates(text: str, start: int, end: int, published: date | None,
               words: set[str] | None = None, *, sentence: str | None = None) -> list[DateMention]:
    """Date mentions inside text[start:end] (one sentence), offsets absolute.

    The full pattern is tried only where a date can start: at digits, month and weekday names,
    date words ("week", "ago", "today") and CJK date characters, or a few words before them
    when those words can open a date ("the second half of 2026"). `sentence`, if given, is
    text[start:end].
    """
    if words is None:
        words = word_set(text, start, end)
    if sentence is None:
        sentence = text[start:end]
    anchors = date_anchors(text, start, end, words, sentence)
    if not anchors:
        return []
    return dates_at(text, start, end, published, words, anchors)


def date_anchors(text: str, start: int, end: int, words: set[str], sentence: str) -> list[int]:
    """Where a date can start in text[start:end] (= sentence, whose words are `words`)."""
    if start and "0" <= text[start - 1] <= "9" and "0" <= sentence[:1] <= "9":
        # A run of digits that began before the sentence: _DIGIT_ANCHOR would not see its start.
        anchors = [m.start() for m in _DIGITS.finditer(text, start, end)
                   if _DIGIT_DATE_START.match(text, m.start(), end)]
        for m in _UPPER_ANCHOR_FAST.finditer(text, start, end):
            if m.end() == end or not text[m.end()].isalpha():  # not "Market"
                anchors.append(m.start())
        if not sentence.isascii():
            anchors += [m.start() for m in _CJK_ANCHOR.finditer(text, start, end)]
    else:
        anchors = []
        # search() from each match's end rather than finditer(): most sentences have no match,
        # and one search() costs less than setting up the iterator.
        anchor = _ANCHOR if sentence.isascii() else _ANCHOR_WITH_CJK
        m = anchor.search(text, start, end)
        while m is not None:
            p = m.start()
            ch = text[p]
            if ch <= "9" or ch > "z":
                anchors.append(p)  # a digit or a CJK character
            else:
                e = m.end() + 1 if ch in "QH" else m.end()
                if e == end or not text[e].isalpha():  # not "Market"
                    anchors.append(p)
            m = anchor.search(text, m.end(), end)
    if not words.isdisjoint(_DATE_WORDS):
        for word in _LOWER_ANCHORS:
            if word in sentence:  # `in` is cheaper than a find() call that finds nothing
                i = sentence.find(word)
                while i >= 0:
                    if i == 0 or not sentence[i - 1].isalpha():
                        anchors.append(start + i)
                    i = sentence.find(word, i + 1)
    anchors.sort()
    return anchors


def dates_at(text: str, start: int, end: int, published: date | None, words: set[str],
             anchors: list[int]) -> list[DateMention]:
    """find_dates() from its sorted, non-empty date_anchors()."""
    found: list[DateMention] = []
    sentence_tense: list[str | None] = []  # computed once, only if a clause says nothing
    last_end = start
    for p in anchors:
        if p < last_end:
            continue
        if p - 2 >= start and text[p - 1] in ".,:" and text[p - 2].isdigit():
            continue  # the rest of a number such as 4.85, 1,340 or 10:30
        m = None
        candidates = _candidate_starts(text, p, last_end)
        if len(candidates) == 1 and _BARE_YEAR_AHEAD.match(text, p, end):
            # A plain year with no word before it that could open a date: of all the forms,
            # only the year itself can match here.
            candidates = ()
            m = _YEAR_ONLY.match(text, p, end)
        for s in candidates:
            ch = text[s]
            if ch.isdigit():
                pattern = _NUM_ONLY if _DECIMAL_AHEAD.match(text, s, end) else _BY_FIRST.get(
                    ch, _BY_START["D"])
            elif ch.islower():
                if s == p and not text.startswith(_OPENING_LOWER_ANCHORS, s):
                    continue  # "week", "year", "ago": they only close a date ("last week")
                pattern = _BY_FIRST.get(ch, _BY_START["L"])
            else:
                pattern = _BY_FIRST.get(ch, _BY_START["U" if ch.isupper() else "C"])
            if pattern is None:
                continue  # no alternative starts with this letter
            m = pattern.match(text, s, end)
            if m is not None and m.lastgroup and m.end() > p:
                break
            m = None
        if m is None:
            continue
        last_end = m.end()
        known: list[str | None] = []

        def tense(pos: int = m.start()) -> str | None:
            # Only relative dates and dates after publication need it: computed on demand.
            if not known:
                value = _clause_tense(text, start, pos)
                if value is None:
                    if not sentence_tense:
                        sentence_tense.append(_tense_of(words, text, start, end))
                    value = sentence_tense[0]
                known.append(value)
            return known[0]
        try:
            mention = _read(m, m.lastgroup, text, start, published, tense)
        except (ValueError, OverflowError):  # 30 February, or a day before year 1 or after 9999
            mention = None
        if mention is not None:
            found.append(mention)
    return found


def _candidate_starts(text: str, pos: int, floor: int) -> list[int]:
    """pos, preceded by the starts of the words before it that can open a date phrase.

    Each step takes the word before cut as group 1 of `_PREVIOUS_WORD.search(text,
    max(lo, cut - 16), cut)`: a run of word characters and a run of [ ,-] that ends at cut (or
    just before a newline at cut - 1, where `$` also matches), the word run cut at the window's
    start. Read backwards these are the same runs, greedy, matched at the start of the reversed
    window; the reversed text is made once and each step's window is a pos/endpos range of it."""
    if pos <= floor or text[pos - 1] not in " -,":
        return [pos]
    starts = [pos]
    lo = max(floor, pos - 48)
    back = text[lo:pos][::-1]
    size = pos - lo
    done = 0  # characters walked back from pos
    while done < size:
        m = _PREVIOUS_WORD_REVERSED.match(back, done, min(size, done + 16))
        if m is None:
            break
        word = m.group(1).lower()  # reversed; lower() commutes with it for the ASCII words
        if word not in _PREFIX_WORDS_REVERSED and not word.isdigit():
            break
        done = m.end()
        starts.append(pos - done)
    starts.reverse()
    return starts


def _clause_tense(text: str, start: int, pos: int) -> str | None:
    """Tense of the clause that leads to the date: "confirmed on Tuesday that it will ..." is past."""
    lo = max(start, pos - 120)
    # The clause starts after the last clause mark before pos (the latest end of any mark):
    # the first match in the reversed text.
    last = _CLAUSE_MARK_REVERSED.search(text[lo:pos][::-1])
    clause_start = lo if last is None else pos - last.start()
    if pos - clause_start < 3:
        return None
    if _DEADLINE_BEFORE.search(text, max(clause_start, pos - 12), pos) and not _PERFECT.search(
            text, clause_start, pos):
        return "future"
    return _tense_of(word_set(text, clause_start, pos), text, clause_start, pos)


def _tense_of(words: set[str], text: str, start: int, end: int) -> str | None:
    if not words.isdisjoint(_FUTURE_WORDS) or (
            not words.isdisjoint(_FUTURE_TRIGGERS) and _FUTURE_PHRASE.search(text, start, end)):
        return "future"
    if not words.isdisjoint(_PAST_WORDS) or (
            not words.isdisjoint(_PAST_TRIGGERS) and _PAST_PHRASE.search(text, start, end)):
        return "past"
    if not text.isascii():
        chunk = text[start:end]
        # `in` per word, not _CJK_FUTURE/_CJK_PAST: a class scan costs far more, and an ASCII
        # chunk (in an article with curly quotes, say) has none of them.
        if chunk.isascii():
            return None
        for word in _CJK_FUTURE_WORDS:
            if word in chunk:
                return "future"
        for word in _CJK_PAST_WORDS:
            if word in chunk:
                return "past"
    return None


def _mention(m: re.Match, group: str, lo: date, hi: date, precision: str,
             relative: bool = False, published: date | None = None,
             tense=None) -> DateMention:
    s, e = m.span(group)
    inconsistent = (not relative and published is not None and lo > published
                    and tense is not None and tense() == "past")
    return DateMention(s, e, m.string[s:e], lo, hi, precision, relative, inconsistent)


def _read(m: re.Match, kind: str, text: str, sentence_start: int, published: date | None,
          tense) -> DateMention | None:
    g = m.group
    # The commonest kinds first (every branch returns).
    if kind == "yr":
        if not _plausible_year(text, m, sentence_start):
            return None
        year = int(m.group("yr")[:4])
        s = m.start()
        e = s + 4
        inconsistent = (published is not None and date(year, 1, 1) > published
                        and tense() == "past")
        return DateMention(s, e, text[s:e], date(year, 1, 1), date(year, 12, 31), "year", False,
                           inconsistent)
    if kind == "wd":
        if published is None:
            return None
        if not m.group("wd_mod") and _ATTRIBUTIVE_AFTER.match(text, m.end()):
            return None  # "Saturday service": a kind of service, not a date
        return _weekday(m, published, tense())
    if kind in ("mdy", "dmy"):
        month = _month(g(f"{kind}_m"))
        day = int(g(f"{kind}_d").rstrip("stndrh"))
        if g(f"{kind}_y"):
            d = date(int(g(f"{kind}_y")), month, day)
            return _mention(m, kind, d, d, "day", False, published, tense)
        if published is None:
            return None
        year = _pick_year(published, tense(), lambda y: (_safe_day(y, month, day),) * 2)
        d = _safe_day(year, month, day)
        return _mention(m, kind, d, d, "day", True, published, tense)
    if kind == "iso":
        d = date(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
        return _mention(m, kind, d, d, "day", False, published, tense)
    if kind == "num":
        d = _parse_numeric(g("num"))
        return None if d is None else _mention(m, kind, d, d, "day", False, published, tense)
    if kind == "cjk":
        year = _int(g("cjk_y"))
        if g("cjk_d"):
            d = date(year, _int(g("cjk_m")), _int(g("cjk_d")))
            return _mention(m, kind, d, d, "day", False, published, tense)
        if g("cjk_m"):
            return _mention(m, kind, *_month_span(year, _int(g("cjk_m"))), "month", False, published, tense)
        if g("cjk_q"):
            return _mention(m, kind, *_quarter(year, _CJK_NUM.get(g("cjk_q")) or int(g("cjk_q"))),
                            "quarter", False, published, tense)
        if g("cjk_h"):
            return _mention(m, kind, *_half(year, 1 if g("cjk_h") == "上" else 2), "part", False, published, tense)
        if g("cjk_p"):
            return _mention(m, kind, *_part(year, g("cjk_p")), "part", False, published, tense)
        return _mention(m, kind, date(year, 1, 1), date(year, 12, 31), "year", False, published, tense)
    if kind == "cjkmd":
        if published is None:
            return None
        month, day = _int(g("cjkmd_m")), _int(g("cjkmd_d"))
        year = _pick_year(published, tense(), lambda y: (_safe_day(y, month, day),) * 2)
        d = _safe_day(year, month, day)
        return _mention(m, kind, d, d, "day", True, published, tense)
    if kind == "cjkrel":
        return None if published is None else _cjk_relative(m, published, tense())
    if kind in ("q", "yq", "nq"):
        n = int(g(f"{kind}_n"))
        year = _year_of(g(f"{kind}_y"), g(f"{kind}_yy") if kind != "yq" else None)
        if year is not None:
            return _mention(m, kind, *_quarter(year, n), "quarter", False, published, tense)
        if published is None:
            return None
        year = _pick_year(published, tense(), lambda y: _quarter(y, n))
        return _mention(m, kind, *_quarter(year, n), "quarter", True, published, tense)
    if kind == "wq":
        word = g("wq_n").lower()
        if g("wq_y"):
            return _mention(m, kind, *_quarter(int(g("wq_y")), _ORDINALS[word]), "quarter", False, published, tense)
        if published is None:
            return None
        if word == "last":  # "the last quarter" is the one before publication's
            lo, _ = _quarter(published.year, (published.month - 1) // 3 + 1)
            prev = lo - timedelta(days=1)
            return _mention(m, kind, *_quarter(prev.year, (prev.month - 1) // 3 + 1), "quarter",
                            True, published, tense)
        n = _ORDINALS[word]
        year = _pick_year(published, tense(), lambda y: _quarter(y, n))
        return _mention(m, kind, *_quarter(year, n), "quarter", True, published, tense)
    if kind == "half":
        n = _ORDINALS[g("half_n").lower()]
        if g("half_y"):
            return _mention(m, kind, *_half(int(g("half_y")), n), "part", False, published, tense)
        if published is None:
            return None
        rel = g("half_rel").lower()
        year = published.year + {"next": 1, "last": -1}.get(rel, 0)
        return _mention(m, kind, *_half(year, n), "part", True, published, tense)
    if kind == "hy":
        n = int(g("hy_n") or g("hy_n2"))
        year = _year_of(g("hy_y"), g("hy_yy"))
        return _mention(m, kind, *_half(year, n), "part", False, published, tense)
    if kind == "part":
        word = g("part_w").lower().split()
        key = next((w for w in ("early", "late", "start", "beginning", "end", "middle", "close",
                                "turn", "mid", "spring", "summer", "autumn", "fall", "winter")
                    if w in word or w == word[0]), word[0])
        if g("part_y"):
            return _mention(m, kind, *_part(int(g("part_y")), key), "part", False, published, tense)
        month = _month(g("part_m"))
        if g("part_my"):
            year = int(g("part_my"))
            relative = False
        elif published is None:
            return None
        else:
            year = _pick_year(published, tense(), lambda y: _month_span(y, month))
            relative = True
        lo, hi = _month_part(year, month, key)
        return _mention(m, kind, lo, hi, "part", relative, published, tense)
    if kind == "my":
        return _mention(m, kind, *_month_span(int(g("my_y")), _month(g("my_m"))), "month", False, published, tense)
    if kind == "rel":
        return None if published is None else _relative(m, published)
    if kind == "mo":
        if published is None:
            return None
        name = g("mo_m")
        if name in ("May", "March") and not _MAY_MARCH_CONTEXT.search(text, max(0, m.start() - 12), m.start()):
            return None
        month = _month(name)
        year = _pick_year(published, tense(), lambda y: _month_span(y, month))
        return _mention(m, kind, *_month_span(year, month), "month", True, published, tense)
    return None


def _plausible_year(text: str, m: re.Match, sentence_start: int) -> bool:
    """A bare 4-digit number is a year unless it reads like a count ("2000 jobs")."""
    lo = max(sentence_start, m.start() - 20)
    before = text[lo:m.start()].rstrip()  # both patterns end in \s*$
    if not before:
        return True  # nothing before: no quantifier, and a year
    tail = before[-_QUANTIFIER_REACH:]
    if tail.isascii():
        # ASCII text matches the case-insensitive words exactly when its lower case ends
        # with one (only İ, ı, ſ and the Kelvin sign fold onto ASCII letters otherwise).
        low = tail.lower()
        if low.endswith(_QUANTIFIER_WORDS) or "0" <= low[-1] <= "9":
            return False
        if low.endswith(_YEAR_CONTEXT_WORDS):
            return True
    else:
        if _QUANTIFIER_END.search(before, max(0, len(before) - _QUANTIFIER_REACH)):
            return False
        if _YEAR_CONTEXT_END.search(before, max(0, len(before) - _YEAR_CONTEXT_REACH)):
            return True
    return not _LOWER_PLURAL_AFTER.match(text, m.end(), m.end() + 30)


def _int(s: str) -> int:
    return int(s)  # int() reads full-width digits too


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def _year_of(full: str | None, short: str | None) -> int | None:
    if full:
        return int(full)
    if short:
        return 2000 + int(short)
    return None


def _safe_day(year: int, month: int, day: int) -> date:
    if month == 2 and day == 29 and not calendar.isleap(year):
        raise ValueError("no 29 February that year")
    return date(year, month, day)


def _month_span(year: int, month: int) -> tuple[date, date]:
    span = _MONTH_SPANS.get((year, month))
    if span is None:
        span = _MONTH_SPANS[year, month] = (
            date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
    return span


_MONTH_SPANS: dict[tuple[int, int], tuple[date, date]] = {}  # dates are immutable


def _months_span(year: int, first: int, last: int) -> tuple[date, date]:
    lo = date(year, first, 1)
    if last > 12:  # winter runs into the next year
        year, last = year + 1, last - 12
    return lo, _month_span(year, last)[1]


def _quarter(year: int, n: int) -> tuple[date, date]:
    return _months_span(year, 3 * n - 2, 3 * n)


def _half(year: int, n: int) -> tuple[date, date]:
    return _months_span(year, 1, 6) if n == 1 else _months_span(year, 7, 12)


def _part(year: int, key: str) -> tuple[date, date]:
    first, last = _PARTS[key]
    return _months_span(year, first, last)


def _month_part(year: int, month: int, key: str) -> tuple[date, date]:
    last_day = calendar.monthrange(year, month)[1]
    if key in ("early", "start", "beginning", "turn"):
        return date(year, month, 1), date(year, month, 10)
    if key in ("mid", "middle"):
        return date(year, month, 11), date(year, month, 20)
    return date(year, month, 21), date(year, month, last_day)


def _pick_year(published: date, tense: str | None, interval) -> int:
    """The year that puts a year-less date where the sentence's tense says it is."""
    y = published.year
    try:
        lo, hi = interval(y)
    except ValueError:
        lo = hi = None
    if lo is not None:
        if tense == "past" and lo > published:
            return y - 1
        if tense == "future" and hi < published:
            return y + 1
        if tense is not None:
            return y
    best, best_distance = y, None
    for year in (y - 1, y, y + 1):
        try:
            lo, hi = interval(year)
        except ValueError:
            continue
        distance = 0 if lo <= published <= hi else min(abs((lo - published).days),
                                                        abs((hi - published).days))
        if best_distance is None or distance < best_distance:
            best, best_distance = year, distance
    return best


@lru_cache(maxsize=4096)
def _parse_numeric(s: str) -> date | None:
    a, b = (int(x) for x in re.split(r"[/.]", s)[:2])
    # Day first where the numbers say so or dots are used (European style); else US order.
    dayfirst = a > 12 or "." in s
    if a > 12 and b > 12:
        return None
    try:
        return dateutil_parser.parse(s, dayfirst=dayfirst, default=datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError):
        return None


def _relative(m: re.Match, published: date) -> DateMention | None:
    words = m.group("rel").lower().split()
    kw = {"relative": True}
    if m.group("ago_u"):
        raw = m.group("ago_n").lower()
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        unit = m.group("ago_u").lower().rstrip("s")
        if unit == "day":
            d = published - timedelta(days=n)
            return _mention(m, "rel", d, d, "day", **kw)
        if unit == "week":
            monday = published - timedelta(days=published.weekday() + 7 * n)
            return _mention(m, "rel", monday, monday + timedelta(days=6), "part", **kw)
        if unit == "month":
            y, mo = _shift_month(published.year, published.month, -n)
            return _mention(m, "rel", *_month_span(y, mo), "month", **kw)
        y = published.year - n
        return _mention(m, "rel", date(y, 1, 1), date(y, 12, 31), "year", **kw)
    phrase = " ".join(words)
    if phrase in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return _mention(m, "rel", published, published, "day", **kw)
    if phrase in ("yesterday", "last night"):
        d = published - timedelta(days=1)
        return _mention(m, "rel", d, d, "day", **kw)
    if phrase == "tomorrow":
        d = published + timedelta(days=1)
        return _mention(m, "rel", d, d, "day", **kw)
    unit = words[-1]
    if words[0] in ("earlier", "later"):
        lo, hi = _unit_span(published, unit, 0)
        if words[0] == "earlier":
            return _mention(m, "rel", lo, published, "part", **kw)
        return _mention(m, "rel", published, hi, "part", **kw)
    which = words[-2]
    if which == "past" and unit in ("week", "month", "year"):
        days = {"week": 7, "month": 30, "year": 365}[unit]
        return _mention(m, "rel", published - timedelta(days=days), published, "part", **kw)
    step = {"this": 0, "last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}[which]
    lo, hi = _unit_span(published, unit, step)
    precision = {"month": "month", "year": "year", "quarter": "quarter"}.get(unit, "part")
    return _mention(m, "rel", lo, hi, precision, **kw)


def _unit_span(published: date, unit: str, step: int) -> tuple[date, date]:
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
        return monday, monday + timedelta(days=6)
    if unit == "weekend":
        saturday = published + timedelta(days=5 - published.weekday()) + timedelta(weeks=step)
        if step == -1 and published.weekday() >= 5:
            saturday += timedelta(weeks=1)  # on a Sunday, "last weekend" is yesterday's
        return saturday, saturday + timedelta(days=1)
    if unit == "month":
        y, mo = _shift_month(published.year, published.month, step)
        return _month_span(y, mo)
    if unit == "quarter":
        y, mo = _shift_month(published.year, published.month, 3 * step)
        return _quarter(y, (mo - 1) // 3 + 1)
    y = published.year + step
    return date(y, 1, 1), date(y, 12, 31)


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _weekday(m: re.Match, published: date, tense: str | None) -> DateMention:
    target = _WEEKDAYS[m.group("wd_d").lower()]
    mod = (m.group("wd_mod") or "").lower().split()
    mod_word = mod[-1] if mod else ""
    if mod_word == "next" or mod_word == "coming" or (mod_word in ("", "on") and tense == "future"):
        delta = (target - published.weekday()) % 7 or 7
    elif mod_word == "this" and mod == ["this"]:
        delta = target - published.weekday()  # inside the week of publication
    elif mod_word in ("last", "past"):
        delta = -((published.weekday() - target) % 7 or 7)
    else:
        delta = -((published.weekday() - target) % 7)
    d = published + timedelta(days=delta)
    # Span without "on": "on Tuesday" reads better with it, but the date is "Tuesday".
    group = "wd_d" if mod_word == "on" else "wd"
    s, e = m.span(group)
    if group == "wd_d":
        e = m.end("wd")
    return DateMention(start=s, end=e, text=m.string[s:e], date_from=d, date_to=d,
                       precision="day", relative=True)


def _cjk_relative(m: re.Match, published: date, tense: str | None) -> DateMention:
    word = m.group("cjkrel")
    kw = {"relative": True}
    days = {"今天": 0, "昨天": -1, "前天": -2, "明天": 1, "后天": 2}
    if word in days:
        d = published + timedelta(days=days[word])
        return _mention(m, "cjkrel", d, d, "day", **kw)
    years = {"今年": 0, "去年": -1, "前年": -2, "明年": 1}
    if word in years:
        y = published.year + years[word]
        return _mention(m, "cjkrel", date(y, 1, 1), date(y, 12, 31), "year", **kw)
    if m.group("cjkwd"):
        target = _CJK_WEEKDAYS[m.group("cjkwd")]
        mod = m.group("cjkwd_mod")
        monday = published - timedelta(days=published.weekday())
        week = {"上": -1, "下": 1}.get(mod or "", 0)
        d = monday + timedelta(weeks=week, days=target)
        if mod is None and tense != "future" and d > published:
            d -= timedelta(weeks=1)
        return _mention(m, "cjkrel", d, d, "day", **kw)
    step = -1 if word[0] == "上" else 1 if word[0] == "下" else 0
    unit = "week" if "周" in word else "quarter" if "季" in word else "month"
    lo, hi = _unit_span(published, unit, step)
    precision = {"month": "month", "quarter": "quarter"}.get(unit, "part")
    return _mention(m, "cjkrel", lo, hi, precision, **kw)
