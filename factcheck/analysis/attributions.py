"""Attributions: who a sentence says something came from, with the span that says so.

Forms found: "according to X" and "citing X"; "X said / told / stated / emphasized ..." with an
optional appositive ("Xiao Ting, chairman of Bank of Communications, emphasized"); the
inversion after a quotation ('"...," said X'); "X said in a statement"; "reported by X";
Chinese 据X报道 and X表示/指出/称. `source` is the name as written; a "the" before a capitalised
name is dropped from it ("South China Morning Post") but kept in the span, and "the ministry"
keeps its "the". "He stated" / "she said" resolve to the latest person named as a speaker in the
article (`Attributor` keeps that state across sentences); "it" and "they" stay as written, and
"I" / "we" (the writer) are no attribution.
"""
from __future__ import annotations

import re

from .model import Attribution
from .words import word_set

_SPEECH_VERBS = (
    "said", "says", "told", "tells", "stated", "states", "emphasized", "emphasised", "emphasizes",
    "emphasises", "highlighted", "highlights", "noted", "notes", "added", "adds", "warned", "warns",
    "argued", "argues", "claimed", "claims", "explained", "explains", "announced", "announces",
    "confirmed", "confirms", "wrote", "writes", "reported", "reports", "insisted", "insists",
    "acknowledged", "acknowledges", "admitted", "admits", "denied", "denies", "stressed",
    "stresses", "asserted", "asserts", "maintained", "maintains", "predicted", "predicts",
    "estimated", "estimates", "observed", "remarked", "declared", "declares", "testified",
    "tweeted", "posted", "commented", "replied", "responded", "cautioned", "pointed out",
    "points out", "suggested", "suggests", "revealed", "reveals", "disclosed", "alleged",
    "alleges", "recalled", "urged", "vowed", "pledged", "asked")


def _by_first_letter(words: list[str]) -> str:
    """words as one alternation, grouped by first character: "a(?:nalysts|nalyst)|b(?:...)".

    Leftmost-first alternation gives the same result (alternatives with different first
    characters never both match at one position, and the order within a group is kept), but
    the engine checks one first character per group instead of every word in turn."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word)
    return "|".join(re.escape(first) + "(?:" + "|".join(re.escape(w[1:]) for w in group) + ")"
                    for first, group in groups.items())


_INVERTIBLE = {"said", "says", "added", "adds", "told", "wrote", "writes", "explained", "asked",
               "noted", "stated", "continued", "replied", "responded", "recalled", "warned"}
# Literal alternatives only, so the regex engine can skip ahead to candidate letters.
_TRIGGER_DEFINITION = (["According to", "according to", "Citing", "citing", "reported by", "quoted by"]
                       + sorted(_SPEECH_VERBS, key=len, reverse=True)
                       + ["据", "表示", "指出", "强调", "透露", "宣布", "介绍", "说", "称"])
# The alternatives above in their order, grouped by first character ("[Aa]ccording to" as two
# words): every alternative starts with a literal, so the engine skips to candidate characters.
_TRIGGER = re.compile(_by_first_letter(_TRIGGER_DEFINITION))
_EXTENSION = re.compile(
    r"\s+(?:in|on|at|during|to)\s+(?:a|an|the|his|her|their|its)\s+(?:[\w-]+\s+)?"
    r"(?:statement|interview|press conference|press release|news conference|briefing|speech|"
    r"post|email|letter|report|video|note|filing|reporters)\b|\s+on\s+(?:X|Twitter|Facebook|"
    r"social media|Weibo|WeChat|LinkedIn)\b")
_TRIGGER_WORDS = {"according", "citing", "reported", "quoted"} | {v.split()[0] for v in _SPEECH_VERBS}
_QUOTED_TRIGGER_WORDS = frozenset("'" + w for w in _TRIGGER_WORDS)
# Latin trigger -> its first word in lower case (a member of _TRIGGER_WORDS).
_TRIGGER_WORD_OF = {t: t.split()[0].lower() for t in _TRIGGER_DEFINITION if t.isascii()}
_CJK_TRIGGER = re.compile(r"[据表指强透宣介说称]")
_CJK_TRIGGERS = re.compile("|".join(t for t in _TRIGGER_DEFINITION if not t.isascii()))
# One small pattern per trigger word, so a sentence with "said" looks only for "said".
_WORD_TRIGGERS = {w: re.compile(re.escape(w)) for w in _TRIGGER_WORDS if " " not in w}
_WORD_TRIGGERS.update({
    "according": re.compile(r"[Aa]ccording to"), "citing": re.compile(r"[Cc]iting"),
    "reported": re.compile(r"reported by|reported"), "quoted": re.compile(r"quoted by"),
    "pointed": re.compile(r"pointed out"), "points": re.compile(r"points out")})
# Possessive quantifiers (*+, ++) where giving characters back can never help: a name token or
# word is always followed by a space, comma or the end, none of which it could give back, and
# the appositive's run stops at the first comma either way. Same matches, no futile backtracking.
# (Not the appositive's leading \s*: when only spaces stand between the two commas, the run
# needs one of them back.)
# (A token used to read "[A-Z][\w'’.&-]*|[A-Z]\." : the second form only ever gave back what the
# first had taken, so it never matched where the first could not. Without it, a name pattern
# starts with the class [A-Z] and the engine skips straight to capitals.)
_NAME_TOKEN = r"[A-Z][\w'’.&-]*+"
# A repeat, or an optional group written "X?", sets up (allocates) a repeat each time it is
# tried, so they are written "(?:(?=G)X+|)" (G: what the first X starts with) and "(?:X|)":
# the same matches, tried in the same order.
_CONNECTOR = r"(?:of|for|and|the|de|van|von|bin|al|da|di|du|del|la|le|y)"
_CONNECTORS = rf"(?:(?={_CONNECTOR}\s)(?:{_CONNECTOR}\s+)+|)"
_NAME = (rf"{_NAME_TOKEN}(?:(?=\s+(?:[A-Z]|{_CONNECTOR}\s))(?:\s+{_CONNECTORS}{_NAME_TOKEN}){{1,7}}|)"
         r"(?:\s+\([^()\n]{1,40}\)|)")
# Common nouns that speak in news copy ("the ministry said", "officials said").
_SPEAKER_NOUNS = (
    "ministry", "company", "government", "spokesperson", "spokesman", "spokeswoman", "spokespeople",
    "official", "officials", "police", "agency", "report", "statement", "bank", "court",
    "department", "military", "army", "council", "commission", "committee", "authority",
    "authorities", "analyst", "analysts", "expert", "experts", "researcher", "researchers",
    "investigator", "investigators", "prosecutor", "prosecutors", "lawyer", "lawyers", "source",
    "sources", "group", "firm", "regulator", "board", "office", "embassy", "study", "survey",
    "data", "minister", "ministers", "president", "chairman", "chairwoman", "chair", "chief",
    "director", "executive", "economist", "economists", "scientist", "scientists", "lawmaker",
    "lawmakers", "activist", "activists", "diplomat", "diplomats", "doctor", "doctors",
    "witnesses", "residents", "critics", "media", "newspaper", "outlet", "broadcaster", "union",
    "organisation", "organization", "institute", "university", "administration", "team",
    "operator", "operators", "carrier", "airline", "insurer", "lender", "maker", "producer", "ceo",
    "cfo", "mayor", "governor", "senator", "councillor", "councilor", "secretary", "officer",
    "manager", "founder", "professor", "representative", "representatives", "owner", "owners",
    "customs", "club", "campaigner", "campaigners", "organiser", "organisers", "organizer",
    "organizers", "firefighters", "paramedics", "hospital", "school", "utility")
_NOUNS = _by_first_letter(sorted(_SPEAKER_NOUNS, key=len, reverse=True))
_NOUN_WORDS = set(_SPEAKER_NOUNS)
_DETERMINER = r"(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Oo]ne|[Tt]wo|[Ss]everal|[Ss]ome|[Mm]any)"
_FILLER = (r"(?:(?!(?:after|before|when|while|as|because|since|if|that|which|who|and|but|or|in|"
           r"on|at|by|for|with|from|to|of|than)\b)[\w'’-]++\s++)")
# "{_FILLER}{0,3}?" written out: no filler, then one, two, three.
_NOUN_PHRASE = (rf"(?:{_DETERMINER}\s+|{_NAME}\s+|[A-Z][\w'’-]*+\s+|)"
                rf"(?:|{_FILLER}(?:|{_FILLER}(?:|{_FILLER})))(?:{_NOUNS})"
                rf"(?:\s+(?:for|of|at|from)\s+(?:the\s+|){_NAME}|)")
_PRONOUN = r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|I|[Ww]e)\b"
# The same pronouns, written to start with a character class so that the regex engine can skip
# to candidate letters: the first letter, then the word boundary before it, then the rest of
# the word chosen by that letter (in the order of the alternation above).
_PRONOUN_FAST = (r"[HhSsTtIiWw](?<!\w.)(?:(?<=[Hh])e|(?<=[Ss])he|(?<=[Tt])hey|(?<=[Ii])t|(?<=I)|"
                 r"(?<=[Ww])e)\b")
_WHEN = (r"(?:\s+(?:on\s+|last\s+|this\s+|)(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
         r"Sunday)|\s+(?:yesterday|today|earlier|later|recently|last\s+week|this\s+week)|)")
_ADVERB = r"(?:has|have|had|also|later|then|previously|earlier|repeatedly|once)"
_ADVERBS = rf"(?:(?={_ADVERB}\s)(?:{_ADVERB}\s+)+|)"
_BEFORE_TAIL = rf"(?:(?P<app>,\s*[^,;\"“”\n]{{1,160}}+,|,)|){_WHEN}\s+{_ADVERBS}$"
_REACH = {"pron": 40, "name": 220, "np": 120}
# The words of _PRONOUN, and those of _WHEN and _ADVERBS, for _may_end.
_PRONOUNS = frozenset("He he She she They they It it I We we".split())
_TAIL_WORDS = frozenset(
    "on last this Monday Tuesday Wednesday Thursday Friday Saturday Sunday yesterday today "
    "earlier later recently week has have had also then previously repeatedly once".split())
# For _np_search: a noun followed by what may follow it in the noun-phrase pattern, up to the
# end of the window; and the connector words of a name.
_NOUN_THEN_TAIL = re.compile(
    rf"(?:{_NOUNS})(?=(?:\s+(?:for|of|at|from)\s+(?:the\s+)?{_NAME})?"
    + _BEFORE_TAIL.replace("(?P<app>", "(?:") + ")")
_NAME_CONNECTORS = frozenset("of for and the de van von bin al da di du del la le y".split())
_RUN = re.compile(r"\S+")
# A character that no name token, determiner, filler word, noun or the spaces between them
# holds (only a parenthesis, when there is one, may hold more).
_NOT_IN_PHRASE = re.compile(r"[^\w\s'’.&-]")
# Tried in this order, each anchored at the verb: a pronoun, then a name, then a noun phrase.
_SPEAKERS_BEFORE = [
    ("pron", re.compile(rf"(?P<pron>{_PRONOUN_FAST}){_WHEN}\s+{_ADVERBS}$")),
    ("name", re.compile(rf"(?P<name>{_NAME}){_BEFORE_TAIL}")),
    ("np", re.compile(rf"(?P<np>{_NOUN_PHRASE}){_BEFORE_TAIL}")),
]
_SPEAKER_AFTER = re.compile(rf"\s+(?P<src>{_NAME}|{_NOUN_PHRASE})")
_STOP_AFTER = (r"(?!(?:that|which|who|when|while|as|on|at|last|this|in|(?:published|released|"
               r"issued)\s+(?:on|in|at|last|this|earlier|yesterday|today|every))\b)")
_SOURCE_AFTER = re.compile(
    rf"(?P<src>(?:the\s+)?{_NAME}|{_STOP_AFTER}[\w'’&-]+(?:\s+{_STOP_AFTER}[\w'’&-]+){{0,7}})")
_CJK_SOURCE_BEFORE = re.compile(r"(?P<src>[\u3400-\u9fff·A-Za-z0-9（）()]{2,25})$")
_CJK_ACC = re.compile(r"(?P<src>[^，。,、；\s“”\"]{1,20}?)(?:报道|消息|称|介绍|透露|显示|了解|表示)")
_LEADING_WORDS = re.compile(
    r"(?:(?:The|A|An|In|On|At|This|That|These|Those|But|And|However|Meanwhile|When|While|After|"
    r"Before|If|As|For|From|With|By|Speaking|Separately|Also|Later|Now|Then|Still|Yet|So|Last|"
    r"Earlier|Instead|Moreover|Furthermore|Indeed|Previously|Asked|Once)\s+)+")
_STOP_NAMES = {"The", "A", "An", "It", "This", "That", "There", "These", "Those", "In", "On",
               "But", "And", "However", "Meanwhile", "When", "While", "What", "Who", "Which",
               "Speaking", "If", "As", "For", "Last", "Asked", "Monday", "Tuesday", "Wednesday",
               "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April",
               "May", "June", "July", "August", "September", "October", "November", "December"}
# Verbs that also take an object ("added weekend service", "posted revenue"): speech only when
# what follows is a quotation, a clause or the end.
_OBJECT_VERBS = {"added", "adds", "posted", "noted", "notes", "estimated", "estimates"}
_SPEECH_FOLLOWS = re.compile(r"\s*(?:[,.:;\"“”—–]|that\b|$)")
_ORG_WORDS = {
    "ministry", "department", "authority", "agency", "bank", "times", "post", "journal", "news",
    "press", "council", "commission", "committee", "court", "police", "office", "university",
    "institute", "group", "company", "corp", "inc", "ltd", "association", "union", "party",
    "government", "board", "bureau", "service", "services", "capital", "partners", "fund",
    "reuters", "bloomberg", "xinhua", "ledger", "gazette", "tribune", "herald", "courier", "daily",
    "network", "chamber", "exchange", "port", "city", "state", "house", "federation", "society",
    "foundation", "centre", "center", "organization", "organisation", "alliance", "coalition",
    "record", "observer", "review", "magazine", "television", "radio", "tv", "media", "wire"}
_KEEP_DOT = re.compile(r"(?:\b[A-Z]\.|\b(?:Inc|Co|Corp|Ltd|Jr|Sr|St|Bros))\.$")
_PREPOSITION_BEFORE = re.compile(r"\b(?:for|of|at|from|with|by)\s+(?:the\s+)?$")
_QUOTE_CHAR = re.compile(r"[\"“”]")
_QUOTE_BEFORE = re.compile(r"[,\"”’'—–]\s*$")


class Attributor:
    """Finds attributions sentence by sentence, remembering the latest named speaker."""

    def __init__(self) -> None:
        self.last_person: str | None = None

    def find(self, text: str, start: int, end: int, words: set[str] | None = None, *,
             sentence: str | None = None) -> list[Attribution]:
        """Attributions in text[start:end] (`sentence`, if given, is that slice)."""
        if words is None:
            words = word_set(text, start, end)
        if sentence is None:
            sentence = text[start:end]
        hits = words & _TRIGGER_WORDS
        if "'" in sentence:  # an apostrophe as an opening quote: "'according to ..."
            quoted = words & _QUOTED_TRIGGER_WORDS
            if quoted:
                hits |= {w[1:] for w in quoted}
        ascii_only = sentence.isascii()
        if not hits and (ascii_only or not _CJK_TRIGGER.search(text, start, end)):
            return []
        found: list[Attribution] = []
        for m in self._triggers(text, start, end, hits, ascii_only):
            trigger = m.group()
            if trigger[0].isascii():
                if m.start() > start and text[m.start() - 1].isalpha():
                    continue  # inside a word
                if m.end() < end and text[m.end()].isalpha() and trigger[-1] != " ":
                    continue
            if trigger[0] in "Aacrq" and (trigger.lower().startswith(("according", "citing"))
                                          or trigger in ("reported by", "quoted by")):
                a = self._after(text, m, end)
            elif trigger == "据":
                a = self._cjk_according(text, m, end)
            elif not trigger[0].isascii():
                a = self._cjk_speaker(text, m, start)
            else:
                a = self._speaker(text, m, start, end, words)
            if a is not None and (not found or not any(a.start < b.end and b.start < a.end
                                                       for b in found)):
                found.append(a)
        if len(found) > 1:
            found.sort(key=lambda a: a.start)
        return found

    @staticmethod
    def _triggers(text: str, start: int, end: int, hits: set[str],
                  ascii_only: bool) -> list[re.Match]:
        """Trigger matches, looking only for the trigger words the sentence contains (`hits`).

        A Latin trigger counts only where its first word is one of `hits`, as the per-word
        search below gives: "ex-said" is no trigger on either path. The Chinese triggers, which
        no word gives, overlap no Latin one, so in non-ASCII text they are searched on their own
        (a test compares the paths)."""
        if len(hits) > 3:
            return [m for m in _TRIGGER.finditer(text, start, end)
                    if (word := _TRIGGER_WORD_OF.get(m.group())) is None or word in hits]
        out: list[re.Match] = []
        for word in hits:
            pattern = _WORD_TRIGGERS.get(word)
            if pattern is not None:
                out.extend(pattern.finditer(text, start, end))
        if not ascii_only:
            out.extend(_CJK_TRIGGERS.finditer(text, start, end))
        if len(out) > 1:
            out.sort(key=re.Match.start)
        return out

    def _after(self, text: str, m: re.Match, end: int) -> Attribution | None:
        pos = m.end()
        while pos < end and text[pos].isspace():
            pos += 1
        src = _SOURCE_AFTER.match(text, pos, end)
        if not src:
            return None
        source = _clean(src.group("src"))
        if not source:
            return None
        end_ = src.end()
        while end_ > pos and text[end_ - 1] in " .,;:":
            if text[end_ - 1] == "." and source.endswith("."):
                break
            end_ -= 1
        return Attribution(m.start(), end_, text[m.start():end_], source)

    def _speaker(self, text: str, m: re.Match, start: int, end: int,
                 words: set[str]) -> Attribution | None:
        verb = m.group()
        ext = _EXTENSION.match(text, m.end(), end)
        verb_end = ext.end() if ext else m.end()
        if verb == "asked" and not _QUOTE_CHAR.search(text, start, m.start()):
            return None  # "asked" attributes a quoted question, not a request
        if verb in _OBJECT_VERBS and not ext and not _SPEECH_FOLLOWS.match(text, verb_end, end):
            return None
        lo = max(start, m.start() - 220)
        window = text[lo:m.start()]
        runs = window.rsplit(None, 1)
        last = runs[-1] if runs else ""
        for kind, pattern in _SPEAKERS_BEFORE:
            if kind == "np" and words.isdisjoint(_NOUN_WORDS) or not _may_end(kind, last):
                continue
            # Pronouns sit right before the verb; noun phrases rarely reach far back. (The name
            # and pronoun patterns start with a character class, so search() skips to it.)
            offset = max(0, len(window) - _REACH[kind])
            before = (_np_search(pattern, window, offset) if kind == "np"
                      else pattern.search(window, offset))
            if not before:
                continue
            raw = before.group(kind)
            s = lo + before.start(kind)
            if kind == "name":
                trimmed = _LEADING_WORDS.match(raw)
                if trimmed:
                    s += trimmed.end()
                    raw = raw[trimmed.end():]
                if not raw or raw in _STOP_NAMES or raw.split()[0] in _STOP_NAMES:
                    continue
                if _PREPOSITION_BEFORE.search(window, max(0, before.start(kind) - 12),
                                              before.start(kind)):
                    continue  # "a spokesperson for the Ministry ...": the noun phrase speaks
            source = self._resolve(kind, raw)
            if source:
                if kind == "name" and text[max(start, s - 4):s] in ("the ", "The "):
                    s -= 4  # the span reads as written: "the Calder Bay Business Times reported"
                return Attribution(s, verb_end, text[s:verb_end], source)
            if kind == "pron":
                return None  # "I said", "we said": the writer
        quote_before = _QUOTE_BEFORE.search(text, max(start, m.start() - 3), m.start())
        if verb in _INVERTIBLE and quote_before:
            after = _SPEAKER_AFTER.match(text, verb_end, end)
            # After a bare comma only a name counts: ", said the council" is rarely a speech tag.
            if after and (quote_before.group().strip() != "," or after.group("src")[:1].isupper()):
                source = _clean(after.group("src"))
                if source and source.split()[0] not in _STOP_NAMES:
                    if _person_like(source):
                        self.last_person = source
                    return Attribution(m.start(), after.end(), text[m.start():after.end()], source)
        return None

    def _resolve(self, kind: str, raw: str) -> str | None:
        if kind == "pron":
            if raw in ("I", "We", "we"):
                return None  # the writer speaking, not a source
            if raw.lower() in ("he", "she"):
                return self.last_person or raw
            return raw  # "it" and "they" could be anyone: leave them as written
        source = _clean(raw)
        if kind == "name" and source and _person_like(source):
            self.last_person = source
        return source

    def _cjk_according(self, text: str, m: re.Match, end: int) -> Attribution | None:
        src = _CJK_ACC.match(text, m.end(), min(end, m.end() + 30))
        if not src:
            return None
        return Attribution(m.start(), src.end(), text[m.start():src.end()], src.group("src"))

    def _cjk_speaker(self, text: str, m: re.Match, start: int) -> Attribution | None:
        lo = max(start, m.start() - 25)
        before = _CJK_SOURCE_BEFORE.search(text[lo:m.start()])
        if not before:
            return None
        s = lo + before.start()
        return Attribution(s, m.end(), text[s:m.end()], before.group("src"))


def _may_end(kind: str, last: str) -> bool:
    """False when the `kind` pattern cannot match a window whose last run is `last`.

    After the speaker come only day words and adverbs (_TAIL_WORDS), or for a name or noun
    phrase an appositive or a comma. So the last run is one of those, or ends the speaker: a
    pronoun (perhaps after punctuation), a name's capitalised token or parenthesis, or a noun
    (perhaps the end of a longer word: the pattern does not look before it)."""
    if last in _TAIL_WORDS:
        return True
    if kind == "pron":
        return last in _PRONOUNS or not last.isalpha()
    if not last.islower() or last[-1] in ",)":
        return True
    return kind == "np" and (not last.isalpha() or last.endswith(_SPEAKER_NOUNS))


def _np_search(pattern: re.Pattern, window: str, offset: int) -> re.Match | None:
    """pattern.search(window, offset) for the noun-phrase pattern, without trying it at the
    many positions where it cannot match (it is slow to fail: determiners, names, up to three
    filler words and a hundred nouns are tried at each).

    A match holds a noun followed by an optional "of NAME" and the tail to the end of the
    window: no such noun, no match. Before its noun come at most a prefix and three filler
    words, each ending in whitespace: one word each, or for a name prefix capitalised tokens
    and connectors ("Bank of Communications") and perhaps a parenthesis. So, walking back
    from the first such noun over whitespace-separated runs, a match cannot start before the
    run where four runs have been passed and the next is neither capitalised nor a connector
    (or anywhere, with a parenthesis in the window). Nor can it start before a character that
    no prefix, filler or noun holds (the comma in "In a statement, the ministry"). Later nouns
    give later bounds."""
    first = _NOUN_THEN_TAIL.search(window, offset)
    if first is None:
        return None
    lo = offset
    if window.find("(", offset) < 0 and window.find(")", offset) < 0:
        j = first.start()
        reversed_before = window[offset:j][::-1]
        stop = _NOT_IN_PHRASE.search(reversed_before)
        if stop:
            lo = j - stop.start()
            reversed_before = reversed_before[:stop.start()]
        for n, run in enumerate(_RUN.finditer(reversed_before)):
            if n >= 4:
                word = run.group()
                if not ("A" <= word[-1] <= "Z" or word[::-1] in _NAME_CONNECTORS):
                    lo = j - run.end()  # the match starts in this run at the earliest
                    break
    return pattern.search(window, lo)


def _person_like(name: str) -> bool:
    """Two to four capitalised words and no organisation word: likely a person."""
    words = name.split()
    if not 1 <= len(words) <= 4:
        return False
    for w in words:
        if not w[:1].isupper():
            return False
    for w in words:
        if w.strip(".,'’s").lower() in _ORG_WORDS:
            return False
    return True


def _clean(source: str) -> str:
    source = source.strip(" ,;:")
    if source.endswith(".") and not _KEEP_DOT.search(source):
        source = source[:-1]
    # "the South China Morning Post" is named by what follows; "the ministry" needs its "the".
    if source[:4].lower() == "the " and source[4:5].isupper():
        source = source[4:]
    return source
