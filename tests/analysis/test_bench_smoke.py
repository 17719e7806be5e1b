"""Keeps bench/analysis.py working (a smoke run, no timing is asserted)."""
import os
import re
import subprocess
import sys

import pytest

from factcheck import compiled

from .conftest import REPO


def run_bench(**env):
    return subprocess.run([sys.executable, str(REPO / "bench" / "analysis.py"), "--smoke", "--markdown"],
                          capture_output=True, text=True, timeout=300, check=True,
                          env={**os.environ, **env}).stdout


def test_benchmark_smoke_run():
    pytest.importorskip("pysbd", reason="pySBD (the bench extra) is not installed")
    out = run_bench()
    assert compiled.summary() in out  # says what it measured
    # sentencex is timed over many passes per round (a sample as long as analyze()'s), and its
    # fastest single pass is shown beside it.
    passes = re.search(r"sentencex \(bare\), per pass of (\d+)", out)
    assert passes and int(passes.group(1)) > 1
    assert "| bare sentencex, fastest single pass |" in out
    assert "against sentencex's fastest single pass:" in out
    assert re.search(r"sentencex and analyze\(\) in turns .* ratio \d+\.\d\dx", out)
    assert re.search(r"taken in turns, analyze is \d+\.\d\dx bare sentencex", out)
    if compiled.state()["compiled"]:  # both builds, each in its row
        assert "analyze(), compiled" in out and "analyze(), pure Python" in out
        assert "| factcheck `analyze()`, compiled |" in out
        assert "| factcheck `analyze()`, pure Python |" in out
        assert "compiled analyze() takes" in out
    else:
        assert "factcheck analyze()" in out
        assert "| factcheck `analyze()` |" in out


def test_benchmark_smoke_run_pure_python():
    pytest.importorskip("pysbd", reason="pySBD (the bench extra) is not installed")
    out = run_bench(FACTCHECK_PURE_PYTHON="1")
    assert "analysis core: pure Python (FACTCHECK_PURE_PYTHON is set)" in out or (
        "analysis core: pure Python (not compiled at install)" in out)
    assert "| factcheck `analyze()` |" in out and "pure Python |" not in out
