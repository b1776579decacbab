"""Number expressions as printed in Chinese prose: 9754, 1.5万, 二十二, 两, 百分之九十."""

from __future__ import annotations

import re

ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CHINESE = r"[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}
MAX_DIGITS = 15  # as govparse.cells.values: beyond it a number is garbled (and overflows SQLite)


def to_number(digits: str, multiplier: str | None = None) -> int | float | None:
    """The value of `digits` (Arabic or Chinese numerals) times 万/亿; None if unreadable.

    cn2an does the Chinese numerals; it returns int or float at whim and knows nothing of
    thousands separators, so both are handled here.
    """
    text = digits.replace(",", "")
    if len(text.split(".")[0]) > MAX_DIGITS:
        return None  # no figure of a report is that large: a garbled run of digits
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        value: int | float = float(text) if "." in text else int(text)
    else:
        import cn2an  # only prose with Chinese numerals pays for it

        try:
            value = cn2an.cn2an(text, "smart")
        except (ValueError, KeyError):
            return None
    if multiplier:
        value = value * MULTIPLIERS[multiplier]
    if abs(value) >= 10**18:  # under SQLite's 2^63 whatever 万 or 亿 multiplied
        return None
    return _tidy(value)


def _tidy(value: int | float) -> int | float:
    """15000.0 -> 15000, so values compare and print like the text."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return round(value, 6) if isinstance(value, float) else value
