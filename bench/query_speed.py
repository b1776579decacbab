"""Datasette latency on a large generated database: median and p95 per page.

    python bench/query_speed.py --n 100000 [--db /tmp/big.db] [--requests 20] [--write F]

Builds N generated reports (bench/generate.py) with `govparse build --jobs 2` unless --db
names a database already built, serves it with `govparse serve` on 127.0.0.1 and times
every canned query, every table page with its default facets, search (a 3-character term
and a 2-character one), a report page and a question on the ask page, each --requests times
after one warm-up request.
A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from generate import generate
from results import emit

from govparse.publish.serve import metadata

GOVPARSE = Path(sys.executable).with_name("govparse")
PARAMS = {"report_table3": {"机关": "湘潭县", "年度": "2023"}, "find_agency": {"名称": "湘潭"}}
# Besides every canned query and every table page, with its default facets (from the metadata):
PAGES = {
    "search sections, 3+ characters": "/reports/sections?_search=信息处理费",
    "search agencies, 2 characters": "/reports/agencies?_search=湘潭",
    "report page": "/-/report/{sha}",
    "ask page": "/-/ask?q={agency}{year}年收到多少申请",
    "home page": "/",
    "search page, 2 characters": "/-/search?q=湘潭",
    "search page, 3+ characters": "/-/search?q=信息处理费",
    "cell citation": "/-/report/{sha}/cell/t3.R01.C7",
    "about page": "/-/about",
    "unknown agency": "/-/agency/~E6~B9~98~E6~BD~AD",
    "region page, province": "/-/region/{province}",
    "compare page, county": "/-/compare?地区={county}&较早=2024&较晚=2025",
    "compare page, province": "/-/compare?地区={province}&较早=2024&较晚=2025",
}


def _serve(db: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(GOVPARSE), "serve", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2)
            return proc, base
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("govparse serve did not start")


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _time(url: str, requests: int) -> tuple[float, float, float, int]:
    """(first ms, median ms, p95 ms, HTTP status): the first request (nothing of the page
    cached yet), then `requests` requests after it. An error status (Datasette answers 400
    when a query passes its time limit) is recorded, not raised: it is a figure too."""
    t0 = time.perf_counter()
    status, times = _get(url)[0], []
    first = (time.perf_counter() - t0) * 1000
    for _ in range(requests):
        t0 = time.perf_counter()
        status = _get(url)[0]
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return first, statistics.median(times), times[max(int(len(times) * 0.95) - 1, 0)], status


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--db", type=Path, help="a database already built (else one is built)")
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--write", type=Path, help="append the figures to this markdown file")
    args = ap.parse_args(argv)

    db = args.db
    built = ""
    if db is None or not db.exists():
        work = Path(tempfile.mkdtemp(prefix="govparse-query-"))
        db = db or work / "reports.db"
        generate(args.n, work / "corpus", seed=1)
        t0 = time.perf_counter()
        subprocess.run([str(GOVPARSE), "build", str(work / "corpus"), "-o", str(db),
                        "--jobs", "2"], check=True, stderr=subprocess.DEVNULL)
        built = f", built in {time.perf_counter() - t0:.0f} s"
    if db.stem != "reports":  # the site serves the database under the name "reports"
        link = Path(tempfile.mkdtemp(prefix="govparse-query-")) / "reports.db"
        link.symlink_to(db.resolve())
        db = link
    meta = metadata()["databases"]["reports"]
    urls = {f"canned: {name}": f"/reports/{name}" + (
        "?" + urllib.parse.urlencode(PARAMS[name]) if name in PARAMS else "")
        for name in meta["queries"]}
    urls.update({f"{name}{' (facets)' if table.get('facets') else ''}": f"/reports/{name}"
                 for name, table in meta["tables"].items()})
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:  # a report to open and ask
        sha, agency, year = conn.execute(
            "select sha256, agency, year from reports where agency is not null "
            "order by agency like '湘潭县%' desc limit 1").fetchone()
        province, county = conn.execute(  # the largest, for the pages over a region
            "select province, (select county from agencies b where b.province = a.province "
            "and county is not null group by county order by count(*) desc limit 1) "
            "from agencies a where province is not null group by province "
            "order by count(*) desc limit 1").fetchone()
    for name, path in PAGES.items():
        path = path.format(sha=sha, agency=agency, year=year, province=province,
                           county=county)
        page = urllib.parse.quote(path.split("?")[0], safe="/~")  # a region's name
        urls[name] = page + "?" + urllib.parse.urlencode(
            dict(urllib.parse.parse_qsl(path.split("?")[1]))) if "?" in path else page
    proc, base = _serve(db)
    try:
        rows = {name: _time(base + path, args.requests) for name, path in urls.items()}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    size = db.stat().st_size / 1e9
    figures = [f"- database: {args.n if built else '(given)'} reports, {size:.2f} GB{built}; "
               f"{args.requests} requests per page after a warm-up, one client, 127.0.0.1",
               "", "| page | first ms | median ms | p95 ms | HTTP |", "|---|---|---|---|---|"]
    figures += [f"| {name} | {first:.0f} | {med:.0f} | {p95:.0f} | {status} |"
                for name, (first, med, p95, status) in rows.items()]
    emit("Datasette latency", figures, args.write)


if __name__ == "__main__":
    main()
