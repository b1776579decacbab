"""Answering speed: every question of tests/ask/ask_questions.yml asked of a built database,
the whole answer (parse, SQL, refusal), per question.

    python bench/ask_answer_speed.py DB [--rounds 3] [--write bench/RESULTS.md]

DB is any database `govparse build` made (for scale: bench/generate.py N, then build). The
questions name the seed agencies; over a generated database most are answered no_data or
refused, which costs the same lexing and the same lookups. One warm-up round first.
A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from pathlib import Path

import yaml
from results import emit

from govparse.ask import ask

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "ask" / "ask_questions.yml"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--write", type=Path)
    args = ap.parse_args()
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    reports = conn.execute("select count(*) from reports").fetchone()[0]
    questions = list(yaml.safe_load(QUESTIONS.read_text("utf-8"))["questions"])
    for q in questions:
        ask(q, conn, this_year=2026)
    ms = []
    for _ in range(args.rounds):
        for q in questions:
            t0 = time.perf_counter()
            ask(q, conn, this_year=2026)
            ms.append((time.perf_counter() - t0) * 1000)
    ms.sort()
    emit("ask: whole answers", [
        f"- database: {args.db.name}, {reports} reports; {len(questions)} questions x "
        f"{args.rounds} rounds after a warm-up: median {statistics.median(ms):.1f} ms, p95 "
        f"{ms[int(len(ms) * 0.95) - 1]:.1f} ms, max {ms[-1]:.1f} ms per question "
        "(target: p95 under 20 ms at 100,000 reports)", "",
        f"Command: `cd bench && python ask_answer_speed.py {args.db} --rounds {args.rounds}`",
        ""], args.write)


if __name__ == "__main__":
    main()
