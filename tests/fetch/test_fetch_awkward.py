"""What a review of `govparse fetch` found, each kept from coming back: a site whose list
links PDFs directly (some through downfile.jsp?filename=), an attachment that fails once, an
error page where a PDF was linked, and a 429 whose retry is redirected to another host."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from tests.conftest import CORPUS
from tests.helpers.column_site import ColumnSite

PDF = (CORPUS / "hongze-district-gov-2024.pdf").read_bytes()
PDF23 = (CORPUS / "hongze-district-gov-2023.pdf").read_bytes()


class AwkwardSite(ColumnSite):
    def _pages(self):
        html = "text/html; charset=utf-8"
        listing = ("<html><head><title>政府信息公开年报</title></head><body>"
                   "<div class='title'>信息公开</div><ul>"
                   "<li><a href='/f/2024.pdf' class='title'>"
                   "2024年淮安市洪泽区人民政府政府信息公开工作年度报告</a></li>"
                   "<li><a href='/module/download/downfile.jsp?classid=0&filename=2023nb.pdf'>"
                   "洪泽区人民政府2023年政府信息公开工作年度报告</a></li>"
                   "<li><a href='/f/zhinan.pdf'>政府信息公开指南</a></li>"
                   "<li><a href='/cover.html'>某县人民政府2022年政府信息公开工作年度报告</a></li>"
                   "<li><a href='/blocked.html'>某县人民政府2021年政府信息公开工作年度报告</a></li>"
                   "<li><a href='/away.html'>某县人民政府2020年政府信息公开工作年度报告</a></li>"
                   "</ul></body></html>")
        cover = ("<html><head><title>某县人民政府2022年政府信息公开工作年度报告</title></head>"
                 "<body>"
                 "<h1>某县人民政府2022年政府信息公开工作年度报告</h1><div id='zoom'>"
                 "<a href='/f/flaky.pdf'>下载</a></div></body></html>")
        blocked = ("<html><head><title>某县人民政府2021年政府信息公开工作年度报告</title></head>"
                   "<body><h1>某县人民政府2021年政府信息公开工作年度报告</h1><div id='zoom'>"
                   "<a href='/f/firewall.pdf'>下载</a></div></body></html>")
        firewall = ("<html><body><h1>网站防火墙</h1><p>" + "您的访问被拦截，请稍后再试。" * 30
                    + "</p></body></html>")
        return {
            "/robots.txt": (b"User-agent: *\n", "text/plain", False),
            "/list.html": (listing.encode(), html, False),
            "/f/2024.pdf": (PDF, "application/pdf", True),
            "/module/download/downfile.jsp": (PDF23, "application/pdf", True),
            "/f/zhinan.pdf": (b"%PDF-1.4 guide", "application/pdf", True),
            "/cover.html": (cover.encode(), html, True),
            "/f/flaky.pdf": (PDF23, "application/pdf", True),
            "/blocked.html": (blocked.encode(), html, True),
            "/f/firewall.pdf": (firewall.encode(), html, False),
        }

    def answer(self, handler, path):
        if path == "/f/flaky.pdf" and not any(r[2] == path for r in self.requests):
            return 404, {"Content-Type": "text/plain"}, b"not yet"
        if path == "/away.html":
            if not any(r[2] == path for r in self.requests):
                return 429, {"Retry-After": "0"}, b"slow down"
            return 302, {"Location": "http://localhost:9/evil.html"}, b""
        return super().answer(handler, path)


def _run(site: AwkwardSite, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "govparse.cli", "fetch", site.url("/list.html"),
                    "-o", str(out), "--delay", "0.1"], check=True, capture_output=True,
                   timeout=120)


def _manifest(out: Path) -> dict[str, dict]:
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        return {row["file"]: row for row in csv.DictReader(f)}


def test_a_list_of_files_an_attachment_that_failed_and_pages_that_are_no_files(tmp_path):
    out = tmp_path / "out"
    with AwkwardSite() as site:
        _run(site, out)
        first = dict(_manifest(out))
        _run(site, out)
    files = {Path(name).name.split("_", 1)[1]: row for name, row in _manifest(out).items()}
    # the list is a list: each report by its own link's title, the guide not one
    assert (files["2024.pdf"]["agency"], files["2024.pdf"]["year"]) == (
        "淮安市洪泽区人民政府", "2024")
    assert files["2023nb.pdf"]["year"] == "2023"  # downfile.jsp?filename=…: a file
    assert "zhinan.pdf" not in files
    # the attachment that failed once is fetched on the next run
    assert "flaky.pdf" not in {Path(n).name.split("_", 1)[1] for n in first}
    assert "flaky.pdf" in files
    # an HTML page where a PDF was linked is not saved
    assert "firewall.pdf" not in files
    # the retried request redirected off the site is never made, and the log says so
    with open(out / "fetch_log.csv", encoding="utf-8-sig", newline="") as f:
        log = {row["url"]: row["action"] for row in csv.DictReader(f)}
    assert log["http://localhost:9/evil.html"].startswith("未请求：不在起始网站上")
    assert log[site.url("/f/firewall.pdf")].startswith("不是附件")  # and says why
