"""Every rule of format-spec §5: a passing, a failing and a not-assessable case.

Cases are real seeds edited at the source lines of the cells concerned (TAB layout:
one cell per line), so each test goes through the whole parser.
"""

from __future__ import annotations

import pytest

from govparse import parse_file, parse_text
from govparse.checks import check_report, check_reports, rules
from govparse.checks.registry import FUNCTIONS
from tests.conftest import seed_path, seed_text

_BASE = {s: parse_file(seed_path(s)) for s in ("000", "001", "002")}


def edited(seed: str, cells: dict[str, str] | None = None, replace: dict[str, str] | None = None,
           **options):
    """Seed text with cells rewritten ("" = blank) and text replaced, parsed again."""
    lines = seed_text(seed).split("\n")
    for key, raw in (cells or {}).items():
        lines[_BASE[seed].cell(key).line - 1] = "\t" + raw
    text = "\n".join(lines)
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    return parse_text(text, **options)


def outcome(report, rule_id: str) -> str:
    return check_report(report).outcomes[rule_id]


def findings(report, rule_id: str):
    return [f for f in check_report(report).findings if f.rule == rule_id]


# Seed 001's table 四 has 77 reviews: 37 upheld, 19 corrected; its prose does not say so.
REVIEWS_TEXT = {"事事有着落”。": "事事有着落”。全年引起行政复议77起，其中维持37起，纠正19起。"}
NO_FEE_TEXT = {"本年度未收取信息处理费。": "无。"}
BLANK_ALL_T2 = {k: "" for k in ("t2.rules.issued", "t2.rules.repealed", "t2.rules.in_force",
                                "t2.normative.issued", "t2.normative.repealed",
                                "t2.normative.in_force", "t2.licensing.decisions",
                                "t2.punishment.decisions", "t2.coercion.decisions",
                                "t2.fees.amount")}

# rule: (seed, edits) for pass, fail and not assessable; edits = (cells, text replacements)
CASES = {
    "T3-BAL": ("001", ({}, {}), ({"t3.R01.C1": "175"}, {}),
               ({"t3.R01.C1": "", "t3.R02.C1": ""}, {})),
    "T3-SUM": ("001", ({}, {}), ({"t3.R03.C1": "55"}, {}),
               ({"t3.R03.C1": "", "t3.R04.C1": ""}, {})),
    "T3-ROW": ("001", ({}, {}), ({"t3.R03.C2": "2"}, {}),
               ({"t3.R03.C1": "", "t3.R03.C2": ""}, {})),
    "T3-DOM": ("001", ({}, {}), ({"t3.R03.C1": "54.5"}, {}),
               ({f"t3.R{r:02d}.C{c}": "" for r in range(1, 26) for c in range(1, 8)}, {})),
    "T4-REV": ("001", ({}, {}), ({"t4.review.total": "78"}, {}),
               ({"t4.review.total": "", "t4.review.upheld": ""}, {})),
    "T4-LD": ("001", ({}, {}), ({"t4.suit_direct.total": "21"}, {}),
              ({"t4.suit_direct.total": "", "t4.suit_direct.other": ""}, {})),
    "T4-LR": ("001", ({}, {}), ({"t4.suit_after_review.upheld": "8"}, {}),
              ({"t4.suit_after_review.total": "", "t4.suit_after_review.upheld": ""}, {})),
    "T4-DOM": ("001", ({}, {}), ({"t4.review.other": "减4"}, {}),
               ({f"t4.{g}.{p}": "" for g in ("review", "suit_direct", "suit_after_review")
                 for p in ("upheld", "corrected", "other", "pending", "total")}, {})),
    "T4-PLA": ("002", ({"t4.suit_direct.total": "40", "t3.R01.C1": "3", "t3.R01.C7": "3",
                        "t3.R24.C1": "3", "t3.R24.C7": "3", "t3.R03.C1": "3",
                        "t3.R03.C7": "3"}, {}),
               ({}, {}), ({"t4.review.total": ""}, {})),
    "T2-DOM": ("001", ({}, {}), ({"t2.rules.issued": "减1"}, {}), (BLANK_ALL_T2, {})),
    "T2-VAL": ("001", ({}, {}), ({"t2.normative.repealed": "0", "t2.normative.in_force": "5"}, {}),
               ({"t2.normative.in_force": ""}, {})),
    "T2b-DOM": ("002", ({}, {}), ({"t2.licensing.prev_items": "减12"}, {}),
                ({c.key: "" for c in _BASE["002"].cells if c.table == 2}, {})),
    "T2b-PUB": ("002", ({}, {}), ({"t2.normative.total_published": "0"}, {}),
                ({"t2.normative.total_published": ""}, {})),
    "T2b-MIS": ("002", ({"t2.licensing.decisions": "30", "t2.punishment.decisions": "2"}, {}),
                ({}, {}), ({"t2.licensing.change": "", "t2.punishment.decisions": "2"}, {})),
    "X-FEE2": ("000", ({}, {}),
               ({"t3.R01.C1": "0", "t3.R01.C7": "0", "t3.R24.C1": "0", "t3.R24.C7": "0"},
                {"本年度未收取信息处理费。": "本年度收取信息处理费200元。"}),
               ({}, NO_FEE_TEXT)),
    "X-FEE3": ("000", ({}, {}), ({"t3.R22.C1": "2", "t3.R22.C7": "2"}, {}),
               ({"t3.R22.C7": ""}, {})),
    "X-FEE4": ("000", ({}, {}), ({}, NO_FEE_TEXT),
               ({}, {"六、其他需要报告的事项\n\n本年度未收取信息处理费。": ""})),
    "X-STR": ("000", ({}, {}), ({}, {"四、政府信息公开行政复议、行政诉讼情况": "行政复议诉讼情况"}),
              None),
    "X-TPL": ("002", ({}, {}), ({}, {"2020年政府信息公开工作": "2023年政府信息公开工作"}),
              ({}, {"湘潭县人力资源和社会保障局2020年政府信息公开工作\n\n年度报告": "",
                    "统计期限自2020年1月1日": ""})),
    "X-YR": ("000", ({}, {}), ({}, {"统计期限为2025年": "统计期限为2024年"}),
             ({}, {"湘潭县人力资源和社会保障局\n\n2025年政府信息公开工作年度报告": "",
                   "统计期限为2025年1月1日至2025年12月31日": ""})),
    "T3-TXT": ("001", ({}, {}), ({}, {"申请182件": "申请183件"}), ({"t3.R01.C7": ""}, {})),
    "T4-TXT": ("001", ({}, REVIEWS_TEXT),
               ({}, {**REVIEWS_TEXT, "纠正19起": "纠正18起"}),
               ({"t4.review.total": ""}, REVIEWS_TEXT)),
    "T2-TXT": ("001", ({}, {}), ({}, {"发布规范性文件6篇": "发布规范性文件7篇"}),
               ({"t2.normative.issued": ""}, {})),
    "N-PART": ("000", ({}, {}), ({}, {"政务公开135条": "政务公开235条"}),
               ({}, {"其中部门动态32条": "其中部门动态十十条"})),
}
# X-STR has no not-assessable case: whether sections and table cells are there can always
# be seen. Every other rule can meet operands it cannot read.
NEVER_NOT_ASSESSABLE = {"X-STR"}


def test_every_report_rule_has_cases_and_a_function():
    report_rules = {r for r, rule in rules().items() if rule.scope == "report"}
    assert set(CASES) == report_rules
    assert set(FUNCTIONS) == set(rules())


@pytest.mark.parametrize("rule_id", sorted(CASES))
@pytest.mark.parametrize("expected", ["pass", "fail", "not_assessable"])
def test_rule_outcomes(rule_id, expected):
    seed, *cases = CASES[rule_id]
    case = cases[["pass", "fail", "not_assessable"].index(expected)]
    if case is None:
        assert rule_id in NEVER_NOT_ASSESSABLE
        return
    cells, text = case
    report = edited(seed, cells, text)
    assert outcome(report, rule_id) == expected
    found = findings(report, rule_id)
    if expected == "pass":
        assert found == []
    else:
        assert found and all(f.outcome == expected for f in found)
        if expected == "fail":
            assert all(f.severity in ("error", "warning", "info") and f.message for f in found)


def test_failures_carry_cells_lines_expected_and_found():
    report = edited("001", {"t3.R01.C1": "175"})
    [f] = [f for f in findings(report, "T3-BAL") if f.outcome == "fail"]
    assert (f.level, f.severity, f.expected, f.found) == ("STRICT", "error", 180, 179)
    assert [c.key for c in f.cells] == ["t3.R01.C1", "t3.R02.C1", "t3.R24.C1", "t3.R25.C1"]
    assert f.cells[0].row == "一、本年新收政府信息公开申请数量" and f.cells[0].col == "自然人"
    assert f.lines == [84, 93, 332, 341]


def test_single_blank_operand_is_inferred_never_written_into_the_cell():
    report = edited("001", {"t3.R24.C7": ""})
    cell = report.cell("t3.R24.C7")
    assert (cell.status, cell.value) == ("blank", None)
    inferred = [f for f in check_report(report).findings if f.outcome == "inferred"]
    by_rule = {f.rule: f.inferred_value for f in inferred}
    assert by_rule == {"T3-BAL": 173, "T3-SUM": 173, "T3-ROW": 173}
    assert all(f.severity == "info" for f in inferred)
    assert report.cell("t3.R24.C7").value is None  # still not printed data


def test_no_inference_when_no_whole_number_fits():
    report = edited("001", {"t3.R24.C7": "", "t3.R25.C7": "200"})
    bal = findings(report, "T3-BAL")
    assert [f.outcome for f in bal if "总计" in f.message] == ["not_assessable"]


# ---- the seeds ------------------------------------------------------------------------

def test_seeds_strict_failures(reports):
    strict = {s: [f.rule for f in check_report(r).strict_failures] for s, r in reports.items()}
    assert strict == {"000": [], "001": [], "002": ["T4-LD"], "003": [], "004": []}


def test_seed_002_direct_lawsuits_do_not_add_up(reports):
    [f] = findings(reports["002"], "T4-LD")
    assert (f.outcome, f.expected, f.found) == ("fail", 40, 44)
    assert f.lines == [392, 393, 394, 395, 396]
    assert "37+3+0+0 = 40" in f.message


def test_seed_003_unreadable_cells_are_not_blamed_on_the_agency(reports):
    result = check_report(reports["003"])
    # Two cells of its table 三 are blank or 0: the 自然人 balance cannot be assessed ...
    [bal] = [f for f in result.findings if f.rule == "T3-BAL"]
    assert bal.outcome == "not_assessable" and "t3.R02.C1" in [c.key for c in bal.cells]
    # ... and the table is a structure finding, kept apart from the STRICT failures
    [structure] = [f for f in result.findings if f.rule == "X-STR"]
    assert (structure.table, structure.found, structure.cause) == (3, 2, "structure")
    assert structure in result.structure_findings and not result.strict_failures
    # the identities the settled cells take part in hold, and tables 二 and 四 are checked
    assert result.outcomes["T3-SUM"] == "pass"
    assert result.outcomes["T3-ROW"] == "not_assessable"  # rows R02 and R25 only
    assert result.outcomes["T4-REV"] == result.outcomes["T2-DOM"] == "pass"


def test_seed_001_fee_notices_but_no_fee(reports):
    [f] = findings(reports["001"], "X-FEE3")
    assert (f.outcome, f.severity, f.found) == ("fail", "info", 14)
    assert f.lines == [317, 407]


# ---- year over year -------------------------------------------------------------------

def previous_year_of_001(cells: dict[str, str]):
    """Seed 001 made into its own 2024 report, with numbers edited."""
    return edited("001", cells, {"湘潭县人民政府2025年": "湘潭县人民政府2024年"})


def test_cross_year_pass():
    now = _BASE["001"]
    # 2024's carried-forward (R25) = 2025's carried-over (R02): 5 natural persons
    # 2024's documents in force = 96 − 6 issued + 12 repealed = 102
    before = previous_year_of_001({"t3.R25.C1": "5", "t3.R25.C7": "5",
                                   "t2.normative.in_force": "102"})
    assert before.year == 2024
    result = check_reports([before, now])[now.sha256]
    assert result.outcomes["T3-XY"] == result.outcomes["T2-XY"] == "pass"
    assert "T3-XY" not in check_reports([now])[now.sha256].outcomes  # needs two years


def test_cross_year_fail_cites_both_reports():
    now = _BASE["001"]
    before = previous_year_of_001({"t3.R25.C1": "7", "t3.R25.C7": "7",
                                   "t2.normative.in_force": "90"})
    result = check_reports([before, now])[now.sha256]
    assert result.outcomes["T3-XY"] == result.outcomes["T2-XY"] == "fail"
    t3 = [f for f in result.findings if f.rule == "T3-XY"]
    assert {(f.expected, f.found) for f in t3} == {(7, 5)}
    [f] = [f for f in t3 if "自然人" in f.message]
    assert [(c.key, c.year, c.value) for c in f.cells] == [("t3.R02.C1", 2025, 5),
                                                          ("t3.R25.C1", 2024, 7)]
    [t2] = [f for f in result.findings if f.rule == "T2-XY"]
    assert (t2.expected, t2.found, t2.severity) == (90, 102, "info")


def test_cross_year_not_assessable():
    now = _BASE["001"]
    before = previous_year_of_001({"t3.R25.C1": "", "t3.R25.C7": "5",
                                   "t2.normative.in_force": ""})
    result = check_reports([before, now])[now.sha256]
    assert result.outcomes["T3-XY"] == result.outcomes["T2-XY"] == "not_assessable"


def test_cross_year_2019_form_items():
    now = _BASE["002"]  # 2020: 行政许可 上一年项目数量 12
    before = edited("002", {"t2.licensing.prev_items": "10", "t2.licensing.change": "增2"},
                    {"2020年政府信息公开工作": "2019年政府信息公开工作"})
    assert check_reports([before, now])[now.sha256].outcomes["T2b-XY"] == "pass"
    before = edited("002", {"t2.licensing.prev_items": "10"},
                    {"2020年政府信息公开工作": "2019年政府信息公开工作"})
    assert check_reports([before, now])[now.sha256].outcomes["T2b-XY"] == "fail"
