"""Scans of the real PDFs of corpus/ as scanners make them: every resolution, skew and JPEG
quality, read as image-only PDFs; cells right, unreadable and wrong against the golden
cells (tests/gold/hongze_YYYY.tsv). The goal (issue 1): ≥ 98% of cells right at 150 dpi
and above within ±2°, and 0 wrong at every setting.

    python bench/scan_sweep.py [--dpi 100,150,200,300] [--degrees 0,0.5,1,2]
                               [--quality 60,90] [--write bench/RESULTS.md]

A benchmark: nothing is asserted (tests/sources/test_sources_ocr.py holds the tests). A
full sweep reads 2 reports × 32 settings, about 12 pages each: an hour on 2 cores.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from results import ROOT, emit

sys.path.insert(0, str(ROOT))

from govparse import parse_file
from tests.helpers.scans import pages, scanned_pdf, tally

YEARS = (2023, 2024)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dpi", default="100,150,200,300")
    ap.add_argument("--degrees", default="0,0.5,1,2")
    ap.add_argument("--quality", default="60,90")
    ap.add_argument("--faint", default="1", help="ink darkness, 1: black; 0.35: grey 166")
    ap.add_argument("--years", default=",".join(map(str, YEARS)))
    ap.add_argument("--write", type=Path)
    args = ap.parse_args()
    rows = ["| dpi | turned | JPEG quality | ink | report | cells right | unreadable | wrong | "
            "s/page |", "|---|---|---|---|---|---|---|---|---|"]
    totals: dict[bool, list[int]] = {True: [0, 0], False: [0, 0]}
    wrong_all = 0
    with tempfile.TemporaryDirectory() as tmp:
        for dpi in map(int, args.dpi.split(",")):
            for degrees in map(float, args.degrees.split(",")):
                for quality, faint in ((q, f) for q in map(int, args.quality.split(","))
                                       for f in map(float, args.faint.split(","))):
                    for year in map(int, args.years.split(",")):
                        path = Path(tmp) / f"{year}-{dpi}-{degrees}-{quality}-{faint}.pdf"
                        path.write_bytes(scanned_pdf(year, dpi, degrees, quality, faint))
                        t0 = time.perf_counter()
                        report = parse_file(path)
                        seconds = time.perf_counter() - t0
                        right, unread, wrong = tally(year, report)
                        total = right + unread + len(wrong)
                        totals[dpi >= 150][0] += right
                        totals[dpi >= 150][1] += total
                        wrong_all += len(wrong)
                        row = (f"| {dpi} | {degrees:g}° | {quality} | {faint:g} | hongze {year} | "
                               f"{right}/{total} ({100 * right / total:.1f}%) | {unread} | "
                               f"{len(wrong)}{' ' + ', '.join(wrong) if wrong else ''} | "
                               f"{seconds / len(pages(year)):.1f} |")
                        rows.append(row)
                        print(row, flush=True)
    for high, (right, total) in totals.items():
        if total:
            rows.append(f"\n{'≥ 150 dpi' if high else '< 150 dpi'}: {right}/{total} cells "
                        f"right ({100 * right / total:.1f}%).")
    rows += [f"\nWrong cells at every setting: {wrong_all}.", "",
             f"Command: `cd bench && python scan_sweep.py --dpi {args.dpi} --degrees "
             f"{args.degrees} --quality {args.quality} --faint {args.faint} "
             "--write RESULTS.md`", ""]
    emit("Scans: resolution × skew × JPEG quality", rows, args.write)


if __name__ == "__main__":
    main()
