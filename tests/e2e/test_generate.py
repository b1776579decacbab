"""bench/generate.py: synthetic reports the parser reads as generated, errors and all."""

from __future__ import annotations

import csv
import sys

from govparse import parse_file
from govparse.checks import check_report
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import generate


def test_generated_reports_read_back_with_exactly_the_injected_errors(tmp_path):
    out = tmp_path / "corpus"
    generate.generate(40, out, seed=7, error_rate=0.5)
    rows = list(csv.DictReader(generate.listing_path(out).open(encoding="utf-8")))
    assert len(rows) == 40 and len(list(out.iterdir())) == 40
    assert {r["layout"] for r in rows} >= {"tab", "tsv", "markdown", "pipe"}
    assert {r["template"] for r in rows} == {"2019", "2021"}
    assert any(r["error"] for r in rows) and not all(r["error"] for r in rows)
    for row in rows:
        report = parse_file(out / row["file"])
        assert (report.agency, report.year) == (row["agency"], int(row["year"]))
        failed = {f.rule for f in check_report(report).findings
                  if f.outcome == "fail" and f.level in ("STRICT", "NEAR")}
        assert failed == ({row["rule"]} if row["rule"] else set()) or row["rule"] in failed


def test_the_same_seed_gives_the_same_corpus(tmp_path):
    generate.generate(5, tmp_path / "a", seed=3)
    generate.generate(5, tmp_path / "b", seed=3)
    for f in (tmp_path / "a").iterdir():
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes()
