"""Signed numbers in a run of digits (issue 1, item 5): a minus sign inside a run is a cell
boundary and the next number's sign, and only a column that may be negative (本年增/减)
takes one. Found silently wrong: 行政强制 `715-9204` (715 / -9 / 204) was read 7 / 1 / 5."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govparse import parse_file
from govparse.cells.readings import row_readings
from govparse.document.transform import TextCell
from govparse.model import UNREADABLE, VALUE
from tests.conftest import CORPUS


def test_a_negative_change_in_a_dump_is_never_read_as_other_numbers(tmp_path):
    text = (CORPUS / "pingtan-2019.txt").read_text(encoding="utf-8")
    assert "行政强制126025" in text
    (tmp_path / "pingtan-2019.txt").write_text(text.replace("行政强制126025", "行政强制715-9204"),
                                               encoding="utf-8")
    report = parse_file(tmp_path / "pingtan-2019.txt")
    prev, change, decisions = (report.cell(f"t2.coercion.{c}")
                               for c in ("prev_items", "change", "decisions"))
    assert (prev.status, prev.value) == (VALUE, 715)  # every reading agrees on it
    # -9 / 204 or -920 / 4: the form has no sum to choose, so both stay open
    assert change.status == decisions.status == UNREADABLE
    assert -9 in change.candidates and 204 in decisions.candidates


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 999), st.integers(-999, 999), st.integers(0, 999))
def test_the_true_split_of_a_signed_run_is_a_reading_and_no_reading_signs_another_column(
        prev, change, decisions):
    run = f"{prev}{change}{decisions}"  # 715-9204, 12025 …
    readings = row_readings([TextCell(run, 1)], ["项", "项", "件"], run=True,
                            signed=[False, True, False])
    values = [tuple(p.value for p in r) for r in readings]
    assert (prev, change, decisions) in values
    assert all(v[0] >= 0 and v[2] >= 0 for v in values)


@given(st.sampled_from(["-", "－", "−", "减", "减少", "- "]), st.integers(1, 999))
@settings(max_examples=30, deadline=None)
def test_a_decrease_is_read_however_its_sign_is_written(sign, n):
    text = (CORPUS / "002_ca8891224933405c.txt").read_text(encoding="utf-8")
    assert "\t增16\n" in text
    from govparse import parse_text

    report = parse_text(text.replace("\t增16\n", f"\t{sign}{n}\n"))
    cell = report.cell("t2.licensing.change")
    assert (cell.status, cell.value) == (VALUE, -n)
