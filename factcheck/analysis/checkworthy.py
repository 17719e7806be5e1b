"""Check-worthiness: a transparent score in 0..1 with the reasons that made it.

Every feature adds or takes a fixed amount, named in the reasons with the words that
triggered it, so a fact-checker can see why a sentence ranks where it does:

    start 0.10
    + 0.20 number (outside dates), money, percentage, named source
    + 0.15 date
    + 0.10 comparison, superlative, quotation, names a person, place or organisation
    + 0.05 statistic word (survey, data, revenue, ...)
    - 0.30 question;  - 0.20 opinion or hype words;  - 0.15 informal phrasing
    - 0.20 too short to stand alone (under 6 words);  - 0.05 hedged or forward-looking

The result is clamped to 0..1 and rounded to two decimals. No model, nothing downloaded.
"""
from __future__ import annotations

import re
from .model import Attribution, DateMention
from .words import WORD_CHAR, word_set

BASE = 0.10
_WEIGHTS = {"number": 0.20, "money": 0.20, "percentage": 0.20, "named source": 0.20,
            "date": 0.15, "comparison": 0.10, "superlative": 0.10, "quotation": 0.10,
            "names": 0.10, "statistic": 0.05,
            "question": -0.30, "opinion": -0.20, "informal": -0.15, "too short": -0.20,
            "hedged": -0.05}

# The optional parts are written "(?:X|)" rather than "X?": the same matches, but the engine
# tries a branch instead of setting up a repeat (which allocates) for every number.
_NUMERIC = re.compile(
    r"[$€£¥₹0-9](?:(?<=[$€£¥₹])\s?[0-9]|)[0-9,.]*"
    r"(?:(?P<scale>\s?(?:billion|million|trillion|thousand|bn|mn|m|k)\b)|)"
    r"(?:(?P<unit>\s?(?:%|percent\b|per cent\b|percentage points?\b|dollars\b|yuan\b|renminbi\b|"
    r"euros?\b|pounds\b|yen\b|rupees\b|won\b|RMB\b|USD\b|EUR\b|HKD\b|CNY\b|GBP\b|JPY\b))|)")
# Money, percentages and counted numbers in Chinese. Every match starts with a digit, 百 or a
# Chinese numeral, so the pattern starts with exactly those characters (the engine then skips
# to them instead of trying every position) and checks per group which one it was, as
# _PHRASE_PATTERNS do. Same matches, same group names (only m.lastgroup and m.group() are read).
_CJK_DIGITS = "一二三四五六七八九十百千万亿两"
_CJK_NUMERIC = re.compile(
    rf"[0-9０-９{_CJK_DIGITS}](?:"
    r"(?P<money>(?<=[0-9０-９])[0-9０-９,.]*\s?(?:亿|万)?(?:元|美元|港元|人民币|欧元))"
    r"|(?P<percentage>(?<=百)分之\S{1,4})"
    rf"|(?P<number>(?<=[{_CJK_DIGITS}])[{_CJK_DIGITS}]*(?:个|名|家|项|人|倍|年|条)))")
# Every _NUMERIC match starts with one of these characters, and there is a match wherever one
# stands (ASCII sentences find them through _MARKS instead).
_NUMERIC_FIRST = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "$", "€", "£", "¥", "₹")
# A sentence's bytes through this table mark where a match can start: "A" for a capital (every
# _NAMES match starts with one) and "0" for a digit or "$" (in ASCII text, every _NUMERIC match
# starts with one and there is one wherever one stands), the rest " ". bytes.find() then skips
# to them much faster than a regex scan. Non-ASCII characters, none of which is a capital, are
# encoded as one "?" each, so positions are those of the sentence.
_MARKS = bytes(65 if 65 <= c <= 90 else 48 if 48 <= c <= 57 or c == 36 else 32 for c in range(256))
_CURRENCY_PREFIX = re.compile(r"(?:US|HK|NZ|A|C|S|R)$")
# Capitalised words, perhaps joined by "of", "for", "and" or "de". The repeat sets up (allocates)
# only where a lookahead has seen a second word; "(?:X|)" for "X?" as above. Same matches as
# r"[A-Z][\w'’&.-]+(?:\s+(?:of\s+|for\s+|and\s+|de\s+)?[A-Z][\w'’&.-]+)*" (a test compares).
_NAMES = re.compile(r"[A-Z][\w'’&.-]+(?:(?=\s+(?:of\s+|for\s+|and\s+|de\s+|)[A-Z][\w'’&.-])"
                    r"(?:\s+(?:of\s+|for\s+|and\s+|de\s+|)[A-Z][\w'’&.-]+)*|)")
_QUOTE_MARK = re.compile(r"[\"“”„«»「」『』]")  # in ASCII text only '"' can match
_SINGLE_QUOTED = re.compile(r"(?<!\w)['‘][^'’\n]{2,80}['’](?!\w)")
# The same test with the quote mark first (then "(?<!\w)" looks one character further back),
# so the engine can skip to quote marks. score() asks _single_quoted(), which finds the same
# (a test compares them).
_SINGLE_QUOTED_FAST = re.compile(r"['‘](?<!\w.)[^'’\n]{2,80}['’](?!\w)")
_CJK_KEYWORDS = {
    "comparison": re.compile(r"增长|下降|超过|高于|低于|减少|增加"),
    "superlative": re.compile(r"最|首次|创纪录"),
}
_KEYWORDS: dict[str, set[str]] = {
    "comparison": {"more", "less", "fewer", "higher", "lower", "greater", "larger", "smaller",
                   "bigger", "faster", "slower", "cheaper", "than", "increase", "increased",
                   "increases", "decrease", "decreased", "decreases", "rose", "risen", "fell",
                   "fallen", "grew", "grown", "surged", "plunged", "jumped", "dropped", "declined",
                   "gained", "exceeded", "outpaced", "versus", "doubled", "tripled", "halved"},
    "superlative": {"most", "least", "largest", "biggest", "highest", "lowest", "first", "only",
                    "record", "best", "worst", "fastest", "slowest", "longest", "shortest",
                    "smallest", "greatest", "oldest", "youngest", "strongest", "weakest",
                    "richest", "poorest", "deadliest", "unprecedented", "all-time"},
    "statistic": {"survey", "poll", "study", "data", "statistics", "census", "figures", "estimate",
                  "estimates", "rate", "index", "gdp", "inflation", "unemployment", "budget",
                  "revenue", "profit", "profits", "sales", "deaths", "casualties", "votes"},
    "opinion": {"should", "arguably", "clearly", "obviously", "undoubtedly", "imagine", "perhaps",
                "hopefully", "unfortunately", "fortunately", "amazing", "incredible", "terrible",
                "exciting", "remarkable", "finally", "beautiful", "awesome", "stunning",
                "wonderful", "shocking", "disgraceful", "game-changer"},
    "hedged": {"may", "might", "could", "would"},
}
_KEYWORD_KIND = {word: kind for kind, words in _KEYWORDS.items() for word in words}
# A phrase counts only as whole words, words as in words.py (hyphens and apostrophes stay
# inside a word: "ramp-up from" and "I think-tank" are none), its letters ASCII ones in either
# case; a straight or curly apostrophe right before or after it is a quotation mark ("'We
# believe ...'"). So a sentence holding a phrase holds its _PHRASE_TRIGGERS word, perhaps with
# such a mark (_PHRASE_TRIGGER_FORMS), which is the gate.
_BEFORE = rf"(?:(?<!{WORD_CHAR})|(?<=['’])(?<!{WORD_CHAR}['’]))"
_AFTER = rf"(?:(?!{WORD_CHAR})|(?=['’](?!{WORD_CHAR})))"
_PHRASES_DEFINITION = re.compile(
    rf"{_BEFORE}(?ai:"
    r"(?P<comparison>compared (?:with|to)|(?:up|down) from)"
    r"|(?P<opinion>I (?:think|believe)|we believe|in my (?:view|opinion)|ought to|of course"
    r"|it is (?:important|crucial|essential|vital))"
    r"|(?P<hedged>aims? to|hopes? to|(?:is|are) expected to|(?:is|are) set to)"
    rf"){_AFTER}")
# _PHRASES_DEFINITION, rewritten so that the regex engine can skip to candidate letters: every
# phrase starts with one of a few letters, so the pattern starts with exactly those letters in
# both cases, then checks the word boundary before it and, per phrase, which letter it was.
# One pattern per kind: each trigger word below belongs to phrases of one kind only, so score()
# looks only for the kinds whose trigger words the sentence holds (a test compares them with
# _PHRASES_DEFINITION).
_PHRASE_ALTERNATIVES = {
    "comparison": ("CcUuDd", r"(?<=[Cc])(?ai:ompared (?:with|to))|(?<=[Uu])(?ai:p from)"
                             r"|(?<=[Dd])(?ai:own from)"),
    "opinion": ("IiWwOo", r"(?<=[Ii])(?ai: (?:think|believe))|(?<=[Ww])(?ai:e believe)"
                          r"|(?<=[Ii])(?ai:n my (?:view|opinion))|(?<=[Oo])(?ai:ught to)"
                          r"|(?<=[Oo])(?ai:f course)"
                          r"|(?<=[Ii])(?ai:t is (?:important|crucial|essential|vital))"),
    "hedged": ("AaHhIi", r"(?<=[Aa])(?ai:ims? to)|(?<=[Hh])(?ai:opes? to)"
                         r"|(?<=[Ii])(?ai:s expected to)|(?<=[Aa])(?ai:re expected to)"
                         r"|(?<=[Ii])(?ai:s set to)|(?<=[Aa])(?ai:re set to)"),
}
_PHRASE_PATTERNS = {
    kind: re.compile(rf"[{letters}](?:(?<!{WORD_CHAR}.)|(?<=['’].)(?<!{WORD_CHAR}['’].))"
                     rf"(?P<{kind}>{alternatives}){_AFTER}")
    for kind, (letters, alternatives) in _PHRASE_ALTERNATIVES.items()}
_PHRASE_KIND_OF_TRIGGER = {
    "compared": "comparison", "up": "comparison", "down": "comparison",
    "think": "opinion", "believe": "opinion", "view": "opinion", "opinion": "opinion",
    "ought": "opinion", "course": "opinion", "important": "opinion", "crucial": "opinion",
    "essential": "opinion", "vital": "opinion",
    "aim": "hedged", "aims": "hedged", "hope": "hedged", "hopes": "hedged", "expected": "hedged",
    "set": "hedged"}
# Trigger form ("up", "'up", "up’", ...) -> the kind of phrase its word belongs to.
_PHRASE_TRIGGER_KIND = {before + word + after: kind
                        for word, kind in _PHRASE_KIND_OF_TRIGGER.items()
                        for before in ("", "'", "’") for after in ("", "'", "’")}
_PHRASE_TRIGGER_FORMS = frozenset(_PHRASE_TRIGGER_KIND)
_INFORMAL_WORDS = {"it's", "that's", "there's", "here's", "what's", "one's", "let's", "who's",
                   "he's", "she's", "it’s", "that’s", "there’s", "here’s", "what’s", "one’s",
                   "let’s"}
_INFORMAL_ENDINGS = ("'re", "'ve", "'ll", "'m", "n't", "’re", "’ve", "’ll", "’m", "n’t")
# Some word ends in one of _INFORMAL_ENDINGS only if the lowercase sentence contains one. The
# letters are matched in both cases on the sentence itself: no other character has one of them
# as its lower case, so this finds one exactly where the lowercase sentence has one, without
# lowering a copy (a test compares the two). score() asks _informal_ending_seen(), which finds
# the same (a test compares them).
_INFORMAL_ENDING_SEEN = re.compile(r"['’](?:[Rr][Ee]|[Vv][Ee]|[Ll][Ll]|[Mm]|[Tt](?<=[Nn].[Tt]))")
# The two letters after an apostrophe that _INFORMAL_ENDING_SEEN takes, in every case.
_ENDING_PAIRS = frozenset(a + b for pair in ("re", "ve", "ll") for a in (pair[0], pair[0].upper())
                          for b in (pair[1], pair[1].upper()))
_LEAD_CHARS = " \t\n\"“”'‘’([:,—–-"
_DIGIT = re.compile(r"[0-9]")
_INITIALISM = re.compile(r"(?:\b[A-Z]\.){2,}$|\b(?:Inc|Co|Corp|Ltd|Jr|Sr|St)\.$")
_CJK = re.compile(r"[\u3400-\u9fff]")


def score(text: str, start: int, end: int, dates: list[DateMention],
          attributions: list[Attribution], words: set[str] | None = None, *,
          sentence: str | None = None) -> tuple[float, list[str]]:
    """(score, reasons) for the sentence text[start:end] (`sentence`, if given, is that slice)."""
    if words is None:
        words = word_set(text, start, end)
    if sentence is None:
        sentence = text[start:end]
    found: dict[str, str] = {}
    ascii_only = sentence.isascii()
    marks = sentence.encode("ascii", "replace").translate(_MARKS)
    if ascii_only:
        pos = marks.find(b"0")
        if pos >= 0:
            _numeric(text, start, end, dates, found, _NUMERIC.match(text, start + pos, end), marks)
    elif _may_hold_number(sentence):
        _numeric(text, start, end, dates, found, _NUMERIC.search(text, start, end), None)
    seen = words & _LOOKED_UP  # one lookup per word; the few found meet the smaller sets
    if seen:
        hits = seen & _KEYWORD_WORDS
        if hits:
            if len(hits) == 1:
                for word in hits:
                    found.setdefault(_KEYWORD_KIND[word], word)
            else:
                low = sentence.lower()
                for word in sorted(hits, key=low.find):  # earliest first: it is the evidence shown
                    found.setdefault(_KEYWORD_KIND[word], word)
        if not seen.isdisjoint(_PHRASE_TRIGGER_FORMS):
            kinds = {_PHRASE_TRIGGER_KIND[w] for w in seen & _PHRASE_TRIGGER_FORMS}
            for kind in _PHRASE_ALTERNATIVES:  # phrases never overlap: the first of each counts
                if kind in kinds and kind not in found:
                    m = _PHRASE_PATTERNS[kind].search(sentence)
                    if m:
                        found[kind] = m.group()
    has_apostrophe = "'" in sentence
    if (('"' in sentence) if ascii_only else _QUOTE_MARK.search(sentence)) or (
            (has_apostrophe or "‘" in sentence) and _single_quoted(sentence)):
        found["quotation"] = ""
    first_name = True
    pos = marks.find(b"A")
    while pos >= 0:
        m = _NAMES.match(sentence, pos)  # where _NAMES.search(sentence, pos) matches, if at all
        if m is None:
            pos = marks.find(b"A", pos + 1)
            continue
        pos = marks.find(b"A", m.end())
        value = m.group()
        if first_name:  # only the first match can start at the first word
            first_name = False
            if " " not in value and not sentence[:m.start()].strip(_LEAD_CHARS):
                continue  # the capital of a sentence's (or a quotation's) first word
        if dates and _in_dates(start + m.start(), dates):
            continue
        if sentence.startswith("$", m.end()):
            continue  # US$, HK$
        if value.endswith(".") and not _INITIALISM.search(value):
            value = value[:-1]
        found["names"] = value
        break
    if has_apostrophe or "’" in sentence:
        informal = seen & _INFORMAL_WORDS
        if not informal and _informal_ending_seen(sentence):
            informal = {w for w in words if w.endswith(_INFORMAL_ENDINGS)}
        if informal:
            found["informal"] = min(informal)
    if "!" in sentence and "informal" not in found:
        found["informal"] = "!"
    cjk = not ascii_only and _CJK.search(sentence) is not None
    if cjk:
        for m in _CJK_NUMERIC.finditer(sentence):
            found.setdefault(m.lastgroup, m.group())
        for kind, pattern in _CJK_KEYWORDS.items():
            m = pattern.search(sentence)
            if m:
                found.setdefault(kind, m.group())
    if dates:
        found["date"] = dates[0].text
    if attributions:
        found["named source"] = attributions[0].source
    if "quotation" not in found and sentence.rstrip("\"”’'»」』) ").endswith(("?", "？")):
        found["question"] = ""
    if len(words) < 6 and not cjk:
        found["too short"] = str(len(words))
    found_order = tuple(found)
    known = _TOTALS.get(found_order)
    if known is None:
        kinds = tuple(sorted(found_order, key=_RANK.__getitem__))
        total = BASE
        for kind in kinds:
            total += _WEIGHTS[kind]
        plan = tuple((kind, _PREFIXES.get(kind), _FORMATS[kind]) for kind in kinds)
        known = _TOTALS[found_order] = (plan, round(min(1.0, max(0.0, total)), 2))
    plan, value = known
    return value, [prefix + found[kind] if prefix is not None
                   else fmt.format(kind=kind, evidence=found[kind]) for kind, prefix, fmt in plan]


def _in_dates(pos: int, dates: list[DateMention]) -> bool:
    for d in dates:
        if d.start <= pos < d.end:
            return True
    return False


def _informal_ending_seen(sentence: str) -> bool:
    """Whether _INFORMAL_ENDING_SEEN matches in sentence: a few str.find() calls from one
    apostrophe to the next cost less than its scan of every character."""
    for mark in ("'", "’"):
        i = sentence.find(mark)
        while i >= 0:
            after = sentence[i + 1:i + 2]
            if after and (after in "Mm" or after in "Tt" and i > 0 and sentence[i - 1] in "Nn"
                          or sentence[i + 1:i + 3] in _ENDING_PAIRS):
                return True
            i = sentence.find(mark, i + 1)
    return False


def _single_quoted(sentence: str) -> bool:
    """Whether _SINGLE_QUOTED_FAST matches in sentence, by str.find() from quote mark to quote
    mark instead of its scan of every character (most marks are apostrophes inside a word, which
    the first test rejects)."""
    for mark in ("'", "‘"):
        i = sentence.find(mark)
        while i >= 0:
            before = sentence[i - 1:i]
            if not (before.isalnum() or before == "_"):
                # The run of quoted characters ends at the first of these, within 81 characters.
                close = -1
                limit = i + 82
                for stop in ("'", "’", "\n"):
                    k = sentence.find(stop, i + 1, limit)
                    if k >= 0:
                        close = limit = k
                if close >= i + 3 and sentence[close] != "\n":
                    after = sentence[close + 1:close + 2]
                    if not (after.isalnum() or after == "_"):
                        return True
            i = sentence.find(mark, i + 1)
    return False


def _may_hold_number(piece: str) -> bool:
    """Whether a _NUMERIC match can start in piece (`in` is much cheaper than a regex scan)."""
    for c in _NUMERIC_FIRST:
        if c in piece:
            return True
    return False


def _numeric(text: str, start: int, end: int, dates: list[DateMention], found: dict,
             m: re.Match, marks: bytes | None) -> None:
    """Numbers, money and percentages from `m`, the first _NUMERIC match in the sentence, on;
    `found` holds nothing else yet, and the first value of each kind is kept. `marks` are the
    sentence's _MARKS when it is ASCII, else None."""
    while True:
        raw, unit, scale = m.group(0, "unit", "scale")
        if raw[0] in "$€£¥₹":
            if "money" not in found and len(raw) >= 2 and _DIGIT.search(raw):
                prefix = _CURRENCY_PREFIX.search(text, max(start, m.start() - 2), m.start())
                found["money"] = (prefix.group() if prefix else "") + raw.rstrip(",.")
        elif not (dates and _in_dates(m.start(), dates)):
            if unit:
                kind = "percentage" if unit.strip()[:1] in "%p" else "money"
                if kind not in found:
                    found[kind] = raw
            elif "number" not in found:
                found["number"] = raw if scale else raw.rstrip(",.")
        if len(found) == 3:
            return  # number, money and percentage: later matches change nothing
        if marks is None:
            m = _NUMERIC.search(text, m.end(), end)
            if m is None:
                return
        else:
            pos = marks.find(b"0", m.end() - start)
            if pos < 0:
                return
            m = _NUMERIC.match(text, start + pos, end)


_ORDER = tuple(_WEIGHTS)
_RANK = {kind: i for i, kind in enumerate(_ORDER)}
_KEYWORD_WORDS = frozenset(_KEYWORD_KIND)
# Every word score() looks up in a set of its own.
_LOOKED_UP = _KEYWORD_WORDS | _PHRASE_TRIGGER_FORMS | frozenset(_INFORMAL_WORDS)
# Kinds met, in the order they were found -> (how to write each reason, in _ORDER; score). The
# sum is always taken in _ORDER, so the score depends only on which kinds were met.
_TOTALS: dict[tuple[str, ...], tuple[tuple[tuple[str, str | None, str], ...], float]] = {}
_FORMATS = {kind: "{kind}: {evidence}" for kind in _WEIGHTS}
_FORMATS.update({
    "quotation": "quotation",
    "question": "question (rhetorical or open)",
    "too short": "too short to check alone ({evidence} words)",
    "opinion": "opinion or hype: {evidence}",
    "informal": "informal phrasing: {evidence}",
    "hedged": "hedged or forward-looking: {evidence}",
})
# "{kind}: {evidence}"-shaped formats as a prefix to concatenate; the others go through format().
_PREFIXES = {kind: fmt[:-len("{evidence}")].format(kind=kind) for kind, fmt in _FORMATS.items()
             if fmt.endswith("{evidence}") and "{evidence}" not in fmt[:-len("{evidence}")]}

