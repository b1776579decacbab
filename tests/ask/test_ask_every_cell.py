"""Every cell of both forms asked for by its printed labels, as the templates print them:
the answer is that cell, with its value, or says why it has none (blank is not zero)."""

from __future__ import annotations

import sqlite3

import pytest

from govparse.ask import ask
from govparse.forms import FormCell, load_templates
from govparse.words import words

# A seed report of each form: the 2019 form (2020 report) and the 2021 form.
REPORTS = {"2019": ("湘潭县人力资源和社会保障局", 2020), "2021": ("湘潭县人民政府", 2025)}


def _labels(cell: FormCell) -> str:
    """How a person reading the printed form names the cell: its row (with its group or
    caption) and its column (with its group), in the order printed."""
    row = (cell.row or "").replace("/", "")
    return row + cell.col.replace("/", "")


def _cases():
    for form, template in load_templates().items():
        agency, year = REPORTS[form]
        for cell in template.cells:
            yield pytest.param(form, agency, year, cell, id=f"{form}-{cell.key}")


@pytest.fixture(scope="module")
def conn(built_db):
    return sqlite3.connect(f"file:{built_db}?mode=ro", uri=True, check_same_thread=False)


@pytest.mark.parametrize(("form", "agency", "year", "cell"), list(_cases()))
def test_every_cell_is_askable_by_its_labels(conn, form, agency, year, cell):
    value, status = conn.execute(
        "select c.value, c.status from cells c join reports r on r.sha256 = c.report "
        "where r.agency = ? and r.year = ? and c.key = ?", [agency, year, cell.key]).fetchone()
    a = ask(f"{agency}{year}年{_labels(cell)}是多少？", conn, this_year=2026)
    assert a.kind == "value", (a.text, a.notes)
    assert [s.key for s in a.sources] == [cell.key]
    assert a.sources[0].line or status != "value"
    if status == "value":
        assert a.value == value
    else:
        assert a.value is None and words("status", long=True)[status].split("（")[0] in a.text
