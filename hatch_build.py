"""Build hook: compile the analysis core (factcheck/analysis/*.py) with Cython.

The modules are compiled as they are, with no Cython-only syntax: the .py files stay the source
of truth and run unchanged wherever no compiled copy is present. A compiled copy beside a source
that changed since it was built is never used (factcheck/compiled.py checks each module's
SHA-256 against the manifest written here).

    pip install -e .                  # compiles in place (a few .so files beside the sources)
    pip install .                     # compiles into the wheel
    FACTCHECK_PURE_PYTHON=1 pip install -e .   # builds without compiling

Without Cython or a C compiler the build goes on in pure Python and says so.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# The same names as factcheck/compiled.py, which reads what this writes (the build cannot import
# the package it builds).
PACKAGE = "factcheck/analysis"
MANIFEST = "_compiled.json"
EXT_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX")


def modules(root: Path) -> list[Path]:
    return sorted((root / PACKAGE).glob("*.py"))


def manifest(root: Path, cython_version: str) -> dict:
    """What was compiled: each module's name and the SHA-256 of the source it came from."""
    return {"cython": cython_version, "python": EXT_SUFFIX,
            "modules": {p.stem: hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in modules(root)}}


def compile_core(root: Path, out: Path) -> dict:
    """Compile every module into out/factcheck/analysis/; return the manifest."""
    import Cython
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    jobs = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()) or 1
    with tempfile.TemporaryDirectory(prefix="factcheck-cython-") as work:
        extensions = [Extension(f"factcheck.analysis.{p.stem}", [str(p.relative_to(root))])
                      for p in modules(root)]
        extensions = cythonize(
            extensions, build_dir=work, quiet=True, nthreads=jobs,
            # Annotations of built-in types are enforced: a `text: str` parameter is known to
            # be a str (so str methods and len() are direct C calls) and gets exactly one (a
            # str subclass, None or a tuple for a list is a TypeError). About 5% fewer
            # instructions. Functions keep their Python introspection (signatures, pickling).
            compiler_directives={"language_level": 3, "annotation_typing": True,
                                 "binding": True})
        command = build_ext(Distribution({"name": "factcheck", "ext_modules": extensions}))
        command.build_lib = str(out)
        command.build_temp = os.path.join(work, "temp")
        command.parallel = jobs
        command.ensure_finalized()
        command.run()
    return manifest(root, Cython.__version__)


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        root = Path(self.root)
        if version == "editable":  # an in-place build from before: rebuilt below or not at all
            for stale in (root / PACKAGE).glob("*" + EXT_SUFFIX):
                stale.unlink()
            (root / PACKAGE / MANIFEST).unlink(missing_ok=True)
        # (A wheel leaves them alone: .gitignore keeps them out of it, force_include adds its own.)
        if os.environ.get("FACTCHECK_PURE_PYTHON"):
            self.app.display_info("factcheck: FACTCHECK_PURE_PYTHON is set; the analysis core "
                                  "stays pure Python")
            return
        out = Path(tempfile.mkdtemp(prefix="factcheck-build-"))
        try:
            try:
                found = compile_core(root, out)
            except Exception as error:  # no Cython, no compiler, a compile error
                self.app.display_warning(
                    f"factcheck: the analysis core was not compiled ({type(error).__name__}: "
                    f"{error}); it runs as pure Python: slower, with the same results")
                return
            built = sorted((out / PACKAGE).glob("*" + EXT_SUFFIX))
            (out / PACKAGE / MANIFEST).write_text(json.dumps(found, indent=1) + "\n")
            if version == "editable":  # beside the sources the editable install reads
                for path in built:
                    shutil.copy2(path, root / PACKAGE / path.name)
                shutil.copy2(out / PACKAGE / MANIFEST, root / PACKAGE / MANIFEST)
            else:
                for path in built + [out / PACKAGE / MANIFEST]:
                    build_data["force_include"][str(path)] = f"{PACKAGE}/{path.name}"
                build_data["pure_python"] = False
                build_data["infer_tag"] = True
            self.app.display_info(f"factcheck: compiled {len(built)} analysis modules with Cython "
                                  f"{found['cython']} (Python {sys.version.split()[0]})")
        finally:
            if version == "editable":
                shutil.rmtree(out, ignore_errors=True)
            else:
                # force_include is read after this hook returns: keep the files until exit.
                import atexit
                atexit.register(shutil.rmtree, out, True)
