"""Parse throughput on the corpus: reports per second and characters per second.

    python bench/parse_speed.py [--rounds 50] [--write bench/RESULTS.md]

A benchmark, not a test: it prints figures (and appends them to RESULTS.md with the date
and the machine when asked); nothing here asserts a time.
"""

from __future__ import annotations

import time

from results import corpus_arguments, emit, median_round

from govparse.document.parser import report_parser
from govparse.report.parse import parse_text
from govparse.sources import read_source


def main() -> None:
    args = corpus_arguments(__doc__)

    # the canonical text of each text file, as parse_file hands it on (a dump whose line
    # breaks were lost is split back into lines by its source adapter first)
    sources = [read_source(p) for p in sorted(args.corpus.glob("*.txt"))]
    texts = [(s.text, s.layout) for s in sources]
    chars = sum(len(t) for t, _ in texts)
    t0 = time.perf_counter()
    report_parser()  # grammar build (from Lark's on-disk cache after the first run)
    build_ms = (time.perf_counter() - t0) * 1000
    for t, layout in texts:  # warm-up
        parse_text(t, table_layout=layout)
    median = median_round(lambda: [parse_text(t, table_layout=layout) for t, layout in texts],
                          args.rounds)
    emit("parse throughput", [
        f"- corpus: {len(texts)} reports, {chars} characters; {args.rounds} rounds, median",
        f"- grammar load: {build_ms:.1f} ms",
        f"- parse (normalise + grammar + cells + metadata): "
        f"{len(texts) / median:.0f} reports/s, {chars / median / 1000:.0f} K chars/s, "
        f"{median / len(texts) * 1000:.2f} ms per report",
    ], args.write)


if __name__ == "__main__":
    main()
