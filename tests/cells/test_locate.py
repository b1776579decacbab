"""Tables found by what they print (cells/locate.py), wherever they stand: the report's own
outline is the prose's, and where a table stood is an outline finding, never a lost table."""

from __future__ import annotations

from govparse import parse_file, parse_text
from govparse.model import VALUE
from tests.conftest import CORPUS

SEED = "001_7082bf4ff2eed00e.txt"


def _values(report) -> dict[str, tuple]:
    return {c.key: (c.status, c.value) for c in report.cells}


def _seed() -> tuple[str, list[str]]:
    text = (CORPUS / SEED).read_text("utf-8")
    return text, text.split("\n")


def test_an_outline_of_its_own_and_tables_under_a_restarted_numbering_read_every_cell():
    text, lines = _seed()
    heading = {n: next(i for i, line in enumerate(lines) if line.startswith(f"{n}、"))
               for n in "一二三四五六"}
    prose = lines[heading["一"]:heading["二"]]
    tables = lines[heading["二"]:heading["五"]]
    ending = lines[heading["五"]:]
    # the agency's outline: 一、总体情况, then topics of its own numbered 二 to 六 …
    own = ["二、加强组织领导", "抓好工作落实。", "三、完善制度机制", "健全制度。",
           "四、强化平台建设", "建好网站。", "五、存在的不足", "人员不足。",
           "六、下一步工作打算", "继续努力。", ""]
    # … and the tables after it, under a numbering that restarts at 一、
    renumbered = [{"二": "一", "三": "二", "四": "三"}.get(line[:1], line[:1]) + line[1:]
                  if line[:2] in ("二、", "三、", "四、") else line for line in tables]
    report = parse_text("\n".join([*lines[:heading["一"]], *prose, *own, *renumbered,
                                   *[line.replace("五、", "七、", 1).replace("六、", "八、", 1)
                                     for line in ending]]))
    clean = parse_text(text)
    assert _values(report) == _values(clean)
    assert sum(c.status == VALUE for c in report.cells) > 150
    elsewhere = [w for w in report.warnings if w.code == "table_elsewhere"]
    assert elsewhere and all("提纲" in w.message for w in elsewhere)


def test_a_misspelt_heading_does_not_lose_its_table():
    text, _lines = _seed()
    typo = text.replace("四、政府信息公开行政复议、行政诉讼情况",
                        "四、政府信息公开行政复x议、行政诉x讼情况")
    assert typo != text
    report = parse_text(typo)
    assert _values(report) == _values(parse_text(text))
    assert "table_missing" not in {w.code for w in report.warnings}
    [moved] = [w for w in report.warnings if w.code == "table_elsewhere"]
    assert moved.table == 4 and moved.message.startswith("表四印在第三部分")
    # the outline is the report's finding, kept with the structure findings
    from govparse.checks import check_report

    result = check_report(report)
    [outline] = [f for f in result.findings if f.rule == "X-STR" and f.table == 4]
    assert outline.outcome == "fail" and "提纲" in outline.message
    assert outline in result.structure_findings and outline not in result.strict_failures


def test_a_dump_whose_heading_is_misspelt_or_reworded_still_splits_off_table_four():
    dump = (CORPUS / "pingtan-2021.txt").read_text("utf-8")
    for heading in ("四、政府信息公开行政复x议、行政诉讼情况",
                    "四、因政府信息公开申请提起行政复议、提起行政诉讼情况"):
        report = parse_file("pingtan-2021.txt", data=dump.replace(
            "四、政府信息公开行政复议、行政诉讼情况", heading).encode())
        assert _values(report) == _values(parse_file(CORPUS / "pingtan-2021.txt")), heading
