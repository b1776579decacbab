"""The served site in headless Chromium (Debian's chromium, installed by `make browser`):
home page, a faceted table, a report page and the dashboard load with no console error and
no failed request. Screenshots go to tests/artifacts/browser/.

Without /usr/bin/chromium the test is skipped, unless GOVPARSE_REQUIRE_BROWSER=1 (set by
`make test`), which makes a missing browser a failure instead of a silent skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"
# As root, in a sandbox without network: no sandbox, and no background calls to Google.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).exists():
    if os.environ.get("GOVPARSE_REQUIRE_BROWSER") == "1":
        pytest.fail("chromium is not installed: run `make browser` (Debian chromium, "
                    "fonts-noto-cjk)", pytrace=False)
    pytest.skip("chromium is not installed (make browser)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(built_db):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "govparse.cli", "serve", str(built_db),
                             "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/-/versions.json", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"govparse serve did not start: {proc.stdout.read().decode()}")
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def _report_url(base: str) -> str:
    import json

    with urllib.request.urlopen(
            f"{base}/reports/reports.json?_shape=array&year=2020") as response:
        [row] = json.load(response)
    return f"/-/report/{row['sha256']}"


PAGES = {
    "home": "/",
    "reports-faceted": "/reports/reports?_facet=year&_facet=template&_facet=strict_failed",
    "report": None,  # found at run time
    "dashboard": "/-/dashboards/govparse",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_without_errors(server, browser, name):
    path = PAGES[name] or _report_url(server)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 else None)
    response = page.goto(server + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    if name == "dashboard":  # the charts are drawn by vega from the plugin's own files
        page.wait_for_selector("svg.marks, canvas.marks", timeout=15000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=name != "report")
    text = page.inner_text("body")
    page.close()
    assert problems == []
    expected = {"home": "政府信息公开工作年度报告数据库", "reports-faceted": "湘潭县人民政府",
                "report": "37+3+0+0 = 40，但总计为 44", "dashboard": "每年新收政府信息公开申请"}
    assert expected[name] in text


def test_ask_page_answers_with_sources(server, browser):
    """Type a question in the ask page, submit, and follow the answer's source."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 else None)
    page.goto(server + "/-/ask", wait_until="networkidle")
    page.fill("input[name=q]", "湘潭县人民政府2025年收到多少政府信息公开申请？")
    page.click("button[type=submit]")
    page.wait_for_selector(".answer-text")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ask.png"), full_page=True)
    assert "177件" in page.inner_text(".answer-text")
    assert "不含上年结转" in page.inner_text(".definition")
    assert page.locator("table.sources td", has_text="第90行").count() == 1
    sql = page.get_attribute(".sql a", "href")
    page.click("table.sources a")  # the source's report page
    page.wait_for_load_state("networkidle")
    assert "/-/report/" in page.url and "湘潭县人民政府" in page.inner_text("h1")
    page.goto(server + sql, wait_until="networkidle")  # the SQL, taken over in Datasette
    assert "t3.R01.C7" in page.inner_text("body")
    page.goto(server + "/-/ask?q=湘潭2025年收到多少申请", wait_until="networkidle")
    assert page.locator("ul.candidates li").count() == 2
    page.screenshot(path=str(ARTIFACTS / "ask-ambiguous.png"), full_page=True)
    page.close()
    assert problems == []


def _sha(base: str, agency: str, year: int) -> str:
    import json
    from urllib.parse import quote

    with urllib.request.urlopen(f"{base}/reports/reports.json?_shape=array&agency="
                                f"{quote(agency)}&year={year}") as response:
        return json.load(response)[0]["sha256"]


# Each page people read, what it must show, at a desktop's and a phone's width.
READ = {
    "home": ("/", "数字对不上的报告"),
    "search": ("/-/search?q=湘潭", "湘潭县人民政府"),
    "ask": ("/-/ask?q=湘潭县人民政府2025年收到多少政府信息公开申请？", "177件"),
    "report": ("/-/report/{sha}", "本年新收政府信息公开申请数量"),
    "cite": ("/-/report/{sha}/cell/t3.R01.C7", "固定链接"),
    "source": ("/-/report/{sha}/text#L90", "177"),
    "agency": ("/-/agency/~E6~B9~98~E6~BD~AD~E5~8E~BF~E4~BA~BA~E6~B0~91~E6~94~BF~E5~BA~9C",
               "历年报告"),
    "about": ("/-/about", "单元格里的内容是什么意思"),
    "region": ("/-/region/~E6~B9~96~E5~8D~97~E7~9C~81", "各机关历年报告"),
    "table": ("/reports/agency_years", "湘潭县人民政府"),
    "compare": ("/-/compare?地区=湘潭县&较早=2020&较晚=2025", "变化最大"),
}


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("name", list(READ))
def test_pages_read_at_a_desktop_and_a_phone_width(server, browser, name, width):
    path, expected = READ[name]
    if "{sha}" in path:
        path = path.format(sha=_sha(server, "湘潭县人民政府", 2025))
    page = browser.new_page(viewport={"width": width, "height": 900})
    response = page.goto(server + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=name != "source")
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert expected in page.inner_text("body")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert scroll <= width, f"{name} scrolls sideways at {width}px ({scroll}px wide)"
