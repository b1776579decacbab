"""HTML pages as saved from government sites -> canonical text.

The report body is found among the page chrome (menus, footers, "打印 关闭"): the smallest
element that holds as many of the six section headings as the page has. Tables keep their
grid: rowspan/colspan positions are expanded as empty cells, so every value stays under its
column head. lxml's HTML parser reads no DTD, resolves no entity and opens no URL.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree, html

from govparse.errors import NotAReportError, ReportError
from govparse.sources.canonical import Canonical, sections_named
from govparse.sources.limits import LimitError, current
from govparse.sources.text import SourceText

_DROP = ("script", "style", "noscript", "template", "head", "iframe", "object", "embed",
         "svg", "select", "button", "input", "textarea")
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article",
          "blockquote", "pre", "center", "dd", "dt", "ul", "ol", "form", "header", "footer",
          "main", "nav", "aside", "tr", "caption"}
_TITLE = re.compile(r"年度?政府信息公开.{0,6}年度报告|政府信息公开工作年度报告")


def read_html(source: SourceText, path: str | None, *, tables_alone: bool = False
              ) -> SourceText:
    """The report in the page. `tables_alone`: a page that may hold the tables without
    the prose (a spreadsheet's sheets): its whole body is read when no heading is found."""
    parser = html.HTMLParser()
    try:
        root = html.document_fromstring(source.text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReportError(f"HTML 无法读取：{exc}", path=path) from None
    if any("Excessive depth" in e.message for e in parser.error_log):
        # libxml2 drops everything below its depth limit: what is left would be misread.
        raise LimitError("HTML 元素嵌套超过 255 层（有未闭合的标签？）：HTML 解析器无法读取"
                         "页面中超过该深度的内容", path=path)
    # The page's own title (<title>, <meta name="ArticleTitle">) sits in <head>, dropped below.
    head_titles = [t for t in (*root.xpath("//meta[@name='ArticleTitle']/@content"),
                               *root.xpath("//title/text()")) if t and t.strip()]
    if path:
        _pictures(root, Path(path).parent, path)
    for el in root.iter(*_DROP):
        el.drop_tree()
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    body = _report_body(root, tables_alone)
    if body is None and tables_alone and next(root.iter("table"), None) is not None:
        body = root.body
    if body is None:
        raise NotAReportError("HTML 页面中没有报告：页面上没有六个章节标题（一、总体情况……"
                              "六、其他需要报告的事项）中的任何一个", path=path)
    out = Canonical()
    title = _title_outside(root, body, head_titles)
    if title:
        out.line(title, "标题")
        out.blank()
    _walk(body, out, [0])
    return SourceText(path, out.text(), source.encoding, source.sha256, "html", out.origins)


# A picture smaller than this is an icon, a logo or a seal, not a pasted table or page.
_PICTURE_PIXELS = (400, 150)


def _pictures(root: html.HtmlElement, folder: Path, path: str) -> None:
    """Each <img> saved beside the page (a relative path inside its folder, or a data: URI;
    never fetched) that is large enough to be a pasted table or page, replaced by what OCR
    reads on it: its prose as <p>, its table rows as a <table>, each telling the picture
    as its origin. Nothing without the `ocr` extra."""
    from govparse.sources import ocr

    images = [img for img in root.iter("img") if img.get("src")]
    if not images or not ocr.available():
        return
    from govparse.sources.scan_pages import read_scans

    for img in images:
        src = img.get("src")
        picture = _picture(src, folder)
        if picture is None or picture.width < _PICTURE_PIXELS[0] or \
                picture.height < _PICTURE_PIXELS[1]:
            continue
        origin = "图片" + ("" if src.startswith("data:") else src[:60])
        read = _as_html(read_scans([picture], 1, path), origin)
        read.tail = img.tail
        img.getparent().replace(img, read)


def _picture(src: str, folder: Path):
    """The picture at `src`, if it is saved with the page; None otherwise."""
    import base64
    from io import BytesIO
    from urllib.parse import unquote, urlparse

    from PIL import Image, UnidentifiedImageError

    try:
        if src.startswith("data:image/") and ";base64," in src[:40]:
            data = base64.b64decode(src.split(",", 1)[1], validate=False)
        else:
            if urlparse(src).scheme or src.startswith("//"):
                return None  # a picture on the web: never fetched
            file = (folder / unquote(src.split("?")[0])).resolve()
            if not file.is_relative_to(folder.resolve()) or not file.is_file() or \
                    file.stat().st_size > current().file_bytes:
                return None
            data = file.read_bytes()
        return Image.open(BytesIO(data))
    except (ValueError, OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return None


def _as_html(canonical: Canonical, origin: str) -> html.HtmlElement:
    """Canonical lines as HTML the walk reads back: prose as <p>, TSV rows as a table."""
    div = html.Element("div", {"data-origin": origin})
    table = None
    for line in canonical.lines:
        if "\t" in line:
            if table is None:
                table = html.Element("table", {"data-origin": origin})
                div.append(table)
            tr = html.Element("tr")
            for cell in line.split("\t"):
                td = html.Element("td")
                td.text = cell
                tr.append(td)
            table.append(tr)
        else:
            table = None
            if line:
                p = html.Element("p", {"data-origin": origin})
                p.text = line
                div.append(p)
    return div


def _report_body(root: html.HtmlElement, tables_alone: bool = False
                 ) -> html.HtmlElement | None:
    """The deepest element holding every section heading the page holds."""
    best = len(sections_named(root.text_content()))
    if best == 0:
        return None
    node = root
    while True:
        # a spreadsheet's headings printed in its rows stay with their table; a page laid
        # out in a table is entered
        inner = [c for c in node if isinstance(c.tag, str)
                 and not (tables_alone and c.tag == "table")
                 and len(sections_named(c.text_content())) == best]
        if not inner:
            return node
        node = inner[0]


def _title_outside(root: html.HtmlElement, body: html.HtmlElement,
                   head_titles: list[str]) -> str | None:
    """A title printed above the body (an <h1> in the page head) or the page <title>."""
    first = body.text_content().strip()[:300].split("\n", 1)[0]
    if _TITLE.search(first[:80]) and not re.search(r"[《。]", first[:first.find("年度报告")]):
        return None  # the body starts with its title
    for el in root.iter("h1", "h2", "h3", "div", "p", "span", "td"):
        if body in el.iterancestors() or el is body:
            continue
        text = el.text_content().strip()
        if len(text) < 80 and _TITLE.search(text) and not list(el.iter("table")):
            return text
    for title in head_titles:
        if _TITLE.search(title):
            return re.split(r"[_|｜-]", title.strip())[0]
    return None


def _walk(el: html.HtmlElement, out: Canonical, count: list[int]) -> None:
    """Text of `el` as lines: a block element ends a line, <br> too, tables become rows."""
    buffer: list[str] = []

    def flush() -> None:
        out.line("".join(buffer), el.get("data-origin") or f"<{el.tag}>")
        buffer.clear()

    if el.text:
        buffer.append(el.text)
    for child in el:
        if not isinstance(child.tag, str):
            pass
        elif child.tag == "table":
            flush()
            count[0] += 1
            out.table(_grid(child, count[0]))
        elif child.tag == "br":
            flush()
        elif child.tag in _BLOCK or next(child.iter("table", "p", "div", "br"), None) is not None:
            # (iter stops at the first: an XPath over every inline element's subtree cost
            # a third of a page's reading)
            flush()
            _walk(child, out, count)
        else:
            buffer.append(child.text_content())
        if child.tail:
            buffer.append(child.tail)
    flush()


def _grid(table: html.HtmlElement, number: int) -> list[tuple[list[str], str]]:
    """The table's rows with rowspan/colspan expanded: a spanned position is an empty cell."""
    rows: list[tuple[list[str], str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, col) covered by a span from above
    trs = [tr for tr in table.iter("tr") if _own_table(tr, table)]
    expanded, limit = 0, current().table_cells
    for r, tr in enumerate(trs):
        cells: dict[int, str] = {}
        col = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, col) in pending:
                cells[col] = pending.pop((r, col))
                col += 1
            # A span past the last row spans nothing more.
            rowspan = min(_span(td.get("rowspan")), len(trs) - r)
            colspan = _span(td.get("colspan"))
            expanded += rowspan * colspan
            if expanded > limit:
                raise LimitError(f"表格{number}展开 rowspan 和 colspan 后超过 {limit:,} 格："
                                 "不是报告的表格")
            cells[col] = td.text_content()
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr or dc:
                        pending[(r + dr, col + dc)] = ""
            col += colspan
        while (r, col) in pending:  # spans from above at the end of the row
            cells[col] = pending.pop((r, col))
            col += 1
        width = max(cells, default=-1) + 1
        rows.append(([cells.get(c, "") for c in range(width)],
                     f"{table.get('data-origin') or f'表格{number}'}第{r + 1}行"))
    return rows


def _own_table(tr: html.HtmlElement, table: html.HtmlElement) -> bool:
    return next(tr.iterancestors("table")) is table


def _span(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), 100)  # a hostile rowspan=1e9 must not hang us
    except ValueError:
        return 1
