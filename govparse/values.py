"""Read one printed table cell: "12", "增16", "减3", "71万元", "1779.2656", "", "/".

Blank is not zero is not "not applicable": each has its own status. Anything that is not
clearly a number is `unreadable` (value None), never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from govparse.model import BLANK, NOT_APPLICABLE, UNREADABLE, VALUE
from govparse.normalize import fold_width

# format-spec §5: "/", "—" and "-" mean not applicable.
NOT_APPLICABLE_TEXTS = frozenset({"/", "-", "—", "——", "–", "－", "\\", "无", "不适用", "N/A"})
_UNITS = ("万元", "亿元", "元", "件", "项", "个", "条", "次")
_NUMBER = re.compile(
    r"(?P<sign>增|减|\+|-)?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>" + "|".join(_UNITS) + r")?"
)


@dataclass(frozen=True)
class CellValue:
    value: int | float | None
    unit: str | None
    status: str


# A short cell with a digit that is not an enumerated label ("1.属于国家秘密") stands where
# a value stands, even when it is not a clean number ("约1", "5?"): it is an unreadable
# value, not a label.
_VALUE_LIKE = re.compile(r"(?!\d+[.、]\D)(?=.*\d).{1,8}|\d[\d .]*\d(?:万元|亿元|元)?")


# Cell texts repeat ("0", "12", ""): each function below is pure, so each distinct text is
# read once per process. A CellValue is frozen, so sharing one is safe.
_CACHE = 8192


@lru_cache(maxsize=_CACHE)
def is_value_text(text: str) -> bool:
    """Is this cell in a value's place (a number, a blank, a mark, a garbled number)?"""
    text = fold_width(text).strip()
    return (not text or text in NOT_APPLICABLE_TEXTS or _NUMBER.fullmatch(text) is not None
            or _VALUE_LIKE.fullmatch(text) is not None)


@lru_cache(maxsize=_CACHE)
def has_number(text: str) -> bool:
    return _NUMBER.fullmatch(fold_width(text).strip()) is not None


@lru_cache(maxsize=_CACHE)
def read_value(raw: str, unit: str | None = None) -> CellValue:
    """The value of a printed cell, in the unit it was printed in (the column's by default)."""
    text = fold_width(raw).strip()
    if not text:
        return CellValue(None, unit, BLANK)
    if text in NOT_APPLICABLE_TEXTS:
        return CellValue(None, unit, NOT_APPLICABLE)
    m = _NUMBER.fullmatch(text)
    if m is None:
        return CellValue(None, unit, UNREADABLE)
    digits = m["num"].replace(",", "")
    number: int | float = float(digits) if "." in digits else int(digits)
    if m["sign"] in ("减", "-"):
        number = -number
    printed_unit = m["unit"]
    # A printed money unit is kept as printed ("71万元", "251000元"); a printed count
    # unit ("5件") only confirms the column's.
    if printed_unit in ("万元", "亿元", "元"):
        unit = printed_unit
    return CellValue(number, unit, VALUE)
