"""The questions of tests/ask/ask_questions.yml, as people type them, each with what must be
answered: the value and every cell it comes from, a ranking, or an honest refusal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml

from govparse.ask import ask

DATA = yaml.safe_load((Path(__file__).parent / "ask_questions.yml").read_text("utf-8"))
GAPS = yaml.safe_load((Path(__file__).parent / "ask_gaps.yml").read_text("utf-8"))
AGENCIES = DATA["agencies"]
NEVER_A_NUMBER = ("refused", "no_data", "ambiguous")


@pytest.fixture(scope="module")
def conn(built_db):
    return sqlite3.connect(f"file:{built_db}?mode=ro", uri=True, check_same_thread=False)


def _number(text: str) -> float | None:
    return None if text == "none" else float(text)


def test_there_are_at_least_600_questions():
    assert len(DATA["questions"]) >= 600


@pytest.mark.parametrize(("question", "expected"), list(GAPS["questions"].items()))
def test_a_question_not_yet_understood_never_gets_a_wrong_number(conn, question, expected):
    a = ask(question, conn, this_year=2026)
    kind, _, rest = expected.partition(" ")
    number = rest.partition(" @ ")[0]
    assert a.value is None or (kind in ("=", "calc") and a.value == _number(number)), a.text


@pytest.mark.parametrize(("question", "expected"), list(DATA["questions"].items()))
def test_question(conn, question, expected):
    a = ask(question, conn, this_year=2026)
    assert not a.answered or a.understood  # what was understood, said first
    kind, _, rest = expected.partition(" ")
    if kind in NEVER_A_NUMBER:
        assert (a.kind, a.value) == (kind, None), a.text
        return
    if kind == "=":
        value, _, keys = rest.partition(" @ ")
        assert a.kind == "value", a.text
        assert a.value == _number(value), a.text
        if keys:
            assert [s.key for s in a.sources] == keys.split("+")
            assert all(s.line for s in a.sources if s.status == "value")
        else:
            assert a.sources and a.sources[0].key is None  # a rate that cannot be computed
    elif kind == "rate":
        assert (a.kind, a.value) == ("value", float(rest)), a.text
        assert a.params.get("rate")
    elif kind == "figure":
        assert (a.kind, a.value) == ("value", _number(rest)), a.text
        assert all(s.what for s in a.sources)  # the sentence it was said in
    elif kind == "top":
        assert a.kind == "top", a.text
        assert [r["机关"] for r in a.rows] == [AGENCIES[x] for x in rest.split()]
        assert all(s.line for s in a.sources)
    elif kind == "compare":
        assert a.kind == "compare", a.text
        assert [r["数值"] for r in a.rows] == [_number(x) for x in rest.split()]
    elif kind == "trend":
        assert a.kind == "trend", a.text
        assert [(r["年度"], r["数值"]) for r in a.rows] == [
            (int(y), _number(v)) for y, v in (x.split(":") for x in rest.split())]
    elif kind == "several":
        assert a.kind == "several", a.text
        assert [r["数值"] for r in a.rows] == [_number(x) for x in rest.split()]
        assert all(s.line for s in a.sources if s.status == "value")
    elif kind == "check":
        assert (a.kind, a.value) == ("check", int(rest)), a.text
    elif kind == "calc":
        assert (a.kind, a.value) == ("calc", float(rest)), a.text
        assert a.sources and all(s.line for s in a.sources if s.status == "value")
    elif kind == "failing":
        assert a.kind == "failing", a.text
        assert [(r["机关"], r["年度"]) for r in a.rows] == [
            (AGENCIES[x.split(":")[0]], int(x.split(":")[1])) for x in rest.split()]
    else:
        raise AssertionError(f"unknown expectation {expected!r}")
