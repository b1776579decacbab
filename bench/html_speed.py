"""Saved web pages: milliseconds per page to read (canonical text) and to parse, against
lxml's own parse of the bytes (the floor), on the real pages of corpus/.

    python bench/html_speed.py [--rounds 20] [--write bench/RESULTS.md]

A benchmark: nothing is asserted.
"""

from __future__ import annotations

import statistics
import time

from lxml import html
from results import corpus_arguments, emit

from govparse import parse_file
from govparse.sources import read_source


def _ms(run, rounds: int) -> float:
    run()
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    args = corpus_arguments(__doc__)
    rows = ["| page | KB | lxml parse (floor) ms | read: canonical text ms | whole parse ms |",
            "|---|---|---|---|---|"]
    for path in sorted(args.corpus.glob("*.html")):
        data = path.read_bytes()
        floor = _ms(lambda d=data: html.document_fromstring(d), args.rounds)
        read = _ms(lambda p=path, d=data: read_source(p, d), args.rounds)
        whole = _ms(lambda p=path: parse_file(p), args.rounds)
        rows.append(f"| {path.name} | {len(data) // 1024} | {floor:.1f} | {read:.1f} | "
                    f"{whole:.1f} |")
    rows += ["", f"Command: `cd bench && python html_speed.py --rounds {args.rounds} "
                 "--write RESULTS.md` (median of the rounds, after one warm-up)", ""]
    emit("HTML pages: cost per saved page", rows, args.write)


if __name__ == "__main__":
    main()
