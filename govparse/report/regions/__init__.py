"""Administrative divisions (province / city / county) and agency names matched to them.

    place = locate("湘潭县人力资源和社会保障局")
    place.province, place.city, place.county   # 湖南省 湘潭市 湘潭县

Longest-prefix matching over divisions.csv (see SOURCE.md) and the other names some divisions
publish under (other_names.csv), nested: "湖南省湘潭市湘潭县…"
walks down the tree. A name shared by several places (鼓楼区 is in 南京, 徐州, 福州, 开封)
stays unresolved, with its candidates, unless an enclosing name decides.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

RESOLVED, AMBIGUOUS, UNKNOWN = "resolved", "ambiguous", "unknown"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province | city | county
    parent_code: str | None


@dataclass(frozen=True)
class Place:
    status: str  # resolved | ambiguous | unknown
    division: Division | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    rest: str = ""  # the name after the place: 人力资源和社会保障局
    candidates: tuple[str, ...] = field(default_factory=tuple)  # "福建省福州市鼓楼区", …


@dataclass(frozen=True)
class _Table:
    by_code: dict[str, Division]
    by_name: dict[str, tuple[Division, ...]]
    lengths: tuple[int, ...]  # name lengths, longest first


@lru_cache(maxsize=1)
def _table() -> _Table:
    text = resources.files(__package__).joinpath("divisions.csv").read_text("utf-8")
    rows = [Division(r["code"], r["name"], r["level"], r["parent_code"] or None)
            for r in csv.DictReader(text.splitlines())]
    by_name: dict[str, list[Division]] = {}
    for d in rows:
        by_name.setdefault(d.name, []).append(d)
    # Names a division publishes under that are not its own (other_names.csv): a zone whose
    # territory is one county's, matched as that county.
    by_code = {d.code: d for d in rows}
    other = resources.files(__package__).joinpath("other_names.csv").read_text("utf-8")
    for r in csv.DictReader(other.splitlines()):
        by_name.setdefault(r["name"], []).append(by_code[r["code"]])
    return _Table({d.code: d for d in rows}, {k: tuple(v) for k, v in by_name.items()},
                  tuple(sorted({len(n) for n in by_name}, reverse=True)))


_SUFFIX = ("自治区", "自治州", "自治县", "省", "市", "县", "区")


def short_name(name: str) -> str:
    """湘潭县 -> 湘潭, 福建省 -> 福建: how a place is named in passing (may be "")."""
    for suffix in _SUFFIX:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return ""


@lru_cache(maxsize=1)
def short_names() -> dict[str, tuple[str, ...]]:
    """Each short name and the places it may mean (湘潭: 湘潭市 and 湘潭县)."""
    out: dict[str, list[str]] = {}
    for name in sorted({d.name for d in _table().by_code.values()}):  # not other names
        short = short_name(name)
        if short:
            out.setdefault(short, []).append(name)
    return {k: tuple(v) for k, v in out.items()}


def chain(division: Division) -> list[Division]:
    """The division and its ancestors, province first."""
    table, out = _table(), [division]
    while out[0].parent_code:
        out.insert(0, table.by_code[out[0].parent_code])
    return out


def _within(division: Division, ancestor: Division | None) -> bool:
    return ancestor is None or ancestor in chain(division)[:-1]


def _place(division: Division, rest: str) -> Place:
    levels = {d.level: d.name for d in chain(division)}
    return Place(RESOLVED, division, levels.get("province"), levels.get("city"),
                 levels.get("county"), rest)


def locate(name: str) -> Place:
    table = _table()
    pos, current = 0, None
    while True:
        found, said = None, 0
        for length in table.lengths:
            candidates = tuple(d for d in table.by_name.get(name[pos:pos + length], ())
                               if _within(d, current))
            if candidates:
                found, said = candidates, length  # an other name is longer than the own
                break
        if found is None:
            break
        if len(found) > 1:
            return Place(AMBIGUOUS, rest=name[pos + said:], candidates=tuple(
                "".join(d.name for d in chain(c)) for c in found))
        current, pos = found[0], pos + said
    if current is None:
        return Place(UNKNOWN, rest=name)
    return _place(current, name[pos:])
