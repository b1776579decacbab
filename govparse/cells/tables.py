"""Table rows (as laid out in the report) -> the form's canonical cells.

Rows are recognised by their labels, never by position, and a number is only placed in a
column when the table's header declares the form's columns and the row has exactly one
value per column. Otherwise the row's cells are `unreadable` (value None) and a warning
names the row and the numbers it holds: a broken table is a structure problem, not the
agency's arithmetic (seed 003's table 三 is the real case).
"""

from __future__ import annotations

from govparse.cells.reader import TableReader, forms_of
from govparse.cells.table2 import read_table2
from govparse.cells.table3 import read_table3
from govparse.cells.table4 import read_table4
from govparse.document.transform import RawTable, TextCell
from govparse.forms import Template
from govparse.model import Cell, ReportWarning
from govparse.words import TABLE_NAMES

READERS = {2: read_table2, 3: read_table3, 4: read_table4}


def read_tables(template: Template, by_table: dict[int, list[RawTable]],
                strays: list[tuple[TextCell, str | None]] = (),
                readers: dict[int, TableReader] | None = None
                ) -> tuple[list[Cell], list[ReportWarning]]:
    """Every cell of the form; `strays`: see read_table2; `readers`, when given, receives
    each table's reader (the rows it matched: govparse explain)."""
    cells: list[Cell] = []
    warnings: list[ReportWarning] = []
    for number, read in READERS.items():
        tables = by_table.get(number, [])
        reader = read_table2(template, tables, strays) if number == 2 else read(template,
                                                                                   tables)
        reader.tables_present = bool(tables)
        if readers is not None:
            readers[number] = reader
        if not tables:
            reader.warn("table_missing", f"未找到表{TABLE_NAMES[number]}")
        cells += reader.finish(forms_of(template, number))
        warnings += reader.warnings
    return cells, warnings
