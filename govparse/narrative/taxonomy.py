"""figures.yml, compiled: what a figure looks like in prose and what it counts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from govparse.data import load
from govparse.text.numbers import ARABIC, CHINESE

# Where the figure stands in a kind pattern's clause ("发布各类信息〈N〉").
HERE = "〈N〉"


@dataclass(frozen=True)
class Kind:
    id: str
    zh: str
    units: frozenset[str]
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Taxonomy:
    figure: re.Pattern[str]  # one number expression with its unit
    quoted: re.Pattern[str]  # a name or slogan in brackets
    ordinal_before: tuple[str, ...]
    not_figures: tuple[str, ...]
    part_markers: tuple[str, ...]
    inclusion_markers: tuple[str, ...]
    inexact: frozenset[str]
    change_words: tuple[str, ...]
    subject_verbs: re.Pattern[str]
    kinds: tuple[Kind, ...]

    def kind_of(self, before: str, after: str, unit: str | None) -> str | None:
        clause = f"{before}{HERE}{after}"
        for kind in self.kinds:
            if unit in kind.units and kind.pattern.search(clause):
                return kind.id
        return None


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    data = load(__package__, "figures.yml")
    space = r"[ \t\u3000]*"
    # Lookbehinds keep a match from starting inside a longer number (2026 -> 026).
    number = (rf"(?:(?<![\d.])(?<!\d,)(?P<arabic>{ARABIC})"
              rf"|(?<![零〇一二两三四五六七八九十百千])(?P<chinese>{CHINESE}))")
    figure = re.compile(
        rf"(?:(?P<qualifier>{_alternation(data['qualifiers'])}){space})?"
        rf"(?P<num>(?P<percent>百分之){number}"
        rf"|{number.replace('arabic', 'arabic2').replace('chinese', 'chinese2')}"
        rf"(?P<multiplier>[万亿](?!元))?{space}(?P<approx>{_alternation(data['approximate'])})?"
        rf"{space}(?P<unit>{_alternation(data['units'])}))")
    # The number starts the span; a qualifier before it is read but not part of it.
    quoted = "|".join(f"{re.escape(o)}[^{re.escape(o + c)}\\n]*{re.escape(c)}"
                      for o, c in data["quoted"])
    kinds = tuple(Kind(k["id"], k["zh"], frozenset(k["units"]), re.compile(k["pattern"]))
                  for k in data["kinds"])
    return Taxonomy(
        figure=figure, quoted=re.compile(quoted),
        ordinal_before=tuple(data["ordinal_before"]), not_figures=tuple(data["not_figures"]),
        part_markers=tuple(data["part_markers"]),
        inclusion_markers=tuple(data["inclusion_markers"]),
        inexact=frozenset(data["inexact"]), change_words=tuple(data["change_words"]),
        subject_verbs=re.compile(_alternation(data["subject_verbs"])), kinds=kinds)


def kinds() -> dict[str, Kind]:
    """Every kind by id, in the order they are tried."""
    return {k.id: k for k in taxonomy().kinds}
