"""Figures of the prose (govparse.narrative): gold annotation, forms of numbers, spans."""

from __future__ import annotations

import subprocess
import sys

import pytest

from govparse import parse_text
from govparse.checks import check_report
from govparse.model import Report, Section
from govparse.narrative import metrics_of, pipeline
from govparse.narrative.component import SPAN_GROUP
from tests.conftest import ROOT
from tests.helpers import evaluate_figures


def figures(text: str) -> list[tuple]:
    doc = pipeline()(text)
    return [(s.text, s._.value, s._.unit, s._.qualifier, s._.kind)
            for s in doc.spans[SPAN_GROUP]]


@pytest.mark.parametrize("attrs", [(), ("kind",), ("qualifier",), ("whole",)])
def test_precision_and_recall_against_the_gold_annotation(attrs):
    s = evaluate_figures.score(evaluate_figures.gold(), evaluate_figures.extracted(), attrs)
    assert s.gold == 46
    assert s.precision >= 0.95 and s.recall >= 0.95, (attrs, s)


@pytest.mark.parametrize("text, expected", [
    ("提供政策咨询近1.5万人次", ("1.5万人次", 15000, "人次", "近", "咨询数")),
    ("共受理申请1,234件", ("1,234件", 1234, "件", None, "依申请收到数")),
    ("收取信息处理费71万元", ("71万元", 71, "万元", None, "信息处理费")),
    ("开展培训二十二场", ("二十二场", 22, "场", None, "培训数")),
    ("召开新闻发布会两场", ("两场", 2, "场", None, "新闻发布会数")),
    ("满意率达到百分之九十", ("百分之九十", 90, "%", "达到", None)),
    ("公开率98.5%", ("98.5%", 98.5, "%", None, None)),
    ("发布信息100余条", ("100余条", 100, "条", "余", "主动公开信息数")),
    ("发布 32 条,全年", ("32 条", 32, "条", None, "主动公开信息数")),
    ("通过微博发布信息超过300条", ("300条", 300, "条", "超过", "微博发布数")),
])
def test_forms_of_numbers(text, expected):
    assert figures(text) == [expected]


@pytest.mark.parametrize("text", [
    "统计期限为2025年1月1日至2025年12月31日。",  # dates and years
    "（国办公开办函〔2021〕30号）（国务院令第711号）",  # document numbers
    "第二十条第（一）项", "一是强化组织领导。二是健全制度。",  # articles, ordinals
    "创新推行“1+17+N”三级联动模式，落实“三审”制度。",  # names and slogans
    "党的二十大和十九届五中全会精神，进一步统一认识，一体化推进。",
    "综合运用图解、H5、在线访谈，拨打12345热线，访问 http://www.xtx.gov.cn/9128/index.htm",
    "结转2026年办理。", "推出一批政策", "千家万户", "一次性告知",
])
def test_not_figures(text):
    assert figures(text) == []


def test_parts_link_to_their_whole():
    doc = pipeline()("公布信息238条，其中部门动态32条，政务公开135条，其他信息71条；另有3个栏目。")
    spans = list(doc.spans[SPAN_GROUP])
    assert [s._.part_of for s in spans] == [None, 0, 0, 0, None]
    assert [s._.kind for s in spans][:4] == ["主动公开信息数"] * 4  # parts take the whole's


def test_inclusion_aside_then_parts_refer_to_the_whole():
    """Seed 004: "314件,含上年结转…5件。其中312件已…办理完毕,2件结转2026年办理"."""
    doc = pipeline()("共受理申请314件,含上年结转申请5件。其中312件已经办理完毕,2件结转2026年办理。")
    spans = list(doc.spans[SPAN_GROUP])
    assert [(s.text, s._.part_of, s._.attached, s._.kind) for s in spans] == [
        ("314件", None, None, "依申请收到数"), ("5件", 0, "inclusion", "上年结转数"),
        ("312件", 0, "part", "依申请办结数"), ("2件", 0, "part", "结转下年数")]


def test_metrics_carry_line_sentence_offsets_and_subject(reports):
    metrics = metrics_of(reports["001"])
    m = next(m for m in metrics if m.value == 9754)
    assert (m.section, m.line, m.unit, m.kind, m.subject) == (1, 8, "篇", "主动公开信息数",
                                                               "发布各类信息")
    assert m.sentence == ("聚焦高质量发展核心任务，深入推进政府信息集中公开，"
                          "依托县政府门户网站累计发布各类信息9754篇。")
    assert reports["001"].section(1).text[m.start:m.end] == "9754篇"


def test_empty_report_has_no_metrics():
    report = Report(None, "0", None, None, None, None, None,
                    sections=[Section(1, "一、总体情况", "", 1, 1)])
    assert metrics_of(report) == []


# The seed cross-checks of issue 4 (format-spec §7).
def _text_findings(report, rule):
    result = check_report(report)
    return result.outcomes[rule], [f for f in result.findings if f.rule == rule]


def test_seed_001_applications_include_those_carried_over(reports):
    assert _text_findings(reports["001"], "T3-TXT") == ("pass", [])  # 182 = 177 + 5
    assert _text_findings(reports["001"], "T2-TXT") == ("pass", [])  # 规范性文件 6


def test_seed_001_stated_total_that_leaves_out_carried_over_fails(reports):
    text = (ROOT / "corpus" / reports["001"].path.split("/")[-1]).read_text("utf-8")
    report = parse_text(text.replace("182件，包含上年度结转5件", "177件，包含上年度结转5件"))
    outcome, found = _text_findings(report, "T3-TXT")
    assert outcome == "fail"
    assert [(f.expected, f.found, f.lines[0]) for f in found] == [(182, 177, 10)]
    assert [c.key for c in found[0].cells] == ["t3.R01.C7", "t3.R02.C7"]


def test_seed_004_received_completed_carried_forward(reports):
    assert _text_findings(reports["004"], "T3-TXT") == ("pass", [])  # 314, 312, 2 (+5)
    assert _text_findings(reports["004"], "T4-TXT") == ("pass", [])  # 复议 1
    assert _text_findings(reports["004"], "T2-TXT") == ("pass", [])  # 8 issued, 84 in force


def test_seed_003_reviews_and_applications_match_the_tables(reports):
    assert _text_findings(reports["003"], "T4-TXT") == ("pass", [])  # 2 = 维持1 + 纠正1; 诉讼1
    # "2起" = R01.C7, the 总计 its table 三 lost and the identities settled
    assert _text_findings(reports["003"], "T3-TXT") == ("pass", [])


def test_seed_002_parts_exceed_the_whole_is_an_info_finding(reports):
    outcome, found = _text_findings(reports["002"], "N-PART")
    assert outcome == "fail"
    assert [(f.severity, f.expected, f.found, f.lines) for f in found] == [("info", 278, 344,
                                                                             [20])]


def test_parse_and_table_checks_do_not_import_spacy():
    # nor the adapters of other formats: a text file pays for none of them
    code = ("import sys; from govparse import parse_file; r = parse_file(sys.argv[1]); "
            "r.to_dict(); print(*(m in sys.modules for m in "
            "('spacy', 'cn2an', 'lxml', 'docx', 'pdfplumber')))")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "corpus" /
                          "001_7082bf4ff2eed00e.txt")], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False"] * 5


# Review findings: consistent prose that must not be accused. Seed 004's table 三 has
# 新收 309, 结转 5, 办结 312, 结转下年 2; its table 四 one review; 规范性文件 8 issued, 0
# repealed, 84 in force. Each case replaces what its section 一 says of applications.
_SEED_004 = (ROOT / "corpus" / "004_84a5a362a254afd3.txt").read_text("utf-8")
_SENTENCE = ("2025年共受理政府信息公开申请314件,含上年结转政府信息公开申请5件。其中312件已经按要求"
             "办理完毕,2件结转2026年办理。有1件当事人提起行政复议,复议维持我厅决定。")


@pytest.mark.parametrize("sentence", [
    "2025年共受理政府信息公开申请314件,其中上年结转5件。",
    "2025年共受理政府信息公开申请300余件。",
    "2025年共受理政府信息公开申请约310件。",
    "发生行政复议1起,其中已审结1起。",
    "依申请公开平均办理时间为5个工作日。",
    "设立一个窗口统一受理政府信息公开申请。",
    "本年度收到政府信息公开申请309件,上年度收到申请280件。",
    "本年度新制发行政规范性文件8件,废止规范性文件0件。",
    "本年度共收到行政复议申请12件,其中涉及政府信息公开的1件。",
    "2025年新收政府信息公开申请309件,其中自然人提出293件、法人或其他组织提出16件,"
    "上年结转5件,办结312件,结转下年度2件。",
    "全年发布信息1200条,其中政务动态800条,较去年增长500条。",
    "共发布信息5000余条,其中网站发布3000条、新媒体发布2500条。",
    "收到申请314件,其中上年结转5件。其中312件已办结。",
])
def test_consistent_prose_is_not_accused(sentence):
    assert _SENTENCE in _SEED_004
    report = parse_text(_SEED_004.replace(_SENTENCE, sentence),
                        agency="福建省人力资源和社会保障厅", year=2025)
    failed = [f.message for f in check_report(report).findings
              if f.rule in ("T3-TXT", "T4-TXT", "T2-TXT", "N-PART") and f.outcome == "fail"]
    assert failed == []


def test_a_lawsuit_after_review_is_a_lawsuit():
    doc = pipeline()("由政府信息公开引起的行政诉讼 1 起，其中复议后起诉1起。")
    assert [s._.kind for s in doc.spans[SPAN_GROUP]] == ["行政诉讼数", "行政诉讼数"]


def test_a_very_long_paragraph_is_read_in_pieces():
    """1.2 M characters: above spaCy's cap, and slow in one piece (its segmenter is
    worse than linear); read in paragraphs cut after a full stop."""
    text = "政务公开。" * 250_000 + "发布信息9754篇。"
    report = Report(None, "0", None, None, None, None, None,
                    sections=[Section(1, "一、总体情况", text, 1, 1, [1])])
    [m] = metrics_of(report)
    assert (m.text, m.value, m.start, m.kind) == ("9754篇", 9754, len(text) - 6, "主动公开信息数")
    assert text[m.start:m.end] == "9754篇"
