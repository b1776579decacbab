"""The words people see: the Chinese for each stored code (vocab.yml, written once), and how
messages (warnings, the reasons of file errors) quote what a report printed, in Chinese with
Chinese punctuation.

    words("status")["unreadable"]   -> 无法读取
    words("status", long=True)      -> the fuller wording a sentence needs, where there is one
    quoted("二、上年结转")          -> “二、上年结转”
    listing(["0", "12", "0"])       -> 0、12、0
    quoted_list(["总计", "小计"])   -> “总计”、“小计”
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from types import MappingProxyType
from typing import Any

from govparse.data import load


@cache
def words(kind: str, *, long: bool = False) -> MappingProxyType[Any, str]:
    """Code -> word for one kind of code (status, severity, table …); with `long`, the
    fuller wording where vocab.yml gives one, the short word elsewhere. Read-only."""
    vocab = load(__package__, "vocab.yml")
    short = vocab[kind]
    return MappingProxyType({**short, **vocab["long"].get(kind, {})} if long else short)


def kinds() -> list[str]:
    """Every kind of code vocab.yml names."""
    return [k for k in load(__package__, "vocab.yml") if k != "long"]


TABLE_NAMES = words("table_numeral")  # 2 -> 二


def shown(text: object) -> str:
    """The text as printed, a character that does not print (a TAB, a NUL) escaped as
    repr() would write it, so that the message stays on one line and shows it."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def quoted(text: object) -> str:
    """“text”: a label or a cell as the report printed it."""
    return f"“{shown(text)}”"


def spaced(text: str) -> str:
    """The text as it follows a Chinese word: a space before it when it starts with a Latin
    letter or a digit (而是 PNG 图片), none otherwise (而是文件夹)."""
    return f" {text}" if text[:1].isascii() and text[:1].isalnum() else text


def listing(items: Iterable[object], sep: str = "、") -> str:
    """Items one after the other, 、 between them (a list of printed numbers)."""
    return sep.join(shown(i) for i in items)


def quoted_list(items: Iterable[object]) -> str:
    """Each item quoted, 、 between them (a list of labels)."""
    return "、".join(quoted(i) for i in items)
