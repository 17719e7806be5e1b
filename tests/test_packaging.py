"""An installed (non-editable) copy finds templates/, static/, data/ and its migrations."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

from tests.conftest import ROOT

PROBE = """
import sys, factcheck
from pathlib import Path
from factcheck.paths import resource_dir
from factcheck.web import create_app
target = Path(sys.argv[1]).resolve()
assert Path(factcheck.__file__).resolve().is_relative_to(target), factcheck.__file__
for name in ("templates", "static", "data"):
    assert resource_dir(name).resolve().is_relative_to(target), (name, resource_dir(name))
app = create_app({"DATABASE_URL": "sqlite:///" + sys.argv[2], "SECRET_KEY": "x"})
app.jinja_env.get_template("base.html")
assert (Path(app.static_folder) / "vendor" / "htmx.min.js").is_file()
from factcheck.db import make_engine
from factcheck.migrate import upgrade, is_current
engine = make_engine("sqlite:///" + sys.argv[2])
upgrade(engine)
assert is_current(engine)
from factcheck import compiled
print(compiled.summary())
print("installed copy OK")
"""


def build_wheel(tmp_path, **env):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path / "dist"), str(ROOT)], check=True, capture_output=True,
                   env={**os.environ, **env})
    return next((tmp_path / "dist").glob("factcheck-*.whl"))


def test_a_built_wheel_carries_the_top_level_folders(tmp_path):
    wheel = build_wheel(tmp_path, FACTCHECK_PURE_PYTHON="")
    names = zipfile.ZipFile(wheel).namelist()
    for expected in ("factcheck/templates/base.html", "factcheck/static/vendor/htmx.min.js",
                     "factcheck/data/manifest.json", "factcheck/migrations/env.py"):
        assert expected in names, expected

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    # Run from an unrelated folder so the checkout is not on the path.
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-c", PROBE, str(target), str(tmp_path / "x.db")],
                            capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "installed copy OK" in result.stdout
    # The analysis core is compiled into the wheel, sources beside it (hatch_build.py).
    if shutil.which("cc") or shutil.which("gcc"):
        assert "-none-any" not in wheel.name, wheel.name
        modules = sorted(p.stem for p in (ROOT / "factcheck" / "analysis").glob("*.py"))
        assert "factcheck/analysis/_compiled.json" in names
        for module in modules:
            assert any(n.startswith(f"factcheck/analysis/{module}.cpython-") for n in names), module
            assert f"factcheck/analysis/{module}.py" in names
        assert f"analysis core: {len(modules)} modules compiled with Cython" in result.stdout


def test_a_pure_python_wheel_when_asked(tmp_path):
    wheel = build_wheel(tmp_path, FACTCHECK_PURE_PYTHON="1")
    assert wheel.name.endswith("-py3-none-any.whl"), wheel.name
    names = zipfile.ZipFile(wheel).namelist()
    assert "factcheck/analysis/dates.py" in names
    assert not [n for n in names if n.endswith(".so") or n.endswith("_compiled.json")]
