"""End-to-end build speed on a generated corpus, stage by stage, against a floor.

    python bench/build_speed.py [--n 10000] [--sample 500] [--write bench/RESULTS.md]

On one generated corpus (bench/generate.py), in one run:
- the floor: read every file and run one regular-expression pass over it;
- each stage on a sample of reports: normalise, grammar + document (the parser with its
  transformer embedded), cells + metadata, checks, narrative figures, database rows + insert
  (rows as the build makes them, inserted 1 report at a time into an in-memory database);
- `govparse build` end to end with --jobs 1 and --jobs 2: reports per second and the peak
  memory of the largest process (the writer or a worker);
- the ratio of each to the floor.
A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils
from generate import generate
from results import emit

from govparse.checks import check_report
from govparse.document.parser import parse_document
from govparse.narrative import extract_metrics, pipeline
from govparse.publish.rows import as_tuples, report_rows
from govparse.publish.schema import ensure_shape
from govparse.publish.writer import flush
from govparse.report.parse import parse_text
from govparse.report.rates import compute_rates
from govparse.text.normalize import normalize

GOVPARSE = Path(sys.executable).with_name("govparse")


def floor(files: list[Path]) -> float:
    """Seconds to read every file and make one regex pass: no tool can do less."""
    pattern = re.compile(r"\d+")
    t0 = time.perf_counter()
    for f in files:
        pattern.findall(f.read_bytes().decode("utf-8"))
    return time.perf_counter() - t0


def stages(files: list[Path]) -> dict[str, float]:
    """Seconds per report of each stage, on already read texts."""
    texts = [f.read_text("utf-8") for f in files]
    pipeline()  # loaded once per process, as in a build
    spent = dict.fromkeys(("normalise", "grammar + document", "cells + metadata", "checks",
                           "narrative figures", "database rows + insert"), 0.0)
    db = sqlite_utils.Database(memory=True)
    ensure_shape(db, loaded=False)
    for text in texts:
        t0 = time.perf_counter()
        doc = normalize(text)
        t1 = time.perf_counter()
        parse_document(doc, None)
        t2 = time.perf_counter()
        report = parse_text(text)
        t3 = time.perf_counter()
        report.metrics = extract_metrics(report)
        t4 = time.perf_counter()
        result = check_report(report)
        t5 = time.perf_counter()
        flush(db, as_tuples(report_rows(report, result, compute_rates(report))))
        t6 = time.perf_counter()
        spent["normalise"] += t1 - t0
        spent["grammar + document"] += t2 - t1
        spent["cells + metadata"] += (t3 - t2) - (t2 - t0)  # parse_text minus the two above
        spent["narrative figures"] += t4 - t3
        spent["checks"] += t5 - t4
        spent["database rows + insert"] += t6 - t5
    return {k: v / len(texts) for k, v in spent.items()}


def end_to_end(corpus: Path, jobs: int, workdir: Path) -> tuple[float, float]:
    """(seconds, peak MB of the largest process) of `govparse build` in a fresh process."""
    db = workdir / f"jobs{jobs}.db"
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "subprocess.run(sys.argv[1:], check=True, stderr=subprocess.DEVNULL, "
             "stdout=subprocess.DEVNULL); print(time.perf_counter() - t, "
             "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, str(GOVPARSE), "build", str(corpus),
                          "-o", str(db), "--jobs", str(jobs)], capture_output=True, text=True,
                         check=True)
    seconds, kb = out.stdout.split()
    return float(seconds), int(kb) / 1024


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sample", type=int, default=500, help="reports timed stage by stage")
    ap.add_argument("--write", type=Path, help="append the figures to this markdown file")
    args = ap.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="govparse-bench-"))
    try:
        corpus = workdir / "corpus"
        t0 = time.perf_counter()
        generate(args.n, corpus, seed=args.seed)
        generated = time.perf_counter() - t0
        files = sorted(corpus.iterdir())
        chars = sum(len(f.read_text("utf-8")) for f in files)
        floor_s = floor(files)
        per_stage = stages(files[:args.sample])
        runs = {jobs: end_to_end(corpus, jobs, workdir) for jobs in (1, 2)}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    n = len(files)
    staged = sum(per_stage.values())
    figures = [
        f"- corpus: {n} generated reports (seed {args.seed}, generated in {generated:.0f} s), "
        f"{chars / n:.0f} characters per report",
        f"- floor (read + one regex pass): {n / floor_s:.0f} reports/s, "
        f"{floor_s / n * 1000:.3f} ms per report",
        f"- stages, ms per report on {min(args.sample, n)} reports "
        f"(× floor in brackets):",
        *(f"  - {name}: {s * 1000:.2f} ms ({s / (floor_s / n):.0f}×)"
          for name, s in per_stage.items()),
        f"  - all stages, one process: {staged * 1000:.2f} ms, {1 / staged:.0f} reports/s",
    ]
    for jobs, (seconds, mb) in runs.items():
        figures.append(f"- `govparse build --jobs {jobs}`: {n / seconds:.0f} reports/s "
                       f"({seconds:.1f} s, {seconds / floor_s:.0f}× the floor), "
                       f"peak memory of the largest process {mb:.0f} MB")
    emit("build speed", figures, args.write)


if __name__ == "__main__":
    main()
