"""Parse tree -> Document: the report's blocks, each with its original line numbers.

This stage knows the layouts (how a row is spelled in each) but not the form: turning rows
into the form's cells is govparse.cells.tables' job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lark import Token, Transformer

from govparse.text.normalize import NormalizedText

# Sections whose body holds table N of the form.
SECTION_TABLE = {2: 2, 3: 3, 4: 4}
_YEAR = re.compile(r"(?:19|20)\d{2}|[二][〇零○][一二三四五六七八九〇零○]{2}")
# A spaced row: its label, then its numbers.
_SPACED = re.compile(r"(.*?[^\d\s,.、])((?:[ ,]+-?\d+(?:\.\d+)?)+)")


@dataclass
class TextCell:
    text: str
    line: int


@dataclass
class TableRow:
    line: int
    cells: list[TextCell]

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class RawTable:
    layout: str
    rows: list[TableRow]
    # Rows of numbers alone (SPACED_NUMBERS): a spaced table's rows whose labels wrapped
    # onto lines above them, or numbers a report prints outside its tables.
    numbers_only: bool = False


@dataclass
class Block:
    kind: str  # paragraph | subheading | item
    line: int


@dataclass
class RawSection:
    number: int
    heading: str
    line: int
    blocks: list[Block] = field(default_factory=list)
    tables: list[RawTable] = field(default_factory=list)
    last_line: int = 0
    ends_in_table: bool = False


@dataclass
class Document:
    title_lines: list[int]
    preamble_lines: list[int]
    sections: list[RawSection]
    # Lines the grammar did not expect where they stood, skipped (govparse.document.parser).
    skipped: list = field(default_factory=list)
    # Tables before the first section heading (a spreadsheet's sheets; a page's chrome).
    head_tables: list[RawTable] = field(default_factory=list)


class ReportTransformer(Transformer):
    """Bottom-up: tokens -> cells and blocks, each with the line of the normalised text it
    stands on. It holds no state: one instance, embedded in the parser (govparse.document.parser),
    serves every thread; original_lines() maps the lines back afterwards."""

    @staticmethod
    def _line(token: Token) -> int:
        return token.line

    # head
    def title(self, tokens: list[Token]) -> tuple[str, list[int], str]:
        return ("title", [self._line(t) for t in tokens], "".join(tokens))

    def preamble(self, tokens: list[Token]) -> tuple[str, list[int], str]:
        return ("preamble", [self._line(tokens[0])], "")

    def head(self, items: list) -> tuple[list[int], list[int], list[RawTable]]:
        tables = [t for t in items if isinstance(t, RawTable) and t.rows]
        items = [i for i in items if not isinstance(i, RawTable)]
        # A saved page's breadcrumb (首页 > 政府信息公开 > 政府信息公开年报) reads as a title
        # too: the title is the one that names a year and a report, the first such.
        titles = [(lines, text) for kind, lines, text in items if kind == "title"]
        best = max(titles, key=lambda t: (bool(_YEAR.search(t[1])), "报告" in t[1],
                                          -titles.index(t)), default=([], ""))
        preamble = [n for kind, lines, _ in items if kind == "preamble" for n in lines]
        return best[0], preamble, tables

    # narrative
    def paragraph(self, tokens: list[Token]) -> Block:
        return Block("paragraph", self._line(tokens[0]))

    def subheading(self, tokens: list[Token]) -> Block:
        return Block("subheading", self._line(tokens[0]))

    def item(self, tokens: list[Token]) -> Block:
        return Block("item", self._line(tokens[0]))

    # tables, one method per layout
    def table(self, children: list[RawTable]) -> RawTable:
        return children[0]

    def _cells(self, token: Token) -> list[tuple[str, int]]:
        """A row token's lines, each with its line number."""
        return [(text, token.line + i) for i, text in enumerate(token.split("\n")[:-1])]

    def _cell_lines(self, token: Token, text_of: slice) -> TableRow:
        """A row whose cells are a line each, each cell's text the slice `text_of` of it."""
        cells = [TextCell(text[text_of].strip(), line) for text, line in self._cells(token)]
        return TableRow(cells[0].line, cells)

    def tab_row(self, tokens: list[Token]) -> TableRow:
        return self._cell_lines(tokens[0], slice(1, None))  # "\t177"

    @staticmethod
    def _rows_of(layout: str, children: list[TableRow | Token]) -> RawTable:
        return RawTable(layout, [c for c in children if isinstance(c, TableRow)])

    def tab_table(self, children: list[TableRow | Token]) -> RawTable:
        return self._rows_of("tab-cells", children)

    def tsv_table(self, tokens: list[Token]) -> RawTable:
        rows = []
        for t in tokens:
            line = self._line(t)
            rows.append(TableRow(line, [TextCell(f.strip(), line)
                                        for f in t.rstrip("\n").split("\t")]))
        return RawTable("tsv", rows)

    def pipe_row(self, tokens: list[Token]) -> TableRow:
        return self._cell_lines(tokens[0], slice(None, -1))  # "177 |"

    def pipe_table(self, children: list[TableRow | Token]) -> RawTable:
        return self._rows_of("pipe-cells", children)

    def md_table(self, tokens: list[Token]) -> RawTable:
        rows = []
        for t in tokens:
            if t.type == "MD_RULE":
                continue
            line = self._line(t)
            body = t.strip()
            body = body[1:] if body.startswith("|") else body
            body = body[:-1] if body.endswith("|") else body
            rows.append(TableRow(line, [TextCell(f.strip(), line) for f in body.split("|")]))
        return RawTable("markdown", rows)

    def spaced_table(self, tokens: list[Token]) -> RawTable:
        rows = []
        for t in tokens:
            line = self._line(t)
            if t.type == "SPACED_NUMBERS":  # its label wrapped onto lines above it
                label, numbers = None, t.strip()
            else:
                m = _SPACED.fullmatch(t.strip()) or _SPACED.match(t.strip())
                label, numbers = m.groups() if m else (t.strip(), "")
            cells = [TextCell(label.strip(), line)] if label is not None else []
            cells += [TextCell(n, line) for n in re.split(r"[ ,]+", numbers.strip(" ,")) if n]
            rows.append(TableRow(line, cells))
        return RawTable("spaced", rows, all(t.type == "SPACED_NUMBERS" for t in tokens))

    # sections
    def section(self, children: list) -> RawSection:
        heading = children[0]
        number = int(heading.type[1])  # H1..H6
        section = RawSection(number, heading.strip().lstrip("#").strip(), self._line(heading))
        section.last_line = section.line
        for child in children[1:]:
            if isinstance(child, Block):
                section.blocks.append(child)
                section.last_line = child.line
                section.ends_in_table = False
            elif isinstance(child, RawTable) and child.rows:
                section.tables.append(child)
                section.last_line = max(c.line for c in child.rows[-1].cells)
                section.ends_in_table = True
        return section

    def start(self, children: list) -> Document:
        (title, preamble, head_tables), *sections = children
        if any(t.layout != "spaced" for s in sections for t in s.tables):
            for section in sections:  # numbers alone are rows only where every table is spaced
                _numbers_alone_as_text(section)
        return Document(title, preamble, sections, head_tables=head_tables)


def _numbers_alone_as_text(section: RawSection) -> None:
    """A report whose tables are laid out otherwise (TABs, pipes, markdown) prints no row as
    numbers alone: such lines are paragraphs, reported as numbers outside the tables."""
    tables_as_text(section, [t for t in section.tables if t.numbers_only])


def tables_as_text(section: RawSection, tables: list[RawTable]) -> None:
    """`tables` of the section are prose after all: each of their rows a paragraph."""
    if not tables:
        return
    section.tables = [t for t in section.tables if all(t is not x for x in tables)]
    section.blocks = sorted([*section.blocks, *(Block("paragraph", row.line)
                                                for t in tables for row in t.rows)],
                            key=lambda b: b.line)
    ends = [(b.line, False) for b in section.blocks[-1:]] + [
        (max(c.line for c in t.rows[-1].cells), True) for t in section.tables[-1:]]
    section.last_line, section.ends_in_table = max(ends, default=(section.line, False))


def original_lines(document: Document, doc: NormalizedText) -> Document:
    """The document with every line of the normalised text replaced by the original line
    it came from (normalising removes lines but keeps their order, so a section's last
    line stays its last)."""
    line = doc.original_line
    document.title_lines = [line(n) for n in document.title_lines]
    document.preamble_lines = [line(n) for n in document.preamble_lines]
    for section in document.sections:
        section.line, section.last_line = line(section.line), line(section.last_line)
        for block in section.blocks:
            block.line = line(block.line)
    tables = [*document.head_tables, *(t for s in document.sections for t in s.tables)]
    for row in (row for table in tables for row in table.rows):
        row.line = line(row.line)
        for cell in row.cells:
            cell.line = line(cell.line)
    return document
