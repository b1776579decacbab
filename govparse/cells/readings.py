"""The readings a printed row allows: which of its texts can stand in which column.

What the source proves is kept, nothing more:
- cells that match the width one to one are read as they stand;
- more cells than columns: only empty cells can be layout (padding, a span, a merged
  label), never a printed number;
- fewer cells than columns: cells were lost (cut by an extractor); the printed ones keep
  their order, and each lost cell is a variable for govparse.cells.placement;
- cells run together (a crawler's text dump, `270020130`): every split of each digit run
  into whole numbers without leading zeros, the spaces in the run being certain breaks.
"""

from __future__ import annotations

import re
from itertools import combinations, product
from math import comb, prod

from govparse.cells.placement import LOST, Piece
from govparse.cells.values import read_value
from govparse.document.transform import TextCell
from govparse.model import BLANK
from govparse.sources.canonical import alternatives

# A run is split into at most this many readings before the row is given up as unreadable.
MAX_READINGS = 20000
# At most this share of a row may be lost before it is not read at all.
_MAX_LOST_SHARE = 0.5

# One number of a run: a sign (增, 减, +, -) only at its start, so a minus sign inside a run
# is always a cell boundary as well as the next number's sign.
_PART = re.compile(r"(?:增|减|\+|-)?(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|亿元|元)?")


def _piece(text: str, line: int, unit: str | None) -> Piece:
    read = read_value(text, unit)
    return Piece(read.status, read.value, text, line, read.unit, note=read.note)


def _lost(unit: str | None) -> Piece:
    return Piece(LOST, unit=unit)


def row_readings(values: list[TextCell], units: list[str | None], *, run: bool = False,
                 merged_first: bool = False,
                 signed: list[bool] | None = None) -> list[tuple[Piece, ...]]:
    """Every reading of the row's value cells as len(units) form cells.

    `merged_first`: the layout spells out empty cells for merged labels (TSV, markdown), so
    an empty first value may be such a cell rather than a blank one. `signed`: the columns
    that may hold a negative number (本年增/减); a split of a run puts none elsewhere.
    """
    if any("⟦" in c.text for c in values):
        return _doubtful_readings(values, units, run=run, merged_first=merged_first)
    if run:
        readings = _run_readings(values, units)
        if signed is None:
            return readings
        return [r for r in readings if not any(
            p.value is not None and p.value < 0 and not may for p, may in zip(r, signed,
                                                                               strict=True))]
    width = len(units)
    if len(values) == width and not (merged_first and not values[0].text):
        return [tuple(_piece(c.text, c.line, u) for c, u in zip(values, units, strict=True))]
    out: list[tuple[Piece, ...]] = []
    if len(values) >= width:
        empties = [i for i, c in enumerate(values) if not c.text]
        for drop in combinations(empties, len(values) - width):
            kept = [values[i] for i in range(len(values)) if i not in drop]
            out.append(tuple(_piece(c.text, c.line, u) for c, u in zip(kept, units,
                                                                        strict=True)))
            if len(out) > MAX_READINGS:
                return []
        if merged_first and values and not values[0].text and len(values) == width:
            out += _with_lost(values[1:], units)
        return out
    return _with_lost(values, units)


def _doubtful_readings(values: list[TextCell], units: list[str | None], **layout: bool
                       ) -> list[tuple[Piece, ...]]:
    """A row with doubtful digits (a scan's, govparse.sources.canonical.DOUBT): the
    readings of every text its cells may be, each piece keeping what was recognized."""
    choices = [alternatives(c.text, MAX_READINGS) for c in values]
    if any(c is None for c in choices) or prod(len(c) for c in choices) > MAX_READINGS:
        return []
    out: list[tuple[Piece, ...]] = []
    for texts in product(*choices):
        variant = [TextCell(t, c.line) for t, c in zip(texts, values, strict=True)]
        for reading in row_readings(variant, units, **layout):
            out.append(_recognized(reading, variant, values))
            if len(out) > MAX_READINGS:
                return []
    return out


def _recognized(reading: tuple[Piece, ...], variant: list[TextCell],
                values: list[TextCell]) -> tuple[Piece, ...]:
    """The reading's pieces, those of doubtful cells saying what was recognized. Pieces
    keep the cells' order; lost ones stand for no cell, dropped empty cells have none."""
    out, i = [], 0
    for piece in reading:
        if piece.status == LOST:
            out.append(piece)
            continue
        while i < len(variant) and variant[i].text != piece.raw:
            i += 1  # an empty cell the reading dropped
        if i < len(variant) and values[i].text != piece.raw:
            piece = piece._replace(raw=values[i].text, note=(
                f"扫描件文字识别存疑（识别为 {values[i].text}），由规定表格确定为 {piece.raw}"))
        out.append(piece)
        i += 1
    return tuple(out)


def _with_lost(values: list[TextCell], units: list[str | None]) -> list[tuple[Piece, ...]]:
    width = len(units)
    lost = width - len(values)
    if lost <= 0 or lost > width * _MAX_LOST_SHARE:
        return []
    out = []
    for gaps in combinations(range(width), lost):
        it = iter(values)
        out.append(tuple(_lost(u) if i in gaps else _piece((c := next(it)).text, c.line, u)
                         for i, u in enumerate(units)))
    return out


def _run_readings(values: list[TextCell], units: list[str | None]) -> list[tuple[Piece, ...]]:
    chunks = [(part, c.line) for c in values for part in c.text.split()]
    if not chunks:
        return [tuple(Piece(BLANK, unit=u) for u in units)] if not values else []
    width = len(units)
    out: list[tuple[Piece, ...]] = []

    def walk(i: int, taken: list[tuple[str, int]]) -> bool:
        if len(out) > MAX_READINGS:
            return False
        if i == len(chunks):
            if len(taken) == width:
                out.append(tuple(_piece(t, line, u) for (t, line), u in zip(taken, units,
                                                                            strict=True)))
            return True
        text, line = chunks[i]
        need = width - len(taken)
        later = chunks[i + 1:]
        most = need - len(later)  # each later chunk holds one number at least
        least = max(1, need - sum(len(t) for t, _ in later))  # … and one per digit at most
        splits = _splits(text, most, least)
        if splits is None:
            return False
        return all(walk(i + 1, taken + [(p, line) for p in parts]) for parts in splits)

    if not walk(0, []):
        return []
    return out


def _splits(text: str, most: int, least: int = 1) -> list[list[str]] | None:
    """Ways to cut `text` into least..most whole numbers as a form cell prints them; None
    when there are too many to list (the row is then not read, rather than read from a
    part)."""
    if most < least:
        return []
    gaps = len(text) - 1
    if sum(comb(gaps, k - 1) for k in range(least, min(most, len(text)) + 1)) > MAX_READINGS:
        return None
    out: list[list[str]] = []

    def cut(start: int, acc: list[str]) -> None:
        if start == len(text):
            if len(acc) >= least:
                out.append(list(acc))
            return
        if len(acc) >= most:
            return
        for end in range(start + 1, len(text) + 1):
            part = text[start:end]
            if _PART.fullmatch(part):
                acc.append(part)
                cut(end, acc)
                acc.pop()

    cut(0, [])
    return out
