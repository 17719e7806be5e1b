"""The analysis core compiled with Cython (hatch_build.py): used when current, never when stale,
and giving exactly the results of the pure-Python modules it is compiled from."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from factcheck import compiled

from tests.conftest import ROOT, SHARED

MODULES = sorted(p.stem for p in (ROOT / "factcheck" / "analysis").glob("*.py"))


def needs_compiled():
    if not compiled.state()["compiled"]:
        pytest.skip(f"the analysis core is not compiled here ({compiled.summary()})")


def python(code: str, *args: str, cwd=None, **env) -> str:
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                            cwd=cwd or ROOT, env={**os.environ, **env}, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def copy_with_a_change(tmp_path, module: str):
    """A copy of the installed package (compiled modules too) with `module`'s source changed."""
    shutil.copytree(ROOT / "factcheck", tmp_path / "factcheck",
                    ignore=shutil.ignore_patterns("__pycache__"))
    source = tmp_path / "factcheck" / "analysis" / f"{module}.py"
    source.write_text(source.read_text() + "\nCHANGED = 'yes'\n")
    return source


def test_an_install_here_compiles_every_analysis_module():
    if os.environ.get("FACTCHECK_PURE_PYTHON"):
        pytest.skip("FACTCHECK_PURE_PYTHON is set: this run tests the pure-Python core")
    if not (shutil.which("cc") or shutil.which("gcc")):
        pytest.skip("no C compiler on this machine, so the install could not compile the core")
    s = compiled.state()
    assert s["from_source"] == {}, (
        f"{compiled.summary()}: run `.venv/bin/pip install -e .` to compile them again")
    assert s["compiled"] == MODULES
    assert compiled.summary() == f"analysis core: {len(MODULES)} modules compiled with Cython {s['cython']}"
    import factcheck.analysis.dates
    assert factcheck.analysis.dates.__file__.endswith(".so")


def test_a_changed_source_runs_instead_of_its_compiled_copy(tmp_path):
    needs_compiled()
    source = copy_with_a_change(tmp_path, "checkworthy")
    out = python("import factcheck.analysis.checkworthy as w, factcheck.analysis.dates as d, "
                 "factcheck.compiled as c\n"
                 "print(w.__file__, w.CHANGED, d.__file__)\nprint(c.summary())",
                 cwd=tmp_path, PYTHONPATH=str(tmp_path))
    first, summary = out.splitlines()
    changed, flag, other = first.split()
    assert changed == str(source) and flag == "yes"
    assert other.startswith(str(tmp_path)) and other.endswith(".so")  # the others stay compiled
    assert "from source: checkworthy (source changed since it was compiled" in summary


def test_a_changed_package_init_runs_from_source_with_compiled_submodules(tmp_path):
    needs_compiled()
    source = copy_with_a_change(tmp_path, "__init__")
    out = python("import factcheck.analysis as a, factcheck.analysis.segment as s\n"
                 "print(a.__file__, a.CHANGED, s.__file__, a.analyze('T\\n\\nIt rose 5%.').claims[0].text)",
                 cwd=tmp_path, PYTHONPATH=str(tmp_path))
    package, flag, segment, claim = out.split(maxsplit=3)
    assert package == str(source) and flag == "yes" and segment.endswith(".so")
    assert claim.strip() == "It rose 5%."


def test_pure_python_setting_runs_every_module_from_source():
    needs_compiled()
    out = python("import importlib, json, factcheck.compiled as c\n"
                 f"files = [importlib.import_module('factcheck.analysis' + ('' if m == '__init__' else '.' + m)).__file__ for m in {MODULES!r}]\n"
                 "print(json.dumps([files, c.summary()]))", FACTCHECK_PURE_PYTHON="1")
    files, summary = json.loads(out)
    assert all(f.endswith(".py") for f in files), files
    assert summary == "analysis core: pure Python (FACTCHECK_PURE_PYTHON is set)"


def analyses_of_every_article() -> str:
    return """
import json, sys
from pathlib import Path
from factcheck.analysis import analyze_bytes
files = sorted(Path(sys.argv[1]).glob("*.*"))
if Path(sys.argv[2]).is_file():
    files.append(Path(sys.argv[2]))
out = {f.name: analyze_bytes(f.read_bytes(), filename=f.name).to_dict()
       for f in files if f.suffix in (".txt", ".md", ".html")}
print(json.dumps(out, sort_keys=True, default=str))
"""


def test_compiled_and_pure_python_give_the_same_analyses():
    needs_compiled()
    args = [str(ROOT / "data"), str(SHARED / "samples" / "hk-shenzhen-ai-fintech.txt")]
    runs = {}
    for label, env in (("compiled", {}), ("pure", {"FACTCHECK_PURE_PYTHON": "1"})):
        runs[label] = json.loads(python(analyses_of_every_article(), *args, **env))
    assert len(runs["compiled"]) >= 10
    assert sum(len(a["claims"]) for a in runs["compiled"].values()) > 100
    for name in runs["pure"]:
        assert runs["compiled"][name] == runs["pure"][name], name


def test_the_analysis_suite_passes_on_the_pure_python_core():
    needs_compiled()  # (otherwise the main run already tested the pure-Python core)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "tests/analysis", "-x"], capture_output=True, text=True, cwd=ROOT,
                            timeout=900, env={**os.environ, "FACTCHECK_PURE_PYTHON": "1"})
    tail = result.stdout[-3000:]
    assert result.returncode == 0, tail
    assert " passed" in tail and " failed" not in tail


def test_version_says_how_the_core_runs():
    from click.testing import CliRunner

    from factcheck.cli import cli
    out = CliRunner().invoke(cli, ["--version"]).output
    assert out.splitlines() == ["factcheck 0.1.0", compiled.summary()]
    pure = python("from click.testing import CliRunner\nfrom factcheck.cli import cli\n"
                  "print(CliRunner().invoke(cli, ['--version']).output, end='')",
                  FACTCHECK_PURE_PYTHON="1")
    assert pure.splitlines()[1].startswith("analysis core: pure Python")


def test_the_compiled_core_enforces_built_in_type_annotations():
    # hatch_build.py compiles with annotation_typing: a `text: str` parameter takes only a str.
    needs_compiled()
    from factcheck.analysis import analyze, segment
    with pytest.raises(TypeError, match="text"):
        analyze(None)
    with pytest.raises(TypeError):
        segment.sentence_spans(b"A sentence. Another one.")
    assert segment.sentence_spans("A sentence. Another one.") == [(0, 11), (12, 24)]
