"""A question in Chinese -> a Question: its form, agencies, years and measure.

grammar/question.lark describes the forms; this module only loads it and turns the parse
tree into plain data. Anything the grammar does not parse is refused, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lark import Lark, Token, Transformer, UnexpectedInput
from lark.exceptions import VisitError

from govparse.ask.arithmetic import Arithmetic, asked_for
from govparse.ask.chinese import in_question, passed_over
from govparse.ask.lexicon import Asked, Gazetteer, Lexed, expand, lex

_MAX_PASSED_OVER = 4  # words a question may hold that say nothing (嗯, 哈, 来着)
_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九十", 0)} | {"两": 2}


@dataclass
class Question:
    text: str
    form: str  # value, top, compare, trend, check
    agencies: list[tuple[str, list[str]]] = field(default_factory=list)  # said, candidates
    scope: tuple[str, list[str]] | None = None  # top: agencies of a region
    measure: Asked | None = None
    measures: list[Asked] = field(default_factory=list)  # several: each measure asked
    years: list[int] | None = None  # None: not said
    relative: str | None = None  # 去年 / 今年 as said
    span: str | None = None  # trend: all / range / recent
    recent: int | None = None
    direction: str = "most"
    limit: int | None = None
    # top, failing: which agencies count, from 哪个部门 / 哪个县 / 哪个人社局
    level: str | None = None
    body: str | None = None
    kind: str | None = None  # agencies.yml kind: 人力资源和社会保障
    kind_said: str | None = None
    arithmetic: Arithmetic | None = None  # a sum, difference or ratio of the operands
    prose: bool = False  # check: only the rules comparing the prose with the tables


class QuestionError(Exception):
    """Not a question of the language: where it stops being one."""

    def __init__(self, message: str, lexed: Lexed | None = None, column: int | None = None):
        super().__init__(message)
        self.lexed = lexed
        self.column = column


@lru_cache(maxsize=1)
def question_parser() -> Lark:
    return Lark.open_from_package("govparse.grammar", "question.lark", ("",), parser="lalr",
                                  cache=True)


def parse_question(text: str, gazetteer: Gazetteer, this_year: int) -> Question:
    """The question, or QuestionError saying where it stopped being one. Arithmetic asked
    for (加起来, 比…多多少, 占…的比例) is read from the question without its words, which
    must then name two or more numbers (measures, agencies or years) to work on."""
    read = expand(text)
    arithmetic = asked_for(read)
    if arithmetic is not None:
        try:
            q = _parse(arithmetic.text, gazetteer, this_year)
        except QuestionError:
            q = None
        # a sum of any number of operands; a difference or a ratio of two
        if q is not None and (_operands(q) >= 2 or q.form == "total" if arithmetic.op == "sum"
                              else _operands(q) == 2):
            q.text, q.arithmetic = text, arithmetic
            return q
    q = _parse(text, gazetteer, this_year)
    if q.form == "total" and _TOTAL_WORD.search(read):  # 所有单位…合计, …的总数
        q.arithmetic = Arithmetic("sum", text)
    elif q.form == "total":  # 所有机关的新收申请: each of them, or their sum?
        raise QuestionError("没有说是要把各机关的数字加起来，还是逐个列出（可以说“加起来”，"
                            "或问“哪些机关…最多”）")
    return q


# Words that ask for the sum over all agencies (所有单位新收申请合计多少) besides the sum words
_TOTAL_WORD = re.compile(r"合计|总数|总计|总量|总和")


def _operands(q: Question) -> int:
    if q.form == "several":
        return len(q.measures)
    if q.form == "compare":
        return len(q.agencies)
    if q.form == "trend" and q.span == "range" and q.years:
        return len(q.years)
    if q.form == "trend" and q.span in ("all", "recent"):
        return 2  # every year the agency has (历年一共), however many: at least two said
    return 0


# "A 2025年 X 和 B": the second agency said after the measure, read as "A和B 2025年 X"
_SECOND_AGENCY_AFTER = re.compile(r"^(«A\d+»)([^«»]*)(«M\d+»)的?和(«A\d+»)(?![^«»]*«[MPC])")
# "A 2025年和 B": the year said after the first agency, read as "A和B 2025年" (an LALR
# grammar takes 2025年和 for the start of two years)
_YEAR_BETWEEN = re.compile(r"^(«A\d+»)((?:19|20)?\d\d年度?)和(«A\d+»)")


def _parse(text: str, gazetteer: Gazetteer, this_year: int) -> Question:
    lexed = lex(text, gazetteer)
    lexed.text = _SECOND_AGENCY_AFTER.sub(r"\1和\4\2\3", lexed.text)
    lexed.text = _YEAR_BETWEEN.sub(r"\1和\3\2", lexed.text)
    if lexed.columns:
        raise QuestionError(f"“{lexed.columns[0]}”是表中的一栏，问题没有说是哪一项的这一栏",
                            lexed)
    tree = None
    for _ in range(_MAX_PASSED_OVER + 1):
        try:
            tree = question_parser().parse(lexed.text)
            break
        except UnexpectedInput as exc:
            # a particle or an interjection where the grammar stopped is passed over
            # (…多少哈, 嗯…); any other word stops the answer
            word = passed_over(lexed.text, exc.column - 1) if exc.column >= 1 else None
            if word is None:
                raise QuestionError(f"读到“{_said(text, lexed, exc.column)}”处无法再理解这个问题",
                                    lexed, exc.column) from None
            lexed.text = lexed.text[:word[0]] + lexed.text[word[1]:]
    if tree is None:
        raise QuestionError("问题中无法理解的字词太多", lexed)
    try:
        return _Build(text, lexed, this_year).transform(tree)
    except VisitError as exc:  # a QuestionError raised while building the Question
        if isinstance(exc.orig_exc, QuestionError):
            raise exc.orig_exc from None
        raise


def _said(question: str, lexed: Lexed, column: int | None) -> str:
    """What the user wrote from where the parse stopped, in the user's own characters where
    the words there can be found in the question as typed; else as read, with the recognised
    agencies and measures put back in words (the lexer's «A0» and «M0» are not for users)."""
    if column and column >= 1:
        plain = re.match(r"[^«]+", lexed.text[column - 1:])
        at = in_question(question, plain.group(0)) if plain else None
        if at is not None:
            return question[at:at + 12].strip()
    text = _MARK.sub(lambda m: lexed.agencies[int(m[2])][0] if m[1] == "A"
                     else lexed.columns[int(m[2])] if m[1] == "C"
                     else lexed.kinds[int(m[2])][0] if m[1] == "K"
                     else lexed.measures[int(m[2])].surface or lexed.measures[int(m[2])].said,
                     lexed.text if not column or column < 1 else lexed.text[column - 1:])
    return text if not column or column < 1 else text[:12]


_MARK = re.compile(r"«([AMPCK])(\d+)»")


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _NUMERALS.get(token, 0)


class _Build(Transformer):
    def __init__(self, text: str, lexed: Lexed, this_year: int) -> None:
        super().__init__()
        self.text, self.lexed, self.current_year = text, lexed, this_year

    def _question(self, form: str, items: list) -> Question:
        q = Question(self.text, form)
        for kind, value in items:
            if kind == "subject" and form in ("top", "failing", "total"):
                q.scope = value
            elif kind == "subject":
                q.agencies.append(value)
            elif kind == "measure":
                q.measure = q.measure or value
                q.measures.append(value)
            elif kind == "when":
                if q.years is not None:  # 2025年行政许可和2020年: both, side by side
                    if len(q.years) > 1 or value[0] == q.years:
                        raise QuestionError("问题说了两处年度", self.lexed)
                    q.years, q.relative = sorted({*q.years, *value[0]}), None
                    continue
                q.years, q.relative = value
            elif kind == "period" and value[0] == "until":
                if q.years is None:
                    raise QuestionError("年度范围没有说从哪一年开始", self.lexed)
                first, last = sorted((q.years[0], value[1]))
                q.span, q.years, q.relative = "range", list(range(first, last + 1)), None
            elif kind == "period":
                q.span, q.years, q.recent = value
            elif kind == "extreme":
                q.direction, one = value
                q.limit = q.limit or one
            elif kind == "limit":
                q.limit = value
            elif kind == "kind":
                q.kind_said, q.kind = value
            elif kind == "who":
                q.level, q.body = value
            elif kind == "prose":
                q.prose = True
        return q

    def start(self, items):
        return items[0]

    def value(self, items):
        q = self._agency_needed(self._question("value", items))
        if q.years and len(q.years) > 1:  # 2020年和2025年的行政复议: one value per year
            q.form, q.span = "trend", "range"
        return q

    def several(self, items):
        return self._one_year(self._agency_needed(self._question("several", items)))

    def _one_year(self, q: Question) -> Question:
        if q.years and len(q.years) > 1:
            raise QuestionError("这类问题一次只能问一个年度", self.lexed)
        return q

    def _agency_needed(self, q: Question) -> Question:
        if not q.agencies:
            raise QuestionError("问题没有说是哪个机关", self.lexed)
        return q

    def top(self, items):
        return self._one_year(self._question("top", items))

    def compare(self, items):
        return self._one_year(self._question("compare", items))

    def trend(self, items):
        q = self._agency_needed(self._question("trend", items))
        if q.span is None and q.years:
            raise QuestionError("逐年变化的问题不要只说一个年度", self.lexed)
        return q

    def check(self, items):
        return self._one_year(self._agency_needed(self._question("check", items)))

    def failing(self, items):
        return self._one_year(self._question("failing", items))

    def total(self, items):
        return self._one_year(self._question("total", items))

    def who(self, items):
        return items[0] if isinstance(items[0], tuple) else ("who", _who(str(items[0])))

    def kind(self, items):
        return ("kind", self.lexed.kinds[_index(items[0])])

    def which(self, items):
        return ("who", _who(str(items[0])))

    def subject(self, items):
        return ("subject", self.lexed.agencies[_index(items[0])])

    def measure(self, items):
        return ("measure", self.lexed.measures[_index(items[0])])

    problems = measure

    def prose(self, items):
        return ("prose", True)

    def year(self, items):
        return ("when", ([_year(str(items[0]))], None))

    def two_years(self, items):
        return ("when", (sorted({_year(str(t)) for t in items}), None))

    def last_year(self, items):
        return ("when", ([self.current_year - 1], str(items[0])))

    def year_before_last(self, items):
        return ("when", ([self.current_year - 2], str(items[0])))

    def this_year(self, items):
        return ("when", ([self.current_year], str(items[0])))

    def year_until(self, items):
        return ("period", ("until", _year(str(items[0]))))

    def all_years(self, items):
        return ("period", ("all", None, None))

    def recent_years(self, items):
        n = _number(str(items[0]))
        return ("period", ("recent", None, n))

    def most(self, items):
        return ("extreme", ("most", None))

    def least(self, items):
        return ("extreme", ("least", None))

    def first(self, items):
        return ("extreme", ("most", 1))

    def last(self, items):
        return ("extreme", ("least", 1))

    def limit(self, items):
        return ("limit", _number(str(next(t for t in items if isinstance(t, Token)))))


_LEVELS = {"县": "县级", "区": "县级", "县区": "县级", "县市区": "县级", "市": "市级", "省": "省级"}


def _who(said: str) -> tuple[str | None, str | None]:
    """哪个部门 -> departments, 哪个县 -> the governments of counties; 哪个单位 -> anyone."""
    word = re.sub(r"^哪(一个|几个|一家|个|些|家)", "", said)
    for place, level in sorted(_LEVELS.items(), key=lambda kv: -len(kv[0])):
        if word.startswith(place):
            return level, "政府"
    if "部门" in word:
        return None, "部门"
    if "政府" in word:
        return None, "政府"
    return None, None


def _year(said: str) -> int:
    digits = re.match(r"\d+", said).group(0)  # type: ignore[union-attr]
    return int(digits) + (2000 if len(digits) == 2 else 0)  # 25年 is 2025


def _index(token: Token) -> int:
    return int(str(token)[2:-1])
