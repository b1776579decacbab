"""OFD (GB/T 33190, the national fixed-layout format) -> canonical text, read as a PDF is.

An OFD is a zip of XML: OFD.xml names the document, the document its pages, and each page's
Content.xml holds text objects (a Boundary in millimetres, a font Size, TextCode runs with
their X, Y and DeltaX advances) and path objects (the table rules, as AbbreviatedData
"M x y L x y …" inside their Boundary). They become the character and rule objects of a
pdfplumber page (pdfium_pages.make_page), and the PDF reader lays them out: one layout for
both fixed formats.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from io import BytesIO

from govparse.errors import ReportError
from govparse.sources.canonical import Canonical
from govparse.sources.limits import LimitError, current
from govparse.sources.text import SourceText

_PT = 72 / 25.4  # OFD measures in millimetres; pdfplumber's geometry in points
_MAX_RUN = 10000  # characters of one TextCode
_NUMBER = re.compile(r"-?\d+(?:\.\d*)?(?:[eE]-?\d+)?|-?\.\d+|[A-Za-z]")


def is_ofd(names: set[str]) -> bool:
    return "OFD.xml" in names


def read_ofd(data: bytes, path: str | None, digest: str) -> SourceText:
    from lxml import etree

    from govparse.sources.docx import check_unzipped
    from govparse.sources.pdf import read_pages
    from govparse.sources.pdfium_pages import char_template, make_page

    check_unzipped(data, path, "OFD")
    archive = zipfile.ZipFile(BytesIO(data))
    try:
        document = _document_path(archive)
        root = _xml(archive, document)
        box = _floats(_first(root, "PhysicalBox") or "0 0 210 297")
        pages = _page_paths(root, posixpath.dirname(document))
        if len(pages) > current().pdf_pages:
            raise LimitError(f"OFD 有 {len(pages)} 页，超过单份报告 {current().pdf_pages} 页的上限",
                             path=path)
        made, doctop = [], 0.0
        for number, page_path in enumerate(pages, 1):
            page = _xml(archive, page_path)
            page_box = _floats(_first(page, "PhysicalBox") or "") or box
            width, height = page_box[2] * _PT, page_box[3] * _PT
            objects = {"char": _chars(page, char_template(number), height, doctop),
                       "line": [], "rect": [], "curve": []}
            for rule in _rules(page, number, height, doctop):
                objects[rule["object_type"]].append(rule)
            made.append(make_page(number, width, height, doctop, objects))
            doctop += height
    except (KeyError, etree.XMLSyntaxError, ValueError, IndexError, OverflowError,
            zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error, EOFError) as exc:
        raise ReportError(f"OFD 文件无法读取：{type(exc).__name__}: {exc}", path=path) from None
    if not any(page.chars for page in made):
        raise ReportError(f"OFD 中没有文字（{len(made)} 页，是扫描图像吗？）", path=path)
    out = Canonical()
    read_pages(made, out)
    return SourceText(path, out.text(), None, digest, "ofd", out.origins)


def _xml(archive: zipfile.ZipFile, name: str):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(archive.read(name.lstrip("/")), parser)


def _first(root, name: str) -> str | None:
    """The text of the first element `name`, in whatever namespace (lxml's {*})."""
    return next((el.text for el in root.iter(f"{{*}}{name}")), None)


def _objects(page, kind: str):
    """The page's objects of `kind` (TextObject, PathObject), each with where its Boundary
    puts its origin."""
    for obj in page.iter(f"{{*}}{kind}"):
        bx, by, _, _ = _floats(obj.get("Boundary", "0 0 0 0"))
        yield obj, bx, by


def _floats(text: str) -> list[float]:
    return [float(x) for x in text.split()]


def _document_path(archive: zipfile.ZipFile) -> str:
    root = _xml(archive, "OFD.xml")
    doc = _first(root, "DocRoot")
    if not doc:
        raise ReportError("OFD.xml 中没有 DocRoot：不是完整的 OFD 文件")
    return doc.strip().lstrip("/")


def _page_paths(root, base: str) -> list[str]:
    pages = [el.get("BaseLoc") for el in root.iter("{*}Page")]
    return [posixpath.normpath(posixpath.join(base, p.lstrip("/"))) if not p.startswith("/")
            else p.lstrip("/") for p in pages if p]


def _deltas(text: str | None) -> list[float]:
    """DeltaX / DeltaY: numbers, and "g N d" for N times d."""
    if not text:
        return []
    out, parts, i = [], text.split(), 0
    while i < len(parts):
        if parts[i] == "g" and i + 2 < len(parts):
            count = float(parts[i + 1])
            # a run of advances is as long as its text at most: a hostile count is not
            out += [float(parts[i + 2])] * int(min(max(count, 0), _MAX_RUN))
            i += 3
        else:
            out.append(float(parts[i]))
            i += 1
    return out


def _chars(page, same: dict, height: float, doctop: float) -> list[dict]:
    from govparse.sources.pdfium_pages import char_object

    out = []
    for obj, bx, by in _objects(page, "TextObject"):
        size = float(obj.get("Size", "3.5"))
        for code in obj.iterchildren("{*}TextCode"):
            if not code.text:
                continue
            x = float(code.get("X", "0"))
            y = float(code.get("Y", "0"))
            deltas = _deltas(code.get("DeltaX"))
            for k, ch in enumerate(code.text):
                left = (bx + x) * _PT
                baseline = (by + y) * _PT
                top, bottom = baseline - size * 0.88 * _PT, baseline + size * 0.12 * _PT
                advance = deltas[k] if k < len(deltas) else size
                if not ch.isspace():
                    out.append(char_object(same, ch, left, left + size * _PT *
                                           (0.5 if ch.isascii() else 1.0), top, bottom,
                                           height, doctop))
                x += advance
    return out


def _rules(page, number: int, height: float, doctop: float) -> list[dict]:
    """Each straight segment of each path object, as pdfplumber's line objects."""
    from govparse.sources.pdfium_pages import line_object

    out = []
    for obj, bx, by in _objects(page, "PathObject"):
        data = _first(obj, "AbbreviatedData") or ""
        tokens = _NUMBER.findall(data)
        start = current_point = None
        i = 0
        while i < len(tokens):
            op = tokens[i]
            if op in ("M", "L") and i + 2 < len(tokens):
                point = ((bx + float(tokens[i + 1])) * _PT, (by + float(tokens[i + 2])) * _PT)
                if op == "L" and current_point is not None:
                    out.append(line_object(current_point, point, number, height, doctop))
                if op == "M":
                    start = point
                current_point = point
                i += 3
            elif op == "C" and start is not None:
                if current_point is not None and start != current_point:
                    out.append(line_object(current_point, start, number, height, doctop))
                current_point = start
                i += 1
            elif op in _CURVES and i + _CURVES[op] < len(tokens):
                # a curve or an arc is no rule of a table, but it moves the pen to its end
                end = tokens[i + _CURVES[op] - 1:i + _CURVES[op] + 1]
                current_point = ((bx + float(end[0])) * _PT, (by + float(end[1])) * _PT)
                i += _CURVES[op] + 1
            else:
                i += 1
    return out


# Numbers each curve operator of AbbreviatedData takes; its last two are where it ends.
_CURVES = {"Q": 4, "B": 6, "A": 7}
