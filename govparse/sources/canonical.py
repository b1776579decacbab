"""The canonical text every adapter writes: paragraphs as lines, table rows as TSV rows.

Each line carries its origin in the original file (a PDF page, an HTML table row, a Word
paragraph), so a cell read from line 120 of the canonical text can say "第3页".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govparse.forms import heading_patterns

# Line and paragraph separators that str.split("\n") does not see (U+2028 …): found by a
# regex, many times faster than str.translate on text that has none.
LINE_BREAKS = re.compile("[\u2028\u2029\x85\x0b\x0c]")


def line_breaks(text: str) -> str:
    """Every line or paragraph separator as a newline."""
    return LINE_BREAKS.sub("\n", text) if LINE_BREAKS.search(text) else text

# Whitespace that only lays out Chinese text: between two CJK characters or next to
# full-width punctuation ("2023 年" in a PDF, "总 计" in a table head).
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’"
_LAYOUT_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?=[{_CJK}])")


def squeeze(text: str) -> str:
    """One line of text: newlines inside a cell or paragraph joined, layout spaces dropped."""
    text = re.sub(r"\s*\n\s*", "", line_breaks(text.replace("\r", "\n")))
    return _LAYOUT_SPACE.sub("", text).strip()


# A section heading of the form (forms/sections.yml) or the report's title: in a table's
# row of its own (a spreadsheet holding the tables under their headings), it is a line,
# not a row.
SECTION_HEADING = re.compile("|".join(f"(?:{p})" for p in heading_patterns().values()))
_HEADING_START = re.compile("|".join(f"(?P<h{n}>{p})" for n, p in
                                     heading_patterns(whole_line=False).items()))


def sections_named(text: str) -> set[int]:
    """The sections of the form whose headings `text` holds (each counted once)."""
    return {int(m.lastgroup[1:]) for m in _HEADING_START.finditer(text) if m.lastgroup}
_TITLE = re.compile(r".{4,60}(年度报告|年报)")


@dataclass
class Canonical:
    lines: list[str] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)

    def line(self, text: str, origin: str) -> None:
        text = squeeze(text)
        if text:
            self.lines.append(text)
            self.origins.append(origin)

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")
            self.origins.append(self.origins[-1])

    def table(self, rows: list[tuple[list[str], str]]) -> None:
        """Rows of cells (spanned positions as ""), each with its origin, as one TSV block."""
        rows = [([squeeze(c).replace("\t", " ") for c in cells], origin)
                for cells, origin in rows]
        # a row of empty cells is kept (table 四's row of numbers left blank: its cells are
        # blank, not missing), but not at the table's top, where it is only spacing
        while rows and not any(rows[0][0]):
            rows.pop(0)
        if not rows:
            return
        width = max(2, *(len(cells) for cells, _ in rows))
        self.blank()
        for cells, origin in rows:
            alone = [c for c in cells if c]
            if len(alone) == 1 and len(alone[0]) < 60 and (
                    SECTION_HEADING.match(alone[0]) or _TITLE.fullmatch(alone[0])):
                self.blank()
                self.line(alone[0], origin)
                self.blank()
                continue
            self.lines.append("\t".join(cells + [""] * (width - len(cells))))
            self.origins.append(origin)
        self.blank()

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


# A digit the source could not read for certain (OCR below its score), written with the
# digits it may be: "⟦1|7⟧4" is 14 or 74. govparse.cells.readings tries each; the form's
# identities may settle which.
DOUBT = re.compile(r"⟦([^⟦⟧]*)⟧")


def doubtful(digits: str) -> str:
    """The canonical text of a digit that may be any of `digits`."""
    return "⟦" + "|".join(digits) + "⟧"


def alternatives(text: str, most: int) -> list[str] | None:
    """Every text a cell with doubtful digits may be (itself when it has none); None
    when there are more than `most`."""
    parts = DOUBT.split(text)
    if len(parts) == 1:
        return [text]
    out = [""]
    for i, part in enumerate(parts):
        choices = part.split("|") if i % 2 else [part]
        if len(out) * len(choices) > most:
            return None
        out = [o + c for o in out for c in choices]
    return out
