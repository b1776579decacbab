"""Throughput of the narrative stage (spaCy figures) on the corpus, in characters per second.

    python bench/narrative_speed.py [--rounds 50] [--write bench/RESULTS.md]

Measures, on already parsed reports, `extract_metrics` over every section's prose: the
spaCy pipeline (blank "zh", sentencizer, the figure component) plus the Metric records.
A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import time

from results import corpus_arguments, emit, median_round

from govparse.report.parse import parse_file


def main() -> None:
    args = corpus_arguments(__doc__)

    reports = [parse_file(p) for p in sorted(args.corpus.glob("*.txt"))]
    chars = sum(len(s.text) for r in reports for s in r.sections)
    t0 = time.perf_counter()
    from govparse.narrative import extract_metrics, pipeline

    pipeline()
    load_s = time.perf_counter() - t0
    figures = sum(len(extract_metrics(r)) for r in reports)  # warm-up
    median = median_round(lambda: [extract_metrics(r) for r in reports], args.rounds)
    emit("narrative figures", [
        f"- corpus: {len(reports)} reports, {chars} characters of prose, {figures} figures; "
        f"{args.rounds} rounds, median",
        f"- import spaCy + build the pipeline (once per process): {load_s * 1000:.0f} ms",
        f"- extract_metrics: {chars / median / 1000:.0f} K chars/s, "
        f"{median / len(reports) * 1000:.2f} ms per report",
    ], args.write)


if __name__ == "__main__":
    main()
