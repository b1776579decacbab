"""A catalogue of bad inputs, each with the message it must get, and a build over a folder
that mixes them with good files: every input ends up in `reports` or in `ingest_errors`."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
import sqlite_utils
from PIL import Image, ImageDraw, ImageFont

from govparse.errors import ReportError
from govparse.publish.build import build
from govparse.publish.reading import Read, failed_read, read_one
from govparse.publish.rows import COLUMNS
from govparse.publish.workers import isolated
from govparse.report.parse import parse_file
from govparse.sources.limits import LIMITS
from tests.conftest import seed_path, seed_text
from tests.helpers.hostile import (
    GREEDY,
    KILL_ME,
    blank_pdf,
    deep_html,
    encrypted_pdf,
    fifo,
    looping_pdf,
    many_pages_pdf,
    non_utf8_name,
    read_or_die,
    spans_html,
    sparse,
    stuck_in_c,
    zip_bomb_docx,
)
from tests.helpers.render import to_docx, to_html

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


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _words(text: str) -> Image.Image:
    image = Image.new("L", (1400, 200), 255)
    ImageDraw.Draw(image).text((40, 60), text, fill=0, font=ImageFont.load_default(size=48))
    return image


# name -> (content, where it must end up, what the message must say)
CATALOGUE: dict[str, tuple[bytes, str, str]] = {
    "empty.txt": (b"", "ingest_errors", "空文件（0 字节）"),
    "blank-lines.txt": (b"\n\n   \n", "ingest_errors", "只有空白字符"),
    "binary.txt": (bytes(range(256)) * 40, "ingest_errors", "二进制内容"),
    "photo.txt": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "ingest_errors", "图像文件已损坏"),
    "blank-scan.png": (_png(Image.new("L", (850, 1200), 255)), "ingest_errors",
                       "图像中没有认出文字"),
    "huge-scan.png": (_png(Image.new("1", (10000, 7000), 1)), "ingest_errors",
                      "百万像素的上限"),
    "not-a-report.png": (_png(_words("Hello world, this is a photo of a cat.")),
                         "ingest_errors", "未找到规定格式的任何章节标题"),
    "report.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "ingest_errors",
                   "旧版 Office 文件（OLE2），但其中找不到 Word 文档"),
    "broken.rtf": (b"{\\rtf1 \\garbage", "ingest_errors", "LibreOffice 无法转换此文件"),
    "archive.docx": (_zip("readme.txt"), "ingest_errors", "ZIP 压缩包（1 个文件），不是 Word"),
    "cut.docx": (to_docx(SEED)[:3000], "ingest_errors", "ZIP 压缩包已损坏"),
    "scan.pdf": (blank_pdf(), "ingest_errors", "没有文本层"),
    "broken.pdf": (b"%PDF-1.4\n1 0 obj garbage", "ingest_errors", "PDF 无法读取"),
    "mojibake.txt": (SEED.encode("utf-8")[:4000] + b"\xff\xfe" + SEED.encode("utf-8")[4000:],
                     "ingest_errors", "UTF-8 已损坏"),
    "big5.txt": (SEED.encode("big5", "replace"), "ingest_errors", "编码有误"),
    "broken-utf16.txt": (b"\xff\xfe" + "一、总体情况".encode("utf-16-le") + b"\x00",
                         "ingest_errors", "UTF-16 文本在字节偏移"),
    "novel.txt": ("从前有座山，山里有座庙。\n".encode() * 50, "ingest_errors",
                  "未找到规定格式的任何章节标题"),
    "menu.html": (b"<html><body><div>\xe9\xa6\x96\xe9\xa1\xb5</div><p>news</p></body></html>",
                  "ingest_errors", "HTML 页面中没有报告"),
    "program.txt": (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "ingest_errors",
                    "程序（ELF 可执行文件）"),
    "huge.txt": (b"", "ingest_errors", "超过单份报告 30 MB 的上限"),  # written sparse below
    "truncated.txt": (SEED[: len(SEED) * 2 // 5].encode(), "reports",
                      "文件看来被截断了"),
    "cut-in-a-character.txt": (SEED.encode()[:-1] if SEED.encode()[-1] >= 0x80
                               else SEED.encode() + "表".encode()[:2], "reports", ""),
    "no-table-4.txt": (_without_table4(SEED).encode(), "reports", "未找到表四"),
    "page.html": (to_html(SEED.replace("湘潭县人民政府", "湘潭县人民政府办公室")).encode(),
                  "reports", ""),
    "report.docx": (to_docx(SEED.replace("湘潭县人民政府", "湘潭县财政局")), "reports", ""),
    "gbk.txt": (seed_text("000").encode("gb18030"), "reports", ""),
    "duplicate.txt": (SEED.encode(), "ingest_errors", "内容与"),
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
    assert "无法读取文件" in errors["dangling.txt"]["message"]
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


# ---- Files that would take a build down: each is one file's error, or read per cell ----

def _read(path: Path, **limits) -> Read:
    """read_one in this process under the time limit, as `build(jobs=0)` reads."""
    return next(isolated(read_one, [path], jobs=0, limits=LIMITS.but(**limits),
                         failed=failed_read))


def _error_of(path: Path, **limits) -> dict:
    read = _read(path, **limits)
    assert read.error is not None, f"{path.name} was read"
    return read.error


def _seed_with(line: int, text: str, prefix: str = "001") -> str:
    """Seed 001 (one cell per line) with its line `line` (1-based) replaced."""
    lines = seed_text(prefix).split("\n")
    lines[line - 1] = text
    return "\n".join(lines)


# Line 84 of seed 001 holds t3.R01.C1 (自然人, 174) as "\t174".
_CELL_LINE = 84


def _cells(read: Read) -> dict[str, tuple]:
    columns = COLUMNS["cells"]
    key, value, status = (columns.index(c) for c in ("key", "value", "status"))
    return {row[key]: (row[value], row[status]) for row in read.rows["cells"]}


def _warnings(read: Read) -> list[tuple[str, str]]:
    columns = COLUMNS["parse_warnings"]
    code, message = columns.index("code"), columns.index("message")
    return [(row[code], row[message]) for row in read.rows["parse_warnings"]]


@pytest.mark.parametrize(("printed", "value", "status", "note"), [
    ("一百七十四", 174, "value", "以汉字数字书写"),
    ("١٧٤", 174, "value", "以非 ASCII 数字印出（١٧٤）"),
    (str(2**63), None, "unreadable", "这个数有 19 位"),
    ("9" * 5000, None, "unreadable", "这个数有 5000 位"),
])
def test_a_cell_written_otherwise_is_read_or_reported_on_its_own(tmp_path, printed, value,
                                                                 status, note):
    path = tmp_path / "report.txt"
    path.write_text(_seed_with(_CELL_LINE, "\t" + printed), encoding="utf-8")
    read = _read(path)
    assert read.error is None
    cells = _cells(read)
    assert cells["t3.R01.C1"] == (value, status)
    assert cells["t3.R01.C7"] == (177, "value")  # the rest of table 三 is read as ever
    assert sum(s == "value" for k, (_, s) in cells.items() if k.startswith("t3.")) == \
        175 - (status != "value")
    (warning,) = [(c, m) for c, m in _warnings(read) if "自然人" in m]
    assert warning[0] == ("cell_written_otherwise" if value else "cell_unreadable")
    assert warning[1].startswith("表三“一、本年新收政府信息公开申请数量 / 自然人”一格：")
    assert note in warning[1]


def test_a_figure_too_large_for_sqlite_is_not_a_figure(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(seed_text("001").replace("182件", f"{'9' * 30}件", 1), encoding="utf-8")
    read = _read(path)
    assert read.error is None
    assert _figure(read, "9" * 30) == ("9" * 30 + "件", None)  # found, with no value


def test_nul_and_control_characters_are_removed_with_a_warning(tmp_path):
    text = seed_text("001")
    cut = text.index("五、")  # NULs in the first 64 KB mean a binary file: these come later
    padded = text[:cut] + "说明。" * 30000 + "\n" + text[cut:]
    path = tmp_path / "report.txt"
    path.write_bytes(padded.replace("五、", "五、\x00\x00\x1b", 1).encode("utf-8"))
    read = _read(path)
    assert read.error is None
    (warning,) = [m for c, m in _warnings(read) if c == "control_characters"]
    assert warning.startswith("已从文本中删除 3 个控制字符（如 U+0000）")
    texts = [row[COLUMNS["sections"].index("text")] for row in read.rows["sections"]]
    assert not any("\x00" in t or "\x1b" in t for t in texts)


def test_line_separators_are_line_breaks(tmp_path):
    plain, separated = tmp_path / "plain.txt", tmp_path / "separated.txt"
    plain.write_text(seed_text("000"), encoding="utf-8")
    separated.write_text(seed_text("000").replace("\n", "\u2028"), encoding="utf-8")
    a, b = _read(plain), _read(separated)
    assert b.error is None
    assert _cells(a) == _cells(b)
    assert not [m for c, m in _warnings(b) if "表格之外的表格行" in m]


def test_a_hundred_thousand_stray_numbers_in_table_3_are_reported(tmp_path):
    lines = seed_text("003").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines[:at + 1] + ["5"] * 100_000 + lines[at + 1:]),
                    encoding="utf-8")
    read = _read(path)
    assert read.error is None
    assert (f"第三部分：表三之外有 100000 行只有数字（第 {at + 2}–{at + 100_001} 行）；"
            "这些数字未读取") in [m for _, m in _warnings(read)]
    assert _cells(read) == _cells(_read(seed_path("003")))


@pytest.mark.parametrize(("name", "make", "code", "message"), [
    ("spans.html", lambda: spans_html(to_html(SEED)).encode(), "limit",
     "表格1展开 rowspan 和 colspan 后超过 20,000 格"),
    ("deep.html", lambda: deep_html(to_html(SEED)).encode(), "limit",
     "HTML 元素嵌套超过 255 层"),
    ("bomb.docx", lambda: zip_bomb_docx(to_docx(SEED), 210), "limit",
     "Word 文件解压后为 211 MB，超过单份报告 200 MB 的上限（是压缩炸弹吗？）"),
    ("pages.pdf", lambda: many_pages_pdf(2000), "limit",
     "PDF 超过 400 页，即单份报告的页数上限"),
    ("locked.pdf", encrypted_pdf, "unreadable",
     "PDF 已加密（受密码保护）"),
])
def test_a_file_that_expands_is_refused_by_its_limit(tmp_path, name, make, code, message):
    path = tmp_path / name
    path.write_bytes(make())
    error = _error_of(path)
    assert (error["code"], error["path"]) == (code, str(path))
    assert message in error["message"] and error["sha256"]


def test_a_pdf_whose_objects_refer_to_each_other_stops_at_the_time_limit(tmp_path):
    path = tmp_path / "loop.pdf"
    path.write_bytes(looping_pdf())
    error = _error_of(path, seconds=1)
    assert error["code"] == "timeout"
    assert "用时超过单个文件 1 秒的上限" in error["message"]


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: sparse(p, 40 * 2**30), "文件大小为 40960.0 MB，超过单份报告 30 MB 的上限"),
    (lambda p: p.symlink_to("/dev/zero"),
     "不是普通文件，而是字符设备（指向 /dev/zero 的链接）"),
    (fifo, "不是普通文件，而是 FIFO（命名管道）"),
])
def test_what_is_not_a_report_sized_file_is_never_read(tmp_path, make, message):
    path = tmp_path / "report.txt"
    make(path)
    error = _error_of(path)
    assert message in error["message"] and error["sha256"] is None


def test_a_name_that_is_not_utf8_is_stored_escaped(tmp_path):
    path = non_utf8_name(tmp_path)
    path.write_text(SEED, encoding="utf-8")
    read = _read(path)
    assert read.error is None and read.path == f"{tmp_path}/report-\\xff.txt"
    assert ("file_name", f"文件名不是有效的 UTF-8；存为 {read.path}") in \
        _warnings(read)


def test_a_folder_that_cannot_be_listed_is_recorded(tmp_path, monkeypatch):
    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "in" / "link").symlink_to(tmp_path / "in" / "locked")
    scandir = os.scandir

    def refuse(path):  # root can list any folder: the refusal is simulated
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    summary = build([tmp_path / "in"], tmp_path / "r.db", jobs=0)
    errors = {r["path"]: r for r in sqlite_utils.Database(tmp_path / "r.db")["ingest_errors"].rows}
    assert summary.files == 3 and summary.reports == 1 and summary.errors == 2
    assert errors[str(tmp_path / "in" / "locked")]["message"].endswith(
        "无法读取文件夹：Permission denied")
    assert "指向文件夹的链接：不跟随" in errors[str(tmp_path / "in" / "link")]["message"]


def test_a_killed_worker_costs_its_file_and_the_build_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for prefix in ("000", "002"):
        (folder / f"{prefix}.txt").write_text(seed_text(prefix), encoding="utf-8")
    (folder / KILL_ME).write_text(SEED, encoding="utf-8")
    (folder / GREEDY).write_text(seed_text("003"), encoding="utf-8")
    summary = build([folder], tmp_path / "r.db", jobs=2, read=read_or_die)
    db = sqlite_utils.Database(tmp_path / "r.db")
    errors = {Path(r["path"]).name: r for r in db["ingest_errors"].rows}
    assert (summary.files, summary.reports, summary.errors) == (4, 2, 2)
    assert errors[KILL_ME]["code"] == "worker_died"
    assert "读取此文件的工作进程两次意外终止" in errors[KILL_ME]["message"]
    assert errors[GREEDY]["code"] == "memory"
    assert "内存超过单个文件 4 GB 的上限" in errors[GREEDY]["message"]


def test_a_file_stuck_past_its_time_is_stopped_by_the_parent(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SEED, encoding="utf-8")
    (folder / "loop.pdf").write_bytes(looping_pdf())
    summary = build([folder], tmp_path / "r.db", jobs=1, read=stuck_in_c,
                    limits=LIMITS.but(seconds=1))
    errors = {Path(r["path"]).name: r for r in
              sqlite_utils.Database(tmp_path / "r.db")["ingest_errors"].rows}
    assert (summary.reports, summary.errors) == (1, 1)
    assert errors["loop.pdf"]["code"] == "timeout"
    assert "未能自行停止：其工作进程已被终止" in errors["loop.pdf"]["message"]


def test_temp_files_of_killed_builds_are_removed_and_a_running_builds_kept(tmp_path):
    dead = tmp_path / ".r.db.999999999.tmp"
    running = tmp_path / f".r.db.{os.getppid()}.tmp"
    other = tmp_path / ".other.db.999999999.tmp"
    for path in (dead, running, other):
        path.write_bytes(b"x" * 100)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(SEED, encoding="utf-8")
    stages: list[str] = []
    build([tmp_path / "in"], tmp_path / "r.db", jobs=0, stage=stages.append)
    assert not dead.exists() and running.exists() and other.exists()
    assert stages[0] == "已删除中断的构建留下的 1 个临时文件"


def test_a_full_disk_is_one_line(tmp_path, monkeypatch):
    import sqlite3

    from click.testing import CliRunner

    from govparse.cli import EXIT_BUILD_FAILED, main

    def full(*args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("govparse.publish.writer.flush", full)
    (tmp_path / "a.txt").write_text(SEED, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "a.txt"), "-o",
                                       str(tmp_path / "r.db")])
    assert result.exit_code == EXIT_BUILD_FAILED
    last = result.output.strip().splitlines()[-1]
    assert last == (f"错误：{tmp_path}: 磁盘已满，无法写入数据库（原有的数据库未受影响）；"
                    "请腾出空间后重新构建")
    assert "Traceback" not in result.output and not (tmp_path / "r.db").exists()


def _long_paragraph(size: int) -> str:
    """A valid report (of another agency) with one paragraph of `size` bytes of figures."""
    sentence = "本年度发布信息9754条，其中政策文件120条。"
    text = seed_text("002").replace("一、总体情况\n", "一、总体情况\n" + sentence * (
        size // len(sentence.encode())) + "\n", 1)
    assert text != seed_text("002")
    return text


def _hostile(folder: Path) -> dict[str, str]:
    """Write every hostile input of this file into `folder`: name -> the code it must get
    in ingest_errors ("" for a file that must be read as a report)."""
    made = {
        "spans.html": (spans_html(to_html(SEED)).encode(), "limit"),
        "deep.html": (deep_html(to_html(SEED)).encode(), "limit"),
        "bomb.docx": (zip_bomb_docx(to_docx(SEED), 210), "limit"),
        "pages.pdf": (many_pages_pdf(2000), "limit"),
        "locked.pdf": (encrypted_pdf(), "unreadable"),
        "loop.pdf": (looping_pdf(), "timeout"),
        "numeral.txt": (_seed_with(_CELL_LINE, "\t一百七十四").replace(
            "湘潭县", "韶山市").encode(), ""),
        "overflow.txt": (_seed_with(_CELL_LINE, f"\t{2**64}").replace(
            "湘潭县", "湘乡市").encode(), ""),
        "long-paragraph.txt": (_long_paragraph(10 * 2**20).encode(), ""),
        KILL_ME: (SEED.replace("湘潭县", "雨湖区").encode(), "worker_died"),
        GREEDY: (SEED.replace("湘潭县", "岳塘区").encode(), "memory"),
    }
    for name, (data, _) in made.items():
        (folder / name).write_bytes(data)
    sparse(folder / "sparse.txt", 40 * 2**30)
    (folder / "zero.txt").symlink_to("/dev/zero")
    fifo(folder / "pipe.txt")
    non_utf8_name(folder).write_text(SEED.replace("湘潭县", "株洲县"), encoding="utf-8")
    return {**{n: code for n, (_, code) in made.items()}, "sparse.txt": "limit",
            "zero.txt": "unreadable", "pipe.txt": "unreadable", "report-\\xff.txt": ""}


def test_two_hundred_good_reports_and_every_bad_one_build_in_bounded_time_and_memory(
        tmp_path):
    import resource
    import sys
    import time

    sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
    import generate

    folder = tmp_path / "in"
    generate.generate(200, folder, seed=11, error_rate=0.1)
    _write(folder)  # the catalogue above
    expected = _hostile(folder)
    names = {shown_name(p) for p in folder.iterdir()} - {"manifest.csv"}
    started = time.monotonic()
    summary = build([folder], tmp_path / "r.db", jobs=2, read=read_or_die,
                    limits=LIMITS.but(seconds=10))
    seconds = time.monotonic() - started
    db = sqlite_utils.Database(tmp_path / "r.db")
    reports = {Path(r["path"]).name for r in db["reports"].rows}
    renderings = {r["file"] for r in db["renderings"].rows_where("role = 'rendering'")}
    errors = {Path(r["path"]).name: r for r in db["ingest_errors"].rows}
    assert sorted([*reports, *renderings, *errors]) == sorted(names)  # each exactly once
    assert summary.files == len(names)
    for name, code in expected.items():
        assert (errors[name]["code"] if name in errors else "") == code, (name, errors.get(name))
    assert summary.reports >= 200
    # generous bounds: the loop PDF alone costs its 10 s limit; workers are capped at 4 GB
    assert seconds < 240, seconds
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    this = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    assert children < 4.5 * 2**30 and this < 3 * 2**30, (children, this)


def shown_name(path: Path) -> str:
    return os.fsencode(path.name).decode("utf-8", "backslashreplace")


def test_a_manifest_that_is_not_a_file_or_names_no_year_is_no_manifest(tmp_path):
    fifo(tmp_path / "manifest.csv")
    (tmp_path / "a.txt").write_text(SEED, encoding="utf-8")
    assert _read(tmp_path / "a.txt", seconds=20).error is None  # never waits on the FIFO
    other = tmp_path / "other"
    other.mkdir()
    (other / "manifest.csv").write_text(f"file,agency,year\nb.txt,某某局,{'9' * 20}\n",
                                        encoding="utf-8")
    lines = seed_text("004").split("\n")  # seed 004 has no title: the manifest would say
    (other / "b.txt").write_text("\n".join(lines), encoding="utf-8")
    read = _read(other / "b.txt")
    assert read.error is None
    year = read.rows["reports"][0][COLUMNS["reports"].index("year")]
    assert year is None or 1900 <= year <= 2100


def test_two_names_shown_alike_are_both_recorded(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    raw = Path(os.fsdecode(os.fsencode(folder) + b"/e\xff.txt"))
    raw.write_bytes(b"")
    (folder / "e\\xff.txt").write_bytes(b"")
    summary = build([folder], tmp_path / "r.db", jobs=0)
    db = sqlite_utils.Database(tmp_path / "r.db")
    paths = sorted(r["path"] for r in db["ingest_errors"].rows)
    assert summary.errors == 2
    assert paths == [f"{folder}/e\\xff.txt", f"{folder}/e\\xff.txt (2)"]


def test_a_figure_beyond_sqlite_is_dropped_not_the_file(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(SEED.replace("182件", "182件，公布信息95000000000亿条", 1), encoding="utf-8")
    read = _read(path)
    assert read.error is None
    assert _figure(read, "亿条") == ("95000000000亿条", None)


def _figure(read: Read, part: str) -> tuple[str, object]:
    """(text, value) of the one figure whose text holds `part`."""
    text, value = COLUMNS["metrics"].index("text"), COLUMNS["metrics"].index("value")
    (found,) = [(row[text], row[value]) for row in read.rows["metrics"] if part in row[text]]
    return found
