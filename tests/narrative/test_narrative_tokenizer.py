"""The linear-time character tokenizer gives exactly what spaCy's zh char segmenter gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.util import get_words_and_spaces

from govparse.narrative import pipeline
from govparse.narrative.tokenizer import CharTokenizer, char_words

# Characters of real prose and every kind of whitespace a paragraph may keep.
ALPHABET = st.sampled_from(list("政府信息公开申请件条1234567890.%，。；：（）() \t\u3000\n\r"))


@given(st.text(ALPHABET, max_size=60))
@settings(max_examples=400, deadline=None)
def test_same_words_and_spaces_as_spacy(text: str) -> None:
    assert char_words(text) == get_words_and_spaces(list(text), text)


def test_the_pipeline_uses_it_and_keeps_the_text() -> None:
    text = "  全年共受理申请 95件，其中\u3000依申请公开 3 件。\n"
    assert isinstance(pipeline().tokenizer, CharTokenizer)
    doc = pipeline().make_doc(text)
    assert doc.text == text
    assert [t.text for t in doc][:4] == ["  ", "全", "年", "共"]
    assert doc[7].text == "请" and doc[7].whitespace_ == " "
