"""`factcheck trace`: JSON schema, readable summary, and errors on stderr with exit 1."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTICLE = REPO / "data" / "aggregator-ai-disclosed.txt"
ORIGINS = [REPO / "data" / "origins" / "aggregator-ai-disclosed" / f"origin-{i}.txt" for i in (1, 2)]


def factcheck(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    # No DATABASE_URL: the command must not need one.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run([sys.executable, "-m", "factcheck", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd, env=env)


def origin_args(paths=ORIGINS) -> list[str]:
    return [arg for p in paths for arg in ("--origin", str(p))]


def test_trace_json_has_the_schema_and_the_planted_changes(tmp_path):
    out = factcheck("trace", str(ARTICLE), *origin_args(), "--json", "--published", "2026-01-16",
                    cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"schema", "claims"} and data["schema"] == "factcheck.trace/1"
    text = ARTICLE.read_text(encoding="utf-8")
    origins = [p.read_text(encoding="utf-8") for p in ORIGINS]
    for claim in data["claims"]:
        assert set(claim) == {"id", "start", "end", "text", "status", "matches", "differences"}
        assert text[claim["start"]:claim["end"]] == claim["text"]
        for m in claim["matches"]:
            assert set(m) == {"origin", "start", "end", "text", "score"}
            assert origins[m["origin"]][m["start"]:m["end"]] == m["text"]
    differences = [d for c in data["claims"] for d in c["differences"]]
    assert {"kind": "number", "claim": "$4.85 billion", "origin": "$4.58 billion"} in differences
    assert {"kind": "date", "claim": "Q4 2025", "origin": "Q3 2025"} in differences
    assert {"kind": "name", "claim": "Daniel Okafor", "origin": "David Okafor"} in differences


def test_trace_prints_numbered_claims_with_status_and_both_sides():
    out = factcheck("trace", str(ARTICLE), *origin_args())
    assert out.returncode == 0, out.stderr
    assert "claims:" in out.stdout.splitlines()[0]
    assert "6. [changed] It creates a joint investment fund of $4.85 billion" in out.stdout
    assert "number: claim: $4.85 billion / origin: $4.58 billion" in out.stdout
    assert "[unsupported] Analysts at Meridian Capital" in out.stdout


def test_trace_help_has_an_example():
    out = factcheck("trace", "--help")
    assert out.returncode == 0 and "Example: factcheck trace" in out.stdout


@pytest.mark.parametrize("problem", ["missing article", "missing origin", "no origin",
                                     "bad encoding", "empty origin", "unknown type"])
def test_bad_input_goes_to_stderr_with_exit_1(problem, tmp_path):
    bad = tmp_path / "bad.txt"
    if problem == "bad encoding":
        bad.write_bytes("北京".encode("gbk") * 50)
    elif problem == "empty origin":
        bad.write_bytes(b"")
    elif problem == "unknown type":
        bad = tmp_path / "scan.pdf"
        bad.write_bytes(b"%PDF-1.7")
    args = {
        "missing article": ["trace", str(tmp_path / "nope.txt"), *origin_args()],
        "missing origin": ["trace", str(ARTICLE), "--origin", str(tmp_path / "nope.txt")],
        "no origin": ["trace", str(ARTICLE)],
        "bad encoding": ["trace", str(ARTICLE), "--origin", str(bad)],
        "empty origin": ["trace", str(ARTICLE), "--origin", str(bad)],
        "unknown type": ["trace", str(bad), *origin_args()],
    }[problem]
    out = factcheck(*args)
    assert out.returncode == 1
    assert out.stdout == ""
    assert out.stderr.startswith("error: ")
    assert "Traceback" not in out.stderr
