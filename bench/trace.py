"""Benchmark: provenance tracing against the analysis of the same documents, on one core.

Issue 9 asks that tracing an article of 60 claim units against 20 origin documents of 100
sentences each takes less time than analysing those 21 documents. This script builds such a
set from the demo sentences (digits varied, names swapped, a few words replaced, so no two
documents repeat each other), then, in one run and on one core, measures

  1. factcheck.analysis.analyze() over the 21 documents (what any trace needs first),
  2. factcheck.provenance.trace() of the article against the 20 analysed origins
     (bm25s index of the 2,000 origin sentences, retrieval, scoring, comparison),

each repeated and reported by its median CPU time, plus the one-off import of bm25s and numpy.
The article copies 40 origin sentences with light rewording, changes one number in 10 more and
adds 10 sentences no origin has, so the run also prints how many of those came out as expected.

    python bench/trace.py              # 20 origins x 100 sentences, article of 60 claims
    python bench/trace.py --smoke      # 3 origins x 20 sentences, for CI to keep it working
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NAMES = ["Okafor", "Raman", "Marsh", "Lindqvist", "Pierce", "Ashby", "Koenig", "Pritchard", "Alsop",
         "Brandt", "Harrow", "Carrera", "Sorvino", "Stavros", "Benedetti", "Whitcombe", "Delgado",
         "Nakamura", "Okonkwo", "Fitzgerald", "Moreau", "Castellanos", "Haddad", "Lindgren"]
_NAME = re.compile("|".join(NAMES))
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"\b[a-z]{5,}\b")
_REWORDINGS = [(" said ", " told reporters "), (" will ", " is set to "), (" the ", " the "),
               ("According to", "As reported by"), (" about ", " roughly ")]


def sentence_pool() -> list[str]:
    """Claim-unit sentences of the English demo articles and origins."""
    from factcheck.analysis import analyze

    pool: list[str] = []
    paths = sorted((ROOT / "data").glob("*.txt")) + sorted((ROOT / "data").glob("*.html")) \
        + sorted((ROOT / "data" / "origins").rglob("*.txt"))
    for path in paths:
        raw = path.read_text(encoding="utf-8")
        analysis = analyze(raw, html=path.suffix == ".html", published=date(2026, 1, 16))
        if analysis.language == "en":
            pool.extend(c.text for c in analysis.claims if len(c.text) > 40)
    return pool


def vary(sentence: str, rng: random.Random, vocabulary: list[str]) -> str:
    sentence = _DIGIT.sub(lambda m: str(rng.randint(0, 9)) if rng.random() < 0.3 else m.group(), sentence)
    sentence = _NAME.sub(lambda m: rng.choice(NAMES), sentence)
    words = _WORD.findall(sentence)
    for word in rng.sample(words, k=min(len(words), 2)):
        sentence = re.sub(rf"\b{word}\b", rng.choice(vocabulary), sentence, count=1)
    return sentence


def build(origins: int, sentences: int, claims: int, seed: int = 20260116):
    """(origin texts, article text, published dates, expected statuses by article sentence)."""
    rng = random.Random(seed)
    pool = sentence_pool()
    vocabulary = sorted({w for s in pool for w in _WORD.findall(s)})
    docs: list[list[str]] = []
    for _ in range(origins):
        docs.append([vary(rng.choice(pool), rng, vocabulary) for _ in range(sentences)])
    copied = round(claims * 2 / 3)
    changed = (claims - copied) // 2
    invented = claims - copied - changed
    article: list[tuple[str, str]] = []
    for _ in range(copied):
        sentence = rng.choice(rng.choice(docs))
        old, new = rng.choice(_REWORDINGS)
        article.append((sentence.replace(old, new, 1), "supported"))
    with_amounts = [s for d in docs for s in d if re.search(r"\$\d", s)]
    for _ in range(changed):
        sentence = rng.choice(with_amounts)
        m = re.search(r"\$(\d+)", sentence)
        bumped = str(int(m.group(1)) * 3 + 7)
        article.append((sentence[:m.start(1)] + bumped + sentence[m.end(1):], "changed"))
    for _ in range(invented):
        # A pool sentence's shape with other words and numbers: what no origin says.
        words = [rng.choice(vocabulary) if len(w) > 3 else w
                 for w in _DIGIT.sub(lambda m: str(rng.randint(0, 9)), rng.choice(pool)).split()]
        article.append((" ".join(words).capitalize() + ".", "unsupported"))
    rng.shuffle(article)

    def as_text(title: str, body: list[str], per_paragraph: int) -> str:
        paragraphs = [" ".join(body[i:i + per_paragraph]) for i in range(0, len(body), per_paragraph)]
        return "\n\n".join([title] + paragraphs) + "\n"

    origin_texts = [as_text(f"Origin report {i + 1}", d, 4) for i, d in enumerate(docs)]
    article_text = as_text("Rewritten digest", [s for s, _ in article], 3)
    # One day for all: relative dates ("on Thursday") then resolve alike on both sides.
    published = [date(2025, 6, 1) + timedelta(days=rng.randint(0, 200))] * (origins + 1)
    return origin_texts, article_text, published, dict(article)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="3 origins x 20 sentences, one repeat")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measurement (median kept)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core

    started = time.perf_counter()
    import bm25s  # noqa: F401  (the one-off cost a process pays on its first trace)
    import_seconds = time.perf_counter() - started
    import bm25s as bm25s_module
    import rapidfuzz

    from factcheck.analysis import analyze
    from factcheck.provenance import trace

    origins_n, sentences_n, claims_n = (3, 20, 10) if args.smoke else (20, 100, 60)
    repeat = 1 if args.smoke else max(1, args.repeat)
    origin_texts, article_text, published, expected = build(origins_n, sentences_n, claims_n)
    documents = [article_text] + origin_texts
    size = sum(len(t.encode("utf-8")) for t in documents)

    # Warm up: caches any long-running process would have warm.
    for text, day in zip(documents[:2], published):
        analyze(text, published=day)
    trace(analyze(documents[1], published=published[1]), [analyze(documents[2], published=published[2])])

    analyse_times, trace_times = [], []
    for _ in range(repeat):
        t0 = time.process_time()
        analyses = [analyze(text, published=day) for text, day in zip(documents, published)]
        t1 = time.process_time()
        result = trace(analyses[0], analyses[1:])
        t2 = time.process_time()
        analyse_times.append(t1 - t0)
        trace_times.append(t2 - t1)
    analysed, traced = statistics.median(analyse_times), statistics.median(trace_times)

    # Where trace() spends its time: the same steps it takes, timed one by one.
    from factcheck.provenance import align

    unit_times, index_times = [], []
    for _ in range(repeat):
        t0 = time.process_time()
        units = align._origin_units(analyses[1:])
        t1 = time.process_time()
        align._Index(units)
        t2 = time.process_time()
        unit_times.append(t1 - t0)
        index_times.append(t2 - t1)
    units_s, index_s = statistics.median(unit_times), statistics.median(index_times)

    article, origins = analyses[0], analyses[1:]
    units = sum(len(o.claims) for o in origins)
    print(f"documents: 1 article ({len(article.claims)} claim units) + {len(origins)} origins "
          f"({units} origin sentences, {units / len(origins):.0f} each), {size / 1000:.0f} kB")
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, measured on 1; bm25s {bm25s_module.__version__}, "
          f"rapidfuzz {rapidfuzz.__version__}; median of {repeat} runs (CPU time)")
    outcome = {"supported": [0, 0], "changed": [0, 0], "unsupported": [0, 0]}
    for c in result.claims:
        want = expected.get(c.text)
        if want:
            outcome[want][1] += 1
            outcome[want][0] += c.status == want
    print("expected status reached: " + ", ".join(f"{k} {got}/{of}" for k, (got, of) in outcome.items()))
    print()
    print("| measured | seconds | per document or claim |")
    print("|---|---:|---|")
    print(f"| `analyze()` of the {len(documents)} documents | {analysed:.3f} | "
          f"{analysed / len(documents) * 1000:.1f} ms per document |")
    print(f"| `trace()` of {len(article.claims)} claims against {len(origins)} origins | {traced:.3f} | "
          f"{traced / max(1, len(article.claims)) * 1000:.2f} ms per claim |")
    print(f"| of which: origin sentences to terms | {units_s:.3f} | "
          f"{units_s / units * 1e6:.0f} µs per sentence |")
    print(f"| of which: bm25s index of the origin sentences | {index_s:.3f} | "
          f"{index_s / units * 1e6:.0f} µs per sentence |")
    rest = max(0.0, traced - units_s - index_s)
    print(f"| of which: retrieval, scoring, comparison | {rest:.3f} | "
          f"{rest / max(1, len(article.claims)) * 1000:.2f} ms per claim |")
    print(f"| first `import bm25s` (with numpy), once per process | {import_seconds:.3f} | wall clock |")
    if args.smoke:
        verdict = "not judged on a smoke run: fixed costs dominate such small inputs"
    else:
        verdict = "met" if traced < analysed else "MISSED"
    print()
    print(f"trace takes {traced / analysed:.2f}x the analysis time (goal < 1x: {verdict})")


if __name__ == "__main__":
    main()
