"""Shared paths for the analysis tests."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
SHARED = (REPO / ".." / "shared").resolve()


@pytest.fixture(scope="session")
def manifest() -> dict:
    path = DATA / "manifest.json"
    if not path.exists():
        pytest.skip(f"no demo manifest at {path}")
    return json.loads(path.read_text(encoding="utf-8"))
