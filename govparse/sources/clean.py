"""The text every adapter gives, cleaned: no NULs or control characters, and not more of it
than one report can be (limits.yml).

A control character in a report is damage (a NUL run from a bad download, a stray \\x1b),
never content: it is removed, with a warning saying how many and where the first was.
"""

from __future__ import annotations

import re
from dataclasses import replace

from govparse.model import ReportWarning
from govparse.sources.limits import LimitError, current
from govparse.sources.text import SourceText

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]+")


def clean_text(source: SourceText, path: str | None) -> SourceText:
    limit = current().text_chars
    if len(source.text) > limit:
        raise LimitError(f"文件给出 {len(source.text):,} 个字符的文本，超过单份报告 "
                         f"{limit:,} 个字符的上限", path=path)
    first = _CONTROL.search(source.text)
    if first is None:
        return source
    removed = sum(m.end() - m.start() for m in _CONTROL.finditer(source.text))
    line = source.text.count("\n", 0, first.start()) + 1
    warning = ReportWarning("control_characters", f"已从文本中删除 {removed} 个控制字符"
                            f"（如 U+{ord(first.group()[0]):04X}），第一个在第 {line} 行："
                            "文件在该处已损坏", line)
    return replace(source, text=_CONTROL.sub("", source.text),
                   warnings=[*source.warnings, warning])
