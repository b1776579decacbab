"""How many cells the reader gets from reports in the layouts real reports arrive in.

    python bench/degraded_accuracy.py [--n 2000] [--seed 1] [--write bench/RESULTS.md]

Generates N reports with known values (bench/generate.py --degraded: text dumps with every
cell run together, split markdown tables under placeholder headers, rows that lost cells,
colspan shifts), reads each back and counts, per layout, the cells read right, the cells
left unreadable (the source and the form leave more than one value) and the cells read
wrong, which must be 0. A measurement, not a test: tests/cells/test_placement.py holds the
property that a cell is never read as another value.
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

from generate import generate, listing_path, truth_path
from results import emit

from govparse import parse_file
from govparse.model import VALUE


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--write", type=Path, help="append the figures to this markdown file")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "degraded"
        generate(args.n, out, seed=args.seed, error_rate=0.05, degraded=True)
        rows = list(csv.DictReader(listing_path(out).open(encoding="utf-8")))
        truth = json.loads(truth_path(out).read_text(encoding="utf-8"))
        counts: Counter[tuple[str, str]] = Counter()
        refused: Counter[str] = Counter()
        wrong_examples: list[str] = []
        t0 = time.perf_counter()
        for row in rows:
            try:
                report = parse_file(out / row["file"])
            except Exception:  # a refused file: every one of its cells unread
                refused[row["layout"]] += 1
                counts[(row["layout"], "open")] += len(truth[row["file"]])
                continue
            cells = {c.key: c for c in report.cells}
            for key, value in truth[row["file"]].items():
                cell = cells.get(key)
                if cell is not None and cell.status == VALUE:
                    outcome = "right" if cell.value == value else "wrong"
                    if outcome == "wrong" and len(wrong_examples) < 10:
                        wrong_examples.append(f"{row['file']} {key}: {cell.value} for {value}")
                else:
                    outcome = "open"
                counts[(row["layout"], outcome)] += 1
        seconds = time.perf_counter() - t0
    figures = [f"- {args.n} generated reports (seed {args.seed}, bench/generate.py --degraded), "
               f"read in {seconds:.0f} s; `python bench/degraded_accuracy.py --n {args.n}`",
               "", "| layout | reports | cells | read right | unreadable | read wrong |",
               "|---|---|---|---|---|---|"]
    layouts = sorted({layout for layout, _ in counts})
    for layout in [*layouts, "all"]:
        pick = layouts if layout == "all" else [layout]
        right, open_, wrong = (sum(counts[(x, o)] for x in pick)
                               for o in ("right", "open", "wrong"))
        total = right + open_ + wrong
        n = sum(r["layout"] in pick for r in rows)
        figures.append(f"| {layout} | {n} | {total} | {100 * right / total:.2f}% | "
                       f"{100 * open_ / total:.2f}% | {100 * wrong / total:.3f}% ({wrong}) |")
    if refused:
        figures.append(f"- refused files: {dict(refused)}")
    figures += [f"- wrong: {w}" for w in wrong_examples]
    emit("cells read from degraded layouts", figures, args.write)


if __name__ == "__main__":
    main()
