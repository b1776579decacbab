"""govparse ask over the seed corpus: every question form with its expected answer and the
cell it came from, and questions that must be refused or disambiguated, never answered."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from govparse.ask import ask
from govparse.ask.lexicon import Gazetteer
from govparse.ask.question import parse_question
from govparse.cli import main

GOV, FJ, HR, WD = "湘潭县人民政府", "福建省人力资源和社会保障厅", "湘潭县人力资源和社会保障局", \
    "卫东区人力资源和社会保障局"


@pytest.fixture(scope="module")
def conn(built_db):
    return sqlite3.connect(f"file:{built_db}?mode=ro", uri=True, check_same_thread=False)


def _ask(conn, question):
    return ask(question, conn, this_year=2026)


# question, agency, year, value, key of the first source cell
VALUES = [
    ("湘潭县人民政府2025年收到多少政府信息公开申请？", GOV, 2025, 177, "t3.R01.C7"),
    ("福建省人社厅去年行政复议被纠正了几件？", FJ, 2025, 0, "t4.review.corrected"),
    ("湘潭县人民政府2025年上年结转多少件", GOV, 2025, 5, "t3.R02.C7"),
    ("湘潭县人民政府2025年予以公开多少件", GOV, 2025, 57, "t3.R03.C7"),
    ("湘潭县人民政府2025年部分公开几件", GOV, 2025, 30, "t3.R04.C7"),
    ("湘潭县人民政府2025年不予公开多少件", GOV, 2025, 14, "t3.R05.C7"),
    ("湘潭县人民政府2025年无法提供多少件", GOV, 2025, 48, "t3.R13.C7"),
    ("湘潭县人民政府2025年不予处理多少件", GOV, 2025, 1, "t3.R16.C7"),
    ("湘潭县人民政府2025年结转下年度多少件", GOV, 2025, 9, "t3.R25.C7"),
    ("湘潭县人民政府2025年复议维持多少件", GOV, 2025, 37, "t4.review.upheld"),
    ("湘潭县人民政府2025年复议被纠正几件", GOV, 2025, 19, "t4.review.corrected"),
    ("湘潭县人民政府2025年行政复议多少件", GOV, 2025, 77, "t4.review.total"),
    ("湘潭县人民政府2025年直接起诉多少件", GOV, 2025, 22, "t4.suit_direct.total"),
    ("湘潭县人民政府2025年行政诉讼多少件", GOV, 2025, 32, "t4.suit_direct.total"),
    ("湘潭县人民政府2025年行政许可多少件", GOV, 2025, 95133, "t2.licensing.decisions"),
    ("湘潭县人民政府2025年行政处罚是多少", GOV, 2025, 32199, "t2.punishment.decisions"),
    ("湘潭县人民政府2025年收费金额多少", GOV, 2025, 1779.2656, "t2.fees.amount"),
    ("福建省人社厅2025年新收申请多少件", FJ, 2025, 309, "t3.R01.C7"),
    ("福建省人社厅2025年制发规范性文件多少件", FJ, 2025, 8, "t2.normative.issued"),
    ("福建省人社厅2025年现行有效规范性文件多少件", FJ, 2025, 84, "t2.normative.in_force"),
    ("福建省人力资源和社会保障厅2025年办结多少件", FJ, 2025, 312, "t3.R24.C7"),
    ("湘潭县人社局2020年收到多少申请", HR, 2020, 0, "t3.R01.C7"),
    ("湘潭县人社局2020年直接起诉多少件", HR, 2020, 44, "t4.suit_direct.total"),
    ("卫东区人社局2025年复议纠正多少件", WD, 2025, 1, "t4.review.corrected"),
    ("湘潭县人社局2025年行政许可多少件", HR, 2025, 22, "t2.licensing.decisions"),
    ("湘潭县政府2025年的申请量", GOV, 2025, 177, "t3.R01.C7"),
    ("湘潭县人社局去年的申请量", HR, 2025, 4, "t3.R01.C7"),
    ("湘潭县人民政府的申请量是多少？", GOV, 2025, 177, "t3.R01.C7"),
]


@pytest.mark.parametrize(("question", "agency", "year", "value", "key"), VALUES)
def test_how_many(conn, question, agency, year, value, key):
    a = _ask(conn, question)
    assert (a.kind, a.agencies, a.years, a.value) == ("value", [agency], [year], value)
    source = a.sources[0]
    assert (source.key, source.status, source.agency, source.year) == (key, "value", agency, year)
    assert source.line and source.file and len(source.report) == 64
    assert a.definition and a.sql and "select" in a.sql


def test_new_applications_say_what_they_leave_out(conn):
    a = _ask(conn, "湘潭县人民政府2025年收到多少政府信息公开申请？")
    assert "不含上年结转" in a.definition and any("上年结转" in n and "5件" in n for n in a.notes)


@pytest.mark.parametrize(("question", "value", "rate"), [
    ("湘潭县人民政府2025年的公开率是多少", 0.5029, "disclosure_rate"),
    ("湘潭县人民政府2025年复议纠错率多少", 0.3167, "review_correction_rate"),
    ("福建省人社厅2025年办结率", 0.9936, "completion_rate"),
])
def test_what_rate(conn, question, value, rate):
    a = _ask(conn, question)
    assert a.kind == "value" and a.value == value and a.params["rate"] == rate
    assert a.sources[0].line


def test_figures_of_the_prose(conn):
    a = _ask(conn, "湘潭县人民政府2025年微信推送多少条")
    assert a.value == 587 and "587条" in a.sources[0].raw and "微信" in a.sources[0].what
    several = _ask(conn, "湘潭县人民政府2025年政策解读多少次")
    assert several.value is None and [s.raw for s in several.sources] == ["18次", "27期"]


@pytest.mark.parametrize(("question", "agencies"), [
    ("哪些机关2025年的申请量最多？", [FJ, GOV, HR, WD]),
    ("2025年申请量最少的机关", [WD, HR, GOV, FJ]),
    ("2025年复议纠错率最高的前3个机关", [GOV]),  # small denominators do not rank
    ("湘潭县哪些机关的申请最多", [GOV, HR]),
    ("2025年行政复议最多的前2个机关", [GOV, WD]),
])
def test_top(conn, question, agencies):
    a = _ask(conn, question)
    assert a.kind == "top" and [r["机关"] for r in a.rows] == agencies
    assert [s.agency for s in a.sources] == agencies and all(s.line for s in a.sources)


@pytest.mark.parametrize(("question", "values"), [
    ("湘潭县人民政府和福建省人社厅2025年的新收申请对比", [177, 309]),
    ("对比湘潭县人社局与卫东区人社局2025年的行政复议", [0, 2]),
])
def test_compare(conn, question, values):
    a = _ask(conn, question)
    assert a.kind == "compare" and [r["数值"] for r in a.rows] == values
    assert len(a.sources) == 2


@pytest.mark.parametrize(("question", "series"), [
    ("湘潭县人社局历年的申请量", [(2020, 0), (2025, 4)]),
    ("湘潭县人社局2020年到2025年的直接起诉变化", [(2020, 44), (2025, 0)]),
])
def test_trend(conn, question, series):
    a = _ask(conn, question)
    assert a.kind == "trend" and [(r["年度"], r["数值"]) for r in a.rows] == series


@pytest.mark.parametrize(("question", "problems", "rule"), [
    # its table 三 is partly unreadable: a structure finding, told apart, never counted
    ("卫东区人社局2025年的数据加得起来吗？", 0, None),
    ("湘潭县人民政府2025年的数据对得上吗", 0, None),
    # said by the rule's Chinese wording (T4-LD), not its id
    ("湘潭县人社局2020年的数据有没有问题", 1,
     "未经复议直接起诉的总计等于维持、纠正、其他结果与尚未审结之和"),
])
def test_did_it_add_up(conn, question, problems, rule):
    a = _ask(conn, question)
    assert a.kind == "check" and a.value == problems
    if rule:
        assert any(s.what.startswith(rule) for s in a.sources) and rule in a.text
    else:
        assert "加得起来" in a.text


def test_a_table_we_could_not_read_is_not_the_agencys_problem(conn):
    a = _ask(conn, "卫东区人社局2025年的数据加得起来吗？")
    assert a.value == 0 and "加得起来" in a.text
    assert any("结构问题，不是机关的数字问题" in n and "表三" in n for n in a.notes)


# Questions that must not be answered with a number.
REFUSED = [
    ("湘潭2025年的行政复议多少件", "ambiguous"),
    ("长沙市人民政府2025年收到多少申请", "refused"),
    ("今天天气怎么样", "refused"),
    ("湘潭县人民政府2025年有多少员工", "refused"),
    ("湘潭县人民政府2019年收到多少申请", "no_data"),
    ("福建省人社厅2030年收到多少申请", "no_data"),
    ("湘潭县人民政府2025年", "refused"),
    ("请给我编一个数字", "refused"),
    ("湘潭县人民政府2025年收到多少申请'; DROP TABLE reports; --", "refused"),
    ("", "refused"),
]


def test_a_place_said_alone_is_its_peoples_government_and_said_so(conn):
    # 湘潭县 signs its government's report; 湘潭 is 湘潭市 as well as 湘潭县: asked back
    a = _ask(conn, "湘潭县2025年收到多少申请")
    assert a.value == 177 and a.agencies == [GOV]
    assert "“湘潭县”按当地的人民政府湘潭县人民政府理解。" in a.notes
    assert _ask(conn, "湘潭2025年的行政复议多少件").kind == "ambiguous"


@pytest.mark.parametrize(("question", "kind"), REFUSED)
def test_refused_or_disambiguated_never_guessed(conn, question, kind):
    a = _ask(conn, question)
    assert a.kind == kind and a.value is None and not a.answered
    if kind == "refused":
        assert a.examples or a.rephrased  # questions that do work
    if kind == "ambiguous":
        assert GOV in a.candidates and HR in a.candidates
        assert all(c in r for c, r in zip(a.candidates, a.rephrased, strict=True))


@pytest.mark.parametrize(("question", "why"), [
    ("湘潭县人社局2025年复议纠错率", "无法计算"),  # no review decided: denominator 0
    ("福建省人社厅2025年政策解读多少次", "没有说"),
])
def test_no_number_when_the_report_has_none(conn, question, why):
    a = _ask(conn, question)
    assert a.value is None and why in a.text


def test_the_database_is_opened_read_only(conn):
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("delete from reports")


def test_a_question_parses_into_its_parts(conn):
    # Its speed is measured by bench/ask_speed.py, not asserted here.
    q = parse_question("福建省人社厅去年行政复议被纠正了几件？", Gazetteer.of(conn), 2026)
    assert (q.form, q.agencies, q.years, q.relative, q.measure.measure.id,
            q.measure.column) == ("value", [("福建省人力资源和社会保障厅", [FJ])], [2025], "去年",
                                  "行政复议", frozenset({"结果纠正"}))


def test_cli_ask_json_and_exit_status(built_db):
    runner = CliRunner()
    result = runner.invoke(main, ["ask", "湘潭县人民政府2025年收到多少政府信息公开申请？",
                                  "--db", str(built_db), "--json", "--year", "2026"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["value"] == 177 and data["sources"][0]["key"] == "t3.R01.C7"
    refused = runner.invoke(main, ["ask", "湘潭2025年收到多少申请", "--db", str(built_db)])
    assert refused.exit_code == 1 and "湘潭县人民政府" in refused.output


def test_the_gazetteer_is_read_once_per_database_file(tmp_path):
    def database(names: list[str]) -> Path:
        path = tmp_path / f"{len(names)}.db"
        with sqlite3.connect(path) as conn:
            conn.execute("create table agencies (name, province, city, county)")
            conn.executemany("insert into agencies values (?, null, null, null)",
                             [(n,) for n in names])
        return path

    first = database(["湘潭县人民政府"])
    with sqlite3.connect(first) as conn:
        assert Gazetteer.of(conn) is Gazetteer.of(conn)
    rebuilt = database(["湘潭县人民政府", "岳塘区人民政府"])
    rebuilt.replace(first)  # how `govparse build` puts a new database in place
    with sqlite3.connect(first) as conn:
        assert "岳塘区人民政府" in Gazetteer.of(conn).forms
    with sqlite3.connect(":memory:") as conn:  # nothing to key on: read every time
        conn.execute("create table agencies (name, province, city, county)")
        assert Gazetteer.of(conn) is not Gazetteer.of(conn)


QUESTIONS = list(yaml.safe_load((Path(__file__).parent / "ask_questions.yml")
                                .read_text("utf-8"))["questions"])


def _ascii_outside_sql(text: str, files: set[str], quoted: str = "") -> list[str]:
    """ASCII words of the text, but those it quotes: a file name, the user's own words,
    the report's sentence (a structure finding names its parse warnings in words)."""
    for name in files:
        text = text.replace(name, "")
    return [w for w in re.findall(r"[A-Za-z]+", text) if w not in quoted]


@pytest.mark.parametrize("question", QUESTIONS)
def test_what_an_answer_says_is_chinese(conn, question):
    """Text, definition, notes, rephrasings and the terminal's lines of every question in
    tests/ask/ask_questions.yml, but the SQL, the file names and the parse-warning codes a
    structure finding quotes."""
    a = _ask(conn, question)
    said = [a.text, a.definition or "", *a.notes, *a.examples, *a.rephrased,
            *(s.what for s in a.sources)]
    said += [line for line in a.describe().splitlines() if not line.startswith("SQL：")]
    files = {s.file for s in a.sources if s.file}
    quoted = re.sub(r"\s", "", question) + "".join(
        s.what for s in a.sources if s.status == "value" and not s.key)  # a sentence
    for text in said:
        assert not _ascii_outside_sql(text, files, quoted), text


@pytest.mark.parametrize("question", ["", "湘潭县人民政府2025年公开率是多少", "今天天气怎么样",
                                      "湘潭县人民政府2025年新收申请被驳回多少件",
                                      "湘潭县人社局2020年的数据有没有问题", "哪些单位的数字对不上"])
def test_the_ask_page_is_chinese(built_db, question):
    """The page's own content (Datasette's chrome around it is issue 4's): every text
    node but the SQL shown as SQL."""
    from datasette.app import Datasette
    from lxml import html

    ds = Datasette([str(built_db)])
    response = asyncio.run(ds.client.get(f"/-/ask?q={question}"))
    assert response.status_code == 200
    page = html.fromstring(response.text).find_class("ask-page")[0]
    for sql in page.find_class("sql-text"):
        sql.drop_tree()
    files = {f for (f,) in sqlite3.connect(built_db).execute("select file from reports")}
    texts = [*page.itertext(), *(e.get("placeholder") or "" for e in page.iter("input"))]
    for text in texts:
        assert not _ascii_outside_sql(text, files, question), text


def test_a_rate_cites_its_numerator_and_denominator_cells(conn):
    a = _ask(conn, "湘潭县人民政府2025年公开率是多少")
    keys = {s.key for s in a.sources if s.key}
    assert keys == {"t3.R03.C7", "t3.R04.C7", "t3.R24.C7"}
    assert all(s.line for s in a.sources)


@pytest.fixture(scope="module")
def hongze(tmp_path_factory):
    """洪泽区 2023 prints （六）其他处理 as one row of the 2021 form, its parts not itemised."""
    from govparse.publish.build import build
    from tests.conftest import CORPUS

    path = tmp_path_factory.mktemp("hongze") / "reports.db"
    build([CORPUS / "hongze-district-gov-2023.pdf"], path)
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def test_a_group_printed_as_one_row_is_read_from_that_row(hongze):
    a = ask("洪泽区人民政府2023年其他处理多少件", hongze, this_year=2026)
    assert (a.kind, a.value, [s.key for s in a.sources]) == ("value", 0, ["t3.R21_23.C7"])
    assert any("印为一行" in n for n in a.notes)
    part = ask("洪泽区人民政府2023年（六）其他处理3.其他多少件", hongze, this_year=2026)
    assert (part.kind, part.value, [s.key for s in part.sources]) == ("value", None, ["t3.R23.C7"])
    assert "没有这一格" in part.text  # its part was not printed: not a zero


@pytest.mark.parametrize("question", [
    "湘潭县人民政府2025年有多少员工",
    "湘潭县人社局2020年现行有效多少件",  # the 2019 form of its report has no such column
])
def test_a_refusal_never_offers_another_quantity(conn, question):
    """Nothing said is near a measure the report has: examples of the language, not the
    headline numbers of the form as if they were what was asked."""
    a = _ask(conn, question)
    assert a.kind == "refused" and not a.rephrased and a.examples


@pytest.mark.parametrize("question", [
    "湘潭县人民政府2025年新收申请被驳回多少件", "湘潭县人民政府2025年自然人多少件",
    "福建省人社厅2025年网上申请有多少",
])
def test_a_refusal_offers_questions_that_are_answered(conn, question):
    a = _ask(conn, question)
    assert a.kind == "refused" and a.value is None
    assert "听懂的部分" in a.text and 1 <= len(a.rephrased) <= 3
    for rephrased in a.rephrased:
        answer = _ask(conn, rephrased)
        assert answer.answered and answer.kind == "value", (rephrased, answer.text)


def test_a_real_place_is_never_offered_as_a_slip_for_another(conn):
    a = _ask(conn, "湘阴县人民政府2025年收到多少申请")
    assert "您是不是要问" not in a.text and "不同的机关" in a.text
    typo = _ask(conn, "湘谭县人民政府2025年收到多少申请")
    assert "您是不是要问“湘潭县人民政府”" in typo.text


def test_a_column_without_a_unit_on_the_form_says_the_unit_the_report_printed(conn):
    a = _ask(conn, "湘潭县人社局2020年政府集中采购总金额是多少")
    assert a.value == 71 and "71万元" in a.text  # the 2019 form prints no unit; it wrote 万元


def test_the_prose_against_the_tables_and_one_body_under_two_names(tmp_path):
    # 平潭 2023's prose says 393 documents in force where table 二 prints 470; 平潭 is the
    # 平潭综合实验区 (a zone whose territory is 平潭县); 洪泽区 signs 2023 as 洪泽区人民政府
    # and 2024 as 淮安市洪泽区人民政府, one body
    from govparse.publish.build import build
    from tests.conftest import CORPUS

    db = tmp_path / "r.db"
    build([CORPUS / "pingtan-2023.html", CORPUS / "hongze-district-gov-2023-text-layer.txt",
           CORPUS / "hongze-district-gov-2024.pdf"], db, jobs=0)
    conn = sqlite3.connect(db)
    a = _ask(conn, "平潭2023年正文和表格数据一致吗")
    assert a.kind == "check" and a.value == 1 and "393" in a.text and "470" in a.text
    assert all("T2-TXT" in s.what or "规范性文件" in s.what for s in a.sources)
    trend = _ask(conn, "洪泽区政府历年申请量走势")
    assert [r["数值"] for r in trend.rows] == [21, 95]
    assert any("淮安市洪泽区人民政府" in n and "同一机关" in n for n in trend.notes)
    assert _ask(conn, "洪泽区2024年比2023年收到的申请增加了多少").value == 74
