"""The site under 20 concurrent clients: requests per second overall, p50/p95/max per page.

    python bench/load_test.py [DB] [--clients 20] [--requests 40] [--fresh] [--markdown]
                              [--write F]

Serves DB (default: the seeds of corpus/ built into a temporary directory) with the
arguments of `govparse serve` (publish.serve.datasette_args) on a free port of 127.0.0.1,
and nowhere else. After one warm-up request per page, --clients threads share a fixed list
of --requests requests per page, every page in turn, each with a timeout: the run is
bounded whatever the server does. A request with an unexpected status counts as a failure.
--fresh makes every URL distinct (an ignored `_fresh=N` argument), so no page is answered
from the plugin's cache of rendered pages: the cost of rendering under load.
A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

from results import ROOT, emit

from govparse.publish.serve import datasette_args

TIMEOUT = 30  # seconds per request: a stalled server ends the run, not the machine
STARTUP = 60  # seconds for the server to answer its first request

# (name, path, expected status). {sha} and {agency} come from the database; paths are
# percent-encoded as a browser would send them.
PAGES = [
    ("home", "/", 200),
    ("database page", "/{db}", 200),
    ("reports table", "/{db}/reports", 200),
    ("report page", "/-/report/{sha}", 200),
    ("agency page", "/-/agency/{agency_path}", 200),
    ("ask page", "/-/ask?q={agency_q}收到多少申请", 200),
    ("json query", "/{db}.json?sql=select+agency,+year+from+reports+order+by+year&_shape=array",
     200),
    ("canned query json", "/{db}/find_agency.json?name=湘潭", 200),
    ("csv export", "/{db}/reports.csv", 200),
    ("404", "/{db}/no_such_table", 404),
    ("bad sort", "/{db}/reports?_sort=nonexistent", 400),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _seed_db() -> Path:
    """corpus/'s seeds (000_… to 004_…) built into a temporary reports.db."""
    from govparse.publish.build import build

    db = Path(tempfile.mkdtemp(prefix="govparse-load-")) / "reports.db"
    build(sorted((ROOT / "corpus").glob("[0-9][0-9][0-9]_*.txt")), db)
    return db


def _get(url: str) -> tuple[int, float]:
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    except OSError:  # refused, reset or timed out: a failure, timed like the others
        status = 0
    return status, time.perf_counter() - t0


def _serve(db: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "datasette", *datasette_args(db, "127.0.0.1", port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with status {proc.returncode}")
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
            return proc, base
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def _urls(db: Path) -> list[tuple[str, str, int]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        sha, agency = conn.execute("select sha256, agency from reports where agency is not "
                                   "null order by sha256 limit 1").fetchone()
    from datasette.utils import tilde_encode

    fill = {"db": db.stem, "sha": sha, "agency_path": urllib.parse.quote(tilde_encode(agency)),
            "agency_q": urllib.parse.quote(agency)}
    return [(name, urllib.parse.quote(path.format(**fill), safe="/?=&+%~.,"), status)
            for name, path, status in PAGES]


def _fresh(path: str, n: int) -> str:
    return f"{path}{'&' if '?' in path else '?'}_fresh={n}"


def _percentile(times: list[float], p: float) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, max(0, round(p * len(times)) - 1))]


def run(db: Path, clients: int, requests: int, fresh: bool = False
        ) -> tuple[dict, float, int]:
    """Per page: (p50, p95, max) in ms and failures; the overall rate; requests sent."""
    pages = _urls(db)
    proc, base = _serve(db)
    try:
        for _, path, _ in pages:  # warm-up: the first request pays for imports and caches
            _get(base + path)
        work = [(name, _fresh(path, n) if fresh else path, status)
                for n in range(requests) for name, path, status in pages]
        times: dict[str, list[float]] = defaultdict(list)
        failures: dict[str, int] = defaultdict(int)
        lock = threading.Lock()
        cursor = iter(work)

        def client() -> None:
            while True:
                with lock:
                    page = next(cursor, None)
                if page is None:
                    return
                name, path, expected = page
                status, seconds = _get(base + path)
                with lock:
                    times[name].append(seconds * 1000)
                    failures[name] += status != expected

        threads = [threading.Thread(target=client) for _ in range(clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    figures = {name: (_percentile(times[name], 0.5), _percentile(times[name], 0.95),
                      max(times[name]), failures[name]) for name, _, _ in pages}
    return figures, len(work) / elapsed, len(work)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db", type=Path, nargs="?", help="database to serve (default: the seeds)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=40, help="requests per page")
    ap.add_argument("--fresh", action="store_true", help="a distinct URL for every request")
    ap.add_argument("--markdown", action="store_true", help="print a markdown table")
    ap.add_argument("--write", type=Path, help="append the markdown figures to this file")
    args = ap.parse_args(argv)
    db = args.db or _seed_db()
    figures, rate, sent = run(db, args.clients, args.requests, args.fresh)
    reports = sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute(
        "select count(*) from reports").fetchone()[0]
    head = (f"- database: {reports} reports, {os.path.getsize(db) / 1e6:.1f} MB; {sent} requests "
            f"({args.requests} per page{', every URL distinct' if args.fresh else ''}) from "
            f"{args.clients} concurrent clients after one warm-up request per page, 127.0.0.1")
    if args.markdown or args.write:
        lines = [head, f"- overall: {rate:.0f} requests/s", "",
                 "| page | p50 ms | p95 ms | max ms | failed |", "|---|---|---|---|---|"]
        lines += [f"| {name} | {p50:.0f} | {p95:.0f} | {top:.0f} | {failed} |"
                  for name, (p50, p95, top, failed) in figures.items()]
        emit("Site under load", lines, args.write)
        return
    print(head)
    print(f"overall: {rate:.1f} requests/s")
    print(f"{'page':<20} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'failed':>7}")
    for name, (p50, p95, top, failed) in figures.items():
        print(f"{name:<20} {p50:8.0f} {p95:8.0f} {top:8.0f} {failed:7d}")


if __name__ == "__main__":
    main()
