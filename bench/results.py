"""What every benchmark prints: a dated heading with the machine, then its figures, optionally
appended to bench/RESULTS.md."""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus_arguments(doc: str) -> argparse.Namespace:
    """--rounds, --corpus and --write: the options of the benchmarks over corpus/."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--write", type=Path, help="append the figures to this markdown file")
    return ap.parse_args()


def median_round(run: Callable[[], object], rounds: int) -> float:
    """Median seconds of `rounds` calls of run() (warm it up first)."""
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def heading(title: str) -> str:
    return (f"## {title}, {datetime.date.today()} ({platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()})")


def emit(title: str, figures: list[str], write: Path | None) -> None:
    lines = [heading(title), "", *figures, ""]
    print("\n".join(lines))
    if write:
        with open(write, "a", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
