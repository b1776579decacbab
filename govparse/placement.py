"""Place printed numbers in the form's cells: one constraint mechanism for every layout.

Each row of a table comes with the readings its source allows (govparse.readings: a run of
digits split into numbers, cells lost or padded, …): candidate vectors of pieces, one per
column. The form's identities (templates/*.yml `identities`: row totals, 一+二 = （七）+四,
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
from dataclasses import dataclass, field, replace

from govparse.model import UNREADABLE, VALUE

LOST = "lost"  # a cell the source dropped: a variable, not a printed value

# Beyond these the table is not searched further: cells not settled by propagation alone
# are unreadable (a sound over-approximation, never a guess).
MAX_NODES = 4000
MAX_SOLUTIONS = 64


@dataclass(frozen=True)
class Piece:
    """One cell's reading: what was printed there (or that it was lost)."""

    status: str  # value, blank, not_applicable, unreadable or lost
    value: int | float | None = None
    raw: str | None = None
    line: int | None = None
    unit: str | None = None


@dataclass
class RowEvidence:
    keys: tuple[str, ...]  # the form's cells of this row, in column order
    candidates: list[tuple[Piece, ...]]
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


def _signature(piece: Piece) -> tuple:
    return (piece.status, piece.value)


def _dedupe(candidates: list[tuple[Piece, ...]]) -> list[tuple[Piece, ...]]:
    seen: dict[tuple, tuple[Piece, ...]] = {}
    for cand in candidates:
        seen.setdefault(tuple(map(_signature, cand)), cand)
    return list(seen.values())


Bounds = tuple[float, float]


def _span(piece: Piece) -> Bounds:
    """A printed number is itself. Anything else (lost, blank, "/", unreadable) could stand
    for any whole number ≥ 0 as far as choosing a reading goes: a reading that needs it to be
    negative is wrong; no value is ever given to it from this."""
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
        self.nodes = 0

    def propagate(self, domains: list[list[int]]) -> dict[tuple[int, int], Bounds] | None:
        """Prune the candidates of every row against the identities until nothing changes;
        returns the bounds of every numeric cell, or None when a row has no candidate left."""
        while True:
            bounds: dict[tuple[int, int], Bounds] = {}
            for r, dom in enumerate(domains):
                if not dom:
                    return None
                for c in range(len(self.rows[r].keys)):
                    spans = [_span(self.rows[r].candidates[i][c]) for i in dom]
                    bounds[(r, c)] = (min(s[0] for s in spans), max(s[1] for s in spans))
            if not self._tighten(bounds):
                return None
            changed = False
            for r, dom in enumerate(domains):
                kept = [i for i in dom if self._fits(self.rows[r].candidates[i], r, bounds)]
                if len(kept) != len(dom):
                    domains[r] = kept
                    changed = True
                    if not kept:
                        return None
            if not changed:
                return bounds

    def _tighten(self, bounds: dict[tuple[int, int], Bounds]) -> bool:
        """Bounds propagation over the identities; False when one cannot hold."""
        for _ in range(50):
            changed = False
            for terms in self.terms:
                for k, (cell, coef) in enumerate(terms):
                    lo_s = hi_s = 0.0
                    for j, (other, c2) in enumerate(terms):
                        if j == k:
                            continue
                        lo, hi = bounds[other]
                        lo_s += lo if c2 > 0 else -hi
                        hi_s += hi if c2 > 0 else -lo
                    lo, hi = (-hi_s, -lo_s) if coef > 0 else (lo_s, hi_s)
                    old = bounds[cell]
                    new = (max(old[0], lo), min(old[1], hi))
                    if new[0] > new[1]:
                        return False
                    if new != old:
                        bounds[cell] = new
                        changed = True
            if not changed:
                return True
        return True

    @staticmethod
    def _fits(cand: tuple[Piece, ...], r: int, bounds: dict[tuple[int, int], Bounds]) -> bool:
        for c, piece in enumerate(cand):
            lo, hi = bounds[(r, c)]
            if piece.status == VALUE:
                if not lo <= piece.value <= hi:  # type: ignore[operator]
                    return False
            elif hi < 0 or (hi < math.inf and math.floor(hi) < math.ceil(max(lo, 0))):
                return False  # no whole number ≥ 0 fits where this cell stands
        return True

    def solve(self, domains: list[list[int]], found: list) -> bool:
        """All solutions into `found`; False when the search was cut short."""
        self.nodes += 1
        if self.nodes > MAX_NODES or len(found) > MAX_SOLUTIONS:
            return False
        domains = [list(d) for d in domains]
        bounds = self.propagate(domains)
        if bounds is None:
            return True
        open_rows = [r for r, d in enumerate(domains) if len(d) > 1]
        if not open_rows:
            found.append(([d[0] for d in domains], bounds))
            return True
        r = min(open_rows, key=lambda i: len(domains[i]))
        for choice in domains[r]:
            trial = list(domains)
            trial[r] = [choice]
            if not self.solve(trial, found):
                return False
        return True


def _settle_lost(piece: Piece, bounds: Bounds | None, line: int | None) -> Piece:
    """A lost cell whose value the identities fix is read; otherwise it stays lost."""
    if bounds is not None and bounds[0] == bounds[1] and not math.isinf(bounds[0]):
        return Piece(VALUE, int(bounds[0]), None, line, piece.unit)
    return piece


def _local_identities(problem: _Problem, r: int) -> list[Identity]:
    return [i for i in problem.identities
            if all(problem.where[k][0] == r for k in (*i.parts, *i.total))]


def place(rows: list[RowEvidence], identities: list[Identity]) -> Outcome:
    """Every cell of `rows` placed as far as the source and the identities allow."""
    for row in rows:
        row.candidates = _dedupe(row.candidates)
    if all(len(r.candidates) == 1 and r.how == "header"
           and not any(p.status == LOST for p in r.candidates[0]) for r in rows):
        # The layout proves every cell (the clean case): nothing to search.
        return Outcome({k: Placed(p, r.how) for r in rows
                        for k, p in zip(r.keys, r.candidates[0], strict=True)})
    problem = _Problem(rows, identities)
    found: list = []
    complete = problem.solve([list(range(len(r.candidates))) for r in rows], found)
    if not found and complete:
        return _layout_only(rows, problem)
    if not complete:
        # Too many readings to list: what propagation alone settles (a superset of them).
        domains = [list(range(len(r.candidates))) for r in rows]
        bounds = problem.propagate(domains)
        if bounds is None:
            return _layout_only(rows, problem)
        return _merge(rows, [(domains, bounds)])
    return _merge(rows, [([[c] for c in choice], bounds) for choice, bounds in found])


def _merge(rows: list[RowEvidence], solutions: list[tuple[list[list[int]], dict]]) -> Outcome:
    out = Outcome()
    for r, row in enumerate(rows):
        readings: list[tuple[Piece, ...]] = []
        for domains, bounds in solutions:
            for i in domains[r]:
                cand = row.candidates[i]
                readings.append(tuple(_settle_lost(p, bounds.get((r, c)), row.line)
                                      if p.status == LOST else p for c, p in enumerate(cand)))
        readings = _dedupe(readings)
        if len(readings) > 1:
            out.ambiguous[row.name] = ["/".join(str(_show(p)) for p in cand) for cand in readings]
        single = len(row.candidates) == 1
        for c, key in enumerate(row.keys):
            pieces = _dedupe([(cand[c],) for cand in readings])
            piece = pieces[0][0]
            if len(pieces) == 1 and piece.status != LOST:
                how = row.how if single and row.candidates[0][c].status != LOST else "identity"
                out.cells[key] = Placed(piece, how)
            else:
                values = tuple(_show(p[0]) for p in pieces)
                out.cells[key] = Placed(Piece(UNREADABLE, None, None, row.line), None, values)
    return out


def _show(piece: Piece) -> int | float | str:
    if piece.status == VALUE and piece.value is not None:
        return piece.value
    return {"blank": "空白", "not_applicable": "不适用", LOST: "?"}.get(piece.status, "无法读取")


def _layout_only(rows: list[RowEvidence], problem: _Problem) -> Outcome:
    """The identities cannot all hold: each row on its own, against its own total at most."""
    out = Outcome(consistent=False)
    for r, row in enumerate(rows):
        local = _local_identities(problem, r)
        alone = _Problem([row], local)
        found: list = []
        alone.solve([list(range(len(row.candidates)))], found)
        if not found and len(row.candidates) == 1 and row.how == "header":
            found = [([0], {})]  # the layout proves it; its own total fails: a finding
        if not found:
            for key in row.keys:
                out.cells[key] = Placed(Piece(UNREADABLE, None, None, row.line), None,
                                        ())
            out.ambiguous[row.name] = []
            continue
        one = _merge([replace(row)], [([[c] for c in choice], bounds)
                                      for choice, bounds in found])
        out.cells.update(one.cells)
        out.ambiguous.update(one.ambiguous)
    return out
