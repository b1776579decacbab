"""Source adapters: each turns one file format into the canonical text the grammar reads.

The format is told from the content: PDF, Word, OFD and the office formats LibreOffice
converts by their signatures, a saved page (MHTML) by its MIME header, HTML by its tags,
text in UTF-8, UTF-16 or GB18030. Adapters convert; they never parse a report themselves.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from govparse.errors import ReportError
from govparse.model import RUN_LAYOUT
from govparse.sources.archive import split_header
from govparse.sources.canonical import line_breaks
from govparse.sources.clean import clean_text
from govparse.sources.detect import check_size, check_text, looks_like_html, sniff
from govparse.sources.files import read_file
from govparse.sources.runon import is_cells_per_line, is_dump, rebuild_cells, reline
from govparse.sources.text import SourceText, decode

__all__ = ["SourceText", "read_bytes", "read_file", "read_source"]


def read_source(path: str | Path, data: bytes | None = None) -> SourceText:
    """The canonical text of the file at `path`; `data`: its bytes, when already read."""
    return read_bytes(read_file(path) if data is None else data, str(path))


def read_bytes(data: bytes, path: str | None = None) -> SourceText:
    check_size(len(data), path)
    digest = hashlib.sha256(data).hexdigest()
    try:
        return clean_text(_convert(data, path, digest), path)
    except ReportError as exc:
        exc.path = exc.path or path  # raised deep in an adapter, which knows no path
        raise


def _convert(data: bytes, path: str | None, digest: str) -> SourceText:
    kind = sniff(data, path)
    if kind == "pdf":
        from govparse.sources.pdf import read_pdf  # pdfplumber only when a PDF comes

        return read_pdf(data, path, digest)
    if kind == "image":
        from govparse.sources.image import read_image  # OCR only when an image comes

        return read_image(data, path, digest)
    if kind == "docx":
        from govparse.sources.docx import read_docx

        return cells_per_paragraph(read_docx(data, path, digest))
    if kind.startswith("office-"):
        from govparse.sources.office import read_office  # LibreOffice only when one comes

        return read_office(data, kind.removeprefix("office-"), path, digest)
    if kind == "ofd":
        from govparse.sources.ofd import read_ofd

        return read_ofd(data, path, digest)
    if kind == "mhtml":  # the page inside, read as a saved page is
        from govparse.sources.mhtml import page_of

        page, charset = page_of(data, path)
        source = SourceText(path, page.decode(charset, "replace"), charset, digest) \
            if charset else decode(page, path, digest)
    else:
        source = decode(data, path, digest)
    source.text = line_breaks(source.text)
    check_text(source.text, path)
    if kind == "mhtml" or looks_like_html(source.text):
        from govparse.sources.html import read_html  # lxml only when a page comes

        page_read = read_html(source, path)
        if kind == "mhtml":
            page_read.format = "mhtml"
        return page_read
    return restore_lines(source)


def cells_per_paragraph(source: SourceText) -> SourceText:
    """A Word file whose tables were typed one cell per paragraph: rows rebuilt as a text
    file's are."""
    lines = source.text.removesuffix("\n").split("\n")  # as Canonical wrote them
    if not is_cells_per_line(lines):
        return source
    relined, origins = rebuild_cells(lines, origins_of=source.origins)
    return replace(source, text="\n".join(relined) + "\n", origins=origins)


def restore_lines(source: SourceText) -> SourceText:
    """A web archiver's header taken off, and a dump's lost line breaks put back."""
    lines = source.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta, body = split_header(lines)
    dump = is_dump(lines[body:])
    if dump or meta:
        relined, origins = reline(lines[body:], first_line=body + 1)
    elif is_cells_per_line(lines):
        relined, origins = rebuild_cells(lines)
    else:
        return source
    return replace(source, text="\n".join(relined), origins=origins,
                   layout=RUN_LAYOUT if dump else None, meta=meta)
