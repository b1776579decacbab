"""What a file is, told from its bytes (never from its name), and what we refuse to read."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from govparse.errors import ReportError
from govparse.sources.limits import LimitError, current
from govparse.sources.mhtml import is_mhtml
from govparse.sources.ofd import is_ofd
from govparse.sources.office import office_kind
from govparse.words import spaced

# Images: read by OCR (sources/image.py).
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")

# Magic numbers of formats that are certainly not a report we can read.
_REFUSED = {
    b"Rar!": "RAR 压缩包",
    b"\x1f\x8b": "gzip 压缩包",
    b"7z\xbc\xaf": "7-Zip 压缩包",
    b"\x7fELF": "程序（ELF 可执行文件）",
    b"MZ": "Windows 程序",
    b"SQLite format 3\x00": "SQLite 数据库",
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
        raise ReportError("空文件（0 字节）", path=path)
    limit = current().file_bytes
    if size > limit:
        raise LimitError(f"文件大小为 {size / 2**20:.1f} MB，超过单份报告 {limit // 2**20} MB "
                         "的上限；这真的是一份报告吗？", path=path)


# What an office file that LibreOffice could open is, when we refuse it.
_OFFICE_REFUSED = {
    "encrypted": "受密码保护的 Office 文件；请去掉密码后另存",
    "slides": "PowerPoint 演示文稿，不是报告",
    "unknown": "旧版 Office 文件（OLE2），但其中找不到 Word 文档或 Excel 工作簿：文件不完整、"
               "已损坏，或是其他 Office 文件",
}


def sniff(data: bytes, path: str | None = None) -> str:
    """'pdf', 'docx', 'ofd', 'image', 'mhtml', 'text' (HTML is text until decoded), or
    'office-text' / 'office-sheet' (read through LibreOffice); raises for anything else."""
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    names = None
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise ReportError("ZIP 压缩包已损坏（是下载不完整的 .docx 或 .zip 吗？）",
                              path=path) from None
        if "word/document.xml" in names:
            return "docx"
        if is_ofd(names):
            return "ofd"
    office = office_kind(data, names)
    if office in ("text", "sheet"):
        return f"office-{office}"
    if office:
        raise ReportError(f"不是可读的报告：{_OFFICE_REFUSED[office]}", path=path)
    if names is not None:
        raise ReportError(f"ZIP 压缩包（{len(names)} 个文件），不是 Word、Excel 或 OFD 文档，"
                          "也不是一份报告：govparse build "
                          "会把其中每个文件当作一份输入读取（压缩包中的压缩包除外）", path=path)
    if is_mhtml(data):
        return "mhtml"
    if data.startswith(_IMAGES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP") or \
            (data[:2] == b"BM" and data[6:10] == b"\0\0\0\0"):  # BMP: its reserved bytes
        return "image"
    for magic, what in _REFUSED.items():
        if data.startswith(magic):
            raise ReportError(f"不是报告，而是{spaced(what)}", path=path)
    return "text"


def check_text(text: str, path: str | None) -> None:
    """Decoded bytes that are still binary: NULs or many control characters."""
    if not text.strip():
        raise ReportError("没有文本：文件中只有空白字符", path=path)
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if "\x00" in sample or controls > max(8, len(sample) // 100):
        raise ReportError(f"二进制内容，不是文本（前 64 KB 中有 {controls} 个控制字符）",
                          path=path)
