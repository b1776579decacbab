"""The six headings are written once (forms/sections.yml): every wording listed there is a
heading to the grammar, to the splitter of text dumps and to the syntax messages alike."""

from __future__ import annotations

import pytest

from govparse.document.parser import _NAMES, report_parser
from govparse.forms import SECTION_NUMERALS, sections
from govparse.sources.runon import headings_in

WORDINGS = [(n, w) for n, s in sections().items() for w in s["wordings"]]


@pytest.mark.parametrize(("number", "wording"), WORDINGS)
def test_each_wording_is_a_heading_to_the_grammar_and_the_splitter(number, wording):
    heading = f"{SECTION_NUMERALS[number - 1]}、{wording}"
    tokens = list(report_parser().lex(heading + "\n"))
    assert [t.type for t in tokens] == [f"H{number}"]
    assert [n for n, _, _ in headings_in(f"前文。{heading}后文")] == [number]


def test_the_messages_name_each_heading_by_the_forms_wording():
    assert _NAMES["H1"] == "标题“一、总体情况”"
    assert _NAMES["H4"] == "标题“四、政府信息公开行政复议、行政诉讼情况”"
    assert len(WORDINGS) >= 6


def test_a_pages_text_names_each_section_whose_heading_it_holds():
    """A page's text has no line breaks: each heading counts up to its cue, never swallowing
    the next (the content box of a page is the one holding all six, sources/html.py)."""
    from govparse.sources.canonical import sections_named

    text = "首页 > 年报 " + " 正文 ".join(f"{SECTION_NUMERALS[n - 1]}、{s['wordings'][0]}"
                                         for n, s in sections().items())
    assert sections_named(text) == {1, 2, 3, 4, 5, 6}
    assert sections_named("三、加强培训。一是……") == set()  # a sentence, not a heading
