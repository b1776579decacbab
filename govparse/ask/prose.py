"""A figure of the prose asked about in words the vocabulary does not know
("湘潭县政府2025年常务会议开了几期"): the question's content words (jieba) looked up in the
subjects of the report's figures (the `metrics` table: "常务会议" of "常务会议13期"), and
answered with the sentence that says it. Only when the question names one agency and the
words name one figure; several figures with different numbers are offered, never chosen."""

from __future__ import annotations

import re
import sqlite3

from lark.exceptions import LarkError

from govparse.ask.answer import Answer, Source
from govparse.ask.chinese import content_words
from govparse.ask.lexicon import Gazetteer
from govparse.ask.question import QuestionError, question_parser

_MARK = re.compile(r"«[AMPCK]\d+»")
_YEAR = re.compile(r"((?:19|20)\d\d)年度?")
# years said in other ways (25年, 前年, 今年, 本年度): the grammar reads them, this does not
_OTHER_YEAR = re.compile(r"(?<!\d)\d\d年|前年|今年|本年|上一年|上年度|前一年")


def figure_by_subject(question: str, exc: QuestionError, conn: sqlite3.Connection,
                      this_year: int) -> Answer | None:
    lexed = exc.lexed
    if lexed is None or len(lexed.agencies) != 1 or len(lexed.agencies[0][1]) != 1 \
            or lexed.agencies[0][0] in Gazetteer.of(conn).regions or _OTHER_YEAR.search(lexed.text):
        return None  # a region is not its one agency; a year said otherwise is not guessed
    agency = lexed.agencies[0][1][0]
    said_years = [int(y) for y in _YEAR.findall(lexed.text)]
    if "去年" in lexed.text:
        said_years.append(this_year - 1)
    if len(said_years) > 1:
        return None
    words = content_words(_YEAR.sub(" ", _MARK.sub(" ", lexed.text)))
    if not words or not _asks_for_one(lexed.text, words):
        return None
    year_sql = "r.year = ?" if said_years else \
        "r.year = (select max(year) from reports where agency = ?)"
    rows = [dict(zip(("report", "agency", "year", "file", "text", "value", "unit",
                      "subject", "sentence", "line", "origin"), r, strict=True))
            for r in conn.execute(
                "select r.sha256, r.agency, r.year, r.file, m.text, m.value, m.unit, "
                "m.subject, m.sentence, m.line, m.origin from metrics m join reports r on "
                f"r.sha256 = m.report where r.agency = ? and {year_sql} and "
                "m.part_of is null and m.subject is not null order by m.n",
                [agency, said_years[0] if said_years else agency])]
    # every noun of the question in the figure's subject: 网上申请 is not 申请; a share
    # (100%) is no count
    found = [r for r in rows if all(w in r["subject"] for w in words) and r["unit"] != "%"]
    if not found:
        return None
    year = found[0]["year"]
    sources = [Source(r["report"], r["agency"], r["year"], r["file"], r["sentence"],
                      r["value"], "value", r["text"], r["line"], r["origin"]) for r in found]
    who = f"{agency}{year}年度"
    if len({r["value"] for r in found}) > 1:
        named = [f"{r['subject']}{r['text']}" for r in found]
        return Answer(question, "ambiguous", f"{who}的报告正文中与问题相关的数字有"
                      f"{len(found)}个：{'、'.join(named)}，请说明问的是哪一个。",
                      agencies=[agency], years=[year], sources=sources, candidates=named)
    first = found[0]
    return Answer(question, "value", f"{who}正文中说：{first['subject']}{first['text']}"
                  f"（正文：“{first['sentence']}”）。", value=first["value"],
                  measure=first["subject"], agencies=[agency], years=[year],
                  definition=f"正文中所说的数字，不在统计表中：按问题中的"
                             f"{'、'.join(f'“{w}”' for w in words)}在正文的数字中找到",
                  sources=sources[:1],
                  notes=["这个数字是在报告正文中按问题的用词找到的，请对照原句。"])


def _asks_for_one(text: str, words: list[str]) -> bool:
    """Whether the question, with its nouns read as one measure, is a question of the
    language asking for one number ("«A0»2025年«M9»开了几期"): a word the grammar does not
    know (网上, 驳回) still stops it, and a measure it already named makes it two."""
    for word in words:
        text = text.replace(word, "«M9»", 1)
    text = re.sub(r"(«M9»)+", "«M9»", text)
    try:
        tree = question_parser().parse(text)
    except LarkError:
        return False
    return tree.children[0].data == "value" and text.count("«M") == 1
