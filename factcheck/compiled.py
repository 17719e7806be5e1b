"""Which analysis modules run compiled, and never a compiled copy that is out of date.

hatch_build.py compiles factcheck/analysis/*.py with Cython and writes _compiled.json: each
module's name and the SHA-256 of the source it was built from. Python would import a compiled
module in preference to its .py file even after the .py changed, so guard() (run by
factcheck/__init__.py, before the analysis package is imported) makes every module whose source
no longer matches, or every module when FACTCHECK_PURE_PYTHON is set, load from its .py file.
"""
from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from pathlib import Path

PACKAGE = "factcheck.analysis"
FOLDER = Path(__file__).resolve().parent / "analysis"
MANIFEST = FOLDER / "_compiled.json"

_state: dict | None = None


def state() -> dict:
    """{"compiled": [names], "from_source": {name: why}, "cython": version or None}."""
    global _state
    if _state is None:
        _state = _read_state()
    return _state


def summary() -> str:
    """One line for people: what runs compiled and what does not, and why."""
    s = state()
    if not s["compiled"] and not s["from_source"]:
        return "analysis core: pure Python (not compiled at install)"
    if not s["compiled"]:
        why = sorted(set(s["from_source"].values()))
        return f"analysis core: pure Python ({'; '.join(why)})"
    line = f"analysis core: {len(s['compiled'])} modules compiled with Cython {s['cython']}"
    if s["from_source"]:
        line += (f"; from source: {', '.join(sorted(s['from_source']))} "
                 f"({'; '.join(sorted(set(s['from_source'].values())))})")
    return line


def guard() -> None:
    """Make the modules that must not run compiled import from their .py files."""
    names = {f"{PACKAGE}.{name}" if name != "__init__" else PACKAGE: name
             for name in state()["from_source"]}
    if names and not any(isinstance(f, _SourceFirst) for f in sys.meta_path):
        sys.meta_path.insert(0, _SourceFirst(names))


def _read_state() -> dict:
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    built = {p.name.split(".", 1)[0] for p in FOLDER.iterdir()
             if any(p.name.endswith(s) for s in suffixes)}
    result: dict = {"compiled": [], "from_source": {}, "cython": None}
    if not built:
        return result
    try:
        recorded = json.loads(MANIFEST.read_text())
        hashes = recorded["modules"]
        result["cython"] = recorded.get("cython")
    except (OSError, ValueError, KeyError, TypeError):
        hashes = {}
    pure = bool(os.environ.get("FACTCHECK_PURE_PYTHON"))
    for name in sorted(built):
        source = FOLDER / f"{name}.py"
        if pure:
            result["from_source"][name] = "FACTCHECK_PURE_PYTHON is set"
        elif not source.is_file():
            result["compiled"].append(name)  # an installed copy without sources: nothing to check
        elif hashes.get(name) != hashlib.sha256(source.read_bytes()).hexdigest():
            result["from_source"][name] = ("source changed since it was compiled; "
                                           "pip install -e . compiles it again")
        else:
            result["compiled"].append(name)
    return result


class _SourceFirst:
    """A meta path finder that gives the .py file's spec for the names it was made with."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    def find_spec(self, fullname, path=None, target=None):
        name = self.names.get(fullname)
        if name is None:
            return None
        if name == "__init__":
            return importlib.util.spec_from_file_location(
                fullname, FOLDER / "__init__.py", submodule_search_locations=[str(FOLDER)])
        return importlib.util.spec_from_file_location(fullname, FOLDER / f"{name}.py")
