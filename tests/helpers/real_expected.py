"""The hand-transcribed cells of the real reports (tests/real/NAME.expected.json) as form keys.

`expected.json` (written with the files, independently of the parser): `table2` is
{row: {column: value}}, `table3` maps "group/row" to seven values in the form's column
order, `table4` is the 15 values in form order, `null` is a blank cell; `table2_inferred`
holds cells that are likely but not printed unambiguously.
"""

from __future__ import annotations

import json
from pathlib import Path

from govparse.cells.values import read_value
from govparse.forms import LabelIndex, Template, load_templates, t2_key, t3_key, t4_key

REAL = Path(__file__).resolve().parents[1] / "real"


def load(name: str) -> dict:
    return json.loads((REAL / f"{name}.expected.json").read_text(encoding="utf-8"))


def _value(v):
    if v is None or isinstance(v, (int, float)):
        return v
    return read_value(str(v)).value


def expected_cells(data: dict) -> tuple[Template, dict[str, int | float | None], dict[str, str]]:
    """The form, every expected cell by key (None: blank), and the inferred cells."""
    template = load_templates()[str(data["template"])]
    cells: dict[str, int | float | None] = {}
    inferred: dict[str, str] = {}
    rows = {r.label: (sub, r) for sub in template.table2 for r in sub.rows}
    for part, target in (("table2", cells), ("table2_inferred", inferred)):
        for row_label, cols in data.get(part, {}).items():
            sub, row = rows[row_label]
            index = LabelIndex(list(sub.columns))
            for col_label, v in cols.items():
                key = t2_key(row, index.find(col_label))
                target[key] = _value(v) if part == "table2" else v  # type: ignore[index]
    t3 = LabelIndex(list(template.t3_rows))
    for path, values in data["table3"].items():
        row = t3.find(path.split("/")[-1])
        assert row is not None, path
        for col, v in zip(template.t3_columns, values, strict=True):
            cells[t3_key(row, col)] = v
    for col, v in zip(template.t4_columns, data["table4"], strict=True):
        cells[t4_key(col)] = v
    return template, cells, inferred
