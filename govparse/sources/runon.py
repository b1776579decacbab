"""Text dumps that lost their line breaks: the whole report on one line, cells run together.

Crawlers and web archivers save a page's text as one line: "…成效。二、主动公开政府信息情况
第二十条第（一）项信息内容本年新制作数量…规章000规范性文件898989…（一）予以公开270020130…".
Nothing in such a line tells the grammar where a section or a table row starts, so the
breaks are put back, from what is certain:

- a section heading is one of the form's six, with its numeral, in order (the `wordings` of
  govparse/forms/sections.yml);
- before it, the title (…年度报告) and the preamble (根据《…) get their own lines;
- in sections 二, 三 and 四, from where the table starts, every run of digits ends a row:
  the label before it and the run become one TSV row, the run kept whole (spaces
  included) for govparse.cells.readings to split; a digit right before "." and a label is that
  label's enumerator ("…00000002.其他法律…"), not a value;
- table 二's captions (第二十条第（N）项) and header (信息内容…) are rows of their own, the
  header cut from the row label that follows it by the form's row labels.

Each line keeps where it came from: "第11行第2345字".

A dump that kept its line breaks but lost its TABs has each table cell on a line of its own
("规章" / "0" / "0" / "0"): its tables are rebuilt the same way (cells_per_line), each line a
whole cell, as TSV rows.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from govparse.data import load
from govparse.forms import SECTION_NUMERALS, load_templates, sections
from govparse.text.normalize import ONE_FOR_ONE_FOLD, chrome_pattern, fold_width

# A line holding at least this many of the section headings is a dump.
_MIN_HEADINGS = 2
_FOLD = ONE_FOR_ONE_FOLD
# A minus sign (or 增/减) inside a run starts the next number: "715-9204" is 715 / -9 / 204.
_RUN = re.compile(r"(?:[增减+-])?\d(?:[\d ]|\.(?=\d)|(?:万元|亿元|元)?[增减+-](?=\d))*"
                  r"(?:万元|亿元|元)?")
_ENUMERATOR = re.compile(r"[.、](?=\D)")
_CAPTION = re.compile(r"第二十条第\([一二三四五六七八九十]+\)项")
_TITLE = re.compile(r"[^\s:：,，。;；]{2,60}?(?:19|20)\d{2}\s*年度?政府信息公开工作年度报告"
                    r"|(?:19|20)\d{2}\s*年度?[^\s:：,，。;；]{2,60}?政府信息公开工作年度报告")


@lru_cache(maxsize=1)
def _data() -> dict:
    return load(__package__, "runon.yml")


def table_openings() -> dict[int, tuple[str, ...]]:
    """The words a line or row that opens table 二, 三 or 四 begins with (runon.yml
    `table_start_lines`): where a dump's cells become rows, and where one printed table
    holding several of the form's is cut (govparse.cells.locate)."""
    return {n: tuple(words) for n, words in _data()["table_start_lines"].items()}


@lru_cache(maxsize=1)
def _heading_patterns() -> list[tuple[int, re.Pattern[str]]]:
    out = []
    for number, wordings in ((n, s["wordings"]) for n, s in sorted(sections().items())):
        alts = "|".join(re.escape(w) for w in sorted(wordings, key=len, reverse=True))
        numeral = SECTION_NUMERALS[int(number) - 1]
        out.append((int(number), re.compile(rf"{numeral} *[、.] *(?:{alts})")))
    return out


@lru_cache(maxsize=1)
def _table2_rows() -> tuple[str, ...]:
    """Every table 二 row label of every form, longest first (to cut a header from it)."""
    labels = {fold(label) for t in load_templates().values() for sub in t.table2
              for row in sub.rows for label in (row.label, *row.aliases)}
    return tuple(sorted(labels, key=len, reverse=True))


def fold(text: str) -> str:
    """Full-width ASCII to half-width, one character for one (offsets stay valid)."""
    return text.translate(_FOLD)


def headings_in(line: str) -> list[tuple[int, int, int]]:
    """(section number, start, end) of each section heading in the line, in order."""
    folded = fold(line)
    found = []
    pos = 0
    for number, pattern in _heading_patterns():
        m = pattern.search(folded, pos)
        if m:
            found.append((number, m.start(), m.end()))
            pos = m.end()
    return found


def is_dump(lines: list[str]) -> bool:
    return any(len(headings_in(line)) >= _MIN_HEADINGS for line in lines if len(line) > 200)


_BARE_NUMBER = re.compile(r"\s*[增减+]?\d+(?:\.\d+)?(?:万元|元)?\s*")
# A text whose tables came out one cell per line has many lines that are a number alone.
_MIN_NUMBER_LINES = 30


def is_cells_per_line(lines: list[str]) -> bool:
    if any(line.startswith("\t") or "|" in line for line in lines):
        return False
    return sum(bool(_BARE_NUMBER.fullmatch(line)) for line in lines) >= _MIN_NUMBER_LINES


def rebuild_cells(lines: list[str], first_line: int = 1, origins_of: list[str] | None = None
                  ) -> tuple[list[str], list[str]]:
    """Tables printed one cell per line, as TSV rows; the other lines as they are.
    `origins_of`: where each line came from (a Word file's paragraphs), when not lines."""
    def origin(j: int) -> str:
        return origins_of[j] if origins_of else f"第{first_line + j}行"

    chrome = chrome_pattern()
    starts = {}
    for i, line in enumerate(lines):
        found = headings_in(line)
        if found and found[0][1] == 0 and len(line.strip()) <= 40:
            starts[i] = found[0][0]
    marks = sorted(starts)
    out: list[str] = []
    origins: list[str] = []
    done = 0
    for k, i in enumerate(marks):
        number = starts[i]
        end = marks[k + 1] if k + 1 < len(marks) else len(lines)
        if number not in (2, 3, 4):
            continue
        words = tuple(fold(w) for w in table_openings()[number])
        table = next((j for j in range(i + 1, end) if fold(lines[j]).strip().startswith(words)),
                     None)
        if table is None:
            continue
        for j in range(done, table):
            out.append(lines[j])
            origins.append(origin(j))
        # a page's number between two cells ("-2-") is page furniture, not a cell
        region = [(j, lines[j].strip()) for j in range(table, end) if lines[j].strip()
                  and not chrome.fullmatch(fold_width(lines[j]).strip())]
        streamed = _stream_rows(lines, table, end, number)
        if streamed is not None:
            out.append("")
            origins.append(origin(table))
            for text, j in streamed:
                out.append(text)
                origins.append(origin(j))
            out.append("")
            origins.append(origin(end - 1))
            done = end
            continue
        joined, where = "", []
        for j, text in region:
            if _BARE_NUMBER.fullmatch(text) and joined and not joined.endswith(" "):
                joined += " "
            where.append((len(joined), j))
            joined += text + (" " if _BARE_NUMBER.fullmatch(text) else "")
        out.append("")
        origins.append(origin(table))
        for text, at in _rows(joined, 0, len(joined), number):
            label, _, run = text.partition("\t")
            out.append("\t".join([label.strip(), *run.split()]) if run else f"{label.strip()}\t")
            line = max((j for pos, j in where if pos <= at), default=table)
            origins.append(origin(line))
        out.append("")
        origins.append(origin(end - 1))
        done = end
    for j in range(done, len(lines)):
        out.append(lines[j])
        origins.append(origin(j))
    return out, origins


@lru_cache(maxsize=1)
def _widths() -> dict[int, int]:
    """How many columns tables 三 and 四 have, when every form agrees."""
    out = {}
    for number, attr in ((3, "t3_columns"), (4, "t4_columns")):
        widths = {len(getattr(t, attr)) for t in load_templates().values()}
        if len(widths) == 1:
            out[number] = widths.pop()
    return out


def _stream_rows(lines: list[str], start: int, stop: int, number: int
                 ) -> list[tuple[str, int]] | None:
    """Table 三 or 四 from a text whose cells were one per line but whose labels strayed from
    their numbers (pdftotext without -layout: a table 四's last 总计 after its label, table
    三's rows printed column by column, N numbers a paragraph, their labels in a heap
    elsewhere). The numbers, in the order printed, are the table's rows: row by row where
    each paragraph is one number, column by column where a paragraph holds a column of a
    block of rows. The labels after the first number are dropped: the form's row order and
    its arithmetic place the rows (govparse.cells.rows.match_rows), or leave them open.
    None when the text is not so (then each label keeps the numbers after it)."""
    width = _widths().get(number)
    if width is None:
        return None
    chrome = chrome_pattern()
    paragraphs: list[list[tuple[str, int]]] = [[]]
    for j in range(start, stop):
        text = lines[j].strip()
        if not text:
            paragraphs.append([])
        elif not chrome.fullmatch(fold_width(text)):
            paragraphs[-1].append((text, j))
    paragraphs = [p for p in paragraphs if p]
    kinds = []
    for p in paragraphs:
        numbers = sum(bool(_BARE_NUMBER.fullmatch(t)) for t, _ in p)
        if 0 < numbers < len(p):
            return None  # labels and numbers together: the labels are where they belong
        kinds.append(bool(numbers))
    first = next((i for i, numeric in enumerate(kinds) if numeric), None)
    blocks = any(numeric and len(p) > 1 for numeric, p in zip(kinds, paragraphs, strict=True))
    count = sum(len(p) for numeric, p in zip(kinds, paragraphs, strict=True) if numeric)
    if first is None or not (blocks if number == 3 else count == width):
        return None
    out = [(f"{text}\t", j) for p in paragraphs[:first] for text, j in p]
    singles: list[tuple[str, int]] = []
    i = first
    while i < len(paragraphs):
        p = paragraphs[i]
        if not kinds[i] or len(p) == 1:
            singles += p if kinds[i] else []
            i += 1
            continue
        block = paragraphs[i:i + width]
        if len(singles) % width or len(block) < width or any(
                len(b) != len(p) or not _BARE_NUMBER.fullmatch(b[0][0]) for b in block):
            return None
        out += _row_chunks(singles, width) + [("\t" + "\t".join(t for t, _ in cells), cells[0][1])
                                              for cells in zip(*block, strict=True)]
        singles = []
        i += width
    if len(singles) % width:
        return None
    return out + _row_chunks(singles, width)


def _row_chunks(cells: list[tuple[str, int]], width: int) -> list[tuple[str, int]]:
    return [("\t" + "\t".join(t for t, _ in cells[k:k + width]), cells[k][1])
            for k in range(0, len(cells), width)]


def reline(lines: list[str], first_line: int = 1) -> tuple[list[str], list[str]]:
    """The lines with their lost breaks put back, and where each came from."""
    out: list[str] = []
    origins: list[str] = []
    for n, line in enumerate(lines, start=first_line):
        found = headings_in(line) if len(line) > 200 else []
        if len(found) < _MIN_HEADINGS:
            out.append(line)
            origins.append(f"第{n}行")
            continue
        pieces = _split_line(line, found)
        for text, start in pieces:
            out.append(text)
            origins.append(f"第{n}行第{start + 1}字")
    return out, origins


def _split_line(line: str, found: list[tuple[int, int, int]]) -> list[tuple[str, int]]:
    pieces: list[tuple[str, int]] = []
    pieces += _head(line, 0, found[0][1])
    for i, (number, start, end) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else len(line)
        pieces.append(("", start))
        pieces.append((line[start:end], start))
        if number in (2, 3, 4):
            pieces += _table_section(line, end, stop, number)
        else:
            tail = _trailing_chrome(line, end, stop) if i + 1 == len(found) else stop
            pieces += _text(line, end, tail) + _text(line, tail, stop)
    return [(text.strip() if "\t" not in text else text.strip(" "), start)
            for text, start in pieces if text.strip() or not text]


def _text(line: str, start: int, stop: int) -> list[tuple[str, int]]:
    text = line[start:stop]
    return [(text, start)] if text.strip() else []


def _trailing_chrome(line: str, start: int, stop: int) -> int:
    """Where the page's furniture after the last section starts ("… 附件下载"), so that it
    gets a line of its own (which normalisation then drops as chrome)."""
    text = fold(line[start:stop]).rstrip()
    for word in _data()["trailing_chrome"]:
        if text.endswith(word):
            return start + len(text) - len(word)
    return stop


def _head(line: str, start: int, stop: int) -> list[tuple[str, int]]:
    """Page chrome, title and preamble before section 一, each on its own line."""
    folded = fold(line)
    cuts = {start, stop}
    m = _TITLE.search(folded, start, stop)
    if m:
        cuts |= {m.start(), m.end()}
    starts = [at for word in _data()["preamble_starts"]
              if (at := folded.find(fold(word), m.end() if m else start, stop)) >= 0]
    if starts:
        cuts.add(min(starts))
    points = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(points):
        out += _text(line, a, b)
    return out


def _table_section(line: str, start: int, stop: int, number: int) -> list[tuple[str, int]]:
    folded = fold(line)
    table = _table_start(folded, start, stop, number)
    if table is None:
        return _text(line, start, stop)
    out = _text(line, start, table)
    out.append(("", table))
    # A later table whose section heading was not found (misspelt, worded otherwise) starts
    # where its own header does: it is not rows of this one. The text between this table's
    # last number and that header (the unknown heading) is a line of its own.
    for later in range(number + 1, 5):
        at = _table_start(folded, table, stop, later)
        if at is None:
            continue
        end = max((m.end() for m in _RUN.finditer(folded, table, at)), default=table)
        out += _rows(line, table, end, number)
        out += [("", end), *_text(line, end, at)]
        return out + _table_section(line, at, stop, later)
    out += _rows(line, table, stop, number)
    out.append(("", stop))
    return out


def _table_start(folded: str, start: int, stop: int, number: int) -> int | None:
    """Where table `number` starts in folded[start:stop] (runon.yml `table_starts`)."""
    found = [at for word in _data()["table_starts"][number]
             if (at := folded.find(fold(word), start, stop)) >= 0]
    return min(found, default=None)


def _rows(line: str, start: int, stop: int, number: int) -> list[tuple[str, int]]:
    """Each label with the run of digits after it, as a TSV row."""
    folded = fold(line)
    runs = []
    for m in _RUN.finditer(folded, start, stop):
        a, b = m.start(), m.end()
        if _ENUMERATOR.match(folded, b):  # "…0000000" + "2.其他…": the 2 is the label's
            b -= 1
        text = folded[a:b].rstrip()
        if text and any(ch.isdigit() for ch in text):
            runs.append((a, a + len(text)))
    out: list[tuple[str, int]] = []
    label_start = start
    for a, b in runs:
        out += _labels(line, label_start, a, number, value=line[a:b])
        label_start = b
    if label_start < stop and line[label_start:stop].strip():
        out += _labels(line, label_start, stop, number, value=None)
    return out


def _labels(line: str, start: int, stop: int, number: int,
            value: str | None) -> list[tuple[str, int]]:
    """The label text before a run: table 二's captions and header get rows of their own."""
    folded = fold(line)
    cuts = [start]
    if number == 2:
        for m in _CAPTION.finditer(folded, start, stop):
            cuts += [m.start(), m.end()]
        header = folded.find("信息内容", start, stop)
        if header >= 0:
            cuts.append(header)
            tail = folded[header:stop].rstrip()
            row = next((label for label in _table2_rows() if tail.endswith(label)
                        and len(tail) > len(label)), None)
            if row:
                cuts.append(header + len(tail) - len(row))
    points = [*sorted(set(cuts)), stop]
    out = []
    for i, (a, b) in enumerate(itertools.pairwise(points)):
        label = line[a:b].strip()
        if not label:
            continue
        last = i == len(points) - 2
        out.append((f"{label}\t{value.strip()}" if last and value is not None
                    else f"{label}\t", a))
    if value is not None and (not out or not out[-1][0].endswith(value.strip())):
        out.append((f"\t{value.strip()}", start))  # a run with no label before it
    return out
