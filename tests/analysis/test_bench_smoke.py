"""Keeps bench/analysis.py working (a smoke run, no timing is asserted)."""
import subprocess
import sys

import pytest

from .conftest import REPO


def test_benchmark_smoke_run():
    pytest.importorskip("pysbd", reason="pySBD (the bench extra) is not installed")
    out = subprocess.run([sys.executable, str(REPO / "bench" / "analysis.py"), "--smoke", "--markdown"],
                         capture_output=True, text=True, timeout=300, check=True)
    assert "factcheck analyze()" in out.stdout
    assert "| factcheck `analyze()` |" in out.stdout
