"""Who published a report: kind of body, level and region, from the agency's name alone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from govparse.data import load
from govparse.report.regions import locate


@dataclass(frozen=True)
class Agency:
    name: str
    kind: str | None  # 人民政府, 人力资源和社会保障 … (agencies.yml)
    body: str | None  # 政府 | 部门
    level: str | None  # 省级 | 市级 | 县级 | 乡镇级
    province: str | None
    city: str | None
    county: str | None
    region_code: str | None
    region_status: str  # resolved | ambiguous | unknown
    region_candidates: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _data() -> dict:
    return load(__package__, "agencies.yml")


def kinds_of_body() -> list[dict]:
    """The kinds of agencies.yml: kind, body (政府/部门) and the words that name it."""
    return _data()["kinds"]


@lru_cache(maxsize=4096)
def describe(name: str) -> Agency:
    data = _data()
    place = locate(name)
    kind = next((k for k in data["kinds"] if any(w in place.rest for w in k["words"])), None)
    if kind is None and place.division and not place.rest:
        kind = data["place_alone"]
    level = data["levels"].get(place.division.level) if place.division else None
    township = re.match(data["township"], place.rest)
    if level and township and place.division and place.division.level == "county":
        level = "乡镇级"
    return Agency(name, kind["kind"] if kind else None, kind["body"] if kind else None, level,
                  place.province, place.city, place.county,
                  place.division.code if place.division else None, place.status,
                  place.candidates)
