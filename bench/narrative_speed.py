"""Throughput of the narrative stage (spaCy figures) on the corpus, in characters per second.

    python bench/narrative_speed.py [--rounds 50] [--write bench/RESULTS.md]

Measures, on already parsed reports, `extract_metrics` over every section's prose: the
spaCy pipeline (blank "zh", sentencizer, the figure component) plus the Metric records.
A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from results import emit

from govparse.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--write", type=Path, help="append the figures to this markdown file")
    args = ap.parse_args()

    reports = [parse_file(p) for p in sorted(args.corpus.glob("*.txt"))]
    chars = sum(len(s.text) for r in reports for s in r.sections)
    t0 = time.perf_counter()
    from govparse.narrative import extract_metrics, pipeline

    pipeline()
    load_s = time.perf_counter() - t0
    figures = sum(len(extract_metrics(r)) for r in reports)  # warm-up
    per_round = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for r in reports:
            extract_metrics(r)
        per_round.append(time.perf_counter() - t0)
    median = statistics.median(per_round)
    emit("narrative figures", [
        f"- corpus: {len(reports)} reports, {chars} characters of prose, {figures} figures; "
        f"{args.rounds} rounds, median",
        f"- import spaCy + build the pipeline (once per process): {load_s * 1000:.0f} ms",
        f"- extract_metrics: {chars / median / 1000:.0f} K chars/s, "
        f"{median / len(reports) * 1000:.2f} ms per report",
    ], args.write)


if __name__ == "__main__":
    main()
