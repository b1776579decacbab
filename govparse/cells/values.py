"""Read one printed table cell: "12", "增16", "减3", "71万元", "1779.2656", "", "/".

Blank is not zero is not "not applicable": each has its own status. Anything that is not
clearly a number is `unreadable` (value None), never a guess. A number written otherwise
than in ASCII digits (一百七十四, ١٧٤) is read, with a note saying how it was written; one
too long to be a count of the form is unreadable, with a note saying why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from govparse.model import BLANK, NOT_APPLICABLE, UNREADABLE, VALUE
from govparse.sources.canonical import DOUBT
from govparse.text.normalize import fold_width

# format-spec §5: "/", "—" and "-" mean not applicable.
NOT_APPLICABLE_TEXTS = frozenset({"/", "-", "—", "——", "–", "－", "\\", "无", "不适用", "N/A"})
_UNITS = ("万元", "亿元", "元", "件", "项", "个", "条", "次")
_NUMBER = re.compile(
    r"(?P<sign>增加|减少|增|减|\+|-)?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>" + "|".join(_UNITS) + r")?"
)


# No count or sum of money in the form reaches 10^15: a longer number is a garbled cell
# (and one of 19 digits would not fit SQLite's INTEGER).
MAX_DIGITS = 15
# One numeral, or numerals with their 十/百/千 ("一二" is not a number a table prints).
_NUMERALS = "零〇一二两三四五六七八九十百千万亿"
_CHINESE = re.compile(rf"[{_NUMERALS[:10]}]|[{_NUMERALS}]*[十百千万亿][{_NUMERALS}]*")


@dataclass(frozen=True)
class CellValue:
    value: int | float | None
    unit: str | None
    status: str
    note: str | None = None  # how a value was written, or why it is unreadable


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
    text = DOUBT.sub(lambda m: m[1][:1], fold_width(text)).strip()  # a doubtful digit too
    return (not text or text in NOT_APPLICABLE_TEXTS or _NUMBER.fullmatch(text) is not None
            or _VALUE_LIKE.fullmatch(text) is not None or _chinese_number(text) is not None)


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
    note = None
    if not text.isascii() and any(ch.isdecimal() and not ch.isascii() for ch in text):
        note = f"以非 ASCII 数字印出（{text}）"
        text = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)
    m = _NUMBER.fullmatch(text)
    if m is None:
        chinese = _chinese_number(text)
        if chinese is not None:
            return CellValue(chinese, unit, VALUE, "以汉字数字书写")
        return CellValue(None, unit, UNREADABLE, note)
    digits = m["num"].replace(",", "")
    if len(digits.split(".")[0]) > MAX_DIGITS:
        return CellValue(None, unit, UNREADABLE, f"这个数有 {len(digits.split('.')[0])} 位，"
                         f"多于规定表格中任何数量的位数（{MAX_DIGITS} 位）")
    number: int | float = float(digits) if "." in digits else int(digits)
    if m["sign"] in ("减", "减少", "-"):
        number = -number
    printed_unit = m["unit"]
    # A printed money unit is kept as printed ("71万元", "251000元"); a printed count
    # unit ("5件") only confirms the column's.
    if printed_unit in ("万元", "亿元", "元"):
        unit = printed_unit
    return CellValue(number, unit, VALUE, note)


@lru_cache(maxsize=_CACHE)
def _chinese_number(text: str) -> int | None:
    """一百七十四 -> 174; None unless the whole cell is one whole number in Chinese."""
    if _CHINESE.fullmatch(text) is None:
        return None
    from govparse.text.numbers import to_number

    value = to_number(text)
    return value if isinstance(value, int) and len(str(value)) <= MAX_DIGITS else None
