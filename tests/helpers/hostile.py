"""Hostile and broken inputs, made small by the tests: files that expand, hang, loop, lie
about their size or are not files at all. Each maker returns bytes (or writes the path)."""

from __future__ import annotations

import io
import os
import signal
import time
import zipfile
from pathlib import Path

from govparse.publish.reading import Read, read_one


def pdf(objects: list[bytes], trailer: bytes = b"/Root 1 0 R") -> bytes:
    """A PDF of these objects (numbered from 1) with a correct cross-reference table."""
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer, xref)
    return out


def looping_pdf() -> bytes:
    """Objects 2 and 3 refer to each other: pdfminer resolves the reference forever."""
    return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj 3 0 R endobj\n3 0 obj 2 0 R endobj\n"
            b"trailer << /Root 1 0 R >>\n%%EOF\n")


def many_pages_pdf(pages: int) -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
                *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages])


def encrypted_pdf() -> bytes:
    """RC4 encryption with a user password we do not know."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
                b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32
                + b"> /P -4 >>"],
               b"/Root 1 0 R /Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> "
               b"<00112233445566778899aabbccddeeff>]")


def zip_bomb_docx(docx: bytes, unzipped_mb: int) -> bytes:
    """A real .docx with one more part of zeros that deflates ~1000 to 1."""
    out = io.BytesIO(docx)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as z, \
            z.open("word/media/image1.bin", "w", force_zip64=True) as part:
        chunk = bytes(2**20)
        for _ in range(unzipped_mb):
            part.write(chunk)
    return out.getvalue()


def spans_html(report_html: str, cells: int = 400) -> str:
    """The report's page with one more table, before its first, whose cells each span 100
    rows × 100 columns."""
    rows = "".join("<tr>" + '<td rowspan="100" colspan="100">1</td>' * 20 + "</tr>"
                   for _ in range(cells // 20))
    return report_html.replace("<table", f"<table>{rows}</table><table", 1)


def deep_html(report_html: str, depth: int = 300) -> str:
    """The report inside `depth` unclosed-looking levels of <div>."""
    return report_html.replace("<body>", "<body>" + "<div>" * depth, 1)


def sparse(path: Path, size: int) -> None:
    with open(path, "wb") as f:
        f.truncate(size)


def fifo(path: Path) -> None:
    os.mkfifo(path)


def non_utf8_name(folder: Path) -> Path:
    """A path whose name has a byte that is not UTF-8 (Linux allows any byte but / and NUL)."""
    return Path(os.fsdecode(os.fsencode(folder) + b"/report-\xff.txt"))


# Worker hooks: module-level, so that spawned workers import them by name.
KILL_ME = "kill-me.txt"
GREEDY = "greedy.txt"


def read_or_die(path: Path) -> Read:
    """read_one, except that the worker reading KILL_ME is killed with SIGKILL (as the OOM
    killer does) and GREEDY asks for more memory than the worker may have."""
    if path.name == KILL_ME:
        os.kill(os.getpid(), signal.SIGKILL)
    if path.name == GREEDY:
        import govparse.publish.reading as reading

        real = reading.parse_file
        reading.parse_file = lambda *args, **kwargs: bytearray(64 * 2**30)  # 64 GB
        try:
            return read_one(path)
        finally:
            reading.parse_file = real
    return read_one(path)


def stuck_in_c(path: Path) -> Read:
    """read_one, except that a PDF hangs where the worker's timer cannot reach, as a file
    stuck inside C code does: only the parent can stop it."""
    if path.suffix == ".pdf":
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        while True:
            time.sleep(0.1)
    return read_one(path)


def blank_pdf() -> bytes:
    """A valid one-page PDF with nothing on the page, as a scan without OCR looks to us."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                   b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                   b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])
