"""Benchmark: full analysis against bare sentence segmentation, on one core.

Builds a corpus of news-like articles from data/ (and ../shared/samples when present): paragraphs
are shuffled between articles and digits and names are varied, so caches see realistic repeats
only. Then, in one run and on one core, it measures

  1. bare sentencex segmentation (the floor no analysis can beat),
  2. pySBD segmentation (what many Python pipelines use for sentences alone),
  3. factcheck's full analyze() (blocks, claims, dates, attributions, scores, AI signals), as
     installed (the analysis core compiled with Cython, see hatch_build.py) and, when that is
     compiled, also as pure Python (a child process with FACTCHECK_PURE_PYTHON=1 each round),

each over the same articles, in rounds (the fastest round of each counts: a slower one only
measured what else the machine was doing), and prints MB/s and the ratios the issue sets goals
for: analyze at least 10x faster than pySBD and within 25x of sentencex.

One sentencex pass over the corpus takes well under 0.1 s, one analyze() pass nearly 2 s. So that
both are measured over samples of the same length (a short sample can fall entirely into a quiet
spell of a shared machine, a long one cannot), each round times sentencex over as many passes as
fill --sentencex-seconds and counts the time per pass. The fastest single pass is printed too.
Each round also times the two in turns, a few articles at a time, and prints their ratio: both
then see the same spells of the machine, so that ratio varies least between rounds.

    python bench/analysis.py            # 5 MB corpus, 3 rounds
    python bench/analysis.py --smoke    # tiny corpus, for CI to keep the script working
    python bench/analysis.py --mb 8 --markdown
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import re
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck import compiled  # noqa: E402
from factcheck.analysis import analyze  # noqa: E402
from factcheck.analysis.html import extract  # noqa: E402

NAMES = ["Okafor", "Raman", "Marsh", "Lindqvist", "Pierce", "Ashby", "Koenig", "Pritchard", "Alsop",
         "Brandt", "Harrow", "Carrera", "Sorvino", "Stavros", "Benedetti", "Whitcombe", "Delgado",
         "Nakamura", "Okonkwo", "Fitzgerald", "Moreau", "Castellanos", "Haddad", "Lindgren"]
_DIGIT = re.compile(r"\d")
_NAME = re.compile("|".join(NAMES))


def source_articles() -> list[tuple[str, list[str], str]]:
    """(title, paragraphs, language) of every demo article and the shared sample."""
    files = sorted((ROOT / "data").glob("*.txt")) + sorted((ROOT / "data").glob("*.html"))
    sample = ROOT.parent / "shared" / "samples" / "hk-shenzhen-ai-fintech.txt"
    if sample.exists():
        files.append(sample)
    out = []
    for path in files:
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            page = extract(raw)
            title = page.title or path.stem
            paragraphs = [t for t, hint in page.parts[1:] if hint in (None, "heading", "quote")]
        else:
            lines = [p.strip() for p in raw.split("\n") if p.strip()]
            title, paragraphs = lines[0], lines[1:]
        language = "zh" if re.search(r"[\u4e00-\u9fff]{10}", raw) else "en"
        out.append((title, paragraphs, language))
    return out


def build_corpus(target_bytes: int, seed: int = 20260116) -> list[tuple[str, str, date]]:
    """(text, language, published) articles until target_bytes of UTF-8 are reached."""
    rng = random.Random(seed)
    sources = source_articles()
    pools = {lang: [p for _, ps, lg in sources if lg == lang for p in ps] for lang in ("en", "zh")}
    corpus: list[tuple[str, str, date]] = []
    size = 0
    while size < target_bytes:
        title, paragraphs, language = rng.choice(sources)
        body = list(paragraphs)
        body += rng.sample(pools[language], k=min(len(pools[language]), rng.randint(2, 8)))
        rng.shuffle(body)
        text = "\n\n".join([title] + body) + "\n"
        text = _DIGIT.sub(lambda m: str(rng.randint(0, 9)) if rng.random() < 0.3 else m.group(), text)
        text = _NAME.sub(lambda m: rng.choice(NAMES), text)
        published = date(2025, 1, 1) + timedelta(days=rng.randint(0, 500))
        corpus.append((text, language, published))
        size += len(text.encode("utf-8"))
    return corpus


def timed(fn, corpus) -> float:
    """CPU seconds of fn over the whole corpus, article by article."""
    started = time.process_time()
    for text, language, published in corpus:
        fn(text, language, published)
    return time.process_time() - started


def sentencex_round(fn, corpus, seconds: float) -> tuple[float, float, int]:
    """(CPU seconds per pass, fastest pass, passes) of fn over the corpus, in passes until
    `seconds` of CPU time are spent (at least one)."""
    passes = []
    while not passes or sum(passes) < seconds:
        passes.append(timed(fn, corpus))
    return sum(passes) / len(passes), min(passes), len(passes)


def paired_round(sentencex_fn, analyze_fn, corpus, chunk: int = 16,
                 repeat: int = 4) -> tuple[float, float]:
    """(sentencex CPU seconds per pass, analyze CPU seconds) over the corpus, taken in turns a
    few articles at a time (sentencex `repeat` times over each chunk, then analyze once), so
    both see the same spells of a shared machine and their ratio holds still between rounds."""
    seg = ana = 0.0
    for i in range(0, len(corpus), chunk):
        part = corpus[i:i + chunk]
        started = time.process_time()
        for _ in range(repeat):
            for text, language, published in part:
                sentencex_fn(text, language, published)
        middle = time.process_time()
        for text, language, published in part:
            analyze_fn(text, language, published)
        ana += time.process_time() - middle
        seg += middle - started
    return seg / repeat, ana


def pure_round(command: list[str]) -> float:
    """CPU seconds of one pure-Python round, from a child process on the same core."""
    env = {**os.environ, "FACTCHECK_PURE_PYTHON": "1"}
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return float(out.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    parser.add_argument("--smoke", action="store_true", help="tiny corpus (about 50 kB) for CI")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    parser.add_argument("--rounds", type=int, default=None,
                        help="times each segmenter and analyze() go over the corpus; the fastest "
                             "round of each counts (default 3; 1 with --smoke)")
    parser.add_argument("--sentencex-seconds", type=float, default=None,
                        help="CPU seconds of sentencex passes per round, counted per pass "
                             "(default 1.5, about one analyze() pass; 0.05 with --smoke)")
    parser.add_argument("--pure-round", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    import pysbd
    from sentencex import get_sentence_boundaries

    target = 50_000 if args.smoke else int(args.mb * 1_000_000)
    corpus = build_corpus(target)
    if args.pure_round:  # the child: one warmed-up round of pure-Python analyze(), in seconds
        if compiled.state()["compiled"]:
            sys.exit("--pure-round needs FACTCHECK_PURE_PYTHON=1")
        for text, language, published in corpus[:3]:
            analyze(text, published=published)
        print(timed(lambda t, lg, p: analyze(t, published=p), corpus))
        return
    mb = sum(len(t.encode("utf-8")) for t, _, _ in corpus) / 1_000_000
    print(f"corpus: {len(corpus)} articles, {mb:.2f} MB (UTF-8), "
          f"{sum(1 for _, lg, _ in corpus if lg == 'zh')} in Chinese")
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, measured on 1")
    print(compiled.summary())

    segmenters = {}

    def pysbd_segment(text, language, published):
        seg = segmenters.get(language)
        if seg is None:
            seg = segmenters[language] = pysbd.Segmenter(language=language, clean=False)
        seg.segment(text)

    # Warm up imports and caches that any real process would have warm.
    for text, language, published in corpus[:3]:
        analyze(text, published=published)
        get_sentence_boundaries(language, text)
        pysbd_segment(text, language, published)

    measured = {
        "sentencex": ("sentencex (bare)", lambda t, lg, p: get_sentence_boundaries(lg, t)),
        "pysbd": ("pySBD", pysbd_segment),
        "analyze": ("factcheck analyze()", lambda t, lg, p: analyze(t, published=p)),
    }
    if compiled.state()["compiled"]:
        measured["analyze"] = ("analyze(), compiled", measured["analyze"][1])
        child = [sys.executable, __file__, "--pure-round", "--mb", str(args.mb)] + (
            ["--smoke"] if args.smoke else [])
        measured["pure"] = ("analyze(), pure Python", child)
    # Rounds interleave the three, so a slow spell of the machine hits each of them alike.
    rounds = (1 if args.smoke else 3) if args.rounds is None else max(1, args.rounds)
    times: dict[str, list[float]] = {key: [] for key in measured}
    def show(label: str, seconds: float) -> None:
        print(f"  {label:<36} {seconds:8.3f} s  {mb / seconds:8.2f} MB/s", flush=True)

    sentencex_seconds = ((0.05 if args.smoke else 1.5) if args.sentencex_seconds is None
                         else args.sentencex_seconds)
    single_passes: list[float] = []
    paired: list[float] = []
    for n in range(rounds):
        print(f"round {n + 1} of {rounds}:", flush=True)
        seg, ana = paired_round(measured["sentencex"][1], measured["analyze"][1], corpus)
        paired.append(ana / seg)
        print(f"  {'sentencex and analyze() in turns':<36} {seg:8.3f} s {ana:8.3f} s  "
              f"ratio {paired[-1]:.2f}x", flush=True)
        for key, (label, fn) in measured.items():
            if key == "sentencex":
                per_pass, fastest, passes = sentencex_round(fn, corpus, sentencex_seconds)
                times[key].append(per_pass)
                single_passes.append(fastest)
                label = f"{label}, per pass of {passes}"
            else:
                times[key].append(pure_round(fn) if key == "pure" else timed(fn, corpus))
            show(label, times[key][-1])
    results = {key: min(values) for key, values in times.items()}
    if rounds > 1:
        print(f"fastest of {rounds} rounds:")
        for key, (label, _) in measured.items():
            show(label, results[key])
    show("sentencex, fastest one pass", min(single_passes))
    if "pure" in results:
        print(f"compiled analyze() takes {results['analyze'] / results['pure']:.2f}x the time of "
              f"pure Python (pure Python: {results['pysbd'] / results['pure']:.2f}x faster than "
              f"pySBD, {results['pure'] / results['sentencex']:.2f}x sentencex)")
    vs_pysbd = results["pysbd"] / results["analyze"]
    vs_sentencex = results["analyze"] / results["sentencex"]
    # Two decimals: at one, 9.96x would read "10.0x ... missed".
    print(f"analyze is {vs_pysbd:.2f}x faster than pySBD (goal >= 10x: "
          f"{'met' if vs_pysbd >= 10 else 'missed'})")
    print(f"analyze is {vs_sentencex:.2f}x slower than bare sentencex (goal <= 25x: "
          f"{'met' if vs_sentencex <= 25 else 'missed'})")
    print(f"  (against sentencex's fastest single pass: {results['analyze'] / min(single_passes):.2f}x)")
    median = sorted(paired)[len(paired) // 2]
    print(f"taken in turns, analyze is {median:.2f}x bare sentencex (median of {len(paired)} "
          f"rounds: {', '.join(f'{r:.2f}x' for r in paired)}; goal <= 25x: "
          f"{'met' if median <= 25 else 'missed'})")
    if args.markdown:
        print()
        print("| measured | seconds | MB/s | ratio |")
        print("|---|---:|---:|---|")
        rows = [("sentencex", "bare sentencex"), ("pysbd", "pySBD"),
                ("analyze", "factcheck `analyze()`" + (", compiled" if "pure" in results else ""))]
        if "pure" in results:
            rows.append(("pure", "factcheck `analyze()`, pure Python"))
        results["single"] = min(single_passes)
        rows.insert(1, ("single", "bare sentencex, fastest single pass"))
        for key, label in rows:
            ratio = {"sentencex": f"1x (floor; per pass over {sentencex_seconds:g} s of passes)",
                     "single": f"analyze() is {results['analyze'] / results['single']:.1f}x this",
                     "pysbd": f"{results['pysbd'] / results['sentencex']:.1f}x sentencex",
                     "analyze": f"{vs_sentencex:.1f}x sentencex, {vs_pysbd:.1f}x faster than pySBD",
                     "pure": f"{results.get('pure', 0) / results['sentencex']:.1f}x sentencex, "
                             f"{results['pysbd'] / results.get('pure', 1):.1f}x faster than pySBD"}[key]
            print(f"| {label} | {results[key]:.3f} | {mb / results[key]:.2f} | {ratio} |")


if __name__ == "__main__":
    main()
