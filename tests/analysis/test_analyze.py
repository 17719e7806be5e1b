import codecs
import hashlib
import json
import subprocess
import sys
import time
from datetime import date

import pytest

from factcheck import analyze as top_level_analyze
from factcheck.analysis import InputError, analyze, analyze_bytes

ARTICLE = ("Cities Sign a Battery Pact\n"
           "The two cities signed the pact on January 15, 2026, the Harbour Ledger reported.\n"
           "The fund is worth $4.85 billion, up 12% from Q4 2025 plans.\n"
           "Related Articles\n"
           "Floodwaters recede in the valley as 240,000 people lack water.\n")


def test_top_level_import_is_the_same_function():
    assert top_level_analyze is analyze


def test_schema_is_exact():
    d = analyze(ARTICLE, published=date(2026, 1, 16)).to_dict()
    assert list(d) == ["schema", "sha256", "title", "published_at", "language", "text", "blocks",
                       "claims", "ai"]
    assert d["schema"] == "factcheck.analysis/1"
    assert d["published_at"] == "2026-01-16"
    assert set(d["blocks"][0]) == {"kind", "start", "end", "boilerplate_kind"}
    claim = d["claims"][0]
    assert list(claim) == ["id", "start", "end", "text", "checkworthy", "reasons", "dates",
                           "attributions"]
    assert list(claim["dates"][0]) == ["start", "end", "text", "from", "to", "precision", "relative"]
    assert list(claim["attributions"][0]) == ["start", "end", "text", "source"]
    assert set(d["ai"]) == {"level", "signals"}
    json.dumps(d)  # serialisable as is
    assert [c["id"] for c in d["claims"]] == ["c1", "c2"]


def test_claims_lie_in_one_paragraph_block_each():
    a = analyze(ARTICLE)
    for c in a.claims:
        assert a.text[c.start:c.end] == c.text
        inside = [b for b in a.blocks if b.start <= c.start and c.end <= b.end]
        assert len(inside) == 1 and inside[0].kind == "paragraph"


def test_title_rules():
    assert analyze(ARTICLE).title == "Cities Sign a Battery Pact"
    given = analyze(ARTICLE, title="Given")
    assert given.title == "Given" and given.blocks[0].kind != "title"
    md = analyze_bytes(b"---\ndate: 2026-01-01\n---\nIntro line.\n\n# Real Title\n\nBody, he said.\n",
                       filename="a.md")
    assert md.title == "Real Title"
    assert [b.kind for b in md.blocks if b.kind == "title"] == ["title"]


def test_analyze_bytes_sha256_is_over_raw_bytes():
    raw = codecs.BOM_UTF8 + ARTICLE.replace("\n", "\r\n").encode()
    a = analyze_bytes(raw, filename="story.TXT")
    assert a.sha256 == hashlib.sha256(raw).hexdigest()
    assert "\r" not in a.text and a.metadata["encoding"] == "utf-8-sig"


@pytest.mark.parametrize("raw, filename, message", [
    (b"", "a.txt", "empty"),
    (b"   \n\n", "a.txt", "no text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "a.txt", "binary"),
    (b"hello", "a.pdf", ".pdf"),
    (b"hello", "noext", "no extension"),
    ("深圳港区".encode("gbk"), "a.txt", "UTF-8"),
])
def test_bad_files_raise_input_error(raw, filename, message):
    with pytest.raises(InputError, match=message):
        analyze_bytes(raw, filename=filename)


def test_published_argument_and_relative_dates():
    a = analyze("T\nThe minister spoke on Tuesday.\n", published=date(2026, 3, 4))
    [d] = a.claims[0].dates
    assert (d.date_from, d.relative) == (date(2026, 3, 3), True)
    assert analyze("T\nThe minister spoke on Tuesday.\n").claims[0].dates == []


def test_empty_and_only_boilerplate():
    empty = analyze("")
    assert (empty.title, empty.blocks, empty.claims, empty.ai.level) == (None, [], [], "none")
    only = analyze("Related Articles\nRead more: Other story\n© 2026 Example. All rights reserved.\n",
                   title="x")
    assert only.claims == [] and all(b.kind == "boilerplate" for b in only.blocks)


def test_nul_bytes_and_lone_surrogates_in_text():
    a = analyze("Title\nThe fund\x00 grew 5% in 2025.\ud800 Next sentence here.\n")
    assert a.claims and all(a.text[c.start:c.end] == c.text for c in a.claims)


def test_twenty_megabytes_finish_quickly():
    paragraph = ("The council approved a $412.6 million budget on Monday, officials said, a 4.8% "
                 "increase over the previous year's. ")
    big = "Title\n" + "\n".join(paragraph * 3 for _ in range(20_000_000 // (len(paragraph) * 3)))
    started = time.perf_counter()
    a = analyze(big, published=date(2026, 2, 24))
    elapsed = time.perf_counter() - started
    assert len(a.claims) > 100_000
    assert elapsed < 120, f"20 MB took {elapsed:.0f} s"


@pytest.mark.parametrize("text", [
    "a" * 200_000,
    "(" * 50_000 + "said" + ")" * 50_000,
    "According to " + "X " * 50_000,
    "Q" * 100_000 + " 2025",
    "1" * 100_000,
    "by " * 30_000 + "the end of",
    ", said" * 30_000,
])
def test_pathological_text_does_not_hang(text):
    started = time.perf_counter()
    analyze("Title\n" + text)
    assert time.perf_counter() - started < 20


def test_summary_reads_like_a_report():
    a = analyze(ARTICLE + "This content is AI-generated based on source articles.\n",
                published=date(2026, 1, 16))
    text = a.summary()
    assert text.startswith("Cities Sign a Battery Pact\n")
    assert "Published: 2026-01-16" in text
    assert "AI content: disclosed" in text
    assert '"January 15, 2026" = 2026-01-15 [day]' in text
    assert '"Q4 2025" = 2025-10-01 .. 2025-12-31 [quarter]' in text
    assert "source: Harbour Ledger" in text
    assert "- related: Related Articles" in text
    assert "  1. [" in text and "  2. [" in text
    assert "flags: unattributed" in text  # the $4.85 billion claim names no source


def test_summary_flags_an_inconsistent_date():
    a = analyze("T\nThe plant closed on March 20, 2026, the company said.\n", published=date(2026, 3, 4))
    assert "flags: date_inconsistent" in a.summary()


def test_analysis_imports_no_web_or_database_code():
    code = ("import sys, factcheck.analysis, factcheck.analysis.html; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlmodel', 'sqlalchemy')]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_garbage_collector_is_paused_only_during_a_call():
    import gc

    from factcheck.provenance import trace

    article = analyze("Port record\n\nThe port handled 1.2 million containers in March.\n")
    assert gc.isenabled()
    trace(article, [article])
    assert gc.isenabled()
    # A failing call leaves it running too (pure Python fails on None.isascii(), the compiled
    # core at its typed `text: str` parameter).
    with pytest.raises((AttributeError, TypeError)):
        analyze(None)
    assert gc.isenabled()
    gc.disable()
    try:
        analyze("Title\n\nA sentence.\n")
        assert not gc.isenabled()  # a caller's own choice stands
    finally:
        gc.enable()


def test_language_scripts_cover_exactly_their_ranges():
    # detect_language counts scripts from UTF-8 lead bytes; each code point alone must fall in
    # the script whose range holds it.
    from factcheck.analysis import detect_language

    def expected(c):
        if 0x3400 <= c <= 0x9FFF:
            return "zh"
        if 0x3040 <= c <= 0x30FF:
            return "ja"
        if 0xAC00 <= c <= 0xD7AF:
            return "ko"
        return "en"

    for c in [*range(0x10000), *range(0x10000, 0x110000, 97)]:
        assert detect_language(chr(c) * 20) == expected(c), hex(c)


def test_language_guess_mixes_scripts_like_the_ranges_say():
    import random
    import re
    from collections import Counter

    from factcheck.analysis import _STOP_LANGUAGES, _STOPWORDS, detect_language

    def by_ranges(text):  # the guess with the scripts counted per character
        sample = text[:4000]
        if not sample.strip():
            return "en"
        han = sum(len(r) for r in re.findall(r"[\u3400-\u9fff]+", sample))
        kana = sum(len(r) for r in re.findall(r"[\u3040-\u30ff]+", sample))
        if sum(len(r) for r in re.findall(r"[\uac00-\ud7af]+", sample)) > 0.2 * len(sample.strip()):
            return "ko"
        if kana > 0.05 * (han + kana + 1) and han + kana > 0.15 * len(sample):
            return "ja"
        if han > 0.15 * len(sample):
            return "zh"
        scores = dict.fromkeys(_STOPWORDS, 0)
        for word, n in Counter(w for w in sample.lower().split() if w in _STOP_LANGUAGES).items():
            for lang in _STOP_LANGUAGES[word]:
                scores[lang] += n
        best = max(scores, key=scores.get)
        return best if scores[best] > scores["en"] * 1.2 and scores[best] >= 3 else "en"

    pool = ["港", "区", "㐀", "䶿", "鿿", "ꀀ", "。", "あ", "ア", "ヿ", "゠", "한", "국", "힣", "ힰ",
            "\ud800", "\udfff", "\ue000", "é", "“", " ", "\n", "la ", "the ", "de ", "und ", "x",
            "FÜR ", "für ", "NÃO ", "É", "İ", "\xa0", "THE ", "Ⅰ"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choices(pool, k=rng.randrange(1, 60)))
        assert detect_language(text) == by_ranges(text), repr(text)


def test_stop_words_are_counted_alike_with_bytes_lower_case():
    # For non-ASCII text the guess lowers only ASCII (bytes.lower()) unless the text has one of
    # the characters whose lower case holds a stop word's letter.
    from factcheck.analysis import _LOWER_TO_STOP_LETTERS, _STOP_LANGUAGES
    letters = set("".join(_STOP_LANGUAGES))
    assert all(ch.lower() == ch for ch in letters)
    folding = set()
    for c in range(0x80, 0x110000):
        ch = chr(c)
        low = ch.lower()
        if low != ch and not 0xd800 <= c < 0xe000:
            assert not ch.isspace() and not any(x.isspace() for x in low), hex(c)
            if letters & set(low):
                folding.add(ch)
    assert folding == set(_LOWER_TO_STOP_LETTERS)
