"""Table 二 (主动公开): its blocks, one per 第二十条 caption, each with its header and rows;
numbers a PDF pulled out of their rows put back by the note after them."""

from __future__ import annotations

from govparse.cells.grid import at_positions, column_positions
from govparse.cells.header import (
    NO_COLUMN,
    UNKNOWN_LABELS,
    Header,
    header_verdict,
    run_together_header,
)
from govparse.cells.placement import LOST, RowEvidence
from govparse.cells.reader import TableReader, forms_of, row_evidence
from govparse.cells.rows import (
    SplitRow,
    cell_name,
    label_index,
    layout_of,
    match_rows,
    row_name,
    split_row,
    table_rows,
)
from govparse.cells.values import read_value
from govparse.document.transform import RawTable, TextCell
from govparse.forms import SubTable, Template, t2_key
from govparse.model import RUN_LAYOUT
from govparse.text.normalize import label_key
from govparse.words import listing, quoted


def read_table2(template: Template, tables: list[RawTable],
                strays: list[tuple[TextCell, str | None]] = ()) -> TableReader:
    """`strays`: numbers printed on lines of their own in section 二, each with the note
    after it ("22" + "（其中修订 16 件）"): cells a PDF extraction pulled out of their rows."""
    reader = TableReader(template, 2)
    captions = label_index(tuple(template.table2))
    forms = {f.key: f for f in forms_of(template, 2)}
    layout = layout_of(tables)
    blocks: list[tuple[SubTable, list[SplitRow], Header]] = []
    positions: dict[int, list[int] | None] = {}  # a block's columns in its header's grid
    sub: SubTable | None = None
    in_header: dict[int, SplitRow] = {}  # a block's header line that holds numbers
    for row in table_rows(tables):
        split = split_row(row)
        if not split.labels:
            if sub is not None and split.numbers:
                blocks[-1][1].append(split)  # a row that lost its label
            elif split.numbers:
                reader.warn("unknown_row", f"表二：一行只有数字 {listing(split.numbers[:12])}，"
                            "出现在所有“第二十条”表题之前，无法判断是哪一行；其数字未采用",
                            split.line)
            continue
        first = label_key(split.labels[0].text)
        found = next((s for s in template.table2
                      if captions.find(split.labels[0].text) is s), None)
        if found is not None or first.startswith("第二十条"):
            sub = found
            if found is None:
                reader.warn("unknown_caption", f"表二：表题{quoted(split.labels[0].text)}"
                            f"不在 {template.id} 年版格式中", split.line)
            else:
                blocks.append((found, [], Header("order", "没有表头行")))
            continue
        if sub is None:
            sub = _caption_of_row(template, split)
            if sub is None:
                if split.numbers:
                    reader.warn("unknown_row", f"表二：{quoted(row_name(split))}一行出现在"
                                "所有“第二十条”表题之前，且不在规定表格中；其数字未采用",
                                split.line)
                continue
            blocks.append((sub, [], Header("order", "没有表题和表头行")))
            _caption_missing(reader, sub, split)
        if first.startswith("信息内容"):
            rest = first[len("信息内容"):]
            names = [c.text for c in split.labels[1:]] or run_together_header(
                rest, list(sub.columns), []) or [rest]
            blocks[-1] = (sub, blocks[-1][1], header_verdict(
                list(sub.columns), [], names, template.extra_columns))
            positions[len(blocks) - 1] = column_positions([split.row], list(sub.columns))
            if split.numbers:
                in_header[len(blocks) - 1] = split
            continue
        other = _caption_of_row(template, split)
        if other is not None and other is not sub and label_index(sub.rows).find_suffix(
                split.labels[-1].text) is None:
            sub = other  # a caption was lost: the row names its block (行政处罚 …)
            blocks.append((sub, [], Header("order", "没有表题和表头行")))
            _caption_missing(reader, sub, split)
        blocks[-1][1].append(split)
    evidence: list[RowEvidence] = []
    for number, (sub, data, header) in enumerate(blocks):
        grid = positions.get(number) if layout == "tsv" and header.how == "header" else None
        if header.how is None:
            reader.warn("header_unknown", f"表二{sub.caption}：表头{header.problem}，"
                        "这部分的数字不放入表格", data[0].line if data else None)
            continue
        if header.how == "order" and header.problem and header.problem.startswith(
                (NO_COLUMN, UNKNOWN_LABELS)) and data and layout != RUN_LAYOUT:
            reader.warn("header_unknown", f"表二{sub.caption}：表头（{header.problem}）"
                        "不能证明各列，数字按规定表格的列序放入", data[0].line)
        cols = list(sub.columns)
        alone = in_header.get(number)
        if alone is not None and len(sub.rows) == len(cols) == 1 and len(alone.numbers) == 1 \
                and not any(split.numbers for split in data):
            # "信息内容 本年处理决定数量 9487" then "行政许可" (pdftotext without -layout): a
            # block of one cell whose only number is printed on its header's line
            reader.warn("header_value", f"表二{sub.caption}：数字 {alone.numbers[0]} 印在表头"
                        "一行，这一部分只有一格，按规定表格放入", alone.line)
            evidence.append(row_evidence([t2_key(sub.rows[0], cols[0])], [cols[0].unit],
                                         alone, "order", f"{sub.caption}/{sub.rows[0].label}",
                                         layout, [cols[0].signed]))
            continue
        for match, split in match_rows(list(sub.rows), label_index(sub.rows), data, reader,
                                           f"二{sub.caption}"):
            keys = [t2_key(match, c) for c in cols]
            if keys[0] in {k for e in evidence for k in e.keys}:
                reader.warn("duplicate_row", f"表二{sub.caption}/{match.label}：该行重复出现，"
                            "采用第一次出现的那一行", split.line)
                continue
            evidence.append(row_evidence(keys, [c.unit for c in cols], split, header.how,
                                         f"{sub.caption}/{match.label}", layout,
                                         [c.signed for c in cols],
                                         at_positions(split.row, grid, []) if grid else None))
    pulled = _pulled_out(evidence, strays, blocks)
    reader.place_rows(evidence, [], forms)
    for key, (cell, note) in pulled.items():
        placed = reader.cells[key]
        placed.candidates = [read_value(cell.text).value]  # type: ignore[list-item]
        reader.warn("cell_inferred", f"表二{quoted(cell_name(placed.row, placed.col))}一格："
                    f"可能是 {cell.text}（第 {cell.line} 行，与所在行分开印出，其后的附注"
                    f"{quoted(note)}指明了这一列）；不是印出的数值", cell.line, key)
    return reader


def _pulled_out(evidence: list[RowEvidence], strays: list[tuple[TextCell, str | None]],
                blocks: list[tuple[SubTable, list[SplitRow], Header]]
                ) -> dict[str, tuple[TextCell, str | None]]:
    """Cells pulled out of their rows: as many numbers printed apart as the rows lost, in
    order, each with a note that names its column (the column's `cues`). The rows are then
    read by the form's order around the lost cell; the cell itself stays unread, its likely
    value given as inferred."""
    short = [e for e in evidence if e.candidates and all(
        any(p.status == LOST for p in c) for c in e.candidates)]
    if not strays or len(strays) != len(short):
        return {}
    columns = {t2_key(r, c): c for sub, _, _ in blocks for r in sub.rows for c in sub.columns}
    out = {}
    for row, (cell, note) in zip(short, strays, strict=True):
        named = [i for i, k in enumerate(row.keys)
                 if note and any(cue in note for cue in columns[k].cues)]
        if len(named) != 1:
            continue
        keep = [c for c in row.candidates if c[named[0]].status == LOST]
        if len(keep) == 1:
            row.candidates = keep
            out[row.keys[named[0]]] = (cell, note)
    return out


def _caption_missing(reader: TableReader, sub: SubTable, split: SplitRow) -> None:
    reader.warn("caption_missing", f"表二：{quoted(row_name(split))}一行上方没有"
                f"{quoted(sub.caption)}的表题，按行名放入", split.line)


def _caption_of_row(template: Template, split: SplitRow) -> SubTable | None:
    """The block whose rows include this one (a table 二 without its captions)."""
    label = split.labels[-1].text
    found = [s for s in template.table2 if label_index(s.rows).find_suffix(label) is not None]
    return found[0] if len(found) == 1 else None
