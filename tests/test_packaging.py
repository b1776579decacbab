"""The grammar and the form templates load from an installed wheel, not only a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT, seed_path

PROBE = """
import sys
sys.path.insert(0, sys.argv[1])
import govparse, grammar
assert govparse.__file__.startswith(sys.argv[1]), govparse.__file__
assert grammar.__file__.startswith(sys.argv[1]), grammar.__file__
from govparse import parse_file
report = parse_file(sys.argv[2])
print(report.template, len(report.cells), report.agency)
"""


def test_wheel_contains_the_data_and_parses_from_the_zip(tmp_path: Path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True)
    [wheel] = tmp_path.glob("govparse-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for member in ("grammar/report.lark", "govparse/templates/t2021.yml",
                   "govparse/templates/t2019.yml", "govparse/templates/chrome.yml"):
        assert member in names
    # Run outside the checkout, with the editable install's finder out of the way, so
    # that the only govparse to be found is the one inside the wheel (zipimport).
    env = {**os.environ, "PYTHONNOUSERSITE": "1"}
    probe = "import sys\nsys.meta_path[:] = [f for f in sys.meta_path " \
            "if 'editable' not in repr(f).lower()]\n" + PROBE
    out = subprocess.run([sys.executable, "-c", probe, str(wheel), str(seed_path("001"))],
                         cwd=tmp_path, env=env, check=True, capture_output=True, text=True)
    assert out.stdout.split() == ["2021", "200", "湘潭县人民政府"]
