"""The placement mechanism (govparse.cells.readings + govparse.cells.placement) over every layout.

Property: a table rendered from known values in a degraded layout is read back exactly, or
a cell is unreadable with its true value among the candidates; never read as another value.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govparse.cells.identities import form_identities
from govparse.cells.placement import Identity, Piece, RowEvidence, place
from govparse.cells.readings import _splits, row_readings
from govparse.cells.table3 import read_table3
from govparse.cells.table4 import read_table4
from govparse.document.transform import RawTable, TableRow, TextCell
from govparse.forms import load_templates
from govparse.model import RUN_LAYOUT, UNREADABLE, VALUE

FORM = load_templates()["2021"]
COLS = [c.id for c in FORM.t3_columns]
ROWS = [r.id for r in FORM.t3_rows]
OUTCOMES = [r for r in ROWS if r not in ("R01", "R02", "R24", "R25")]
HEADER = ["", *(c.label for c in FORM.t3_columns)]


@st.composite
def table3(draw) -> dict[str, int]:
    """Values that satisfy every identity of table 三."""
    values: dict[str, int] = {}
    for c in COLS[:6]:
        new = draw(st.integers(0, 40))
        carried = draw(st.integers(0, 3))
        forward = draw(st.integers(0, new + carried))
        done = new + carried - forward
        cuts = sorted(draw(st.lists(st.integers(0, done), min_size=len(OUTCOMES) - 1,
                                    max_size=len(OUTCOMES) - 1)))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, done], strict=True)]
        values |= {f"t3.R01.{c}": new, f"t3.R02.{c}": carried, f"t3.R24.{c}": done,
                   f"t3.R25.{c}": forward}
        values |= {f"t3.{r}.{c}": n for r, n in zip(OUTCOMES, parts, strict=True)}
    for r in ROWS:
        values[f"t3.{r}.C7"] = sum(values[f"t3.{r}.{c}"] for c in COLS[:6])
    return values


@st.composite
def table4(draw) -> list[int]:
    out = []
    for _ in range(3):
        parts = draw(st.lists(st.integers(0, 30), min_size=4, max_size=4))
        out += [*parts, sum(parts)]
    return out


def _row(cells: list[str], line: int) -> TableRow:
    return TableRow(line, [TextCell(t, line) for t in cells])


def _assert_never_wrong(reader, truth: dict[str, int]) -> int:
    """Every cell right or honestly unreadable; returns how many were read."""
    read = 0
    for key, value in truth.items():
        cell = reader.cells[key]
        if cell.status == VALUE:
            assert cell.value == value, (key, value, cell)
            read += 1
        else:
            assert cell.status == UNREADABLE and cell.value is None, (key, cell)
            assert not cell.candidates or value in cell.candidates or "?" in cell.candidates, (
                key, value, cell.candidates)
    return read


SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(table3(), st.data())
def test_table3_cells_run_together_are_read_or_unreadable(values, data):
    rows = []
    for n, r in enumerate(FORM.t3_rows, start=1):
        numbers = [str(values[f"t3.{r.id}.{c}"]) for c in COLS]
        run = "".join(x + (" " if data.draw(st.integers(0, 9)) == 0 else "") for x in numbers)
        rows.append(_row([r.label, run.strip()], n))
    reader = read_table3(FORM, [RawTable(RUN_LAYOUT, rows)])
    read = _assert_never_wrong(reader, values)
    # A run of exactly seven digits has one split: such rows are always read.
    certain = [r for r in FORM.t3_rows if all(values[f"t3.{r.id}.{c}"] < 10 for c in COLS)]
    assert read >= 7 * len(certain)


def _read_damaged(values: dict[str, int], damage) -> None:
    """Table 三 under a header naming the form's columns, each row's numbers passed through
    `damage` (None: left whole): every cell right or unreadable, and every whole row read."""
    rows = [_row(HEADER, 0)]
    whole = 0
    for n, r in enumerate(FORM.t3_rows, start=1):
        numbers = [str(values[f"t3.{r.id}.{c}"]) for c in COLS]
        damaged = damage(numbers)
        whole += damaged is None
        rows.append(_row([r.label, *(numbers if damaged is None else damaged)], n))
    reader = read_table3(FORM, [RawTable("tsv", rows)])
    assert _assert_never_wrong(reader, values) >= 7 * whole


@settings(SETTINGS, max_examples=15)
@given(table3(), st.data())
def test_table3_rows_that_lost_cells_are_read_or_unreadable(values, data):
    def cut(numbers):  # a row cut short, as extractors do
        if data.draw(st.integers(0, 4)) == 0:
            return numbers[:7 - data.draw(st.integers(1, 2))]
        return None
    _read_damaged(values, cut)


@SETTINGS
@given(table3(), st.data())
def test_table3_empty_cells_from_spans_are_never_taken_for_values(values, data):
    def spanned(numbers):  # a colspan="2" value cell and the position it covers
        at = data.draw(st.integers(0, 7))
        return [*numbers[:at], "", *numbers[at:]] if data.draw(st.booleans()) else None
    _read_damaged(values, spanned)


@SETTINGS
@given(table4(), st.booleans())
def test_table4_as_one_run_of_fifteen_numbers(values, spaced):
    run = (" " if spaced else "").join(map(str, values))
    reader = read_table4(FORM, [RawTable(RUN_LAYOUT, [_row(["行政复议行政诉讼", run], 1)])])
    truth = {f"t4.{c.id}": v for c, v in zip(FORM.t4_columns, values, strict=True)}
    read = _assert_never_wrong(reader, truth)
    if spaced:  # the spaces are certain breaks: nothing is left open
        assert read == 15


@settings(deadline=None)
@given(st.lists(st.integers(0, 5000), min_size=1, max_size=6))
def test_the_true_split_of_a_run_is_always_a_reading(numbers):
    run = "".join(map(str, numbers))
    splits = _splits(run, len(numbers), len(numbers))
    readings = row_readings([TextCell(run, 1)], [None] * len(numbers), run=True)
    if splits is None:  # too many to list: the row is not read at all, never read in part
        assert readings == []
        return
    assert [str(n) for n in numbers] in splits
    assert all("".join(s) == run for s in splits)
    assert tuple(numbers) in {tuple(p.value for p in r) for r in readings}


def test_a_unique_reading_is_placed_by_the_header():
    row = RowEvidence(("a", "b", "t"), [(Piece(VALUE, 1), Piece(VALUE, 2), Piece(VALUE, 3))],
                      "header", 1, "row")
    out = place([row], [Identity(("a", "b"), ("t",))])
    assert [(out.cells[k].piece.value, out.cells[k].how) for k in "abt"] == [
        (1, "header"), (2, "header"), (3, "header")]


def test_identities_choose_between_readings_and_settle_a_lost_cell():
    lost = Piece("lost")
    one = RowEvidence(("a", "b", "t"), [(Piece(VALUE, 1), Piece(VALUE, 2), lost),
                                        (Piece(VALUE, 1), lost, Piece(VALUE, 2))], "order", 1,
                      "row")
    out = place([one], [Identity(("a", "b"), ("t",))])
    # 1 + 2 = ? gives 3; 1 + ? = 2 gives 1: two readings, so b and t are unreadable
    assert out.cells["a"].piece.value == 1 and out.cells["a"].how == "identity"
    assert out.cells["b"].piece.status == UNREADABLE and out.cells["b"].candidates == (2, 1)


def test_totals_that_do_not_add_up_keep_what_the_layout_proves():
    printed = (Piece(VALUE, 1), Piece(VALUE, 2), Piece(VALUE, 4))
    identity = [Identity(("a", "b"), ("t",))]
    # named by the header: kept as printed, 1 + 2 ≠ 4 is the agency's finding
    out = place([RowEvidence(("a", "b", "t"), [printed], "header", 1, "row")], identity)
    assert [out.cells[k].piece.value for k in "abt"] == [1, 2, 4]
    # placed only by the form's order: not confirmed by its arithmetic, so not read
    out = place([RowEvidence(("a", "b", "t"), [printed], "order", 1, "row")], identity)
    assert not out.consistent
    assert {out.cells[k].piece.status for k in "abt"} == {UNREADABLE}


@SETTINGS
@given(table3(), st.data())
def test_an_identity_never_changes_a_printed_value(values, data):
    """Whatever is printed (totals right or wrong, rows with several readings, cells lost
    beside printed ones), a cell's value is one printed at that cell by a reading of its
    row, or, only where a reading lost the cell, what the identities fix."""
    printed = dict(values)
    for key in data.draw(st.lists(st.sampled_from(sorted(values)), max_size=4)):
        printed[key] = data.draw(st.integers(0, 60))  # totals that may not add up
    rows = []
    for r in ROWS:
        keys = tuple(f"t3.{r}.{c}" for c in COLS)
        reading = tuple(Piece(VALUE, printed[k]) for k in keys)
        candidates = [reading]
        if data.draw(st.booleans()):  # a second reading: one cell lost, the rest shifted
            gap = data.draw(st.integers(0, len(keys) - 1))
            shifted = [p for i, p in enumerate(reading) if i != len(keys) - 1]
            candidates.append(tuple([*shifted[:gap], Piece("lost"), *shifted[gap:]]))
        rows.append(RowEvidence(keys, candidates, data.draw(st.sampled_from(["header",
                                                                              "order"])),
                                1, r))
    allowed = {k: set() for r in rows for k in r.keys}
    may_be_lost = set()
    for row in rows:
        for reading in row.candidates:
            for key, piece in zip(row.keys, reading, strict=True):
                if piece.status == VALUE:
                    allowed[key].add(piece.value)
                else:
                    may_be_lost.add(key)
    out = place(rows, form_identities(FORM, 3, set(ROWS)))
    for key, placed in out.cells.items():
        if placed.piece.status != VALUE:
            continue
        if placed.piece.derived:
            assert key in may_be_lost, key
        else:
            assert placed.piece.value in allowed[key], (key, placed.piece.value, allowed[key])
        if len(next(r for r in rows if key in r.keys).candidates) == 1:
            assert placed.piece.value == printed[key], key  # one reading: as printed
