"""Two row labels printed in one cell (a scan whose rule between them was missed:
"5.属于三类内部事务信息6.属于四类过程性信息"): whose numbers follow cannot be told, so both
rows are unreadable, and no other row's numbers move."""

from __future__ import annotations

from govparse import parse_text
from govparse.model import UNREADABLE, VALUE
from tests.conftest import CORPUS

SEED = "003_6ce8937615f01921.txt"


def test_two_labels_in_one_cell_make_both_rows_unreadable_and_move_nothing():
    text = (CORPUS / SEED).read_text("utf-8")
    lines = text.split("\n")
    [five] = [i for i, line in enumerate(lines) if "5.属于三类内部事务信息" in line]
    assert "6.属于四类过程性信息" in lines[five + 1]
    lines[five + 1] = lines[five + 1].replace("6.属于四类过程性信息",
                                              "5.属于三类内部事务信息6.属于四类过程性信息")
    del lines[five]
    clean, merged = parse_text(text), parse_text("\n".join(lines))
    rows = {c.row for c in clean.cells if c.row and ("三类内部事务" in c.row or
                                                      "四类过程性" in c.row)}
    assert len(rows) == 2
    for cell in merged.cells:
        if cell.row in rows:
            assert (cell.status, cell.value) == (UNREADABLE, None), cell.key
    before = {c.key: (c.status, c.value) for c in clean.cells if c.row not in rows}
    after = {c.key: (c.status, c.value) for c in merged.cells if c.row not in rows}
    assert after == before
    assert sum(s == VALUE for s, _ in after.values()) > 100
    assert "merged_labels" in {w.code for w in merged.warnings}
