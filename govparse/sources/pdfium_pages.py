"""A PDF's pages as pdfplumber pages, their characters and ruling lines read by pdfium.

pdfplumber reads a page through pdfminer's layout analysis, in pure Python: that is where a
PDF's time goes (a second for a six-page report). pdfium (pypdfium2, a compiled library)
gives every character with its box and size and every path with its points in a few
milliseconds. The objects are handed to pdfplumber as the dictionaries its own parser makes
(`char`, `rect`, `line`, `curve`, top-left coordinates), so its table finder and its line
and word grouping, the geometry govparse relies on, run unchanged on them.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Iterator

# pdfminer's shapes: a subpath "ml" is a line, "mlll"/"mllll" (closed) an upright rectangle
# (pdfplumber's rects), anything else a curve with its points.
_MOVETO, _LINETO = 2, 0  # FPDF_SEGMENT_*: anything else is a Bézier curve


# The reader of a scanned page: (pdfium's render method, page number, pages, doctop, the
# scale of its pictures' own pixels, the page's size in points) -> a pdfplumber page or None.
Scan = Callable[[Callable, int, int, float, float | None, tuple[float, float]], object]


class Unreadable(Exception):
    """pdfium cannot open the file (pdfplumber's parser then says why)."""


def document(data: bytes, max_pages: int, scan: Scan | None = None) -> tuple[list | None, int]:
    """The PDF's pages as pdfplumber Pages built from pdfium's objects, and how many there
    are; None instead of the pages when pdfium's objects cannot stand for pdfminer's (a
    rotated page, a form XObject, whose contents pdfminer lays out) or when there are more
    than `max_pages` (counted from the page tree before any page is read).
    A page with pictures and no text layer (a scan) is given to `scan`, when there is one,
    as pdfium renders it; it returns the page read from the picture, or None to leave the
    page out."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise Unreadable(str(exc)) from None
    try:
        count = len(pdf)
        if count > max_pages:
            return None, count
        out, doctop = [], 0.0
        for number in range(count):
            page = pdf[number]
            width, height = page.get_size()
            objects = None if page.get_rotation() else _paths(page, number + 1, height, doctop)
            if objects is None:
                page.close()
                return None, count
            pictures = objects.pop("pictures")
            objects["char"] = _chars(page, number + 1, height, doctop)
            if not objects["char"] and pictures and scan is not None:
                scanned = scan(page.render, number + 1, count, doctop,
                               _native_scale(page), (width, height))
                if scanned is not None:
                    out.append(scanned)
                    doctop += scanned.height
            else:
                out.append(make_page(number + 1, width, height, doctop, objects))
                doctop += height
            page.close()
        return out, count
    finally:
        pdf.close()


def _native_scale(page) -> float | None:
    """Pixels per point of the page's sharpest picture: rendered at this scale, a scan is
    read at the resolution it was made at, neither resampled down nor blown up."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    scales = []
    for image in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=1):
        try:
            left, _bottom, right, _top = image.get_bounds()
            width, _height = image.get_px_size()
        except pdfium.PdfiumError:  # a picture that cannot be measured says nothing
            continue
        if right - left > 0 and width > 0:
            scales.append(width / (right - left))
    return max(scales, default=None)


def make_page(number: int, width: float, height: float, doctop: float, objects: dict):
    from functools import lru_cache

    from pdfplumber.page import Page

    page = Page.__new__(Page)  # no pdfminer page behind it: its objects are given
    page.pdf, page.root_page, page.page_obj = None, page, None
    page.page_number, page.initial_doctop, page.rotation = number, doctop, 0
    page.mediabox = page.cropbox = page.bbox = (0, 0, width, height)
    page.get_textmap = lru_cache()(page._get_textmap)
    page._objects = objects
    return page


def _chars(page, number: int, height: float, doctop: float) -> list[dict]:
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    count = textpage.count_chars()
    buffer = ctypes.create_string_buffer((count + 1) * 2)  # all the text in one call
    raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(
        ctypes.c_ushort)))
    text = buffer.raw[:count * 2].decode("utf-16-le", errors="replace")
    if len(text) != count:  # a character beyond U+FFFF takes two units: one at a time
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    found = []
    box, handle = raw.FS_RECTF(), textpage.raw
    loose_box, generated = raw.FPDFText_GetLooseCharBox, raw.FPDFText_IsGenerated
    for i, ch in enumerate(text):
        if ch in " \r\n\x00\ufffe\uffff" and (
                ch in "\r\n\x00\ufffe\uffff" or generated(handle, i) == 1):
            continue  # a break or a space pdfium added, not a character of the page
        loose_box(handle, i, box)  # the font's box, as pdfminer's
        found.append((i, ch, box.left, box.right, box.bottom, box.top))
    heights = sorted(f[5] - f[4] for f in found)
    usual = heights[len(heights) // 2] if heights else 12.0
    ink = [ctypes.c_double() for _ in range(4)]  # left, right, bottom, top
    same = char_template(number)
    out = []
    for k, (i, ch, left, right, low, high) in enumerate(found):
        if high - low < usual / 2:
            # a box only as tall as its ink ("一" in the fonts a browser embeds when it
            # prints a page): the line's height from a neighbour it stands beside, or it
            # would be a line of its own, sorted to the wrong place
            centre = (low + high) / 2
            beside = next((n for n in (found[k - 1] if k else None,
                                       found[k + 1] if k + 1 < len(found) else None)
                           if n and n[5] - n[4] >= usual / 2 and n[4] <= centre <= n[5]), None)
            if beside:
                low, high = beside[4], beside[5]
        if high - low > 3 * usual or right - left > 3 * usual:
            # a font box far larger than the text around it (a rotated matrix in a
            # vertical cell): a box of the usual size around its ink, in the cell it is in
            raw.FPDFText_GetCharBox(textpage, i, *ink)
            cx, cy = (ink[0].value + ink[1].value) / 2, (ink[2].value + ink[3].value) / 2
            left, right, low, high = cx - usual / 2, cx + usual / 2, cy - usual / 2, \
                cy + usual / 2
        out.append(char_object(same, ch, left, right, height - high, height - low, height,
                               doctop))
    textpage.close()
    return out


def char_template(number: int) -> dict:
    """What every character of page `number` has alike, as pdfminer's parser makes it."""
    return {"upright": True, "object_type": "char", "page_number": number, "fontname": "",
            "matrix": None, "stroking_color": None, "non_stroking_color": None}


def char_object(same: dict, text: str, x0: float, x1: float, top: float, bottom: float,
                height: float, doctop: float) -> dict:
    """A character as pdfplumber's objects are: top-left coordinates on a page `height`
    tall, `doctop` down the document."""
    return {**same, "text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "y0": height - bottom, "y1": height - top, "width": x1 - x0,
            "height": bottom - top, "size": bottom - top,  # pdfminer's size: the box's height
            "doctop": doctop + top}


def line_object(a: tuple[float, float], b: tuple[float, float], number: int, height: float,
                doctop: float) -> dict:
    """A straight rule from `a` to `b` (top-left coordinates) as pdfplumber's line objects
    are: what a scan's rules (scan_pages) and an OFD's paths (ofd) become."""
    x0, x1 = sorted((a[0], b[0]))
    top, bottom = sorted((a[1], b[1]))
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
            "height": bottom - top, "y0": height - bottom, "y1": height - top,
            "doctop": doctop + top, "page_number": number, "pts": [a, b], "stroke": True,
            "fill": False, "linewidth": 1, "non_stroking_color": (0, 0, 0),
            "object_type": "line"}


def _paths(page, number: int, height: float, doctop: float) -> dict | None:
    """The page's rules and shapes by pdfminer's kind, and how many pictures it has; None
    on a form XObject."""
    import pypdfium2.raw as raw

    found: dict = {"rect": [], "line": [], "curve": [], "pictures": 0}
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    width, matrix = ctypes.c_float(), raw.FS_MATRIX()
    for k in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, k)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            return None
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            found["pictures"] += 1
        if kind != raw.FPDF_PAGEOBJ_PATH:
            continue
        raw.FPDFPath_GetDrawMode(obj, fill, stroke)
        raw.FPDFPageObj_GetFillColor(obj, r, g, b, a)
        if not stroke.value and (r.value, g.value, b.value) == (255, 255, 255):
            continue  # a white background, never a rule (pdf._visible drops it too)
        raw.FPDFPageObj_GetStrokeWidth(obj, width)
        raw.FPDFPageObj_GetMatrix(obj, matrix)
        style = {"stroke": bool(stroke.value), "fill": fill.value != 0,
                 "non_stroking_color": (r.value / 255, g.value / 255, b.value / 255),
                 "linewidth": width.value}
        m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        for shape, points in _subpaths(obj, m):
            pts = [(x, height - y) for x, y in points]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            box = {"x0": min(xs), "x1": max(xs), "top": min(ys), "bottom": max(ys)}
            box |= {"width": box["x1"] - box["x0"], "height": box["bottom"] - box["top"],
                    "y0": height - box["bottom"], "y1": height - box["top"],
                    "doctop": doctop + box["top"], "page_number": number, "pts": pts}
            kind = _kind(shape, pts)
            found[kind].append({**box, **style, "object_type": kind})
    return found


def _subpaths(obj, m: tuple) -> Iterator[tuple[str, list[tuple[float, float]]]]:
    """The path's subpaths in page coordinates, each with its shape (m, l, c, h)."""
    import pypdfium2.raw as raw

    a, b, c, d, e, f = m
    shape, points = "", []
    x, y = ctypes.c_float(), ctypes.c_float()
    for j in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, j)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        kind = raw.FPDFPathSegment_GetType(segment)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == _MOVETO:
            if len(points) > 1:
                yield shape, points
            shape, points = "m", [point]
        else:
            shape += "l" if kind == _LINETO else "c"
            points.append(point)
        if raw.FPDFPathSegment_GetClose(segment):
            shape += "h"
    if len(points) > 1:
        yield shape, points


def _kind(shape: str, pts: list[tuple[float, float]]) -> str:
    """pdfminer's reading of a subpath: a straight line, an upright rectangle, a curve."""
    if shape == "ml":
        return "line"
    if shape.rstrip("h") in ("mlll", "mllll") and len(pts) >= 4:
        corners = pts[:4]
        xs, ys = {round(p[0], 3) for p in corners}, {round(p[1], 3) for p in corners}
        if len(xs) == 2 and len(ys) == 2:
            return "rect"
    return "curve"
