"""The wheel installs one import package, govparse, with its grammar, forms and site inside:
nothing named `grammar` or `publish` lands at the top of site-packages, and every module
imports and parses from the wheel alone, outside the repository."""

from __future__ import annotations

import configparser
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT, seed_path

PROBE = """
import importlib, pkgutil, sys
sys.path.insert(0, sys.argv[1])
import govparse
assert govparse.__file__.startswith(sys.argv[1]), govparse.__file__
for name in ("grammar", "publish"):
    try:
        importlib.import_module(name)
    except ImportError:
        pass
    else:
        raise AssertionError(f"{name} is importable outside the repository")
for module in pkgutil.walk_packages(govparse.__path__, "govparse."):
    if module.name != "govparse.publish.cluster":  # needs the dask extra
        importlib.import_module(module.name)
from govparse import parse_file
report = parse_file(sys.argv[2])
print(report.template, len(report.cells), report.agency)
"""


def test_the_wheel_holds_one_package_that_imports_and_parses_from_the_zip(tmp_path: Path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True)
    [wheel] = tmp_path.glob("govparse-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names if not n.startswith("govparse-")} == {"govparse"}
    for member in ("govparse/grammar/report.lark", "govparse/grammar/question.lark",
                   "govparse/forms/t2021.yml", "govparse/forms/t2019.yml",
                   "govparse/text/chrome.yml", "govparse/publish/metadata.yml",
                   "govparse/publish/site/templates/report.html"):
        assert member in names
    # Every package of the checkout is in the wheel (setup.cfg lists them by hand).
    packages = {str(p.parent.relative_to(ROOT / "govparse")) for p in
                (ROOT / "govparse").rglob("__init__.py")}
    for package in packages - {"."}:
        assert f"govparse/{package}/__init__.py" in names, package
    # Run outside the checkout, with the editable install's finder out of the way, so
    # that the only govparse to be found is the one inside the wheel (zipimport).
    env = {**os.environ, "PYTHONNOUSERSITE": "1"}
    probe = "import sys\nsys.meta_path[:] = [f for f in sys.meta_path " \
            "if 'editable' not in repr(f).lower()]\n" + PROBE
    out = subprocess.run([sys.executable, "-c", probe, str(wheel), str(seed_path("001"))],
                         cwd=tmp_path, env=env, check=True, capture_output=True, text=True)
    assert out.stdout.split() == ["2021", "200", "湘潭县人民政府"]


def test_the_python_declared_is_the_one_the_code_needs_and_ci_runs():
    """setup.cfg's floor is 3.11: the site's SQLite limits need Connection.setlimit (new in
    3.11), and CI runs 3.11."""
    setup = configparser.ConfigParser()
    setup.read(ROOT / "setup.cfg", encoding="utf-8")
    assert setup["options"]["python_requires"] == ">=3.11"
    assert sys.version_info[:2] >= (3, 11)
    assert hasattr(sqlite3.Connection, "setlimit")
