"""The open classes of a question: agency mentions (from the database), measure and column
names (govparse/ask/vocabulary.py) become the tokens «A0», «M0» that grammar/question.lark
reads; filler words are dropped."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass, field

from govparse.ask.vocabulary import Cells, Measure, Word, fold, vocabulary


@dataclass
class Gazetteer:
    """Every way the database's agencies can be named: full name, region, place + kind."""

    forms: dict[str, set[str]] = field(default_factory=dict)  # surface -> agency names

    @classmethod
    def of(cls, conn: sqlite3.Connection) -> Gazetteer:
        """The database's gazetteer, read once per database file: a national database names
        tens of thousands of agencies, and Datasette serves it unchanged."""
        key = _file_key(conn)
        if key is None or key not in _GAZETTEERS:
            _GAZETTEERS.clear()  # one database at a time is served or asked
            gazetteer = cls.read(conn)
            if key is None:
                return gazetteer
            _GAZETTEERS[key] = gazetteer
        return _GAZETTEERS[key]

    @classmethod
    def read(cls, conn: sqlite3.Connection) -> Gazetteer:
        g = cls()
        for name, province, city, county in conn.execute(
                "select name, province, city, county from agencies"):
            g.add(name, name)
            for region in (province, city, county):
                if region:
                    g.add(region, name)
                    short = re.sub(r"(省|市|县|区|自治区|自治州|自治县)$", "", region)
                    if len(short) >= 2:
                        g.add(short, name)
                        if name.startswith(region) and len(name) > len(region):
                            g.add(short + name[len(region):], name)  # 湘潭人社局
        return g

    def add(self, surface: str, name: str) -> None:
        self.forms.setdefault(fold(surface), set()).add(name)


_GAZETTEERS: dict[tuple, Gazetteer] = {}


def _file_key(conn: sqlite3.Connection) -> tuple | None:
    """Which database file, as built: a rebuild replaces the file (new inode and time).
    None for a database in memory, which is read afresh."""
    path = conn.execute("pragma database_list").fetchone()[2]
    if not path:
        return None
    st = os.stat(path)
    return (path, st.st_ino, st.st_mtime_ns, st.st_size)


@dataclass
class Asked:
    """A measure as the question names it, with the column of the form it adds, if any."""

    measure: Measure
    column: frozenset[str] | None = None
    column_said: str | None = None

    @property
    def said(self) -> str:
        return self.measure.label + (f"（{self.column_said}）" if self.column_said else "")


@dataclass
class Lexed:
    text: str  # the question with «An», «Mn» («Pn»), «Cn» in place of what was recognised
    agencies: list[tuple[str, list[str]]]  # as said, the candidate agencies
    measures: list[Asked]
    columns: list[str] = field(default_factory=list)  # columns said with no measure to add to


_LONGEST = 40


def lex(question: str, gazetteer: Gazetteer) -> Lexed:
    vocab = vocabulary()
    text = fold(question)
    for short, full in vocab.abbreviations.items():
        if full not in text:  # 人社厅 -> 人力资源和社会保障厅, 县政府 -> 县人民政府
            text = text.replace(short, full)
    out: list[str | Word] = []
    agencies: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(text):
        match = _agency_at(text, i, gazetteer)
        if match:
            surface, candidates = match
            out.append(f"«A{len(agencies)}»")
            agencies.append((surface, sorted(candidates)))
            i += len(surface)
            continue
        word = vocab.word_at(text, i)
        if word is not None:
            if word.kind != "filler":
                out.append(word)
            i += len(word.name)
            continue
        out.append(text[i])
        i += 1
    return _attach_columns(out, agencies)


def _attach_columns(out: list[str | Word], agencies: list) -> Lexed:
    """A column said anywhere in the question belongs to the nearest measure without one
    ("自然人的新收申请", "行政复议被纠正了几件"); a column with no measure stays a token the
    grammar does not accept, and the refusal says which column it was."""
    measures = _one_measure_said([k for k, w in enumerate(out)
                                  if isinstance(w, Word) and w.kind == "measure"], out)
    asked = {k: Asked(out[k].measure) for k in measures}  # type: ignore[union-attr]
    leftover: dict[int, Word] = {}
    for k, w in enumerate(out):
        if not (isinstance(w, Word) and w.kind == "column"):
            continue
        free = sorted((abs(m - k), m) for m in measures if asked[m].column is None)
        owners = vocabulary().owners(w.columns)
        if free:
            a = asked[free[0][1]]
            a.column, a.column_said = w.columns, w.name
        elif len(owners) == 1 and not measures:  # 收费金额: only 行政事业性收费 has it
            asked[k] = Asked(owners[0], w.columns, w.name)
        else:
            leftover[k] = w
    text, found, columns = [], [], []
    for k, w in enumerate(out):
        if k in asked:
            kind = "P" if asked[k].measure.findings else "M"
            text.append(f"«{kind}{len(found)}»")
            found.append(asked[k])
        elif k in leftover:
            text.append(f"«C{len(columns)}»")
            columns.append(leftover[k].name)
        elif isinstance(w, str):
            text.append(w)
    return Lexed("".join(text), agencies, found, columns)


def _one_measure_said(at: list[int], out: list) -> list[int]:
    """Names that together say one measure: the same measure twice (新收…申请), a generic
    name beside a specific one (部分公开的申请), a group beside one of its rows
    (属于国家秘密不予公开的). The others are dropped; two measures remain two."""
    vocab = vocabulary()
    if len(at) < 2:
        return at
    specific = [k for k in at if out[k].name not in vocab.generic]
    at = specific or at[:1]
    kept: list[int] = []
    for k in at:
        m = out[k].measure
        if any(out[j].measure is m for j in kept):
            continue
        kept.append(k)
    cells = {k: _default_cells(out[k].measure) for k in kept}
    return [k for k in kept
            if not any(j != k and cells[j] and cells[k] and cells[j] < cells[k] for j in kept)]


def _default_cells(m: Measure) -> frozenset[str]:
    return frozenset(k for form, grid in m.grid.items()
                     for k in grid.get(m.default.get(form, ""), Cells((), None, "")).keys)


def _agency_at(text: str, i: int, gazetteer: Gazetteer) -> tuple[str, set[str]] | None:
    for end in range(min(len(text), i + _LONGEST), i + 1, -1):
        candidates = gazetteer.forms.get(text[i:end])
        if candidates:
            return text[i:end], candidates
    return None
