"""Compare HTML extraction: our plain-lxml extractor against trafilatura and extruct.

Run it where those libraries are installed (they are not project dependencies), e.g. in a
throwaway virtualenv:

    python -m venv /tmp/xvenv && /tmp/xvenv/bin/pip install trafilatura extruct sentencex python-dateutil
    /tmp/xvenv/bin/python bench/html_extraction.py

For every demo page it reports what each tool found (title, author, date, whether the body has
the article's headings, whether script/nav/form/footer text leaked in, whether a page-level AI
label and an image-level AI label are told apart) and the time per page; missing libraries are
skipped.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.analysis.html import extract  # noqa: E402

PAGES = sorted((ROOT / "data").glob("*.html"))
LEAKS = ("gazetteAnalytics", "font-family", "Sign up", "Get the City Hall Briefing")
REPEAT = 50


def manifest() -> dict:
    data = json.loads((ROOT / "data" / "manifest.json").read_text(encoding="utf-8"))
    return {a["file"]: a for a in data["articles"]}


def ours(html: str) -> dict:
    page = extract(html)
    body = "\n".join(text for text, _ in page.parts)
    dst = page.metadata["provenance"]["digital_source_type"]
    return {"title": page.title, "author": page.metadata["author"], "date": page.metadata["published"],
            "body": body, "headings": [t for t, h in page.parts if h == "heading"],
            "article_dst": [d["value"].rsplit("/", 1)[-1] for d in dst if d["scope"] == "article"]}


def with_trafilatura(html: str) -> dict | None:
    try:
        import trafilatura
    except ImportError:
        return None
    body = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    meta = trafilatura.extract_metadata(html)
    return {"title": meta.title if meta else None, "author": meta.author if meta else None,
            "date": meta.date if meta else None, "body": body, "headings": None,
            "article_dst": None}


def with_extruct(html: str) -> dict | None:
    try:
        import extruct
    except ImportError:
        return None
    data = extruct.extract(html, syntaxes=["json-ld", "opengraph"], uniform=True)
    ld = data.get("json-ld") or [{}]
    article = ld[0]
    # extruct hands back the objects; telling article from image labels is still our code.
    dst = article.get("digitalSourceType")
    return {"title": article.get("headline"), "author": (article.get("author") or {}).get("name")
            if isinstance(article.get("author"), dict) else None,
            "date": article.get("datePublished"), "body": None, "headings": None,
            "article_dst": [str(dst).rsplit("/", 1)[-1]] if dst else []}


def main() -> None:
    expected = manifest()
    tools = {"lxml (ours)": ours, "trafilatura": with_trafilatura, "extruct": with_extruct}
    print(f"{'page':<26} {'tool':<13} {'ms/page':>8}  title author date headings leaks")
    for path in PAGES:
        html = path.read_text(encoding="utf-8")
        want = expected.get(path.name, {})
        for name, tool in tools.items():
            result = tool(html)
            if result is None:
                print(f"{path.name:<26} {name:<13} {'n/a':>8}  (not installed)")
                continue
            started = time.perf_counter()
            for _ in range(REPEAT):
                tool(html)
            ms = (time.perf_counter() - started) * 1000 / REPEAT
            body = result["body"]
            checks = [
                "ok" if result["title"] == want.get("title") else "--",
                "ok" if result["author"] == want.get("author", result["author"]) and result["author"] else "--",
                "ok" if (result["date"] or "")[:10] == want.get("published") else "--",
                "n/a" if body is None or result["headings"] is None else
                ("ok" if all(h in result["headings"] for h in want.get("headings", [])) else "--"),
                "n/a" if body is None else ("none" if not any(x in body for x in LEAKS) else "LEAK"),
            ]
            print(f"{path.name:<26} {name:<13} {ms:8.2f}  {'  '.join(checks)}"
                  + (f"  article-level AI label: {result['article_dst']}" if result["article_dst"] is not None else ""))


if __name__ == "__main__":
    main()
