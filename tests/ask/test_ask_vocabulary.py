"""The question vocabulary: measures derived from the forms, the paraphrases of
vocabulary.yml, and what the lexer does with them."""

from __future__ import annotations

import sqlite3

import pytest

from govparse.ask.chinese import in_question, passed_over, simplified
from govparse.ask.lexicon import Gazetteer, expand, lex
from govparse.ask.measures import fold, label_names
from govparse.ask.question import question_parser
from govparse.ask.vocabulary import vocabulary
from govparse.forms import load_templates


def test_every_row_of_both_forms_is_a_measure_named_by_its_label():
    vocab = vocabulary()
    for form in load_templates().values():
        for row in form.t3_rows:
            word = vocab.word_at(fold(row.label), 0)
            assert word is not None and word.name == fold(row.label), row.label
            assert word.measure.grid[form.id]["总计"].keys[0].startswith(f"t3.{row.id}.")
        for sub in form.table2:
            for row in sub.rows:
                word = vocab.word_at(fold(sub.caption + row.label), 0)
                assert word.measure.id == f"t2.{row.id}"


@pytest.mark.parametrize(("label", "names"), [
    ("一、本年新收政府信息公开申请数量",
     {"本年新收政府信息公开申请数量", "本年新收政府信息公开申请", "新收政府信息公开申请数量"}),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", {"部分公开"}),
    ("3.其他", set()),  # a bare 其他 would be the column of table 三
])
def test_a_label_is_named_with_and_without_its_enumerator_and_remark(label, names):
    said = set(label_names(label))
    assert names <= said
    assert "其他" not in said


def test_no_name_means_two_things():
    vocab = vocabulary()
    owners: dict[str, set[str]] = {}
    for m in vocab.measures.values():
        for n in m.names:
            owners.setdefault(n, set()).add(m.id)
    assert {n: o for n, o in owners.items() if len(o) > 1} == {}
    assert not set(owners) & set(vocab.columns)  # a name is a measure or a column


def test_filler_words_are_not_words_of_the_grammar():
    """A filler the lexer drops must not be part of a keyword the grammar reads (年度 would
    break 2025年度, 数字 the check questions)."""
    keywords = {str(t.pattern.value) for t in question_parser().terminals
                if t.pattern.type == "str"}
    for filler in vocabulary().filler:
        assert not any(filler in k for k in keywords if k != filler), filler


def test_a_column_joins_the_measure_in_any_order():
    g = Gazetteer(forms={"湘潭县人民政府": {"湘潭县人民政府"}})
    for q in ("湘潭县人民政府2025年自然人的新收申请", "湘潭县人民政府2025年新收申请中自然人"):
        lexed = lex(q, g)
        assert [(a.measure.id, a.column) for a in lexed.measures] == [
            ("本年新收政府信息公开申请数量", frozenset({"自然人"}))]


def test_expand_reads_numerals_traditional_and_abbreviations():
    assert expand("湘潭縣人社局二〇二〇年") == "湘潭县人力资源和社会保障局2020年"


def test_the_gazetteer_knows_a_place_is_a_place(tmp_path):
    path = tmp_path / "g.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table agencies (name, province, city, county)")
        conn.execute("insert into agencies values (?, '福建省', null, null)",
                     ["福建省人力资源和社会保障厅"])
        g = Gazetteer.read(conn)
    assert "福建省" in g.regions and "福建" in g.regions
    assert "福建人力资源和社会保障厅" in g.forms and "福建人力资源和社会保障厅" not in g.regions


def test_traditional_characters_are_read_by_opencc():
    assert simplified("湘潭縣人民政府行政復議糾錯率歷年") == "湘潭县人民政府行政复议纠错率历年"


@pytest.mark.parametrize(("text", "word"), [("«A0»多少哈", "哈"), ("嗯«A0»", "嗯"),
                                            ("«M0»几件嘛", "嘛")])
def test_a_particle_or_interjection_is_passed_over(text, word):
    at = text.index(word)
    assert passed_over(text, at) == (at, at + len(word))


@pytest.mark.parametrize("text", ["«A0»网上«M0»", "«A0»被驳回«M0»", "«A0»口头«M0»"])
def test_a_word_that_changes_the_question_is_not_passed_over(text):
    assert passed_over(text, text.index("»") + 1) is None


def test_the_users_own_characters_are_found_where_the_question_stopped():
    question = "湘潭縣人民政府 2025年 網上申請有多少"
    at = in_question(question, "网上申请")
    assert question[at:at + 4] == "網上申請"
