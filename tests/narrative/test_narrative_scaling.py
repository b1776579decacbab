"""Figures and their checks grow with the text, not with its square (bench/figure_scaling.py
times it): properties of the work done, never a wall-clock time."""

from __future__ import annotations

import pytest

import govparse.narrative as narrative
from govparse import parse_text
from govparse.checks import check_report
from govparse.model import Metric, Report, Section
from govparse.narrative import metrics_of
from tests.conftest import seed_text

# One round of sentences with wholes, parts, an aside and a qualifier; no sentence refers to
# the one before it, so that where a long paragraph is cut into pieces changes nothing.
ROUND = ("本年度发布信息9754条，其中政策文件120条，工作动态30条。"
         "共受理政府信息公开申请182件，包含上年度结转5件。"
         "组织开展调查征集6次，提供政策咨询近1.5万人次。")
HEADING = "一、总体情况\n\n"
ROUNDS = 150  # some 11,000 characters: cut into pieces, as a 10 MB paragraph is


def report_with(rounds: int) -> Report:
    """Seed 001 with a paragraph of `rounds` rounds at the top of section 一."""
    text = seed_text("001").replace(HEADING, f"{HEADING}{ROUND * rounds}\n\n", 1)
    return parse_text(text)


def paragraph_figures(report: Report, rounds: int) -> tuple[list[Metric], int]:
    """The figures of the paragraph, and the index in metrics_of of the first of them."""
    section = report.section(1)
    assert section is not None and section.text is not None
    start = section.text.index(ROUND * rounds)
    end = start + len(ROUND) * rounds
    found = [(i, m) for i, m in enumerate(metrics_of(report))
             if m.section == 1 and start <= m.start < end]
    return [m for _, m in found], found[0][0]


def _relative(m: Metric, start: int, first: int) -> tuple:
    """What a figure says, with its offset and its whole's index counted from its round's."""
    return (m.start - start, m.end - start, m.text, m.value, m.unit, m.qualifier, m.subject,
            m.kind, m.relation, m.sentence, m.line,
            None if m.part_of is None else m.part_of - first)


@pytest.fixture(scope="module")
def one_round() -> list[tuple]:
    figures, first = paragraph_figures(report_with(1), 1)
    return [_relative(m, figures[0].start, first) for m in figures]


def test_a_round_has_its_figures(one_round):
    # text and whole: 120条 and 30条 are parts of 9754条, 5件 an aside of 182件
    assert [(f[2], f[-1]) for f in one_round] == [
        ("9754条", None), ("120条", 0), ("30条", 0), ("182件", None), ("5件", 3),
        ("6次", None), ("1.5万人次", None)]


@pytest.mark.parametrize("rounds", [ROUNDS, 2 * ROUNDS])
def test_n_rounds_have_n_times_the_figures_of_one(one_round, rounds):
    figures, first = paragraph_figures(report_with(rounds), rounds)
    assert len(figures) == rounds * len(one_round)
    k = len(one_round)
    for r in range(rounds):
        start = figures[0].start + r * len(ROUND)
        got = [_relative(m, start, first + r * k) for m in figures[r * k:(r + 1) * k]]
        assert got == one_round, r


def test_spacy_gets_pieces_of_bounded_length(monkeypatch):
    lengths: list[int] = []
    make = narrative._doc

    def recording(nlp, text):
        lengths.append(len(text))
        return make(nlp, text)

    monkeypatch.setattr(narrative, "_doc", recording)
    narrative.extract_metrics(report_with(2 * ROUNDS))
    assert max(lengths) <= narrative._PIECE
    assert sum(n > narrative._PIECE // 2 for n in lengths) >= 4  # the paragraph, in pieces


def test_lines_are_those_section_line_of_gives():
    # Figures take their line from the piece they are in, not by counting newlines up to
    # each of them: the same line as Section.line_of, on a section of many lines.
    text = seed_text("001").replace(HEADING, f"{HEADING}{ROUND * ROUNDS}\n\n{ROUND}\n\n", 1)
    report = parse_text(text)
    metrics = metrics_of(report)
    assert len({m.line for m in metrics if m.section == 1}) >= 4
    for m in metrics:
        section = report.section(m.section)
        assert section is not None
        assert m.line == section.line_of(m.start), m


def test_extraction_does_not_count_lines_per_figure(monkeypatch):
    # Section.line_of counts the newlines from the start of the section: called for each
    # figure, a paragraph of n figures cost n times its length.
    calls = []
    line_of = Section.line_of
    monkeypatch.setattr(Section, "line_of", lambda self, offset: calls.append(offset)
                        or line_of(self, offset))
    narrative.extract_metrics(report_with(ROUNDS))
    few = len(calls)
    narrative.extract_metrics(report_with(2 * ROUNDS))
    assert len(calls) - few == few  # twice the figures, not one call more


class CountingList(list):
    """A list of figures that counts how many times it is gone over."""

    passes = 0

    def __iter__(self):
        CountingList.passes += 1
        return super().__iter__()


def _passes(rounds: int) -> int:
    report = report_with(rounds)
    report.metrics = CountingList(metrics_of(report))
    CountingList.passes = 0
    check_report(report)
    return CountingList.passes


def test_checks_go_over_the_figures_a_fixed_number_of_times():
    # Looking up each whole's parts among all figures went over them once per figure.
    assert _passes(ROUNDS) == _passes(2 * ROUNDS) <= 10


def test_figures_stop_at_the_limit_with_a_warning():
    from govparse.sources.limits import LIMITS, current, use

    before = current()
    use(LIMITS.but(figures=50))
    try:
        report = report_with(ROUNDS)
        figures = metrics_of(report)
    finally:
        use(before)
    assert len(figures) == 50
    assert all(m.part_of is None or m.part_of < 50 for m in figures)
    (warning,) = [w for w in report.warnings if w.code == "figures_limit"]
    assert warning.message.startswith("正文陈述的数字超过 50 个：第")
