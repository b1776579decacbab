"""Chinese as people type it: traditional characters read as simplified (OpenCC and its own
dictionaries), and the words a question's grammar could not read told apart (jieba's words
and parts of speech): a particle, a modal word or an interjection may be passed over, any
other word stops the answer (网上, 驳回, 口头: they change what is asked)."""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

from govparse.ask.vocabulary import vocabulary

_LOCAL = threading.local()  # an OpenCC converter per thread: parsing is thread-safe
_LOCK = threading.Lock()


def simplified(text: str) -> str:
    """湘潭縣人民政府行政復議 -> 湘潭县人民政府行政复议 (OpenCC t2s, phrases included)."""
    converter = getattr(_LOCAL, "t2s", None)
    if converter is None:
        import opencc

        converter = _LOCAL.t2s = opencc.OpenCC("t2s")
    return converter.convert(text)


def in_question(question: str, read: str) -> int | None:
    """Where `read` (words of the question as read: width folded, spaces dropped, simplified)
    starts in the question as typed, to quote the user's own characters; None if not found."""
    from govparse.ask.vocabulary import fold

    normal, where = [], []
    for i, ch in enumerate(question):
        for c in simplified(fold(ch)):
            normal.append(c)
            where.append(i)
    at = "".join(normal).find(read)
    return where[at] if at >= 0 else None


def passed_over(text: str, at: int) -> tuple[int, int] | None:
    """Where the word at `at` (0-based) of a lexed question stands, when it says nothing the
    answer depends on: a part of speech vocabulary.yml `function_pos` lists (了, 吗, 嘛, 嗯),
    or a word of its `chat` list (哈, 来着). None for any other word. Only the plain text
    between the lexer's «…» marks is segmented."""
    start = text.rfind("»", 0, at) + 1
    stop = text.find("«", at)
    stretch = text[start:stop if stop >= 0 else len(text)]
    vocab = vocabulary()
    offset = start
    with _LOCK:  # jieba's tokenizer is shared; its cut is not documented as thread-safe
        pairs = list(_tagger().cut(stretch))
    for pair in pairs:
        end = offset + len(pair.word)
        if offset <= at < end:
            if pair.word in vocab.chat or any(pair.flag == p for p in vocab.function_pos):
                return offset, end
            return None
        offset = end
    return None


def content_words(text: str) -> list[str]:
    """The nouns of `text` that could name what a figure of the prose counts (常务会议,
    调查征集): jieba's nouns of two characters or more, but places and bodies (the gazetteer
    reads those) and the words vocabulary.yml `not_subjects` lists (人次, 情况, 数据)."""
    skip = set(vocabulary().not_subjects)
    with _LOCK:
        pairs = list(_tagger().cut(text))
    return [p.word for p in pairs if p.flag.startswith("n") and p.flag not in ("ns", "nt")
            and len(p.word) > 1 and p.word not in skip]


@lru_cache(maxsize=1)
def _tagger():
    """jieba's tagger, with the question language's own words as its user dictionary (the
    forms' labels and the vocabulary: 新收申请 is one word, not 新 + 收 + 申请). The
    agencies are not in it: the gazetteer finds them before any word is segmented."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    vocab = vocabulary()
    for words in vocab.by_first.values():
        for word in words:
            tokenizer.add_word(word.name, tag="n" if word.kind != "filler" else "x")
    for word in vocab.chat:
        tokenizer.add_word(word, tag="y")
    return jieba.posseg.POSTokenizer(tokenizer)
