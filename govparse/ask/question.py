"""A question in Chinese -> a Question: its form, agencies, years and measure.

grammar/question.lark describes the forms; this module only loads it and turns the parse
tree into plain data. Anything the grammar does not parse is refused, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lark import Lark, Token, Transformer, UnexpectedInput

from govparse.ask.lexicon import Gazetteer, Lexed, lex
from govparse.ask.vocabulary import Measure

_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九十", 0)} | {"两": 2}


@dataclass
class Question:
    text: str
    form: str  # value, top, compare, trend, check
    agencies: list[tuple[str, list[str]]] = field(default_factory=list)  # said, candidates
    scope: tuple[str, list[str]] | None = None  # top: agencies of a region
    measure: Measure | None = None
    years: list[int] | None = None  # None: not said
    relative: str | None = None  # 去年 / 今年 as said
    span: str | None = None  # trend: all / range / recent
    recent: int | None = None
    direction: str = "most"
    limit: int | None = None


class QuestionError(Exception):
    """Not a question of the language: where it stops being one."""

    def __init__(self, message: str, lexed: Lexed | None = None, column: int | None = None):
        super().__init__(message)
        self.lexed = lexed
        self.column = column


@lru_cache(maxsize=1)
def question_parser() -> Lark:
    return Lark.open_from_package("grammar", "question.lark", ("",), parser="lalr",
                                  cache=True)


def parse_question(text: str, gazetteer: Gazetteer, this_year: int) -> Question:
    lexed = lex(text, gazetteer)
    try:
        tree = question_parser().parse(lexed.text)
    except UnexpectedInput as exc:
        raise QuestionError(f"读到“{_said(lexed, exc.column)}”处无法再理解这个问题",
                            lexed, exc.column) from None
    return _Build(text, lexed, this_year).transform(tree)


def _said(lexed: Lexed, column: int | None) -> str:
    """What the user wrote from where the parse stopped, with the recognised agencies and
    measures put back in words (the lexer's «A0» and «M0» are not for users)."""
    text = _MARK.sub(lambda m: lexed.agencies[int(m[2])][0] if m[1] == "A"
                     else lexed.measures[int(m[2])].names[0],
                     lexed.text if not column or column < 1 else lexed.text[column - 1:])
    return text if not column or column < 1 else text[:12]


_MARK = re.compile(r"«([AMP])(\d+)»")


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _NUMERALS.get(token, 0)


class _Build(Transformer):
    def __init__(self, text: str, lexed: Lexed, this_year: int) -> None:
        super().__init__()
        self.text, self.lexed, self.this_year = text, lexed, this_year

    def _question(self, form: str, items: list) -> Question:
        q = Question(self.text, form)
        for kind, value in items:
            if kind == "subject" and form == "top":
                q.scope = value
            elif kind == "subject":
                q.agencies.append(value)
            elif kind == "measure":
                q.measure = value
            elif kind == "when":
                q.years, q.relative = value
            elif kind == "period":
                q.span, q.years, q.recent = value
            elif kind == "extreme":
                q.direction = value
            elif kind == "limit":
                q.limit = value
        return q

    def start(self, items):
        return items[0]

    def value(self, items):
        return self._question("value", items)

    def top(self, items):
        return self._question("top", items)

    def compare(self, items):
        return self._question("compare", items)

    def trend(self, items):
        return self._question("trend", items)

    def check(self, items):
        return self._question("check", items)

    def subject(self, items):
        return ("subject", self.lexed.agencies[_index(items[0])])

    def measure(self, items):
        return ("measure", self.lexed.measures[_index(items[0])])

    problems = measure

    def year(self, items):
        return ("when", ([int(str(items[0])[:4])], None))

    def last_year(self, items):
        return ("when", ([self.this_year - 1], str(items[0])))

    def this_year(self, items):
        return ("when", ([self.this_year], str(items[0])))

    def year_range(self, items):
        first, last = sorted(int(str(t)[:4]) for t in items)
        return ("period", ("range", list(range(first, last + 1)), None))

    def all_years(self, items):
        return ("period", ("all", None, None))

    def recent_years(self, items):
        n = _number(str(items[0]))
        return ("period", ("recent", None, n))

    def most(self, items):
        return ("extreme", "most")

    def least(self, items):
        return ("extreme", "least")

    def limit(self, items):
        return ("limit", _number(str(next(t for t in items if isinstance(t, Token)))))


def _index(token: Token) -> int:
    return int(str(token)[2:-1])
