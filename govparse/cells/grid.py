"""Grid positions: in a table whose cells keep their place (an HTML or Word table, rowspan
and colspan expanded by the source adapter), the header cell that names a column stands
above every value of that column. Where the header names every column of the form at
positions in the form's order, a row's values are read at those positions: an empty cell
there is blank, whatever the cells around it hold, and nothing has to be guessed.
"""

from __future__ import annotations

from govparse.cells.values import is_value_text, read_value
from govparse.document.transform import TableRow, TextCell
from govparse.forms import Column
from govparse.model import BLANK, VALUE
from govparse.text.normalize import label_key


def column_positions(header_rows: list[TableRow], columns: list[Column]) -> list[int] | None:
    """The grid position of each of `columns`: at each position, the lowest header cell that
    names a column of the form (a label spanning several positions stands at its first; a
    group's label, 法人或其他组织 or 行政诉讼, names none). None unless the names read left to
    right are the form's columns, each once, in the form's order (a label that repeats, as
    结果维持 under each group of 表四, is told by its place in that order)."""
    spellings = [{label_key(x) for x in (c.label, *c.aliases)} for c in columns]
    known = set().union(*spellings)
    named: dict[int, str] = {}
    for row in header_rows:
        for position, cell in enumerate(row.cells):
            key = label_key(cell.text) if cell.text else ""
            if key in known:
                named[position] = key
    order = sorted(named)
    if len(order) != len(columns) or any(named[p] not in spelled
                                         for p, spelled in zip(order, spellings, strict=True)):
        return None
    return order


def at_positions(row: TableRow, positions: list[int], sums: list[tuple[list[int], int]]
                 ) -> list[TextCell] | None:
    """The row's cells at the columns' positions, when the row keeps the header's grid: it
    holds no number where no column stands, and its own total adds up with its empty cells
    as nothing (`sums`: the columns of the row's parts and of their total). Else None: a
    cell lost from the row (a colspan the source dropped) would move every number after it
    onto the wrong column, and the row is read as the layout alone allows."""
    if len(row.cells) <= positions[-1]:
        return None
    taken = set(positions)
    # any text where no column stands, from the first column on, or a value anywhere
    # outside the columns (a header cell that spans more than its data: shifted numbers)
    if any(c.text and i not in taken and (i >= positions[0] or is_value_text(c.text))
           for i, c in enumerate(row.cells)):
        return None
    cells = [row.cells[p] for p in positions]
    values = [read_value(c.text) for c in cells]
    if any(v.status not in (VALUE, BLANK) for v in values):
        return None
    number = [v.value or 0 for v in values]
    if any(sum(number[p] for p in parts) != number[total] for parts, total in sums):
        return None
    return cells
