"""What a file is, told from its bytes, for the formats read through LibreOffice, MHTML and
.zip archives (sources/detect.py, office.py, mhtml.py, zipped.py)."""

from __future__ import annotations

import io
import zipfile

import pytest

from govparse.errors import ReportError
from govparse.sources import read_bytes, zipped
from govparse.sources.detect import sniff
from govparse.sources.limits import LIMITS, use
from tests.conftest import CORPUS

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole2(*streams: str) -> bytes:
    return OLE2 + b"\0" * 500 + b"".join(s.encode("utf-16-le") + b"\0\0" for s in streams)


def _zip(members: dict[str, bytes], **kw) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", **kw) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("data, kind", [
    (_ole2("Root Entry", "WordDocument", "1Table"), "office-text"),
    (_ole2("Root Entry", "Workbook"), "office-sheet"),
    (b"{\\rtf1\\ansi report}", "office-text"),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), "office-text"),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "office-sheet"),
    (_zip({"[Content_Types].xml": b"", "xl/workbook.xml": b""}), "office-sheet"),
    (_zip({"OFD.xml": b"<ofd:OFD/>"}), "ofd"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\n",
     "mhtml"),
])
def test_formats_are_told_by_content(data, kind):
    assert sniff(data, "anything.bin") == kind


@pytest.mark.parametrize("data, message", [
    (_ole2("Root Entry", "EncryptedPackage"), "受密码保护"),
    (_ole2("Root Entry", "PowerPoint Document"), "PowerPoint"),
    (_zip({"readme.txt": b"x", "b.txt": b"y"}), "ZIP 压缩包（2 个文件）"),
])
def test_what_is_refused_says_what_it_is(data, message):
    with pytest.raises(ReportError, match=message):
        sniff(data, "x.doc")


def test_an_mhtml_page_in_gb2312_is_decoded_with_its_charset():
    page = (CORPUS / "pingtan-2021.html").read_text("utf-8").replace("utf-8", "gb2312")
    import quopri

    body = quopri.encodestring(page.encode("gb18030"))
    data = (b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;"
            b"\r\n\ttype=\"text/html\";\r\n\tboundary=\"----B\"\r\n\r\n------B\r\n"
            b"Content-Type: text/html; charset=\"gb2312\"\r\nContent-Transfer-Encoding: "
            b"quoted-printable\r\nContent-Location: https://www.pingtan.gov.cn/a.htm\r\n\r\n"
            + body + b"\r\n------B--\r\n")
    source = read_bytes(data, "page.mht")
    assert source.format == "mhtml"
    assert "平潭综合实验区2021年度政府信息公开工作年度报告" in source.text


def test_zip_members_are_inputs_with_names_decoded_from_gbk(tmp_path):
    archive = tmp_path / "a.zip"
    data = _zip({"XXXX.txt": (CORPUS / "001_7082bf4ff2eed00e.txt").read_bytes(),
                 "__MACOSX/._XXXX.txt": b""})
    # the name's bytes in GBK and no UTF-8 flag, as Windows' archivers write them
    archive.write_bytes(data.replace(b"XXXX", "年报".encode("gbk")))
    [member] = zipped.members(archive)
    assert member == f"{archive}!年报.txt"
    from govparse.sources import read_source

    assert "湘潭县人民政府" in read_source(member).text


def test_a_zip_bomb_is_refused_from_its_declared_sizes(tmp_path):
    archive = tmp_path / "bomb.zip"
    archive.write_bytes(_zip({"a.txt": b"0" * 2_000_000}, compression=zipfile.ZIP_DEFLATED))
    use(LIMITS.but(unzipped_bytes=1_000_000))
    try:
        with pytest.raises(ReportError, match="压缩炸弹"):
            zipped.members(archive)
    finally:
        use(LIMITS)


@pytest.mark.parametrize("name", ["000_034ade8df42bfc21.txt", "001_7082bf4ff2eed00e.txt",
                                  "002_ca8891224933405c.txt"])
def test_a_word_file_typed_one_cell_per_paragraph_reads_as_its_text_does(name):
    import docx

    from govparse import parse_file

    text = (CORPUS / name).read_text("utf-8")
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line.strip("\t"))
    out = io.BytesIO()
    document.save(out)
    from_word = parse_file(f"{name}.docx", data=out.getvalue())
    from_text = parse_file(CORPUS / name)
    assert [(c.key, c.status, c.value) for c in from_word.cells] == \
        [(c.key, c.status, c.value) for c in from_text.cells]
    assert all(c.origin.startswith("段落") for c in from_word.cells if c.status == "value")


def test_the_libreoffice_profiles_of_ended_processes_are_swept(tmp_path, monkeypatch):
    import os
    import tempfile

    from govparse.sources import office

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = tmp_path / "govparse-libreoffice-999999999-abc"
    mine = tmp_path / f"govparse-libreoffice-{os.getpid()}-def"
    gone.mkdir()
    mine.mkdir()
    office._remove_stale_profiles()
    assert not gone.exists() and mine.exists()
