"""Question parsing speed: the gazetteer lexer and grammar/question.lark, per question.

    python bench/ask_speed.py [--rounds 50] [--write bench/RESULTS.md]

Builds corpus/ into a temporary database (the agencies the lexer knows), then parses the
questions of tests/ask/ask_questions.yml (written as people type them; refused ones included)
after one warm-up round. A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import contextlib
import csv
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import yaml
from results import corpus_arguments, emit

from govparse.ask.lexicon import Gazetteer
from govparse.ask.question import QuestionError, parse_question, question_parser
from govparse.ask.vocabulary import vocabulary
from govparse.publish.build import build

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "tests" / "ask" / "ask_questions.yml"


def main() -> None:
    args = corpus_arguments(__doc__)
    db = Path(tempfile.mkdtemp(prefix="govparse-ask-")) / "reports.db"
    build([args.corpus], db)
    conn = sqlite3.connect(db)
    t0 = time.perf_counter()
    question_parser()
    vocabulary()
    questions = list(yaml.safe_load(QUESTIONS.read_text("utf-8"))["questions"])
    load_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    gazetteer = Gazetteer.of(conn)
    gazetteer_ms = (time.perf_counter() - t0) * 1000
    national = _national(gazetteer)
    per_question = []
    for round_ in range(args.rounds + 1):
        for q in questions:
            t0 = time.perf_counter()
            with contextlib.suppress(QuestionError):  # a refusal costs the same lexing
                parse_question(q, gazetteer, 2026)
            if round_:  # round 0 warms the caches up
                per_question.append((time.perf_counter() - t0) * 1000)
    per_question.sort()
    national_ms = []
    for round_ in range(args.rounds + 1):
        for q in questions:
            t0 = time.perf_counter()
            with contextlib.suppress(QuestionError):
                parse_question(q, national, 2026)
            if round_:
                national_ms.append((time.perf_counter() - t0) * 1000)
    national_ms.sort()
    emit("ask: question parsing", [
        f"- grammar and vocabulary load: {load_ms:.1f} ms once per process; gazetteer of "
        f"{len(gazetteer.forms)} agency names from the database: {gazetteer_ms:.2f} ms",
        f"- {len(questions)} questions of tests/ask/ask_questions.yml x {args.rounds} rounds: "
        f"median "
        f"{statistics.median(per_question):.2f} ms, p95 "
        f"{per_question[int(len(per_question) * 0.95) - 1]:.2f} ms per question "
        "(target: under 5 ms)",
        f"- the same with a national gazetteer ({len(national.forms)} names: every county, "
        f"city and province of govparse/report/regions with {len(_DEPARTMENTS)} kinds of body): "
        f"median {statistics.median(national_ms):.2f} ms, p95 "
        f"{national_ms[int(len(national_ms) * 0.95) - 1]:.2f} ms",
        "", "Command: `cd bench && python ask_speed.py --rounds 50 --write RESULTS.md`", ""],
        args.write)


_DEPARTMENTS = ("人民政府", "人民政府办公室", "人力资源和社会保障局", "教育局", "公安局",
                "民政局", "财政局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局",
                "卫生健康委员会")


def _national(seeds: Gazetteer) -> Gazetteer:
    """The corpus's agencies plus one of each kind for every region: what a national
    database's gazetteer holds."""
    g = Gazetteer(forms={k: set(v) for k, v in seeds.forms.items()})
    with open(ROOT / "govparse" / "report" / "regions" / "divisions.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for kind in _DEPARTMENTS:
                g.add(row["name"] + kind, row["name"] + kind)
            g.add(row["name"], row["name"] + _DEPARTMENTS[0])
    return g


if __name__ == "__main__":
    main()
