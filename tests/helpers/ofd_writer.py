"""A PDF's pages written as an OFD (GB/T 33190), as the national format lays them out:
OFD.xml -> Doc_0/Document.xml -> Doc_0/Pages/Page_N/Content.xml, each text run a TextObject
(Boundary in millimetres, Size, a TextCode with X, Y and DeltaX), each table rule a
PathObject ("M x y L x y"). No OFD writer runs on Linux; this one writes what the
converters of the suppliers write for text and rules, from pdfium's characters and paths.
"""

from __future__ import annotations

import io
import zipfile
from itertools import pairwise
from xml.sax.saxutils import escape, quoteattr

MM = 25.4 / 72
_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def _f(x: float) -> str:
    return f"{x * MM:.3f}"


def pdf_to_ofd(data: bytes) -> bytes:
    from govparse.sources import pdfium_pages

    pages, _count = pdfium_pages.document(data, 400)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {_NS} '
                   'Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>1'
                   '</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
                   '</ofd:DocBody></ofd:OFD>')
        first = pages[0]
        listed = "".join(f'<ofd:Page ID="{n + 10}" BaseLoc="Pages/Page_{n}/Content.xml"/>'
                         for n in range(len(pages)))
        z.writestr("Doc_0/Document.xml", f'<?xml version="1.0" encoding="UTF-8"?>'
                   f'<ofd:Document {_NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>'
                   f'0 0 {_f(first.width)} {_f(first.height)}</ofd:PhysicalBox>'
                   f'</ofd:PageArea></ofd:CommonData><ofd:Pages>{listed}</ofd:Pages>'
                   '</ofd:Document>')
        for n, page in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{n}/Content.xml", _content(page))
    return out.getvalue()


def _content(page) -> str:
    objects = []
    oid = 1000
    for run in _runs(page.chars):
        oid += 1
        x0, top = run[0]["x0"], min(c["top"] for c in run)
        size = max(c["bottom"] - c["top"] for c in run)
        width = run[-1]["x1"] - x0
        deltas = " ".join(_f(b["x0"] - a["x0"]) for a, b in pairwise(run))
        text = escape("".join(c["text"] for c in run))
        objects.append(
            f'<ofd:TextObject ID="{oid}" Boundary="{_f(x0)} {_f(top)} {_f(width)} {_f(size)}"'
            f' Font="1" Size="{_f(size)}"><ofd:TextCode X="0" Y="{_f(size * 0.88)}"'
            f'{" DeltaX=" + quoteattr(deltas) if deltas else ""}>{text}</ofd:TextCode>'
            '</ofd:TextObject>')
    for edge in page.edges:
        oid += 1
        x0, top = edge["x0"], edge["top"]
        w, h = edge["x1"] - x0, edge["bottom"] - top
        objects.append(f'<ofd:PathObject ID="{oid}" Boundary="{_f(x0)} {_f(top)} {_f(w)} '
                       f'{_f(h)}" Stroke="true"><ofd:AbbreviatedData>M 0 0 L {_f(w)} {_f(h)}'
                       '</ofd:AbbreviatedData></ofd:PathObject>')
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {_NS}><ofd:Content><ofd:Layer '
            f'ID="2">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')


def _runs(chars: list[dict]) -> list[list[dict]]:
    """Characters on one baseline, left to right and close together: one TextCode each."""
    runs: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (round(c["bottom"]), c["x0"])):
        last = runs[-1][-1] if runs else None
        if last and abs(last["bottom"] - c["bottom"]) < 0.5 and \
                0 <= c["x0"] - last["x1"] < (c["bottom"] - c["top"]):
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs
