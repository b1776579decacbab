"""Every cell and rate against the agency's nearest earlier report (publish/across.py
`changes`), and the rule XY-JUMP: a count that changes tenfold or more is a finding."""

from __future__ import annotations

import pytest
import sqlite_utils

from govparse import parse_text
from govparse.checks import check_reports
from govparse.model import UNREADABLE
from govparse.publish.build import build
from tests.conftest import seed_text

SEED = seed_text("001")  # 湘潭县人民政府 2025: 本年新收申请 R01 总计 …


def _year(text: str, year: int) -> str:
    return text.replace("2025年", f"{year}年").replace("2025", str(year))


def _report(text: str, sha: str):
    report = parse_text(text, sha256=sha)
    report.sha256 = sha
    return report


def _jumps(results, sha: str) -> list:
    return [f for f in results[sha].findings if f.rule == "XY-JUMP"]


def test_the_same_counts_pass():
    results = check_reports([_report(_year(SEED, 2023), "a"), _report(SEED, "b")])
    assert results["b"].outcomes["XY-JUMP"] == "pass" and _jumps(results, "b") == []
    assert "XY-JUMP" not in results["a"].outcomes  # nothing earlier to compare with


def test_a_tenfold_jump_is_a_finding_against_the_nearest_earlier_year_however_far():
    now = _report(SEED, "b")
    total = now.cell("t3.R01.C7").value
    assert total >= 20
    before = _report(_year(SEED, 2022), "a")
    before.cell("t3.R01.C7").value = max(1, int(total) // 12)
    results = check_reports([before, now])
    jumps = _jumps(results, "b")
    assert [f.found for f in jumps if "本年新收" in f.message] == [total]
    assert results["b"].outcomes["XY-JUMP"] == "fail"
    assert "2022年" in jumps[0].message and "T3-XY" not in results["b"].outcomes  # 3 years


def test_a_count_under_twenty_is_not_judged():
    """From 1 to 15 is fifteenfold, but the larger is under 20; from 1 to 20 is judged."""
    for now_value, outcome in ((15, "pass"), (20, "fail")):
        before, now = _report(_year(SEED, 2024), "a"), _report(SEED, "b")
        before.cell("t3.R05.C7").value, now.cell("t3.R05.C7").value = 1, now_value
        results = check_reports([before, now])
        assert results["b"].outcomes["XY-JUMP"] == outcome, now_value


def test_an_unreadable_cell_is_not_assessable():
    now = _report(SEED, "b")
    cell = now.cell("t3.R01.C7")
    cell.status, cell.value = UNREADABLE, None
    results = check_reports([_report(_year(SEED, 2024), "a"), now])
    assert any(f.outcome == "not_assessable" for f in _jumps(results, "b"))
    assert results["b"].outcomes["XY-JUMP"] == "not_assessable"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> sqlite_utils.Database:
    folder = tmp_path_factory.mktemp("years")
    (folder / "a2021.txt").write_text(_year(SEED, 2021), encoding="utf-8")
    (folder / "a2025.txt").write_text(SEED, encoding="utf-8")
    path = folder / "reports.db"
    build([folder / "a2021.txt", folder / "a2025.txt"], path)
    return sqlite_utils.Database(path)


def test_changes_compare_every_cell_and_rate_with_the_nearest_earlier_report(db):
    rows = list(db.query("select * from changes order by key"))
    assert rows and {(r["year"], r["earlier_year"]) for r in rows} == {(2025, 2021)}
    cell = next(r for r in rows if r["key"] == "t3.R01.C7")
    assert cell["value"] == cell["earlier_value"] and cell["change"] == 0
    assert cell["ratio"] == 1.0 and cell["label"] == "一、本年新收政府信息公开申请数量/总计"
    assert any(r["key"].startswith("rate.") and r["unit"] == "比率" for r in rows)
    zero = db.execute("select count(*) from cells where report = ? and status = 'value' "
                      "and value = 0", [cell["report"]]).fetchone()[0]
    assert zero and not any(r["value"] == 0 and r["earlier_value"] == 0 for r in rows)
