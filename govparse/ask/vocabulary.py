"""vocabulary.yml read into plain objects: the measures a question may name."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Measure:
    id: str
    names: tuple[str, ...]
    definition: str
    cells: tuple[str, ...] = ()
    rate: str | None = None
    figure: str | None = None
    findings: bool = False
    unit: str | None = None
    see_also: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    measures: dict[str, Measure]
    abbreviations: dict[str, str]
    examples: tuple[str, ...]

    def names(self) -> list[tuple[str, Measure]]:
        """Every name of every measure, longest first (the lexicon matches greedily)."""
        pairs = [(n, m) for m in self.measures.values() for n in m.names]
        return sorted(pairs, key=lambda p: -len(p[0]))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = yaml.safe_load(resources.files(__package__).joinpath("vocabulary.yml")
                          .read_text("utf-8"))
    rates = _rate_names()
    measures = {}
    for mid, d in data["measures"].items():
        definition = d.get("definition") or rates.get(d.get("rate"), mid)
        measures[mid] = Measure(mid, tuple(d["names"]), definition,
                                tuple(d.get("cells", ())), d.get("rate"), d.get("figure"),
                                bool(d.get("findings")), d.get("unit"), d.get("see_also"))
    return Vocabulary(measures, dict(data.get("agency_abbreviations", {})),
                      tuple(data.get("examples", ())))


def _rate_names() -> dict[str, str]:
    from govparse.rates import definitions

    return {r["id"]: f"{r['zh']}：{r['definition']}" for r in definitions()["rates"]}
