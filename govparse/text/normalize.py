"""Normalise report text before the grammar, keeping a map to the original line numbers.

What happens here, and why:
- full-width ASCII is folded to half-width ("（一）" -> "(一)"), U+3000 and NBSP become
  spaces, zero-width characters go: reports mix both widths freely (format-spec §7);
- leading and trailing spaces are trimmed (TABs are kept: they are table structure);
- a paragraph indented with a TAB is un-indented, so it is not taken for a table cell;
- page chrome ("扫一扫在手机上查看当前页面", "闽公网安备…号", text/chrome.yml) is dropped;
- a table label broken over two lines ("\\t本年新" + "制作数量") is joined again.

Only whole lines are removed or joined, so `origin[i]` (the 1-based line in the original
text of normalised line i+1) is all the provenance the later stages need. The narrative
text shown to people is always taken from the original lines, never from this one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from govparse.data import load

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20})
_FOLD[0x2212] = 0x2D  # the minus sign of Word's and PDF's numbers ("−18"): a hyphen-minus
_FOLD.update(dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]))
# The same folding one character for one (no deletions): offsets into a line stay valid.
ONE_FOR_ONE_FOLD = {k: v for k, v in _FOLD.items() if v is not None}

# A table label cut by a line break is short; a paragraph line is not.
_MAX_BROKEN_LABEL = 24
# A TAB-indented line this long with a full stop is prose, not a cell.
_MIN_INDENTED_PARAGRAPH = 60


@dataclass
class NormalizedText:
    lines: list[str]
    origin: list[int]
    removed: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def original_line(self, normalized_line: int) -> int:
        """Map a 1-based line of the normalised text back to the original text."""
        return self.origin[min(normalized_line, len(self.origin)) - 1]


@lru_cache(maxsize=1)
def chrome_pattern() -> re.Pattern[str]:
    """All of text/chrome.yml as one alternation, matched against whole lines."""
    return re.compile("|".join(f"(?:{p})" for p in load(__package__, "chrome.yml", list)))


_FOLDED = {chr(k): "" if v is None else chr(v) for k, v in _FOLD.items()}
_FOLDABLE = re.compile("[" + "".join(map(re.escape, _FOLDED)) + "]")


def fold_width(line: str) -> str:
    # The same as line.translate(_FOLD), 4-10× faster: str.translate looks up every
    # character of the text, the regex finds the few that fold.
    return _FOLDABLE.sub(lambda m: _FOLDED[m[0]], line)


def split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


_PIPE_BLANK = re.compile(r" +\|")


def _trim(line: str) -> str:
    line = line.rstrip(" ")
    if line.endswith("|") and _PIPE_BLANK.fullmatch(line):
        return " |"  # a blank cell of the pipe layout, not a row start
    line = line.lstrip(" ")
    if (line.startswith("\t") and "\t" not in line[1:]
            and len(line) > _MIN_INDENTED_PARAGRAPH and "。" in line):
        line = line[1:].lstrip(" ")
    return line


def normalize(text: str) -> NormalizedText:
    raw = split_lines(text)
    # Folding never touches a line break, so the folded text splits into the same lines;
    # folding it whole is faster than line by line.
    folded = split_lines(fold_width(text))
    if raw and raw[-1] == "":
        raw.pop()
        folded.pop()
    chrome = chrome_pattern()
    lines: list[str] = []
    origin: list[int] = []
    removed: list[tuple[int, str, str]] = []
    for number, (original, line) in enumerate(zip(raw, folded, strict=True), start=1):
        line = _trim(line)
        if line and chrome.fullmatch(line):
            removed.append((number, original, "page chrome"))
            continue
        lines.append(line)
        origin.append(number)
    _join_broken_labels(lines, origin, removed)
    return NormalizedText(lines, origin, removed)


# A section or sub-heading right after a table is not the tail of a broken label.
_HEADING_LIKE = re.compile(r"(?:#+ *)?(?:[一二三四五六七八九十]+ *[、.]|\(|（)")


def _is_tab_cell(line: str) -> bool:
    return line.startswith("\t") and "\t" not in line[1:]


def _join_broken_labels(lines: list[str], origin: list[int],
                        removed: list[tuple[int, str, str]]) -> None:
    """Join "\\t本年新" + "制作数量" when both sit between TAB cells (seed 002)."""
    i = 1
    while i < len(lines) - 1:
        line = lines[i]
        if (line and "\t" not in line and len(line) <= _MAX_BROKEN_LABEL
                and not _HEADING_LIKE.match(line)
                and _is_tab_cell(lines[i - 1]) and lines[i + 1].startswith("\t")):
            removed.append((origin[i], line, f"joined to line {origin[i - 1]}"))
            lines[i - 1] += line
            del lines[i], origin[i]
            continue
        i += 1


_LABEL_FOLD = str.maketrans({"“": '"', "”": '"', "〈": "<", "〉": ">"})
_NUMERAL = "[一二三四五六七八九十]{1,3}"
_ENUM = re.compile(rf"^(?:\({_NUMERAL}\)|{_NUMERAL}[、.]|\d{{1,2}}[.、])")


@lru_cache(maxsize=65536)  # labels repeat across every report of a corpus
def label_key(label: str) -> str:
    """The form a label is compared in: width-folded, without any whitespace."""
    folded = unicodedata.normalize("NFKC", label).translate(_LABEL_FOLD)
    return re.sub(r"\s+", "", folded)


def strip_enumerator(key: str) -> str:
    """"(三)不予公开" -> "不予公开", "1.属于国家秘密" -> "属于国家秘密"."""
    return _ENUM.sub("", key, count=1)
