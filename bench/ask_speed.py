"""Question parsing speed: the gazetteer lexer and grammar/question.lark, per question.

    python bench/ask_speed.py [--rounds 50] [--write bench/RESULTS.md]

Builds corpus/ into a temporary database (the agencies the lexer knows), then parses the
example questions of govparse/ask/vocabulary.yml. A benchmark, not a test: nothing here
asserts a time.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from results import corpus_arguments, emit

from govparse.ask.lexicon import Gazetteer
from govparse.ask.question import parse_question, question_parser
from govparse.ask.vocabulary import vocabulary
from publish.build import build


def main() -> None:
    args = corpus_arguments(__doc__)
    db = Path(tempfile.mkdtemp(prefix="govparse-ask-")) / "reports.db"
    build([args.corpus], db)
    conn = sqlite3.connect(db)
    t0 = time.perf_counter()
    question_parser()
    questions = list(vocabulary().examples)
    load_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    gazetteer = Gazetteer.of(conn)
    gazetteer_ms = (time.perf_counter() - t0) * 1000
    per_question = []
    for _ in range(args.rounds):
        for q in questions:
            t0 = time.perf_counter()
            parse_question(q, gazetteer, 2026)
            per_question.append((time.perf_counter() - t0) * 1000)
    per_question.sort()
    emit("ask: question parsing", [
        f"- grammar and vocabulary load: {load_ms:.1f} ms once per process; gazetteer of "
        f"{len(gazetteer.forms)} agency names from the database: {gazetteer_ms:.2f} ms",
        f"- {len(questions)} example questions x {args.rounds} rounds: median "
        f"{statistics.median(per_question):.2f} ms, p95 "
        f"{per_question[int(len(per_question) * 0.95) - 1]:.2f} ms per question "
        "(target: under 10 ms)"], args.write)


if __name__ == "__main__":
    main()
