"""spaCy's Chinese character segmentation, in linear time.

spacy.blank("zh") splits a text into characters and then aligns them with the text through
`util.get_words_and_spaces`, which searches a fresh copy of the rest of the text for every
character: quadratic, and a fifth of the narrative stage on ordinary paragraphs. Splitting
into characters needs no search, so this tokenizer builds the same words and spaces
directly (tests/narrative/test_narrative_tokenizer.py compares the two).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.vocab import Vocab

_WHITESPACE = re.compile(r"\s+")


class CharTokenizer:
    """One token per character; a run of whitespace is one token, except that a single
    space after a character is that character's trailing space (as spaCy does it)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words, spaces = char_words(text)
        return Doc(self.vocab, words=words, spaces=spaces)


def char_words(text: str) -> tuple[list[str], list[bool]]:
    """What `util.get_words_and_spaces(list(text), text)` returns."""
    if _WHITESPACE.search(text) is None:  # the usual paragraph: no whitespace at all
        return list(text), [False] * len(text)
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for m in _WHITESPACE.finditer(text):
        start, end = m.span()
        words.extend(text[pos:start])
        spaces.extend([False] * (start - pos))
        if start > pos and text[start] == " ":  # a character's trailing space
            spaces[-1] = True
            start += 1
        if start < end:
            words.append(text[start:end])
            spaces.append(False)
        pos = end
    words.extend(text[pos:])
    spaces.extend([False] * (len(text) - pos))
    return words, spaces
