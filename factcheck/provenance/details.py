"""The details a rewrite can get wrong, found in a span and compared with an origin's.

Four kinds, each compared only with its own kind:

- number: amounts, percentages and counts. "$4.85 billion" is 4.85e9 in dollars; "8%", "8 percent"
  and "8 per cent" are the same percentage; "2,400", "2400" and "2.4 thousand" the same count;
  "two" to "twelve" are counts too. Two numbers are equal when they agree within half a unit of
  the last digit of the less precise one, so a rewrite that rounds ("3.2 million" for
  "3,214,000", "11%" for "11.4%") is not a change. Digits inside a date mention are the date's.
- date: the analysis' date mentions, compared by interval. One interval inside the other ("2025"
  and "Q4 2025") or any overlap counts as agreeing; only disjoint intervals can differ
  ("Q4 2025" against "Q3 2025").
- name: runs of capitalised words ("Daniel Okafor", "Calder Bay Port Authority"). Two names
  differ when they have the same number of words and all but one agree ("Daniel Okafor" against
  "David Okafor"), and neither is found in the other side's document: a renamed official. A
  name that only one side has is not a difference (rewrites drop and add attributions).
- quantity: multipliers ("halved", "doubled", "tripled", "quadrupled") and proportions used as
  such ("most of", "some residents": a proportion word before "of" or a plural noun, never "the
  most" or "at most").

A claim's detail that no matched origin passage agrees with and an origin detail that the claim
does not agree with form a difference when they are of the same class (dollars with dollars,
percentages with percentages, counts of the same thing, a quarter with a quarter, a multiplier
with a multiplier) and either they are the only unmatched pair of that class, or the words
around them are alike (rapidfuzz ratio >= CONTEXT_MIN). A claim detail with comparable
counterparts but no single one to name is `unresolved`. A detail with no counterpart at all is
not a difference: it is an addition or an omission, which the claim's score already weighs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from rapidfuzz import fuzz

from .terms import stem

CONTEXT_MIN = 60.0  # rapidfuzz ratio (0-100) of the words beside two details of the same class

_CURRENCIES = {"$": "$", "us$": "$", "usd": "$", "dollar": "$", "dollars": "$",
               "hk$": "HK$", "hkd": "HK$", "a$": "A$", "c$": "C$",
               "€": "€", "eur": "€", "euro": "€", "euros": "€",
               "£": "£", "gbp": "£", "pound": "£", "pounds": "£",
               "¥": "¥", "rmb": "¥", "cny": "¥", "yuan": "¥", "元": "¥"}
_MAGNITUDES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
               "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
               "万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6}
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

# Not after a letter or digit of an alphabetic script ("A4", "COVID19"), but right after Han, kana
# or hangul: Chinese and Japanese write "投资45亿元" with no space before the number.
_NUMBER = re.compile(
    r"(?<![^\W\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff])(?<![.,:/$€£¥-])"
    r"(?:(?P<cur>US\$|HK\$|A\$|C\$|\$|€|£|¥|(?:USD|EUR|GBP|RMB|CNY|HKD)\s?))?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<magw>\s?(?:thousand|million|billion|trillion))|(?P<maga>(?:bn|mn|mln|tn|m|k|b))"
    r"|(?P<magc>百万|万|亿|千))?"
    r"(?![.,]?\d)(?![:/]\d)(?![A-Za-z])"
    r"(?P<suffix>\s?(?:%|％|percent\b|per\s?cent\b|percentage points?\b)"
    r"|\s(?:dollars|euros|pounds|yuan)\b|元)?",
    re.IGNORECASE)
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
# Where a number can start: a run of digits, and a currency sign or code just before it.
_DIGIT_RUN = re.compile(r"\d[\d,.]*")
_CURRENCY_BEFORE = re.compile(r"(?:US\$|HK\$|A\$|C\$|\$|€|£|¥|(?:USD|EUR|GBP|RMB|CNY|HKD)\s?)\Z",
                              re.IGNORECASE)
_NEXT_WORD = re.compile(r"[\s-]*([^\W\d_]+)")

_MULTIPLIERS = {"halve": 0.5, "halved": 0.5, "halves": 0.5, "halving": 0.5,
                "double": 2.0, "doubled": 2.0, "doubles": 2.0, "doubling": 2.0,
                "triple": 3.0, "tripled": 3.0, "triples": 3.0, "tripling": 3.0,
                "quadruple": 4.0, "quadrupled": 4.0, "quadruples": 4.0, "quadrupling": 4.0}
_PROPORTIONS = {"all": "all", "most": "most", "majority": "most", "half": "half",
                "some": "some", "few": "few", "minority": "few", "none": "none"}
_QUANTITY = re.compile(
    r"\b(?:" + "|".join(sorted({*_MULTIPLIERS, *_PROPORTIONS}, key=len, reverse=True)) + r")\b",
    re.IGNORECASE)
_QUANTITY_HINTS = ("halv", "doubl", "tripl", "quadrupl", "all", "most", "majority", "half",
                   "some", "few", "minority", "none")
_PROPORTION_USE = re.compile(r"\s+(?:of\b|[a-z]+s\b)")
_PROPORTION_NOT_AFTER = re.compile(r"(?:\bthe|\bat|\ba)\s+$", re.IGNORECASE)

_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Capitalised words that open sentences or name dates, not people, places or bodies.
_NOT_NAME = frozenset("""
The A An In On At By For From With Without Into Under Over After Before Following According As
If It Its This That These Those Some Most All Many Few Both Each Every When While Where Why How
What Who Which Whose But And Or Nor So Yet Then Now Today Yesterday Tomorrow Also Even Still
Here There They We He She I You Our Their His Her My Your Mr Mrs Ms Dr Prof Sir Madam Officials
Analysts Residents Critics Experts Last Next Earlier Later Since Until During Through Despite
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
Q1 Q2 Q3 Q4 Under Among Against Across Unlike Like Meanwhile However Ultimately Finally Still
""".split())


@dataclass(frozen=True)
class Detail:
    kind: str  # number | date | name | quantity
    cls: str  # what it may be compared with: "$", "percent", "count", "quarter", "multiplier"...
    text: str
    start: int  # offsets into the document's normalized text
    end: int
    value: float | tuple = 0.0  # a number's value, a date's (from, to), a name's words
    tolerance: float = 0.0  # numbers: half a unit of the last digit
    unit: str | None = None  # counts: the stem of the word after ("2,400 engineers")
    context: str = ""  # the words beside it, lower case, the detail itself left out


@dataclass
class Details:
    """The details of one span (a claim, or one origin sentence)."""
    numbers: list[Detail] = field(default_factory=list)
    dates: list[Detail] = field(default_factory=list)
    names: list[Detail] = field(default_factory=list)
    quantities: list[Detail] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Detail]:
        return {"number": self.numbers, "date": self.dates, "name": self.names,
                "quantity": self.quantities}[kind]


def _context(text: str, lo: int, hi: int, start: int, end: int, width: int = 32) -> str:
    left = text[max(start, lo - width):lo].lower()
    right = text[hi:min(end, hi + width)].lower()
    return f"{left} _ {right}"


def _inside(spans: Sequence[tuple[int, int]], lo: int, hi: int) -> bool:
    for s, e in spans:
        if s < hi and lo < e:
            return True
    return False


def find_numbers(text: str, start: int = 0, end: int | None = None, *,
                 skip: Sequence[tuple[int, int]] = ()) -> list[Detail]:
    """Numbers in text[start:end], leaving out those overlapping the `skip` spans (dates)."""
    end = len(text) if end is None else end
    out: list[Detail] = []
    for run in _DIGIT_RUN.finditer(text, start, end):
        pos = run.start()
        if pos > start and not text[pos - 1].isspace():
            cur = _CURRENCY_BEFORE.search(text, max(start, pos - 4), pos)
            if cur:
                pos = cur.start()
        m = _NUMBER.match(text, pos, end)
        if m is None:
            continue
        lo, hi = m.span()
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if _inside(skip, lo, hi):
            continue
        raw = m.group("num")
        decimals = raw.replace(",", "").partition(".")[2]
        value = float(raw.replace(",", ""))
        magnitude = 1.0
        mag = m.group("magw") or m.group("maga") or m.group("magc")
        if mag:
            mag_key = mag.strip().lower()
            if m.group("maga") and not m.group("cur"):
                # "5m" or "3k" alone may be metres or a score; only money takes short magnitudes.
                continue
            magnitude = _MAGNITUDES[mag_key]
        suffix = (m.group("suffix") or "").strip().lower()
        cur = (m.group("cur") or "").strip().lower()
        if suffix.startswith(("percentage", "point")):
            cls = "points"
        elif suffix in ("%", "％") or suffix.startswith(("percent", "per")):
            cls = "percent"
        elif cur or suffix:
            cls = _CURRENCIES.get(cur or suffix, cur or suffix)
        else:
            cls = "count"
        unit = None
        if cls == "count":
            nxt = _NEXT_WORD.match(text, hi, min(end, hi + 40))
            unit = stem(nxt.group(1).lower()) if nxt else None
        out.append(Detail("number", cls, text[lo:hi], lo, hi, value * magnitude,
                          0.5 * 10 ** -len(decimals) * magnitude, unit,
                          _context(text, lo, hi, start, end)))
    lower = text[start:end].lower()
    words = [m for m in _NUMBER_WORD.finditer(text, start, end)] \
        if any(w in lower for w in _NUMBER_WORDS) else []
    for m in words:
        lo, hi = m.span()
        if _inside(skip, lo, hi):
            continue
        nxt = _NEXT_WORD.match(text, hi, min(end, hi + 40))
        out.append(Detail("number", "count", m.group(), lo, hi,
                          float(_NUMBER_WORDS[m.group().lower()]), 0.5,
                          stem(nxt.group(1).lower()) if nxt else None,
                          _context(text, lo, hi, start, end)))
    out.sort(key=lambda d: d.start)
    return out


def date_details(mentions: Iterable, text: str, start: int, end: int) -> list[Detail]:
    """The analysis' DateMention objects as details (interval as the value)."""
    return [Detail("date", m.precision, m.text, m.start, m.end, (m.date_from, m.date_to),
                   context=_context(text, m.start, m.end, start, end))
            for m in mentions]


def find_names(text: str, start: int = 0, end: int | None = None) -> list[Detail]:
    """Runs of two or more capitalised words ("Daniel Okafor"), possessives taken off."""
    end = len(text) if end is None else end
    out: list[Detail] = []
    run: list[re.Match] = []

    def close() -> None:
        words = list(run)
        while words and words[0].group() in _NOT_NAME:
            words.pop(0)
        if len(words) >= 2:
            lo, hi = words[0].start(), words[-1].end()
            name = text[lo:hi]
            if name.endswith(("'s", "’s")):
                name, hi = name[:-2], hi - 2
            tokens = tuple(_NAME_WORD.findall(name))
            out.append(Detail("name", "name", name, lo, hi, tokens,
                              context=_context(text, lo, hi, start, end)))
        run.clear()

    for m in _NAME_WORD.finditer(text, start, end):
        word = m.group()
        capital = word[0].isupper() and not (len(word) > 1 and word.isupper())
        if capital and run and text[run[-1].end():m.start()] == " " \
                and not run[-1].group().endswith(("'s", "’s")):
            run.append(m)
            continue
        if run:
            close()
        if capital:
            run.append(m)
    if run:
        close()
    return out


def find_quantities(text: str, start: int = 0, end: int | None = None, *,
                    skip: Sequence[tuple[int, int]] = ()) -> list[Detail]:
    """Multipliers and proportion words used as quantities."""
    end = len(text) if end is None else end
    out: list[Detail] = []
    lower = text[start:end].lower()
    if not any(w in lower for w in _QUANTITY_HINTS):
        return out
    for m in _QUANTITY.finditer(text, start, end):
        lo, hi = m.span()
        if _inside(skip, lo, hi):
            continue
        word = m.group().lower()
        if word in _MULTIPLIERS:
            cls, value = "multiplier", _MULTIPLIERS[word]
        else:
            if not _PROPORTION_USE.match(text, hi, end) or \
                    _PROPORTION_NOT_AFTER.search(text, max(start, lo - 6), lo):
                continue
            cls, value = "proportion", _PROPORTIONS[word]
        out.append(Detail("quantity", cls, m.group(), lo, hi, value,
                          context=_context(text, lo, hi, start, end)))
    return out


def extract(text: str, start: int, end: int, date_mentions: Iterable = (), *,
            full: bool = True) -> Details:
    """The details of text[start:end]; `date_mentions` are the analysis' DateMentions in it.
    `full=False` leaves out names and quantity words (scoring needs only numbers and dates)."""
    mentions = list(date_mentions)
    date_spans = [(m.start, m.end) for m in mentions]
    found = Details(numbers=find_numbers(text, start, end, skip=date_spans),
                    dates=date_details(mentions, text, start, end))
    if full:
        found.names = find_names(text, start, end)
        found.quantities = find_quantities(text, start, end, skip=date_spans)
    return found


# -- comparison -------------------------------------------------------------------------------

def same(a: Detail, b: Detail) -> bool:
    """Do two details of one kind say the same thing?"""
    if a.kind != b.kind:
        return False
    if a.kind == "number":
        if a.cls != b.cls:
            return False
        return abs(a.value - b.value) <= max(a.tolerance, b.tolerance) + 1e-9 * abs(a.value)
    if a.kind == "date":
        (a_lo, a_hi), (b_lo, b_hi) = a.value, b.value
        return a_lo <= b_hi and b_lo <= a_hi
    if a.kind == "name":
        return a.value == b.value
    return a.cls == b.cls and a.value == b.value


def comparable(a: Detail, b: Detail) -> bool:
    """Could b be what a was before it changed (same kind and class)?"""
    if a.kind != b.kind or a.cls != b.cls:
        return False
    if a.kind == "number" and a.cls == "count" and a.unit and b.unit and a.unit != b.unit:
        return False
    return True


@dataclass(frozen=True)
class Pair:
    """A claim detail and the origin detail it differs from."""
    claim: Detail
    origin: Detail
    origin_part: int  # which of the origin parts passed to compare() it came from


@dataclass
class Comparison:
    pairs: list[Pair] = field(default_factory=list)  # differences, both sides known
    # Claim numbers, dates or quantities that the parts state otherwise, but with no single
    # counterpart to name: the claim is not supported, and no difference can be shown.
    unresolved: list[Detail] = field(default_factory=list)


def compare(claim: Details, parts: Sequence[Details], *,
            in_origins: Callable[[str], bool], in_article: Callable[[str], bool]) -> Comparison:
    """Details of the claim that the origin parts state otherwise.

    `parts` are the details of the matched origin passages; `in_origins(name)` says whether a
    name occurs anywhere in the origin documents, `in_article(name)` in the article.
    """
    out = Comparison()
    for kind in ("number", "date", "quantity"):
        mine = claim.of_kind(kind)
        theirs = [(i, d) for i, part in enumerate(parts) for d in part.of_kind(kind)]
        if not mine or not theirs:
            continue
        lost = [c for c in mine if not any(same(c, o) for _, o in theirs)]
        other = [(i, o) for i, o in theirs if not any(same(c, o) for c in mine)]
        pairs = _pair(lost, other)
        paired = {id(p.claim) for p in pairs}
        out.pairs.extend(pairs)
        out.unresolved.extend(c for c in lost if id(c) not in paired
                              and any(comparable(c, o) for _, o in other))
    out.pairs.extend(_renamed(claim.names, parts, in_origins=in_origins, in_article=in_article))
    out.pairs.sort(key=lambda p: p.claim.start)
    return out


def _pair(lost: list[Detail], other: list[tuple[int, Detail]]) -> list[Pair]:
    pairs: list[Pair] = []
    used: set[int] = set()
    for c in lost:
        options = [(k, i, o) for k, (i, o) in enumerate(other)
                   if k not in used and comparable(c, o)]
        if not options:
            continue
        rivals = [d for d in lost if comparable(c, d)]
        if len(options) == 1 and len(rivals) == 1:
            k, i, o = options[0]
        else:
            k, i, o = max(options, key=lambda x: fuzz.ratio(c.context, x[2].context))
            if fuzz.ratio(c.context, o.context) < CONTEXT_MIN:
                continue
        used.add(k)
        pairs.append(Pair(c, o, i))
    return pairs


def _renamed(names: list[Detail], parts: Sequence[Details], *, in_origins: Callable[[str], bool],
             in_article: Callable[[str], bool]) -> list[Pair]:
    pairs: list[Pair] = []
    for c in names:
        hits = [(i, o) for i, part in enumerate(parts) for o in part.names
                if _one_word_apart(c.value, o.value)]
        # Checked last, as they search whole documents.
        hits = [(i, o) for i, o in hits if not in_article(o.text)]
        if hits and not in_origins(c.text):
            i, o = hits[0]
            pairs.append(Pair(c, o, i))
    return pairs


def _one_word_apart(a: tuple, b: tuple) -> bool:
    if len(a) != len(b) or len(a) < 2:
        return False
    apart = [(x, y) for x, y in zip(a, b) if x != y]
    return len(apart) == 1 and apart[0][0].lower() != apart[0][1].lower()


def compare_texts(claim_text: str, origin_text: str, *, claim_dates: Iterable = (),
                  origin_dates: Iterable = ()) -> list[tuple[str, str, str]]:
    """(kind, claim side, origin side) of each difference between two sentences.

    For quick checks and tests: each text is the other side's whole document, and date
    mentions (the analysis' DateMention objects, offsets into their own text) are optional.
    """
    mine = extract(claim_text, 0, len(claim_text), claim_dates)
    theirs = extract(origin_text, 0, len(origin_text), origin_dates)
    found = compare(mine, [theirs], in_origins=lambda s: s in origin_text,
                    in_article=lambda s: s in claim_text)
    return [(p.claim.kind, p.claim.text, p.origin.text) for p in found.pairs]

