"""What an extraction broke in a report and the form puts back, before its tables are read.

- A section whose heading was lost starts, without it, after the table of the section
  before it; forms/sections.yml says how each is recognised.
- Table cells a PDF extraction pulled out of their rows stand on lines of their own in the
  section, each number with its note after it ("22" + "（其中修订 16 件）"); govparse.cells.tables
  gives them back to the rows that lost them when the notes name the columns.
"""

from __future__ import annotations

import re
from functools import lru_cache

from govparse.data import load
from govparse.document.transform import (
    SECTION_TABLE,
    Document,
    RawSection,
    TextCell,
)
from govparse.forms import SECTION_NUMERALS
from govparse.model import ReportWarning
from govparse.words import TABLE_NAMES, quoted


@lru_cache(maxsize=1)
def _lost_headings() -> dict[int, dict]:
    return {int(k): v for k, v in load("govparse.forms", "sections.yml")["lost_headings"].items()}


def recover_lost_headings(document: Document, original: list[str]) -> list[ReportWarning]:
    """A missing section that starts, without its heading, after the table of the section
    before it (forms/sections.yml) is split off that section, with a warning."""
    warnings = []
    present = {s.number for s in document.sections}
    for number, rule in _lost_headings().items():
        before = next((s for s in document.sections if s.number == rule["after"]), None)
        if number in present or before is None or not before.tables:
            continue
        end = max(c.line for c in before.tables[-1].rows[-1].cells)
        at = next((i for i, b in enumerate(before.blocks) if b.line > end
                   and b.kind == "subheading"
                   and any(cue in original[b.line - 1] for cue in rule["cues"])), None)
        if at is None:
            continue
        blocks = before.blocks[at:]
        first = blocks[0].line
        lost = RawSection(number, original[first - 1].strip(), first, list(blocks),
                          last_line=blocks[-1].line)
        before.blocks = before.blocks[:at]
        before.last_line = max([end, *(b.line for b in before.blocks)])
        before.ends_in_table = not before.blocks or before.blocks[-1].line < end
        document.sections.insert(document.sections.index(before) + 1, lost)
        warnings.append(ReportWarning(
            "heading_lost", f"第{SECTION_NUMERALS[number - 1]}部分没有标题：视为从表"
            f"{TABLE_NAMES[SECTION_TABLE[rule['after']]]}之后的第 {first} 行"
            f"（{quoted(original[first - 1].strip()[:30])}）开始", first))
    return warnings


_STRAY = re.compile(r"\d+(?:\.\d+)?")
_NOTE = re.compile(r"[（(][^（()）]{1,30}[）)]")


def pulled_out_cells(document: Document, original: list[str]) -> list[tuple[TextCell, str | None]]:
    """Numbers printed on lines of their own in section 二, each with the note in brackets
    on the line after it: table cells a PDF extraction pulled out of their rows."""
    two = next((s for s in document.sections if s.number == 2), None)
    if two is None:
        return []
    texts = [(b.line, original[b.line - 1].strip()) for b in two.blocks
             if b.kind == "paragraph"]
    out = []
    for i, (line, text) in enumerate(texts):
        if _STRAY.fullmatch(text):
            after = texts[i + 1][1] if i + 1 < len(texts) else ""
            out.append((TextCell(text, line), after if _NOTE.fullmatch(
                re.sub(r"\s+", "", after)) else None))
    return out
