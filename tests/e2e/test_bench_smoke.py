"""The benchmarks run (N = 200): a smoke test that asserts they finish and report, never a
time (the figures belong in bench/RESULTS.md)."""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import build_speed


def test_build_benchmark_runs(capsys):
    build_speed.main(["--n", "200", "--sample", "20"])
    out = capsys.readouterr().out
    assert "floor (read + one regex pass)" in out
    assert "`govparse build --jobs 2`" in out and "reports/s" in out
