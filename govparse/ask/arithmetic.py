"""Arithmetic a question asks for (加起来, 比…多多少, 占…的比例): which operation, and the
question without its words, which names the operands: several measures of one agency,
several agencies, or two years. The words are data (vocabulary.yml `arithmetic`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from govparse.data import load

OPERATIONS = ("sum", "difference", "ratio")
_YEAR = re.compile(r"((?:19|20)?\d\d)年")
_EACH_OR_WHICH = re.compile(r"分别|各(?!个?(?:单位|机关))|对比|比较|谁|哪")
_CHECKED = re.compile(r"加起来(?:对|一致|平衡)|加得(?:对|起来)")


@dataclass(frozen=True)
class Arithmetic:
    op: str  # sum, difference, ratio
    text: str  # the question without the words that asked for it
    sign: int = 0  # difference: +1 for 多 (first − second), -1 for 少, 0 for 相差 (|a − b|)
    years: tuple[int, ...] = ()  # the years in the order said: 2024年比2025年多…
    times: bool = False  # a ratio asked as 几倍: said as times, not as a percentage


@lru_cache(maxsize=1)
def _patterns() -> dict[str, tuple[re.Pattern[str], re.Pattern[str]]]:
    data = load(__package__, "vocabulary.yml")["arithmetic"]
    return {op: (re.compile(data[op]["said"]), re.compile(data[op]["join"]))
            for op in OPERATIONS}


@lru_cache(maxsize=1)
def _directions() -> dict[str, int]:
    data = load(__package__, "vocabulary.yml")["arithmetic"]["difference"]
    return {**dict.fromkeys(data["more"], 1), **dict.fromkeys(data["less"], -1)}


def asked_for(text: str) -> Arithmetic | None:
    """The arithmetic `text` (as read: govparse.ask.lexicon.expand) asks for, if any. A
    difference or a ratio needs its word said; a sum its word or a join (A加B)."""
    for op, (said, join) in _patterns().items():
        if op == "sum" and (_EACH_OR_WHICH.search(text) or _CHECKED.search(text)):
            continue  # 分别多少, 谁多, 加起来对得上吗: not a sum asked for
        found = said.search(text)
        joined = join.search(text)
        # a sum by its join alone (A加B); a difference by 减去 (A减去B)
        if found is None and not (joined and (op == "sum" or "减去" in text)):
            continue
        sign = 1 if found is None else 0  # A减去B: the first less the second
        rest = text
        if found is not None:
            word = found.group(0)
            sign = _directions().get(word, 0)
            rest = rest[:found.start()] + rest[found.end():]
        rest = join.sub("和", rest)
        return Arithmetic(op, rest, sign, tuple(int(y) % 100 + 2000 if len(y) == 2 else int(y)
                                                for y in _YEAR.findall(rest)),
                          times=bool(found and "倍" in found.group(0)))
    return None
