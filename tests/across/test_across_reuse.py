"""Text reuse across reports, on reports built for the purpose from the seeds: a copy of a
seed with its numbers and year changed, a paragraph taken from another seed, the form's
own wording, a sentence edited here and there."""

from __future__ import annotations

import re

import pytest

from govparse import parse_text
from govparse.across.reuse import EARLIER, SAME_YEAR, Narrative, find_reuse, key_of, sentences_of
from tests.conftest import seed_text


def narrative(name: str, text: str) -> Narrative:
    report = parse_text(text)
    n = Narrative(name, report.agency, report.year)
    for s in report.sections:
        n.sentences += sentences_of(s.number, s.text, s.lines)
    return n


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    return {p: seed_text(p) for p in ("000", "001", "003", "004")}


def _next_year(text: str) -> str:
    """The same report a year on, every number changed."""
    text = re.sub(r"(?<![\d.])(\d+)(?![\d.年])", lambda m: str(int(m[1]) * 3 + 1), text)
    return text.replace("2025年", "2026年")


def test_a_report_copied_from_last_year_with_new_numbers_is_copied_whole(seeds):
    reuse, passages = find_reuse([narrative("a2025", seeds["001"]),
                                  narrative("a2026", _next_year(seeds["001"]))])
    later = next(r for r in reuse if r.report == "a2026")
    assert later.share(EARLIER) == 1.0 and later.sources == {EARLIER: {"a2025": later.chars}}
    assert later.main_source(EARLIER) == "a2025" and later.main_source(SAME_YEAR) is None
    mine = [p for p in passages if p.report == "a2026"]
    assert len(mine) == later.sentences
    assert all(p.similarity == 1.0 and p.sentence.line == p.source_sentence.line for p in mine)
    earlier = next(r for r in reuse if r.report == "a2025")
    assert earlier.copied == {}  # reuse looks back, never forward


def test_a_paragraph_taken_from_another_agency_is_found_sentence_by_sentence(seeds):
    taken = "我县政府信息公开工作虽取得一定成效，但仍存在短板不足。"
    assert taken in seeds["001"]
    borrowed = seeds["003"].replace("五、存在的主要问题及改进情况\n",
                                    "五、存在的主要问题及改进情况\n" + taken + "\n", 1)
    reuse, passages = find_reuse([narrative("county", seeds["001"]),
                                  narrative("bureau", borrowed)])
    found = [p for p in passages if p.report == "bureau"]
    assert [(p.relation, p.sentence.text, p.source) for p in found] == \
        [(SAME_YEAR, taken, "county")]
    bureau = next(r for r in reuse if r.report == "bureau")
    assert bureau.copied == {SAME_YEAR: len(key_of(taken))}
    county = next(r for r in reuse if r.report == "county")
    assert county.copied == {SAME_YEAR: len(key_of(taken))}  # the same year, both ways


def test_unrelated_reports_share_nothing(seeds):
    reuse, passages = find_reuse([narrative(k, t) for k, t in seeds.items()])
    assert passages == []
    assert all(r.copied == {} and r.sentences > 10 for r in reuse)


def test_the_forms_own_wording_is_not_a_copy(seeds):
    line = "本报告由湘潭县人民政府办公室根据《中华人民共和国政府信息公开条例》要求编制。"
    texts = [t.replace("一、总体情况\n", "一、总体情况\n" + line + "\n", 1)
             for t in (seeds["001"], seeds["003"])]
    reuse, passages = find_reuse([narrative("a", texts[0]), narrative("b", texts[1])])
    assert passages == []
    assert [r.boilerplate for r in reuse] == [1, 1]


def test_a_sentence_written_by_many_agencies_is_everyones(seeds):
    common = "我们将继续坚持以公开为常态、不公开为例外的原则，不断提升政务公开质量和水平。"
    reports = [narrative(f"r{i}", seeds["003"].replace(
        "卫东区人力资源和社会保障局", f"第{i}区人力资源和社会保障局").replace(
        "五、存在的主要问题及改进情况\n", f"五、存在的主要问题及改进情况\n{common}\n", 1))
        for i in range(10)]
    reuse, passages = find_reuse(reports)
    assert not any(p.sentence.text == common for p in passages)
    assert all(r.boilerplate >= 1 for r in reuse)


def test_a_sentence_edited_here_and_there_is_a_near_copy(seeds):
    edited = seeds["001"].replace("规范会议信息公开，发布县政府全体会议",
                                  "规范会议信息的公开，发布县政府的全体会议")
    _, passages = find_reuse([narrative("a2025", seeds["001"]),
                                  narrative("a2026", _next_year(edited))])
    near = [p for p in passages if p.report == "a2026" and p.similarity < 1]
    assert len(near) == 1 and "规范会议信息的公开" in near[0].sentence.text
    assert 0.7 <= near[0].similarity < 1 and near[0].relation == EARLIER


def test_the_main_source_is_the_one_most_is_copied_from(seeds):
    """The first sentence is found in 2024's report, every other one in 2023's only."""
    opening = "2025年是“十四五”规划的收官之年，也是“十五五”规划的谋篇布局之年。"
    assert opening in seeds["001"]
    minor = seeds["003"].replace("卫东区人力资源和社会保障局", "湘潭县人民政府").replace(
        "2025", "2024").replace("一、总体情况\n", "一、总体情况\n" + opening + "\n", 1)
    reports = [narrative("a-minor", minor),
               narrative("b-major", seeds["001"].replace("2025", "2023")),
               narrative("c-now", seeds["001"])]
    reuse, _ = find_reuse(reports)
    now = next(r for r in reuse if r.report == "c-now")
    assert list(now.sources[EARLIER]) == ["a-minor", "b-major"]  # in the order found
    assert now.sources[EARLIER]["a-minor"] == len(key_of(opening))
    assert now.main_source(EARLIER) == "b-major"
