"""A browser's "网页，单个文件" (.mht, .mhtml): a MIME message holding the page and its
pictures. The standard library's email parser decodes it; the page is read as HTML."""

from __future__ import annotations

import codecs
import email
import email.policy

from govparse.errors import ReportError

# Chinese pages declare a subset of what they hold: GB18030 decodes all of them.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}


def is_mhtml(data: bytes) -> bool:
    """A MIME header naming multipart/related before the first blank line."""
    head = data[:4096].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].lower()
    return b"multipart/related" in head and b"mime-version" in head


def page_of(data: bytes, path: str | None) -> tuple[bytes, str | None]:
    """The HTML page of the message (its transfer encoding undone) and its charset."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            charset = part.get_content_charset()
            charset = _WIDER.get(charset, charset) if charset else None
            try:  # base64, zlib, rot13 … are codecs too, but not of text
                if charset and not codecs.lookup(charset)._is_text_encoding:
                    charset = None
            except LookupError:
                charset = None
            return part.get_payload(decode=True) or b"", charset
    raise ReportError("MHTML 网页存档中没有 HTML 页面（只有图片或附件）", path=path)
