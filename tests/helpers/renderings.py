"""The real reports of corpus/ rendered into the files agencies publish and people save,
by the tools that make them: LibreOffice (Word 97-2003, RTF, OpenDocument, spreadsheets),
Chromium ("网页，单个文件" MHTML, and its print to PDF), an archiver (.zip).

A saved page becomes a Word file as an office suite opens it (the whole page, its site
chrome and breadcrumb included); a spreadsheet holds what agencies put in one: the title,
and the three tables under their section headings.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lxml import html

from govparse.sources import office

# Rendering -> (LibreOffice's target, import filter, from the tables alone)
OFFICE = {"doc": ("doc", "HTML (StarWriter)", False),
          "rtf": ("rtf", "HTML (StarWriter)", False),
          "odt": ("odt", "HTML (StarWriter)", False),
          "docx": ("docx", "HTML (StarWriter)", False),  # an office suite's export …
          "pdf": ("pdf", "HTML (StarWriter)", False),  # … and its PDF
          "xlsx": ("xlsx", "HTML (StarCalc)", True),
          "xls": ("xls", "HTML (StarCalc)", True),
          "ods": ("ods", "HTML (StarCalc)", True)}
# WPS Office saves its .wps and .et in the Word 97-2003 and Excel 97-2003 binary formats.
SAME_BYTES = {"wps": "doc", "et": "xls"}

_TABLE_HEADING = re.compile(r"[二三四]、(主动公开|收到和处理|政府信息公开行政复议)")
_TITLE = re.compile(r".{4,40}年度报告")


def tables_alone(page: bytes, headings: bool = True) -> bytes:
    """The page's title, and its tables under their section headings, as one HTML page;
    without `headings`, the tables and nothing else."""
    root = html.fromstring(page)
    parts: list[str] = []
    title = next((t for el in root.iter("h1", "h2", "p", "div", "title")
                  if _TITLE.fullmatch(t := el.text_content().strip())), None)
    if title and headings:
        parts.append(f"<p>{title}</p>")
    for el in root.iter("p", "div", "span", "strong", "table"):
        if el.tag == "table":
            if not any(a.tag == "table" for a in el.iterancestors()):
                parts.append(html.tostring(el, encoding="unicode"))
            continue
        text = el.text_content().strip()
        if headings and len(text) < 40 and _TABLE_HEADING.match(text) and \
                el.find(".//table") is None:
            parts.append(f"<p>{text}</p>")
    body = "".join(dict.fromkeys(parts))
    return f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode()


def render(page_path: Path, kind: str) -> bytes:
    """The saved page at `page_path` as a file of `kind` (a suffix of OFFICE or SAME_BYTES)."""
    kind = SAME_BYTES.get(kind, kind)
    target, infilter, alone = OFFICE[kind]
    page = page_path.read_bytes()
    return office.convert(tables_alone(page) if alone else page, target, infilter=infilter)


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def saved_by_chromium(page_urls: list[str], chromium: str) -> dict[str, tuple[bytes, bytes]]:
    """Each page saved by Chromium as "网页，单个文件" (MHTML, Page.captureSnapshot) and
    printed to PDF (its print dialog's "另存为 PDF")."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            for url in page_urls:
                page = browser.new_page()
                page.goto(url)
                snapshot = page.context.new_cdp_session(page).send(
                    "Page.captureSnapshot", {"format": "mhtml"})
                out[url] = (snapshot["data"].encode("utf-8"), page.pdf())
                page.close()
        finally:
            browser.close()
    return out
