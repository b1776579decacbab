"""Plain text and markdown: bytes -> text, with the encoding recorded."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from govparse.errors import ReportError


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
    # The layout of every table, when the adapter knows it (a dump's cells run together).
    layout: str | None = None
    # What the file says about the report outside its text: an archiver's title and link.
    meta: dict[str, str] = field(default_factory=dict)
    # What reading the file found wrong with it (govparse.model.ReportWarning).
    warnings: list = field(default_factory=list)
    # A file that holds the tables and no prose by its nature (a spreadsheet): its end
    # after the last table is not a text cut short.
    tables_only: bool = False


def decode(data: bytes, path: str | None = None, digest: str | None = None) -> SourceText:
    digest = digest or hashlib.sha256(data).hexdigest()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return SourceText(path, data.decode("utf-16"), "utf-16", digest)
        except UnicodeDecodeError as exc:
            raise ReportError(f"UTF-16 文本在字节偏移 {exc.start} 处损坏", path=path) from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return SourceText(path, data.decode(utf16), utf16, digest)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise ReportError("二进制内容，不是文本（含 NUL 字节）", path=path)
    try:
        return SourceText(path, data.decode("utf-8-sig"), "utf-8", digest)
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # a download cut inside a character
            return SourceText(path, data[:exc.start].decode("utf-8-sig"), "utf-8", digest)
        if _mostly_utf8(data, exc.start):
            raise ReportError(f"UTF-8 已损坏：字节偏移 {exc.start} 处的字节 "
                              f"0x{data[exc.start]:02x} 不是 UTF-8（文件被截断或混用了编码？）",
                              path=path, line=data[:exc.start].count(b"\n") + 1) from None
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ReportError(f"不是 UTF-8、UTF-16 或 GB18030 编码的文本：字节偏移 {exc.start} "
                          f"处的字节 0x{data[exc.start]:02x} 无法解码", path=path,
                          line=data[:exc.start].count(b"\n") + 1) from None
    # Big5 and other encodings decode as GB18030 into characters of the private-use area.
    private = sum("\ue000" <= ch <= "\uf8ff" for ch in text)
    if private > 5 and private * 200 > sum(ch > "~" for ch in text):
        raise ReportError(f"编码有误：按 GB18030 读出 {private} 个私用区字符；请将文件另存为 "
                          "UTF-8（它可能是 Big5 编码）", path=path)
    return SourceText(path, text, "gb18030", digest)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: NUL bytes, and a decoding that reads as Chinese
    text (binary data decodes into rare characters and controls)."""
    sample = data[:4096]
    if b"\x00" not in sample or len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        text = sample.decode(encoding, "replace")
        if sum(map(_plausible, text)) >= 0.9 * len(text):
            return encoding
    return None


def _plausible(ch: str) -> bool:
    return ch.isspace() or " " <= ch <= "~" or "\u3000" <= ch <= "\u303f" or \
        "\u4e00" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’…—"


def _mostly_utf8(data: bytes, error: int) -> bool:
    """Valid UTF-8 with Chinese in it up to a bad byte: damaged UTF-8, not GB18030 (which
    would decode it into plausible-looking nonsense)."""
    prefix = data[:error]
    return error > 0 and sum(b >= 0xE0 for b in prefix) >= 10 and \
        prefix.decode("utf-8", "ignore").encode("utf-8") == prefix
