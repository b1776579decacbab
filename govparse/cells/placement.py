"""Place printed numbers in the form's cells: one constraint mechanism for every layout.

Each row of a table comes with the readings its source allows (govparse.cells.readings: a run of
digits split into numbers, cells lost or padded, …): candidate vectors of pieces, one per
column. The form's identities (forms/t20xx.yml `identities`: row totals, 一+二 = （七）+四,
（七） = Σ results, table 四's group totals) are linear equations over cells, all values
whole and ≥ 0. This module finds every assignment of readings consistent with all of them:

- exactly one: each cell is read, with how it was placed (`header`, `order`, `identity`);
- several: the cells that differ are unreadable, with their candidate values;
- none (the report's own totals do not add up): only what the layout alone proves is kept,
  each row checked against its own total at most; the failures are the checks' business.

Search is backtracking over rows with bounds propagation (every value ≥ 0, so a total
bounds its parts). A cell lost from its row is a variable that the identities may settle.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from govparse.model import BLANK, NOT_APPLICABLE, UNREADABLE, VALUE
from govparse.words import words

LOST = "lost"  # a cell the source dropped: a variable, not a printed value

# Beyond these the table is not searched further: cells not settled by propagation alone
# are unreadable (a sound over-approximation, never a guess).
MAX_NODES = 4000
MAX_SOLUTIONS = 64


class Piece(NamedTuple):
    """One cell's reading: what was printed there (or that it was lost). A tuple: rows of
    every report make them by the thousand."""

    status: str  # value, blank, not_applicable, unreadable or lost
    value: int | float | None = None
    raw: str | None = None
    line: int | None = None
    unit: str | None = None
    derived: bool = False  # a lost cell whose value the identities fix
    note: str | None = None  # how the value was written, or why it is unreadable (values)


Reading = tuple[Piece, ...]


@dataclass
class RowEvidence:
    keys: tuple[str, ...]  # the form's cells of this row, in column order
    candidates: list[Reading]
    how: str  # "header": the header proves the columns; "order": the form's order
    line: int | None = None
    name: str = ""


@dataclass(frozen=True)
class Identity:
    parts: tuple[str, ...]
    total: tuple[str, ...]


@dataclass
class Placed:
    piece: Piece  # for an unreadable cell: status unreadable, value None
    how: str | None  # header, order, identity; None when unreadable
    candidates: tuple[int | float | str, ...] = ()  # the values it could be, when unreadable


@dataclass
class Outcome:
    cells: dict[str, Placed] = field(default_factory=dict)
    # rows (by name) whose cells the source and the form leave ambiguous, with the
    # readings that remain; and whether the form's identities could all hold at once.
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    consistent: bool = True


def _signature(reading: Reading) -> tuple:
    return tuple((p.status, p.value) for p in reading)


def _dedupe(readings: list[Reading]) -> list[Reading]:
    seen: dict[tuple, Reading] = {}
    for reading in readings:
        seen.setdefault(_signature(reading), reading)
    return list(seen.values())


Bounds = tuple[float, float]


def _span(piece: Piece) -> Bounds:
    """A printed number is itself. Anything else (lost, blank, "/", unreadable) could stand
    for any whole number ≥ 0 as far as choosing a reading goes: a reading that needs it to be
    negative is wrong; no value is ever given to it from this, except to a lost cell."""
    if piece.status == VALUE and piece.value is not None:
        return (piece.value, piece.value)
    return (0, math.inf)


class _Problem:
    def __init__(self, rows: list[RowEvidence], identities: list[Identity]) -> None:
        self.rows = rows
        self.where = {k: (r, c) for r, row in enumerate(rows) for c, k in enumerate(row.keys)}
        self.identities = [i for i in identities
                           if all(k in self.where for k in (*i.parts, *i.total))]
        self.terms = [[(self.where[k], 1) for k in i.parts]
                      + [(self.where[k], -1) for k in i.total] for i in self.identities]
        # The identities each row takes part in: a reading is checked against them with
        # its own values, the other rows' cells by their bounds.
        self.touching = [[t for t in self.terms if any(cell[0] == r for cell, _ in t)]
                         for r in range(len(rows))]
        self.nodes = 0

    def propagate(self, domains: list[list[Reading]]) -> bool:
        """Prune every row's readings against the identities until nothing changes, giving
        lost cells the values the identities fix; False when a row has none left."""
        while True:
            bounds: dict[tuple[int, int], Bounds] = {}
            for r, dom in enumerate(domains):
                if not dom:
                    return False
                for c in range(len(self.rows[r].keys)):
                    spans = [_span(reading[c]) for reading in dom]
                    bounds[(r, c)] = (min(s[0] for s in spans), max(s[1] for s in spans))
            if not self._tighten(bounds, self.terms):
                return False
            changed = False
            for r, dom in enumerate(domains):
                if len(dom) == 1 and not any(p.status == LOST for p in dom[0]):
                    continue  # its bounds are its values: the tightening above checked it
                kept = _dedupe([settled for reading in dom
                                if (settled := self._check(r, reading, bounds)) is not None])
                if _signatures(kept) != _signatures(dom):
                    domains[r] = kept
                    changed = True
                    if not kept:
                        return False
            if not changed:
                return True

    def _check(self, r: int, reading: Reading, bounds: dict[tuple[int, int], Bounds]
               ) -> Reading | None:
        """The reading with the lost cells the identities fix filled in, or None when it
        cannot hold with them."""
        if not _fits(reading, r, bounds):
            return None
        terms = self.touching[r]
        if not terms:
            return reading
        local = {cell: bounds[cell] for t in terms for cell, _ in t}
        for c, piece in enumerate(reading):
            lo, hi = _span(piece)
            old = bounds[(r, c)]
            local[(r, c)] = (max(lo, old[0]), min(hi, old[1]))
        if not self._tighten(local, terms) or not _fits(reading, r, local):
            return None
        return _settle(reading, r, local, self.rows[r].line)

    @staticmethod
    def _tighten(bounds: dict[tuple[int, int], Bounds], all_terms: list) -> bool:
        """Bounds propagation over the identities; False when one cannot hold.

        For Σ c·x = 0, each x is bounded by the range of the other terms' sum; the sums are
        kept as finite parts plus a count of infinite ones, so each identity costs one pass."""
        for _ in range(50):
            changed = False
            for terms in all_terms:
                spans = []
                lo_fin = hi_fin = 0.0
                lo_inf = hi_inf = 0
                for cell, coef in terms:
                    lo, hi = bounds[cell]
                    a, b = (lo, hi) if coef > 0 else (-hi, -lo)
                    spans.append((a, b))
                    if a == -math.inf:
                        lo_inf += 1
                    else:
                        lo_fin += a
                    if b == math.inf:
                        hi_inf += 1
                    else:
                        hi_fin += b
                for (cell, coef), (a, b) in zip(terms, spans, strict=True):
                    # the others' sum ranges over [lo_s, hi_s]
                    lo_s = -math.inf if lo_inf - (a == -math.inf) else lo_fin - (
                        0 if a == -math.inf else a)
                    hi_s = math.inf if hi_inf - (b == math.inf) else hi_fin - (
                        0 if b == math.inf else b)
                    lo, hi = (-hi_s, -lo_s) if coef > 0 else (lo_s, hi_s)
                    old = bounds[cell]
                    new = (max(old[0], lo), min(old[1], hi))
                    if new[0] > new[1]:
                        return False
                    if new != old:
                        bounds[cell] = new
                        changed = True
            if not changed:
                break
        return True

    def solve(self, domains: list[list[Reading]], found: list[list[Reading]]) -> bool:
        """Every solution (one reading per row) into `found`; False when cut short."""
        self.nodes += 1
        if self.nodes > MAX_NODES or len(found) > MAX_SOLUTIONS:
            return False
        domains = [list(d) for d in domains]
        if not self.propagate(domains):
            return True
        open_rows = [r for r, d in enumerate(domains) if len(d) > 1]
        if not open_rows:
            found.append([d[0] for d in domains])
            return True
        r = min(open_rows, key=lambda i: len(domains[i]))
        for choice in domains[r]:
            trial = list(domains)
            trial[r] = [choice]
            if not self.solve(trial, found):
                return False
        return True


def _signatures(readings: list[Reading]) -> list[tuple]:
    return [_signature(r) for r in readings]


def _fits(reading: Reading, r: int, bounds: dict[tuple[int, int], Bounds]) -> bool:
    for c, piece in enumerate(reading):
        lo, hi = bounds[(r, c)]
        if piece.status == VALUE:
            if not lo <= piece.value <= hi:  # type: ignore[operator]
                return False
        elif hi < 0 or (hi < math.inf and math.floor(hi) < math.ceil(max(lo, 0))):
            return False  # no whole number ≥ 0 fits where this cell stands
    return True


def _settle(reading: Reading, r: int, bounds: dict[tuple[int, int], Bounds],
            line: int | None) -> Reading:
    """A lost cell whose value the identities fix is read (and marked as derived)."""
    if not any(p.status == LOST for p in reading):
        return reading
    out = []
    for c, piece in enumerate(reading):
        lo, hi = bounds[(r, c)]
        if piece.status == LOST and lo == hi and not math.isinf(lo):
            piece = Piece(VALUE, int(lo), None, line, piece.unit, derived=True)
        out.append(piece)
    return tuple(out)


def place(rows: list[RowEvidence],
          identities: list[Identity] | Callable[[], list[Identity]]) -> Outcome:
    """Every cell of `rows` placed as far as the source and the identities allow.
    `identities` may be a function, called only when a search is needed."""
    for row in rows:
        if len(row.candidates) > 1:
            row.candidates = _dedupe(row.candidates)
    if all(len(r.candidates) == 1 and r.how == "header"
           and not any(p.status == LOST for p in r.candidates[0]) for r in rows):
        # The layout proves every cell (the clean case): nothing to search.
        return Outcome({k: Placed(p, r.how) for r in rows
                        for k, p in zip(r.keys, r.candidates[0], strict=True)})
    problem = _Problem(rows, identities() if callable(identities) else identities)
    found: list[list[Reading]] = []
    complete = problem.solve([list(r.candidates) for r in rows], found)
    if complete and not found:
        return _layout_only(rows, problem)
    if complete:
        return _merge(rows, [[[reading] for reading in solution] for solution in found])
    # Too many readings to list: what propagation alone settles (a superset of them).
    domains = [list(r.candidates) for r in rows]
    if not problem.propagate(domains):
        return _layout_only(rows, problem)
    return _merge(rows, [domains])


def _merge(rows: list[RowEvidence], solutions: list[list[list[Reading]]]) -> Outcome:
    """Cells that every solution reads alike are read; the others are unreadable."""
    out = Outcome()
    for r, row in enumerate(rows):
        readings = _dedupe([reading for domains in solutions for reading in domains[r]])
        if len(readings) > 1:
            out.ambiguous[row.name] = ["/".join(str(_show(p)) for p in reading)
                                       for reading in readings]
        proved = len(row.candidates) == 1
        for c, key in enumerate(row.keys):
            pieces = _dedupe([(reading[c],) for reading in readings])
            piece = pieces[0][0]
            if len(pieces) == 1 and piece.status != LOST:
                how = row.how if proved and not piece.derived else "identity"
                out.cells[key] = Placed(piece, how)
            else:
                values = tuple(_show(p[0]) for p in pieces)
                out.cells[key] = Placed(Piece(UNREADABLE, None, None, row.line), None, values)
    return out


def _show(piece: Piece) -> int | float | str:
    if piece.status == VALUE and piece.value is not None:
        return piece.value
    if piece.status == LOST:  # a cell the extraction lost
        return "?"
    return words("status")[piece.status if piece.status in (BLANK, NOT_APPLICABLE)
                           else UNREADABLE]


def _layout_only(rows: list[RowEvidence], problem: _Problem) -> Outcome:
    """The identities cannot all hold: each row on its own, against its own total at most."""
    out = Outcome(consistent=False)
    for r, row in enumerate(rows):
        local = [i for i in problem.identities
                 if all(problem.where[k][0] == r for k in (*i.parts, *i.total))]
        alone = _Problem([row], local)
        found: list[list[Reading]] = []
        alone.solve([list(row.candidates)], found)
        if not found and len(row.candidates) == 1 and row.how == "header":
            found = [[row.candidates[0]]]  # the layout proves it; its own total fails
        if not found:
            for key in row.keys:
                out.cells[key] = Placed(Piece(UNREADABLE, None, None, row.line), None)
            out.ambiguous[row.name] = []
            continue
        one = _merge([row], [[[reading] for reading in solution] for solution in found])
        for key, placed in one.cells.items():
            if placed.piece.derived:  # the table does not add up: a lost cell stays lost
                one.cells[key] = Placed(Piece(UNREADABLE, None, None, row.line), None, ("?",))
        out.cells.update(one.cells)
        out.ambiguous.update(one.ambiguous)
    return out
