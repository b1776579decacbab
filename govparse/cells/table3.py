"""Table 三 (依申请公开): the header, the rows by label or order, rows printed collapsed as the
2019 form prints them, placed with the form's identities."""

from __future__ import annotations

from govparse.cells.grid import at_positions, column_positions
from govparse.cells.header import header_verdict, run_together_header
from govparse.cells.identities import form_identities
from govparse.cells.placement import LOST, Piece, RowEvidence
from govparse.cells.reader import TableReader, forms_of, row_evidence
from govparse.cells.rows import SplitRow, label_index, layout_of, match_rows, split_row, table_rows
from govparse.document.transform import RawTable
from govparse.forms import FormCell, Template, t3_key
from govparse.text.normalize import label_key
from govparse.words import listing, quoted


def read_table3(template: Template, tables: list[RawTable]) -> TableReader:
    reader = TableReader(template, 3)
    forms = {f.key: f for f in forms_of(template, 3)}
    for group in template.t3_collapsed:  # cells of a row printed instead of its parts
        forms.update((t3_key(group, c), FormCell(3, t3_key(group, c), group.path, c.path, "件"))
                     for c in template.t3_columns)
    rows_index = label_index(tuple(template.t3_rows))
    data: list[SplitRow] = []
    header_labels: list[str] = []
    header_rows = []
    for row in table_rows(tables):
        split = split_row(row)
        label = split.labels[-1].text if split.labels else ""
        if (label and rows_index.find_suffix(label) is not None) or split.numbers:
            data.append(split)  # a row of the form, or one whose label was cut or lost
        elif not data:
            header_labels += [c.text for c in split.labels]
            header_rows.append(row)
    if not data:
        return reader
    if not header_labels and data[0].labels:  # a header run into the first row's label
        row = rows_index.find_suffix(data[0].labels[-1].text)
        text = label_key(data[0].labels[-1].text)
        cut = text[:len(text) - len(label_key(row.label))] if row else ""
        header_labels = run_together_header(cut, template.t3_columns,
                                            template.t3_header_labels)
    header = header_verdict(template.t3_columns, template.t3_header_labels, header_labels,
                            template.extra_columns)
    if header.how is None:
        reader.warn("table_malformed", f"表三结构有误：表头{header.problem}，"
                    "因此表中没有一个数字能确定地放入某一列", data[0].line)
        for split in data:
            match = rows_index.find_suffix(split.labels[-1].text) if split.labels else None
            if match is not None:
                for col in template.t3_columns:
                    reader.unreadable(forms[t3_key(match, col)], split.line)
        return reader
    if header.how == "order" and header_labels:
        reader.warn("header_unknown", f"表三：表头（{header.problem}）不能证明各列；"
                    "数字按规定表格的列序放入，以规定表格的勾稽关系能够印证的为限",
                    data[0].line)
    matched = match_rows(template.t3_rows, rows_index, data, reader, "三",
                         template.t3_collapsed)
    positions = column_positions(header_rows, template.t3_columns) \
        if layout_of(tables) == "tsv" and header.how == "header" else None
    each = template.identities.get("table3_each_row")
    ids = [c.id for c in template.t3_columns]
    sums = [([ids.index(p) for p in each["parts"]], ids.index(each["total"][0]))] \
        if each else []
    evidence = []
    for match, split in matched:
        keys = [t3_key(match, c) for c in template.t3_columns]
        grid = at_positions(split.row, positions, sums) if positions else None
        evidence.append(row_evidence(keys, ["件"] * len(keys), split, header.how, match.path,
                                  layout_of(tables), cells=grid))
        if match.parts:
            reader.collapsed[match.id] = match
            reader.warn("form_variant", f"表三将{quoted(match.label)}印作一行（2019 年版格式"
                        f"即是如此）：其数字记为 {match.id}，不再分列其组成部分 "
                        f"{listing(match.parts)}", split.line)
    # Rows whose labels ran together stand in the identities as unknowns, so that the
    # other rows are still checked by them; their own cells stay unreadable below.
    for row, line in reader.merged_rows:
        keys = [t3_key(row, c) for c in template.t3_columns]
        evidence.append(RowEvidence(keys, [tuple(Piece(LOST) for _ in keys)], header.how,
                                    line, row.label))
    printed = {m.id for m, _ in matched} | {row.id for row, _ in reader.merged_rows}
    reader.place_rows(evidence, lambda: form_identities(template, 3, printed), forms)
    for row, line in reader.merged_rows:
        for col in template.t3_columns:
            reader.unreadable(forms[t3_key(row, col)], line)
    return reader
