"""PDF -> canonical text, every line tagged with its page (a scanned page, pictures and no
text layer, is read by OCR: scan_pages.py).

The characters and ruling lines of each page are read by pdfium (pdfium_pages.py, 20-40×
faster than pdfminer's layout analysis); a PDF pdfium cannot open is read by pdfplumber's
own parser instead, which then says what is wrong with it.
Tables are rebuilt from the ruling lines drawn on the page (pdfplumber's lattice finder);
the words outside them are joined back into paragraphs: a PDF breaks lines for width, so a
line continues the paragraph unless it is indented, follows a short line or is a page
number. Invisible white rectangles behind text (WPS draws one per line) are not rules.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from io import BytesIO
from itertools import islice, pairwise
from operator import itemgetter

from govparse.errors import ReportError
from govparse.sources import pdf_grid
from govparse.sources.canonical import DOUBT, Canonical, squeeze
from govparse.sources.limits import LimitError, current
from govparse.sources.text import SourceText

_PAGE_NUMBER = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$")
_TABLE = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def read_pdf(data: bytes, path: str | None, digest: str) -> SourceText:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    out = Canonical()
    try:
        kind = _read_with_pdfium(data, path, out)
        if kind is None:
            kind = "pdf"
            _check_pages(data, path)
            with pdfplumber.open(BytesIO(data)) as pdf:
                if not any(page.chars for page in pdf.pages):
                    raise _no_text(len(pdf.pages), path)
                read_pages(pdfminer_pages(pdf), out)
    except ReportError:
        raise
    except (PDFSyntaxError, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise ReportError(f"PDF 无法读取：{type(exc).__name__}: {exc}", path=path) from None
    except Exception as exc:  # pdfminer has no common base for a broken file
        if type(exc).__module__.startswith(("pdfminer", "pdfplumber", "pypdfium2")):
            raise ReportError(f"PDF 无法读取：{_reason(exc)}", path=path) from None
        raise
    return SourceText(path, out.text(), None, digest, kind, out.origins)


def _read_with_pdfium(data: bytes, path: str | None, out: Canonical) -> str | None:
    """The pages through pdfium, and the format: "pdf", or "scan" when every page was read
    by OCR; None when pdfium cannot open the file or its pages need pdfminer's layout (a
    rotated page, a form XObject)."""
    from govparse.sources import pdfium_pages

    limit = current().pdf_pages
    scanned: list[int] = []
    try:
        pages, count = pdfium_pages.document(data, limit, _scanner(path, scanned))
    except pdfium_pages.Unreadable as exc:
        if "password" in str(exc).lower():
            raise ReportError("PDF 已加密（受密码保护）：没有密码无法读取；请索取未加密的副本",
                              path=path) from None
        return None
    if count > limit:
        raise LimitError(f"PDF 超过 {limit} 页，即单份报告的页数上限", path=path)
    if pages is None:
        return None
    if not any(page.chars for page in pages):
        raise _no_text(count, path)
    read_pages(pages, out)  # white backgrounds were dropped while reading
    if not scanned:
        return "pdf"
    from govparse.sources.scan_pages import prose_without_doubts

    prose_without_doubts(out)
    return "scan" if len(scanned) == count else "pdf"


def _scanner(path: str | None, scanned: list[int]):
    """The reader of a PDF's scanned pages (pictures, no text layer): OCR, when the `ocr`
    extra is installed; without it the page is left out, and a PDF that is all scans is
    refused saying what to install."""
    def scan(render, number: int, count: int, doctop: float, native: float | None,
             size: tuple[float, float]):
        from govparse.sources import ocr
        from govparse.sources.scan_pages import scan_page

        if not ocr.available():
            return None
        # At the picture's own resolution (a 200 dpi scan resampled to 144 dpi loses digits
        # and moves rules), never below render_scale (small digits of a coarse scan need it),
        # nor past the pixels a page may have (a small stamp scanned finely says nothing of
        # the page).
        scale = max(ocr.settings().render_scale, min(native or 0, ocr.settings().max_scale))
        scale = min(scale, (current().image_pixels / max(size[0] * size[1], 1)) ** 0.5)
        image = render(scale=scale).to_pil()
        page = scan_page(image, number, doctop, path)
        scanned.append(number)
        ocr.page_read(path, number, count)
        return page
    return scan


def _no_text(pages: int, path: str | None) -> ReportError:
    from govparse.sources import ocr

    if not ocr.available():
        return ReportError(f"PDF 没有文本层（{pages} 页图像，是扫描件）：识别需要文字识别"
                           "（OCR），请安装 govparse[ocr]（pip install 'govparse[ocr]'）",
                           path=path)
    return ReportError(f"PDF 没有文本层（{pages} 页图像），文字识别也没有在页面上认出文字"
                       "（空白页，还是图像太模糊？）", path=path)


def pdfminer_pages(pdf) -> list:
    """pdfplumber's pages of its own parser, without the white backgrounds behind text
    (pdfium_pages leaves them out as it reads)."""
    return [page.filter(_visible) for page in pdf.pages]


def read_pages(pages, out: Canonical) -> None:
    paragraph = _Paragraphs(out)
    for number, page in enumerate(pages, 1):
        _page(page, number, out, paragraph)
    paragraph.flush()


def _check_pages(data: bytes, path: str | None) -> None:
    """Pages counted from the page tree, before pdfplumber builds (and on closing builds
    again) an object for each: 200,000 pages took it 46 s to refuse."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    limit = current().pdf_pages
    pages = PDFPage.create_pages(PDFDocument(PDFParser(BytesIO(data))))
    if sum(1 for _ in islice(pages, limit + 1)) > limit:
        raise LimitError(f"PDF 超过 {limit} 页，即单份报告的页数上限", path=path)


def _reason(exc: Exception) -> str:
    """What went wrong, from the pdfminer error pdfplumber wraps (often without a message)."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return ("PDF 已加密（受密码保护）：没有密码无法读取；请索取未加密的副本"
                f"（{name}）")
    return f"{name}: {inner}" if str(inner) else name


def _visible(obj: dict) -> bool:
    """Drop white filled rectangles that draw no border: they are text backgrounds."""
    if obj.get("object_type") != "rect" or obj.get("stroke"):
        return True
    return tuple(obj.get("non_stroking_color") or ()) not in ((1, 1, 1), (1,), (0, 0, 0, 0))


class _Paragraphs:
    """Joins the text lines of successive pages into paragraphs."""

    def __init__(self, out: Canonical) -> None:
        self.out, self.parts, self.origin = out, [], ""
        self.right = 0.0  # right edge of the text column on the current page
        self.short = False  # the last line ended well before the right edge

    def add(self, line: dict, left: float, origin: str) -> None:
        size = _char_size(line)
        indented = line["x0"] > left + size * 0.8
        if self.parts and (indented or self.short):
            self.flush()
        if not self.parts:
            self.origin = origin
        self.parts.append(line["text"])
        self.short = line["x1"] < self.right - size * 1.5

    def flush(self) -> None:
        if self.parts:
            self.out.line("".join(squeeze(p) for p in self.parts), self.origin)
        self.parts, self.short = [], False


def _char_size(line: dict) -> float:
    chars = line.get("chars") or []
    return max((c["size"] for c in chars), default=12.0)


def _page(page, number: int, out: Canonical, paragraphs: _Paragraphs) -> None:
    origin = f"第{number}页"
    tables = [t for t in pdf_grid.find_tables(page, _settings(page)) if _is_table(t)]
    text = page.filter(_outside([t.bbox for t in tables])) if tables else page
    lines = [ln for ln in text.extract_text_lines(return_chars=True, strip=True)
             if not _PAGE_NUMBER.match(DOUBT.sub("0", ln["text"]))]
    if lines:
        paragraphs.right = max(ln["x1"] for ln in lines)
    left = min((ln["x0"] for ln in lines), default=0.0)
    items = [(ln["top"], 0, ln) for ln in lines] + [(t.bbox[1], 1, t) for t in tables]
    for _, is_table, item in sorted(items, key=lambda i: (i[0], i[1])):
        if is_table:
            paragraphs.flush()
            out.table([([c or "" for c in row], origin) for row in _extract(item, page.chars)])
        else:
            paragraphs.add(item, left, origin)


def _extract(table, chars: list[dict]) -> list[list[str | None]]:
    """pdfplumber's Table.extract, reading only the characters inside the table (it tests
    every character of the page against every row: most of a PDF's time). A character
    belongs to a box when its middle is inside it, right and bottom edges excluded."""
    from pdfplumber import utils

    x0, top, x1, bottom = table.bbox
    inside = sorted((m for m in (((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, i, c)
                                 for i, c in enumerate(chars))
                     if x0 <= m[0] < x1 and top <= m[1] < bottom), key=itemgetter(1))
    heights = [m[1] for m in inside]  # the rows' characters found by bisection on these
    rows = []
    for row in table.rows:
        rx0, rtop, rx1, rbottom = row.bbox
        band = inside[bisect_left(heights, rtop):bisect_left(heights, rbottom)]
        row_chars = [m for m in band if rx0 <= m[0] < rx1]
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            mine = [m[3] for m in sorted((m for m in row_chars
                                          if cx0 <= m[0] < cx1 and ctop <= m[1] < cbottom),
                                         key=itemgetter(2))]  # in the page's order
            cells.append((_one_line(mine) or utils.extract_text(mine)) if mine else "")
        rows.append(cells)
    return rows


_TOLERANCE = 3  # pdfplumber's x and y tolerance of words and lines


def _one_line(chars: list[dict]) -> str | None:
    """What pdfplumber's extract_text gives a cell whose characters stand on one line and
    run left to right with no gap (a number, a short label): their text. None otherwise,
    and pdfplumber's own extraction decides."""
    tops = [c["top"] for c in chars]
    if max(tops) - min(tops) > _TOLERANCE:
        return None
    line = sorted(chars, key=lambda c: c["x0"])
    for prev, curr in pairwise(line):
        if curr["x0"] < prev["x0"] or curr["x0"] > prev["x1"] + _TOLERANCE or \
                abs(curr["top"] - prev["top"]) > _TOLERANCE:
            return None
    text = "".join(c["text"] for c in line)
    return None if any(ch.isspace() for ch in text) else text


def _settings(page) -> dict:
    """A table cut by a page break has no rule where the page cuts it: close it at the
    ends of its column rules, or its last row would fall out of the grid."""
    verticals = [e for e in page.edges if e["orientation"] == "v" and e["height"] > 5]
    if not verticals:
        return _TABLE
    ends = [min(e["top"] for e in verticals), max(e["bottom"] for e in verticals)]
    return {**_TABLE, "explicit_horizontal_lines": ends}


def _is_table(table) -> bool:
    """A grid with at least two columns in some row (a framed text box is not a table)."""
    return any(sum(c is not None for c in row.cells) >= 2 for row in table.rows)


def _outside(boxes: list[tuple[float, float, float, float]]):
    """A filter keeping the objects whose middle is outside every box (edges inside)."""
    def keep(obj: dict) -> bool:
        cx = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
        cy = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom
                       for x0, top, x1, bottom in boxes)
    return keep
