"""What a refusal says: what of the question was understood (the agency, the year, the
measure), where understanding stopped, and up to three rephrased questions that would be
answered for that agency, about the measures nearest to what was asked."""

from __future__ import annotations

import re
import sqlite3

from rapidfuzz import fuzz

from govparse.ask.answer import Answer
from govparse.ask.lexicon import Gazetteer, Lexed, expand
from govparse.ask.question import QuestionError, parse_question
from govparse.ask.vocabulary import Measure, fold, vocabulary
from govparse.text.normalize import strip_enumerator

MAX_REPHRASED = 3
_NEAR = 40  # rapidfuzz ratio (0-100): 驳回 ~ 互动回应 is 33, not near
# rapidfuzz ratios (0-100) of a name the database lacks to those it has: near enough to be
# named (as another body), and close enough to be a typo of it (湘谭县 for 湘潭县)
_NEAR_NAME = 60
_TYPO = 85
_PLACE = re.compile(r"[省市县区州旗盟镇乡]")
_AGENCY_LIKE = re.compile(r"[\u4e00-\u9fff]{2,24}?"
                          r"(人民政府|政府|办公室|办公厅|局|厅|委员会|委|办|院)")
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")
_MARK = re.compile(r"«[AMPCK]\d+»")
_QUESTION_WORDS = re.compile(r"(?:19|20)\d\d年度?|是多少|有多少|多少|几|[件个次条项]|收到|受理")


def refusal(question: str, exc: QuestionError, conn: sqlite3.Connection,
            this_year: int | None = None) -> Answer:
    lexed = exc.lexed
    if lexed is None:
        return Answer(question, "refused", f"没有听懂这个问题：{exc}。",
                      examples=list(vocabulary().examples))
    if lexed.kinds and not lexed.agencies:
        which = _which_of_kind(question, lexed, conn, this_year)
        if which is not None:
            return which
    understood = _understood(lexed)
    gazetteer = Gazetteer.of(conn)
    missing = _unknown_agency(question, gazetteer)
    if missing is not None:  # 湘潭市 of 湘潭市人社局 was no agency understood
        agencies = len(lexed.agencies)  # _understood lists them first
        understood = [u for u, (said, _) in zip(understood[:agencies], lexed.agencies,
                                                 strict=True) if said not in missing] \
            + understood[agencies:]
        return _no_such_agency(question, missing, gazetteer, understood)
    unknown = _AGENCY_LIKE.search(lexed.text)
    if unknown and not lexed.agencies:
        text = (f"数据库中没有找到机关“{unknown.group(0)}”的报告。"
                "可以在“查找机关”中搜索名称的一部分。")
    elif lexed.agencies and not lexed.measures:
        text = "没有听懂要问的是哪一项数字。"
    elif not lexed.agencies and not lexed.measures:
        text = "这个问题不在可回答的范围内：只能回答关于年报统计数字的问题。"
    else:
        text = "没有完全听懂这个问题。"
    if understood:
        text += "听懂的部分：" + "，".join(understood) + "。"
    text += f"{exc}。"
    rephrased = _rephrased(lexed, conn, this_year)
    return Answer(question, "refused", text, rephrased=rephrased,
                  examples=[] if rephrased else list(vocabulary().examples))


def _unknown_agency(question: str, gazetteer: Gazetteer) -> str | None:
    """The name of a body the question says that the database does not have (湘潭市人社局,
    a typo 湘谭县人民政府): a place, then a kind of body, not ending in a known name."""
    text = expand(question)
    filler = sorted(vocabulary().filler, key=len, reverse=True)
    for m in _AGENCY_LIKE.finditer(text):
        name = m.group(0)
        while (word := next((f for f in filler if name.startswith(f) and len(f) < len(name)),
                            None)):
            name = name[len(word):]
        if not _PLACE.search(name[:-2]) or any(name[i:] in gazetteer.forms
                                               for i in range(len(name) - 1)):
            continue
        at = m.end() - len(name)
        if any(len(f) > len(name) and text.startswith(f, at) for f in gazetteer.forms):
            continue  # 上海市人民政府 of 上海市人民政府办公厅, which is in the database
        return name
    return None


def _no_such_agency(question: str, name: str, gazetteer: Gazetteer,
                    understood: list[str]) -> Answer:
    """Say plainly that the body is not in the database; a near name is offered as a
    question about it ("您是不是要问…") and said to be another body."""
    from rapidfuzz import process

    names = sorted(set().union(*gazetteer.forms.values())) if gazetteer.forms else []
    near = [n for n, _score, _i in process.extract(name, names, scorer=fuzz.ratio, limit=3,
                                                    score_cutoff=_NEAR_NAME)]
    text = f"数据库中没有“{name}”的报告。"
    # a slip of a character (湘谭县), never of the level (湘潭市 is not 湘潭县: another body)
    typo = near and fuzz.ratio(name, near[0]) >= _TYPO and len(near[0]) == len(name) and \
        _PLACE.findall(name) == _PLACE.findall(near[0]) and not _real_place(name, near[0])
    asked = expand(question)
    if typo:
        text += f"您是不是要问“{near[0]}”？"
        near = near[:1]
    elif near:
        text += f"名称相近的有{'、'.join(f'“{n}”' for n in near)}，它们是不同的机关。"
    else:
        text += "可以在“查找机关”中搜索名称的一部分。"
    if understood:
        text += "听懂的部分：" + "，".join(understood) + "。"
    return Answer(question, "refused", text, candidates=near,
                  rephrased=[asked.replace(name, n, 1) for n in near],
                  examples=[] if near else list(vocabulary().examples))


def _real_place(name: str, near: str) -> bool:
    """Whether the name starts with a real place that is not the near name's (湘阴县 is a
    county of its own, not a slip for 湘潭县; 湘谭县 is no place at all)."""
    from govparse.report.regions import UNKNOWN, locate

    typed = locate(name)
    return typed.status != UNKNOWN and (typed.province, typed.city, typed.county) != (
        (other := locate(near)).province, other.city, other.county)


def _which_of_kind(question: str, lexed: Lexed, conn: sqlite3.Connection,
                   this_year: int | None) -> Answer | None:
    """人社局2025年收到多少申请: a kind of body without its place names several agencies;
    say which, each with the question that asks about it."""
    said, kind = lexed.kinds[0]
    names = [r[0] for r in conn.execute("select name from agencies where kind = ? "
                                        "order by name", [kind])]
    if not names:
        return None
    text = expand(question)
    gazetteer = Gazetteer.of(conn)
    rephrased = []
    for name in names:
        q = text.replace(said, name, 1)
        try:
            form = parse_question(q, gazetteer, this_year or 2100).form
        except QuestionError:
            return None  # not a question of the language even with the agency said
        if form in ("top", "failing"):
            return None  # 人社部门里谁…最多 is a ranking over them, not about one
        rephrased.append(q)
    return Answer(question, "ambiguous", f"“{said}”没有说是哪个地方的，数据库中有{len(names)}个："
                  "请说明是哪一个。", candidates=names, rephrased=rephrased)


def _understood(lexed: Lexed) -> list[str]:
    out = [f"机关“{candidates[0] if len(candidates) == 1 else said}”"
           for said, candidates in lexed.agencies]
    out += [f"{y}年度" for y in _YEAR.findall(lexed.text)]
    out += [f"数字“{a.said}”" for a in lexed.measures]
    out += [f"栏目“{c}”" for c in lexed.columns]
    return out


def _rephrased(lexed: Lexed, conn: sqlite3.Connection, this_year: int | None) -> list[str]:
    """Questions about the one agency understood that this language answers."""
    names = {n for _, candidates in lexed.agencies[:1] for n in candidates}
    if len(names) != 1:
        return []
    agency = names.pop()
    years = [r[0] for r in conn.execute("select distinct year from reports where agency = ? "
                                        "and year is not null order by year", [agency])]
    if not years:
        return []
    said = [int(y) for y in _YEAR.findall(lexed.text)]
    year = said[0] if said and said[0] in years else years[-1]
    form = conn.execute("select template from reports where agency = ? and year = ?",
                        [agency, year]).fetchone()
    out: list[str] = []
    gazetteer = Gazetteer.of(conn)
    for name in _nearest(lexed):
        q = f"{agency}{year}年{name}是多少？"
        try:
            asked = parse_question(q, gazetteer, this_year or year + 1).measure
        except QuestionError:
            continue
        # only what the agency's report has: a cell of its form, named without a choice left
        if asked is None or (asked.measure.grid and asked.measure.cells(
                form[0] if form else None, asked.column) is None):
            continue
        out.append(q)
        if len(out) == MAX_REPHRASED:
            break
    return out


def _nearest(lexed: Lexed) -> list[str]:
    """How to name the measures nearest to what the question said: the measure it named
    (and its column) first, then the measures whose names share most with the words it did
    not understand (rapidfuzz); never a measure the question did not come near: a refusal
    suggests no other quantity."""
    vocab = vocabulary()
    out = []
    for a in lexed.measures:
        if not a.measure.findings:
            out.append(_with_column(a.column_said, _name(a.measure)))
    rest = " ".join(_HAN.findall(_QUESTION_WORDS.sub(" ", _MARK.sub(" ", lexed.text))))
    column = lexed.columns[0] if lexed.columns else None
    scored = []
    for order, m in enumerate(vocab.measures.values()):
        if m.findings or (column and not any(fold_col in m.columns()
                                               for fold_col in vocab.columns[column])):
            continue
        score = max((fuzz.ratio(rest, n) for n in m.names), default=0)
        if score >= _NEAR or column:
            scored.append((-round(score, 2), order, m.id))
    for _, _, mid in sorted(scored):
        out.append(_with_column(column, _name(vocab.measures[mid])))
    return list(dict.fromkeys(out))


def _with_column(column: str | None, name: str) -> str:
    return f"{column}的{name}" if column else name


def _name(m: Measure) -> str:
    """The name a question can use for the measure: unambiguous, without an enumerator."""
    vocab = vocabulary()
    for n in sorted(m.names, key=lambda n: (n != fold(m.label), 0)):
        if strip_enumerator(n) != n:
            continue
        word = vocab.word_at(n, 0)
        if word is not None and word.measure is m and word.name == n:
            return n
    return m.names[0]
