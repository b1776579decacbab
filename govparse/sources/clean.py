"""The text every adapter gives, cleaned: no NULs or control characters, and not more of it
than one report can be (limits.yml).

A control character in a report is damage (a NUL run from a bad download, a stray \\x1b),
never content: it is removed, with a warning saying how many and where the first was.
"""

from __future__ import annotations

import re
from dataclasses import replace

from govparse.limits import LimitError, current
from govparse.model import ReportWarning
from govparse.sources.text import SourceText

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]+")


def clean_text(source: SourceText, path: str | None) -> SourceText:
    limit = current().text_chars
    if len(source.text) > limit:
        raise LimitError(f"the file gives {len(source.text):,} characters of text, over the "
                         f"limit of {limit:,} for one report", path=path)
    first = _CONTROL.search(source.text)
    if first is None:
        return source
    removed = sum(m.end() - m.start() for m in _CONTROL.finditer(source.text))
    line = source.text.count("\n", 0, first.start()) + 1
    warning = ReportWarning("control_characters", f"{removed} control characters (such as "
                            f"U+{ord(first.group()[0]):04X}) removed from the text, the first "
                            f"at line {line}: the file is damaged there", line)
    return replace(source, text=_CONTROL.sub("", source.text),
                   warnings=[*source.warnings, warning])
