from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govparse.text.normalize import _FOLD, fold_width, label_key, normalize, strip_enumerator


def test_width_folding_keeps_length():
    line = "（一）予以公开，１２　件"
    folded = fold_width(line)
    assert folded == "(一)予以公开,12 件"
    assert len(folded) == len(line)  # column offsets stay valid


FOLDING = list("政府（一）１２，。：\u3000\u00a0\u200b\ufeff\uff5e\uff5f a|\t\n")


@given(st.text(st.sampled_from(FOLDING)))
def test_width_folding_is_the_translate_table(text):
    assert fold_width(text) == text.translate(_FOLD)


def test_origin_map_survives_removed_and_joined_lines():
    text = ("标题\n\t信息内容\n\t本年新\n制作数量\n\t对外公开总数量\n"
            "扫一扫在手机上查看当前页面\n正文。\n")
    doc = normalize(text)
    assert doc.lines == ["标题", "\t信息内容", "\t本年新制作数量", "\t对外公开总数量", "正文。"]
    assert doc.origin == [1, 2, 3, 5, 7]
    assert doc.original_line(5) == 7
    reasons = {line: why for line, _, why in doc.removed}
    assert reasons == {4: "joined to line 3", 6: "page chrome"}


def test_chrome_patterns_only_match_whole_lines():
    doc = normalize("闽政通 \n闽公网安备35010202000072号\n本厅通过闽政通平台办理。\n")
    assert doc.lines == ["本厅通过闽政通平台办理。"]


def test_tab_indented_prose_is_not_a_table_cell():
    prose = "\t" + "我局认真贯彻落实条例要求，" * 6 + "取得了明显成效。"
    assert normalize(prose).lines == [fold_width(prose[1:])]
    label = "\t(二)部分公开(区分处理的,只计这一情形,不计其他情形)"
    assert normalize(label).lines == [label]


def test_blank_pipe_cell_is_kept_apart_from_a_row_start():
    assert normalize("  |\n|\n").lines == [" |", "|"]


def test_label_key_and_enumerators():
    assert label_key("结果 维持") == "结果维持"
    assert label_key("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == label_key(
        "(二) 部分公开(区分处理的,只计这一情形,不计其他情形)")
    assert label_key("1．属于国家秘密") == "1.属于国家秘密"
    assert label_key("3.危及“三安全一稳定”") == '3.危及"三安全一稳定"'
    assert strip_enumerator("(三)不予公开") == "不予公开"
    assert strip_enumerator("二、上年结转") == "上年结转"
    assert strip_enumerator("12.属于") == "属于"
