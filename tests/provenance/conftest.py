"""Demo pairs (articles and their origin documents), analysed once per session."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from factcheck.analysis import analyze_bytes

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"


@pytest.fixture(scope="session")
def manifest() -> dict:
    return json.loads((DATA / "manifest.json").read_text(encoding="utf-8"))


def load(name: str, published: str | None):
    path = DATA / name
    return analyze_bytes(path.read_bytes(), filename=path.name,
                         published=date.fromisoformat(published) if published else None)


@pytest.fixture(scope="session")
def demo_pairs(manifest) -> dict:
    """{article file: (article analysis, [origin analyses], [origin files])} for every article
    the manifest gives origins, each analysed with its published date from the manifest."""
    origins = {o["file"]: o for o in manifest["origin_documents"]}
    pairs = {}
    for article in manifest["articles"]:
        if not article["origins"]:
            continue
        files = list(article["origins"])
        pairs[article["file"]] = (load(article["file"], article["published"]),
                                  [load(f, origins[f]["published"]) for f in files], files)
    return pairs
