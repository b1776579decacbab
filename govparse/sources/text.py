"""Plain text and markdown: bytes -> text, with the encoding recorded."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from govparse.errors import ReportError

# Tried in order; GB18030 is a superset of GBK and GB2312.
_ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass
class SourceText:
    path: str | None
    text: str
    encoding: str | None
    sha256: str
    format: str = "text"  # text, html, docx, pdf
    # Where each line of `text` came from in the original, when that is not the same line
    # of a text file: "第3页", "表格2第5行", "段落14".
    origins: list[str] | None = None


def decode(data: bytes, path: str | None = None, digest: str | None = None) -> SourceText:
    digest = digest or hashlib.sha256(data).hexdigest()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return SourceText(path, data.decode("utf-16"), "utf-16", digest)
        except UnicodeDecodeError as exc:
            raise ReportError(f"broken UTF-16 text at byte {exc.start}", path=path) from None
    if _utf16_without_bom(data):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        try:
            return SourceText(path, data.decode(encoding), encoding, digest)
        except UnicodeDecodeError:
            pass
    errors = []
    for encoding in _ENCODINGS:
        try:
            return SourceText(path, data.decode(encoding), encoding.replace("-sig", ""), digest)
        except UnicodeDecodeError as exc:
            errors.append(exc)
    line = data[: errors[0].start].count(b"\n") + 1
    raise ReportError(f"not text in UTF-8, UTF-16 or GB18030: undecodable byte "
                      f"0x{data[errors[0].start]:02x} at byte {errors[0].start}",
                      path=path, line=line)


def _utf16_without_bom(data: bytes) -> bool:
    """Chinese or ASCII in UTF-16 has a NUL in most code units' high or low byte."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        return False
    return max(sample[0::2].count(0), sample[1::2].count(0)) > len(sample) // 8
