"""What a file is, told from its bytes (never from its name), and what we refuse to read."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from govparse.errors import ReportError
from govparse.limits import LimitError, current

# Magic numbers of formats that are certainly not a report we can read.
_REFUSED = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"\xd0\xcf\x11\xe0": "an old Office file (.doc/.xls, Word 97-2003); save it as .docx",
    b"{\\rtf": "an RTF file; save it as .docx",
    b"Rar!": "a RAR archive",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"\x7fELF": "a program (ELF executable)",
    b"MZ": "a Windows program",
    b"SQLite format 3\x00": "an SQLite database",
}


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


_TAGS = re.compile(r"<\s*(html|body|table|div|p|!doctype\s+html|head|meta|span|br|td)\b", re.I)


def looks_like_html(text: str) -> bool:
    """Two or more HTML tags near the top: decoded text that the HTML adapter reads."""
    return len(_TAGS.findall(text[:4096])) >= 2


def check_size(size: int, path: str | None) -> None:
    """A report is tens of KB as text and a few MB as PDF or Word with pictures; anything
    far bigger is not one report, and reading it would cost the batch its memory."""
    if size == 0:
        raise ReportError("empty file (0 bytes)", path=path)
    limit = current().file_bytes
    if size > limit:
        raise LimitError(f"file is {size / 2**20:.1f} MB, over the {limit // 2**20} MB "
                         "limit for one report; is it really a single report?", path=path)


def sniff(data: bytes, path: str | None = None) -> str:
    """'pdf', 'docx' or 'text' (HTML is text until decoded); raises for anything else."""
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise ReportError("broken ZIP archive (a truncated .docx?)", path=path) from None
        if "word/document.xml" in names:
            return "docx"
        raise ReportError("a ZIP archive that is not a Word .docx document; unpack it and "
                          "build the folder instead", path=path)
    for magic, what in _REFUSED.items():
        if data.startswith(magic):
            raise ReportError(f"not a report: {what}", path=path)
    return "text"


def check_text(text: str, path: str | None) -> None:
    """Decoded bytes that are still binary: NULs or many control characters."""
    if not text.strip():
        raise ReportError("no text: the file holds only whitespace", path=path)
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if "\x00" in sample or controls > max(8, len(sample) // 100):
        raise ReportError(f"binary content, not text ({controls} control characters in the "
                          "first 64 KB)", path=path)
