"""Precision and recall of the narrative figure extractor against the gold annotation.

    python -m tests.helpers.evaluate_figures        # prints the scores, lists every disagreement

tests/gold/narrative_figures.tsv was written by reading the five seeds' prose, independently
of the extractor: every figure with its value, unit, qualifier, kind and whole (part_of).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold" / "narrative_figures.tsv"
CORPUS = ROOT / "corpus"


@dataclass(frozen=True)
class Figure:
    seed: str
    line: int
    value: float
    unit: str
    kind: str = ""
    qualifier: str = ""
    whole: tuple[int, float] | None = None  # (line, value) of the whole it is part of

    @property
    def key(self) -> tuple:
        return (self.seed, self.line, self.value, self.unit)


def gold() -> list[Figure]:
    with GOLD.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    by_id = {r["id"]: r for r in rows}

    def whole(r: dict) -> tuple[int, float] | None:
        w = by_id.get(r["part_of"])
        return (int(w["line"]), float(w["value"])) if w else None

    return [Figure(r["seed"], int(r["line"]), float(r["value"]), r["unit"], r["kind"],
                   r["qualifier"], whole(r)) for r in rows]


def extracted() -> list[Figure]:
    from govparse.narrative import metrics_of
    from govparse.report.parse import parse_file

    found = []
    for path in sorted(CORPUS.glob("[0-9][0-9][0-9]_*.txt")):  # the annotated seeds
        metrics = metrics_of(parse_file(path))
        for m in metrics:
            w = metrics[m.part_of] if m.part_of is not None else None
            found.append(Figure(path.name[:3], m.line or 0, float(m.value or 0), m.unit or "",
                                m.kind or "", m.qualifier or "",
                                (w.line or 0, float(w.value or 0)) if w else None))
    return found


@dataclass
class Scores:
    precision: float
    recall: float
    matched: int
    gold: int
    found: int


def score(gold_figs: list[Figure], found: list[Figure], attrs: tuple[str, ...] = ()) -> Scores:
    """Multiset match on (seed, line, value, unit) plus the given attributes."""
    def keys(figs):
        return Counter(f.key + tuple(getattr(f, a) for a in attrs) for f in figs)

    g, f = keys(gold_figs), keys(found)
    matched = sum((g & f).values())
    return Scores(matched / max(sum(f.values()), 1), matched / max(sum(g.values()), 1),
                  matched, sum(g.values()), sum(f.values()))


def main() -> None:
    g, f = gold(), extracted()
    for name, attrs in [("figure (value, unit)", ()), ("+ kind", ("kind",)),
                        ("+ qualifier", ("qualifier",)), ("+ part of", ("whole",))]:
        s = score(g, f, attrs)
        print(f"{name:22} precision {s.precision:.3f}  recall {s.recall:.3f}  "
              f"({s.matched} matched, {s.gold} in gold, {s.found} extracted)")
    gk = Counter((x.key, x.kind, x.qualifier, x.whole) for x in g)
    fk = Counter((x.key, x.kind, x.qualifier, x.whole) for x in f)
    for item in sorted((gk - fk).elements()):
        print("  gold only:", item)
    for item in sorted((fk - gk).elements()):
        print("  extracted only:", item)


if __name__ == "__main__":
    main()
