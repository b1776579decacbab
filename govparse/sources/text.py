"""Plain text and markdown files: bytes -> text, with the encoding recorded."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from govparse.errors import ReportError

# Tried in order; GB18030 is a superset of GBK and GB2312.
_ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass
class SourceText:
    path: str | None
    text: str
    encoding: str
    sha256: str


def decode(data: bytes, path: str | None = None) -> SourceText:
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return SourceText(path, data.decode("utf-16"), "utf-16", digest)
        except UnicodeDecodeError as exc:
            raise ReportError(f"broken UTF-16 text at byte {exc.start}", path=path) from None
    for encoding in _ENCODINGS:
        try:
            return SourceText(path, data.decode(encoding), encoding.replace("-sig", ""), digest)
        except UnicodeDecodeError:
            continue
    raise ReportError("not text in UTF-8, UTF-16 or GB18030", path=path)


def read_source(path: str | Path) -> SourceText:
    return decode(Path(path).read_bytes(), str(path))
