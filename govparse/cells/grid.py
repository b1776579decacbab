"""Grid positions: in a table whose cells keep their place (an HTML or Word table, rowspan
and colspan expanded by the source adapter), the header cell that names a column stands
above every value of that column. Where the header names every column of the form at
positions in the form's order, a row's values are read at those positions: an empty cell
there is blank, whatever the cells around it hold, and nothing has to be guessed.
"""

from __future__ import annotations

from govparse.cells.rows import label_index
from govparse.cells.values import read_value
from govparse.document.transform import TableRow, TextCell
from govparse.forms import Column
from govparse.model import BLANK, VALUE


def column_positions(header_rows: list[TableRow], columns: list[Column]) -> list[int] | None:
    """The grid position of each of `columns`, from the header cells that name them (a
    label spanning several positions stands at its first); None unless every column is
    named once, left to right in the form's order."""
    index = label_index(tuple(columns))
    found: dict[str, int] = {}
    for row in header_rows:
        for position, cell in enumerate(row.cells):
            column = index.find(cell.text) if cell.text else None
            if column is not None:
                if column.id in found:
                    return None
                found[column.id] = position
    positions = [found.get(c.id) for c in columns]
    if None in positions or positions != sorted(set(positions)):  # type: ignore[type-var]
        return None
    return positions  # type: ignore[return-value]


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
    if any(c.text and i >= positions[0] and i not in taken for i, c in enumerate(row.cells)):
        return None
    cells = [row.cells[p] for p in positions]
    values = [read_value(c.text) for c in cells]
    if any(v.status not in (VALUE, BLANK) for v in values):
        return None
    number = [v.value or 0 for v in values]
    if any(sum(number[p] for p in parts) != number[total] for parts, total in sums):
        return None
    return cells
