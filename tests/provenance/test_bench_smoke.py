"""Keeps bench/trace.py working (a smoke run; no timing is asserted)."""
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_trace_benchmark_smoke_run():
    out = subprocess.run([sys.executable, str(REPO / "bench" / "trace.py"), "--smoke"],
                         capture_output=True, text=True, timeout=300, check=True)
    assert "| `analyze()` of the 4 documents |" in out.stdout
    assert "| `trace()` of " in out.stdout
    assert "trace takes " in out.stdout
