"""govparse explain: the maintainer's three views of why a real report read as it did."""

from __future__ import annotations

from click.testing import CliRunner

from govparse.cli import main
from govparse.report.explain import explain
from tests.conftest import CORPUS

SHANGHAI = CORPUS / "shanghai-gov-office-2025.md"


def test_the_line_view_says_what_the_grammar_took_each_line_for():
    text = explain(SHANGHAI, ["lines"])
    lines = text.splitlines()
    assert any("第一部分标题 H1" in line and "一、总体情况" in line for line in lines)
    assert any("第三部分的表格行" in line for line in lines)
    assert any("页面杂项，已删除" in line for line in lines)  # the "— 4 —" page footers
    assert "== 表格各行" not in text  # only the view asked for


def test_the_row_view_says_which_form_row_each_printed_row_became_and_why():
    text = explain(SHANGHAI, ["rows"])
    # a row whose label was lost is placed by the form's order between two named rows
    assert "第 122 行 “（无行名）” → R04 （二）部分公开" in text
    assert "按规定表格的行序" in text
    assert "→ R01 一、本年新收政府信息公开申请数量，按行名" in text
    assert "按国家表格的列序放入，并经勾稽关系核对" in text or "按表头列名放入" in text


def test_the_cell_view_lists_the_readings_left_for_each_unreadable_cell():
    text = explain(SHANGHAI, ["cells"])
    # pulled out of its row with its footnote: unreadable, its likely value the one left
    assert "t2.rules.repealed" in text and "剩下的读法：22" in text
    assert "不是印出的数值" in text


def test_the_command_shows_all_three_views_and_limits_the_lines():
    result = CliRunner().invoke(main, ["explain", str(SHANGHAI), "--lines", "95-100"])
    assert result.exit_code == 0, result.output
    for view in ("== 逐行", "== 表格各行", "== 无法读取和缺失的格"):
        assert view in result.output
    numbered = [line.split()[0] for line in result.output.split("== 表格各行")[0].splitlines()
                if line[:6].strip().isdigit()]
    assert numbered == [str(n) for n in range(95, 101)]
    bad = CliRunner().invoke(main, ["explain", str(SHANGHAI), "--lines", "x"])
    assert bad.exit_code == 2 and "起-止" in bad.output


def test_a_file_that_cannot_be_read_as_a_report_still_shows_its_lines(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("某某县2025年报告\n第一部分 总体情况\n内容\n", encoding="utf-8")
    text = explain(bad)
    assert "无法作为报告读取" in text and "未找到规定格式的任何章节标题" in text
    numbered = [line for line in text.splitlines() if line[:6].strip().isdigit()]
    assert len(numbered) == 3 and "第一部分 总体情况" in numbered[1]
