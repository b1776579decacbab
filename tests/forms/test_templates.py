from __future__ import annotations

from govparse import parse_text
from govparse.forms import load_templates, template_for_year
from tests.conftest import seed_text


def test_both_forms_and_their_cells():
    forms = load_templates()
    assert list(forms) == ["2021", "2019"]
    for form, count in (("2021", 200), ("2019", 198)):
        keys = [c.key for c in forms[form].cells]
        assert len(keys) == count == len(set(keys))
        assert all(k.isascii() for k in keys)
    t19 = {c.key: c for c in forms["2019"].cells}
    assert t19["t3.R21.C7"].row == "（六）其他处理" and "t3.R22.C1" not in t19
    t21 = {c.key: c for c in forms["2021"].cells}
    assert t21["t3.R05.C2"].row == "（三）不予公开/1.属于国家秘密"
    assert t21["t3.R05.C2"].col == "法人或其他组织/商业企业"
    assert t21["t4.suit_after_review.total"].col == "行政诉讼/复议后起诉/总计"


def test_template_for_year():
    assert template_for_year(2020).id == "2019"
    assert template_for_year(2021).id == "2021"
    assert template_for_year(None) is None


def test_form_is_detected_from_the_tables_not_the_year():
    # seed 002 is a 2019-form report; claim it is from 2023
    text = seed_text("002").replace("2020年政府信息公开工作", "2023年政府信息公开工作", 1)
    report = parse_text(text)
    assert (report.year, report.template) == (2023, "2019")
    [warning] = report.warnings
    assert warning.code == "template_year_mismatch" and "2021" in warning.message


def test_the_forms_sums_are_written_once_and_each_names_the_rule_that_tests_it():
    """Placement and the rules read the same identities (forms/t20xx.yml): every identity
    names a STRICT rule of rules.yml, and every sum rule of tables 三 and 四 has one."""
    from govparse.checks import rules

    for form in load_templates().values():
        spec = form.identities
        named = [spec["table3_each_row"]["rule"], *(i["rule"] for i in
                                                     spec["table3_each_column"]),
                 *(i["rule"] for i in spec["table4"])]
        assert len(named) == len(set(named))
        assert {r for r in named} == {"T3-ROW", "T3-BAL", "T3-SUM", "T4-REV", "T4-LD", "T4-LR"}
        assert all(rules()[r].level == "STRICT" for r in named)
