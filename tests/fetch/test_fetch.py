"""`govparse fetch` against a column site served on 127.0.0.1 by the test (tests/helpers/
column_site.py: TRS and Hanweb columns, robots.txt, a 301, a 429 with Retry-After, a challenge,
a GBK page, attachments; real reports of corpus/). Each fetch runs as the command does, in a
process of its own (Scrapy's reactor starts once per process)."""

from __future__ import annotations

import csv
import gzip
import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from govparse.publish.build import build
from tests.helpers.column_site import RETRY_AFTER, ColumnSite
from tests.helpers.site import Site

DELAY = 0.3
REPORTS = {  # path saved as a report -> (agency, year, the page it came from)
    "/xxgk/ndbg/202601/t20260110_1.html": ("湘潭县人民政府", 2025,
                                           "/xxgk/ndbg/202601/t20260110_1.html"),
    "/art/2026/1/5/art_123_1.html": ("卫东区人力资源和社会保障局", 2025,
                                     "/art/2026/1/5/art_123_1.html"),
    "/xxgk/ndbg/202501/P020250105.pdf": ("淮安市洪泽区人民政府", 2024,
                                         "/xxgk/ndbg/202501/t20250105_2.html"),
    "/new/P020240110.pdf": ("洪泽区人民政府", 2023, "/new/t3.html"),
}


def _fetch(site: ColumnSite, out: Path, *more: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "govparse.cli", "fetch", site.url("/xxgk/ndbg/index.html"),
         site.url("/col/col123/index.html"), "-o", str(out), "--delay", str(DELAY), *more],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _run(site: ColumnSite, out: Path) -> str:
    process = _fetch(site, out)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr[-2000:]
    return stdout


def _csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def fetched(tmp_path_factory):
    """Two runs into one folder, and every request the site saw, run by run."""
    out = tmp_path_factory.mktemp("fetched")
    with ColumnSite() as site:
        first_summary = _run(site, out)
        first = list(site.requests)
        _run(site, out)
        second = site.requests[len(first):]
    return out, site, first, second, first_summary


def test_every_report_is_found_and_saved_with_its_source(fetched):
    out, site, _first, _second, summary = fetched
    manifest = {row["source_url"]: row for row in _csv(out / "manifest.csv")}
    assert len(manifest) == len(REPORTS), manifest
    for path, (agency, year, page) in REPORTS.items():
        row = manifest[site.url(page)]
        assert (row["agency"], int(row["year"])) == (agency, year)
        assert (out / row["file"]).exists() and row["fetched_at"] and len(row["sha256"]) == 64
        assert row["file"].endswith(Path(path).name)
        assert row["archived"].startswith("responses.warc.gz#<urn:uuid:")
    assert "报告 4 份" in summary


def test_polite_robots_delay_retry_after_and_user_agent(fetched):
    _out, _site, first, _second, _summary = fetched
    paths = [path for _t, _m, path, _s, _ua in first]
    assert paths[0] == "/robots.txt"
    assert not any(p.startswith("/private/") for p in paths)  # robots.txt forbids it
    times = [t for t, *_ in first]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= DELAY * 0.95, gaps  # one request at a time, never closer
    throttled = next(i for i, r in enumerate(first) if r[3] == 429)
    assert times[throttled + 1] - times[throttled] >= RETRY_AFTER * 0.95
    assert any(r[2].startswith("/module/web/jpage/dataproxy.jsp") and r[3] == 200
               for r in first[throttled + 1:])  # tried again after its wait
    assert all(ua.startswith("govparse/") for *_x, ua in first)


def test_the_log_says_what_was_done_with_every_url(fetched):
    out, site, _first, _second, _summary = fetched
    log = _csv(out / "fetch_log.csv")
    actions = {(row["url"], row["action"]) for row in log}
    assert (site.url("/private/t1.html"), "未请求：robots.txt 不允许") in actions
    blocked = [row for row in log if row["url"] == site.url("/wzws/t2.html")]
    assert any(row["action"].startswith("被拦截") for row in blocked)
    redirected = [row for row in log if row["url"] == site.url("/new/t3.html")]
    assert any(site.url("/old/t3.html") in row["note"] for row in redirected)
    assert not any("wzws" in row["file"] for row in _csv(out / "manifest.csv"))


def test_every_response_is_archived_as_received(fetched):
    out, _site, first, _second, _summary = fetched
    with gzip.open(out / ".govparse-fetch" / "responses.warc.gz", "rb") as raw:
        records = [(r.rec_headers.get_header("WARC-Target-URI"), r.http_headers.get_statuscode())
                   for r in ArchiveIterator(raw) if r.rec_type == "response"]
    assert len(records) >= len(first)
    assert any(status == "301" for _u, status in records)
    assert any(status == "429" for _u, status in records)


def test_a_second_run_downloads_nothing_unchanged(fetched):
    _out, _site, _first, second, _summary = fetched
    for path in [*REPORTS, "/xxgk/ndbg/202501/t20250105_2.html", "/new/t3.html"]:
        assert not [r for r in second if r[2] == path and r[3] == 200], path


def test_build_reads_every_fetched_report(fetched, tmp_path):
    out, site, *_ = fetched
    result = build([out], tmp_path / "reports.db")
    assert (result.reports, result.errors) == (len(REPORTS), 0)  # the log, WARC, state: not
    with sqlite3.connect(tmp_path / "reports.db") as conn:
        rows = conn.execute("select sha256, source_url, fetched_at from reports").fetchall()
    assert all(url and url.startswith(site.url("/")) and at for _s, url, at in rows)
    page = Site(tmp_path / "reports.db").text(f"/-/report/{rows[0][0]}")
    assert f"来源{rows[0][1]}（抓取于 {rows[0][2]}）" in page and "存档" in page


def _saved(out: Path) -> int:
    try:
        with sqlite3.connect(out / ".govparse-fetch" / "state.db") as conn:
            return conn.execute("select count(*) from saved").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_a_killed_run_resumes_without_downloading_anything_twice(tmp_path):
    out = tmp_path / "killed"
    with ColumnSite() as site:
        # a second apart, so that nothing is in flight when it is killed after a save
        process = _fetch(site, out, "--delay", "1")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _saved(out) == 0:
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.communicate()
        assert 0 < _saved(out) < len(REPORTS)
        _run(site, out)
        downloads = [r[2] for r in site.requests if r[3] == 200 and r[2] in REPORTS]
    assert sorted(downloads) == sorted(REPORTS), downloads  # each once, across both runs
    assert {row["source_url"] for row in _csv(out / "manifest.csv")} == {
        site.url(page) for _a, _y, page in REPORTS.values()}
