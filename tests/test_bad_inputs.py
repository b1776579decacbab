"""A catalogue of bad inputs, each with the message it must get, and a build over a folder
that mixes them with good files: every input ends up in `reports` or in `ingest_errors`."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import sqlite_utils

from govparse.errors import ReportError
from govparse.parse import parse_file
from publish.build import build
from tests.conftest import seed_text
from tests.render import to_docx, to_html
from tests.test_sources_pdf import _blank_pdf

SEED = seed_text("001")


def _without_table4(text: str) -> str:
    head, rest = text.split("四、政府信息公开行政复议", 1)
    tail = rest.split("五、", 1)[1]
    return head + "四、政府信息公开行政复议、行政诉讼情况\n本年度无。\n\n五、" + tail


def _zip(name: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(name, "x")
    return out.getvalue()


# name -> (content, where it must end up, what the message must say)
CATALOGUE: dict[str, tuple[bytes, str, str]] = {
    "empty.txt": (b"", "ingest_errors", "empty file (0 bytes)"),
    "blank-lines.txt": (b"\n\n   \n", "ingest_errors", "only whitespace"),
    "binary.txt": (bytes(range(256)) * 40, "ingest_errors", "binary content"),
    "photo.txt": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "ingest_errors", "a PNG image"),
    "report.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "ingest_errors",
                   "old Office file"),
    "archive.docx": (_zip("readme.txt"), "ingest_errors", "not a Word .docx"),
    "cut.docx": (to_docx(SEED)[:3000], "ingest_errors", "broken ZIP archive"),
    "scan.pdf": (_blank_pdf(), "ingest_errors", "no text layer"),
    "broken.pdf": (b"%PDF-1.4\n1 0 obj garbage", "ingest_errors", "unreadable PDF"),
    "mojibake.txt": (SEED.encode("utf-8")[:4000] + b"\xff\xfe" + SEED.encode("utf-8")[4000:],
                     "ingest_errors", "damaged UTF-8"),
    "big5.txt": (SEED.encode("big5", "replace"), "ingest_errors", "wrong encoding"),
    "broken-utf16.txt": (b"\xff\xfe" + "一、总体情况".encode("utf-16-le") + b"\x00",
                         "ingest_errors", "broken UTF-16"),
    "novel.txt": ("从前有座山，山里有座庙。\n".encode() * 50, "ingest_errors",
                  "no section headings of the form found"),
    "menu.html": (b"<html><body><div>\xe9\xa6\x96\xe9\xa1\xb5</div><p>news</p></body></html>",
                  "ingest_errors", "HTML page without a report"),
    "program.txt": (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "ingest_errors", "a program"),
    "huge.txt": (b"", "ingest_errors", "over the 30 MB limit"),  # written sparse below
    "truncated.txt": (SEED[: len(SEED) * 2 // 5].encode(), "reports",
                      "the file looks truncated"),
    "cut-in-a-character.txt": (SEED.encode()[:-1] if SEED.encode()[-1] >= 0x80
                               else SEED.encode() + "表".encode()[:2], "reports", ""),
    "no-table-4.txt": (_without_table4(SEED).encode(), "reports", "table 四 not found"),
    "page.html": (to_html(SEED.replace("湘潭县人民政府", "湘潭县人民政府办公室")).encode(),
                  "reports", ""),
    "report.docx": (to_docx(SEED.replace("湘潭县人民政府", "湘潭县财政局")), "reports", ""),
    "gbk.txt": (seed_text("000").encode("gb18030"), "reports", ""),
    "duplicate.txt": (SEED.encode(), "ingest_errors", "same content as"),
}


def _write(folder: Path) -> None:
    for name, (data, _, _) in CATALOGUE.items():
        path = folder / name
        if name == "huge.txt":  # 50 MB without writing 50 MB
            with open(path, "wb") as f:
                f.truncate(50 * 1024 * 1024)
        else:
            path.write_bytes(data)
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "a-good.txt").write_text(SEED, encoding="utf-8")  # sorts before its duplicate


def test_the_catalogue_has_at_least_fifteen_bad_inputs():
    bad = [n for n, (_, where, _) in CATALOGUE.items() if where == "ingest_errors"]
    assert len(bad) + 1 >= 15  # + the dangling link


@pytest.mark.parametrize("name", [n for n, v in CATALOGUE.items() if v[1] == "ingest_errors"
                                  and n not in ("duplicate.txt",)])
def test_each_bad_input_gets_its_message_naming_the_file(tmp_path, name):
    _write(tmp_path)
    with pytest.raises(ReportError) as info:
        parse_file(tmp_path / name)
    assert CATALOGUE[name][2] in str(info.value)
    assert str(info.value).startswith(str(tmp_path / name))


def test_damaged_utf8_names_its_line(tmp_path):
    _write(tmp_path)
    with pytest.raises(ReportError) as info:
        parse_file(tmp_path / "mojibake.txt")
    assert info.value.line == SEED.encode()[:4000].count(b"\n") + 1


def test_a_mixed_folder_accounts_for_every_input(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder)
    summary = build([folder], tmp_path / "reports.db", progress=None)
    db = sqlite_utils.Database(tmp_path / "reports.db")
    in_reports = {Path(r["path"]).name: r for r in db["reports"].rows}
    errors = {Path(r["path"]).name: r for r in db["ingest_errors"].rows}
    # copies of one agency's report of one year (truncated, cut, without table 四) are
    # renderings of the report in a-good.txt, listed in renderings
    renderings = {r["file"]: r for r in db["renderings"].rows_where("role = 'rendering'")}
    files = sorted(p.name for p in folder.iterdir())
    assert summary.files == len(files) == len(CATALOGUE) + 2
    assert sorted([*in_reports, *renderings, *errors]) == files  # every input, exactly once
    assert set(renderings) == {"truncated.txt", "cut-in-a-character.txt", "no-table-4.txt"}
    for name, r in renderings.items():
        in_reports[name] = db["reports"].get(r["report"])
    assert "cannot read the file" in errors["dangling.txt"]["message"]
    for name, (_, where, message) in CATALOGUE.items():
        if where == "ingest_errors":
            assert message in errors[name]["message"], name
            continue
        assert name in in_reports, errors.get(name)
        if message:
            warnings = [r["message"] for r in db["parse_warnings"].rows_where(
                "report = ?", [in_reports[name]["sha256"]])]
            assert any(message in w and (name not in renderings or f"[{name}]" in w)
                       for w in warnings), (name, warnings)
    formats = {n: r["format"] for n, r in in_reports.items()}
    assert formats["page.html"] == "html" and formats["report.docx"] == "docx"
    assert in_reports["gbk.txt"]["encoding"] == "gb18030"
    cell = db.execute("select origin, value from cells where key = 't3.R01.C7' and report = ?",
                      [in_reports["report.docx"]["sha256"]]).fetchone()
    assert cell[0].startswith("表格") and cell[1] == 177
