"""Table 四 (行政复议、行政诉讼): one row of numbers under a header of two levels."""

from __future__ import annotations

from govparse.cells.grid import at_positions, column_positions
from govparse.cells.header import header_verdict, run_together_header
from govparse.cells.identities import form_identities
from govparse.cells.reader import TableReader, forms_of, row_evidence
from govparse.cells.rows import RowMatch, SplitRow, layout_of, row_name, split_row, table_rows
from govparse.document.transform import RawTable
from govparse.forms import Template, t4_key
from govparse.text.normalize import label_key
from govparse.words import listing


def read_table4(template: Template, tables: list[RawTable]) -> TableReader:
    reader = TableReader(template, 4)
    forms = {f.key: f for f in forms_of(template, 4)}
    header_labels: list[str] = []
    header_rows = []
    data: list[SplitRow] = []
    empty: list[SplitRow] = []  # rows of empty cells after the header
    for row in table_rows(tables):
        split = split_row(row)
        if split.numbers:
            data.append(split)
        elif not data and header_labels and not split.labels:
            empty.append(split)
        elif not data:
            header_labels += [c.text for c in split.labels]
            header_rows.append(row)
    if not data and len(empty) == 1 and layout_of(tables) == "tsv":
        data = empty  # the row of numbers printed with every cell left empty: blanks
    if not data:
        return reader
    if len(data) > 1:
        reader.warn("extra_rows", f"表四有 {len(data)} 行数字，规定表格只有一行；采用第一行",
                    data[1].line)
    columns = template.t4_columns
    if not header_labels and data[0].labels:  # the header run into the row of numbers
        header_labels = run_together_header(label_key(data[0].labels[-1].text), columns,
                                            template.t4_header_labels)
    header = header_verdict(columns, template.t4_header_labels, header_labels,
                            template.extra_columns)
    keys = [t4_key(c) for c in columns]
    if header.how is None:
        reader.warn("row_unreadable", f"表四：表头{header.problem}，数字 "
                    f"{listing(data[0].numbers)} 不能确定地放入各列", data[0].line)
        for key in keys:
            reader.unreadable(forms[key], data[0].line)
        return reader
    reader.matched.append(RowMatch(data[0].line, row_name(data[0]), None, "only"))
    positions = column_positions(header_rows, columns) \
        if layout_of(tables) == "tsv" and header.how == "header" else None
    ids = [c.id for c in columns]
    sums = [([ids.index(p) for p in ident["parts"]], ids.index(ident["total"][0]))
            for ident in template.identities.get("table4", [])]
    grid = at_positions(data[0].row, positions, sums) if positions else None
    evidence = [row_evidence(keys, ["件"] * len(keys), data[0], header.how, "行政复议、行政诉讼",
                             layout_of(tables), cells=grid)]
    reader.place_rows(evidence, lambda: form_identities(template, 4, set()), forms)
    return reader
