from __future__ import annotations

import json

from click.testing import CliRunner

from govparse.cli import main
from tests.conftest import CORPUS, seed_path


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_parse_json_has_the_documented_fields():
    result = run("parse", str(seed_path("001")), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for field in ("agency", "year", "template", "layout", "sections", "cells", "warnings"):
        assert field in data
    assert (data["agency"], data["year"], data["template"]) == ("湘潭县人民政府", 2025, "2021")
    section = data["sections"][0]
    assert set(section) >= {"number", "heading", "text", "first_line", "last_line"}
    cell = next(c for c in data["cells"] if c["key"] == "t3.R01.C7")
    assert cell == {"table": 3, "key": "t3.R01.C7", "row": "一、本年新收政府信息公开申请数量",
                    "col": "总计", "value": 177, "raw": "177", "status": "value",
                    "unit": "件", "line": 90, "origin": None, "placed": "header",
                    "candidates": None}


def test_warnings_carry_code_message_line_table():
    data = json.loads(run("parse", str(seed_path("003")), "--json").output)
    warning = data["warnings"][0]
    assert set(warning) == {"code", "message", "line", "table", "cell"}
    assert warning["table"] == 3 and warning["line"] == 49


def test_unparseable_file_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "notice.txt"
    bad.write_text("关于开展培训的通知。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(bad)])
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.strip().split("\n")
    assert line.startswith(f"错误：{bad}:1: 未找到规定格式的任何章节标题")


def test_human_output_and_options(tmp_path):
    result = run("parse", str(seed_path("004")))
    assert result.exit_code == 0
    assert "福建省人力资源和社会保障厅  [manifest]" in result.output
    assert "table 3: 175 cells (175 value)" in result.output


def test_summary_lists_every_file():
    result = run("summary", str(CORPUS))
    assert result.exit_code == 0
    files = [p for p in CORPUS.iterdir() if p.name != "manifest.csv"]
    assert f"{len(files)} of {len(files)} files read" in result.output
    assert "pingtan-2021.html  平潭综合实验区  2021  form 2021  tsv  200/200 cells" in (
        result.output)
    assert "003_6ce8937615f01921.txt  卫东区人力资源和社会保障局  2025  form 2021  tsv" in (
        result.output)


def test_help_texts():
    assert "政府信息公开工作年度报告" in run("--help").output
    assert "Exit status 0" in run("parse", "--help").output


def test_check_exit_status_and_table():
    clean = run("check", str(seed_path("000")))
    assert clean.exit_code == 0 and "0 rules fail" in clean.output
    strict = run("check", str(seed_path("002")))
    assert strict.exit_code == 1
    assert "T4-LD" in strict.output and "37+3+0+0 = 40，但总计为 44" in strict.output


def test_check_unreadable_file_exits_2(tmp_path):
    bad = tmp_path / "x.txt"
    bad.write_text("不是报告\n", encoding="utf-8")
    result = run("check", str(seed_path("000")), str(bad))
    assert result.exit_code == 2
    assert "0 rules fail" in result.output  # the readable file is still checked


def test_check_json_and_parse_json_carry_findings_and_rates():
    line = run("check", str(seed_path("001")), "--json").output.strip()
    data = json.loads(line)
    assert data["outcomes"]["X-FEE3"] == "fail"
    [fee] = data["findings"]
    assert fee["rule"] == "X-FEE3" and fee["severity"] == "info"
    parsed = json.loads(run("parse", str(seed_path("001")), "--json").output)
    assert [f["rule"] for f in parsed["findings"]] == ["X-FEE3"]
    rate = next(r for r in parsed["rates"] if r["id"] == "review_correction_rate")
    assert (rate["name"], rate["value"], rate["small_number"]) == ("复议纠错率", 0.3167, False)
    consult = next(m for m in parsed["metrics"] if m["kind"] == "咨询数")
    assert (consult["text"], consult["value"], consult["qualifier"], consult["line"]) == (
        "1.5万人次", 15000, "近", 8)
    carried = next(m for m in parsed["metrics"] if m["kind"] == "上年结转数")
    assert parsed["metrics"][carried["part_of"]]["value"] == 182
