"""The open classes of a question: agency mentions (from the database) and measure names
(from vocabulary.yml) become the tokens «A0» and «M0» that grammar/question.lark reads."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass, field

from govparse.ask.vocabulary import Measure, vocabulary
from govparse.normalize import fold_width


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
        return g

    def add(self, surface: str, name: str) -> None:
        self.forms.setdefault(fold_width(surface), set()).add(name)


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
class Lexed:
    text: str  # the question with «An» and «Mn» in place of what was recognised
    agencies: list[tuple[str, list[str]]]  # as said, the candidate agencies
    measures: list[Measure]


_LONGEST = 40


def lex(question: str, gazetteer: Gazetteer) -> Lexed:
    vocab = vocabulary()
    text = fold_width(question).strip()
    for short, full in vocab.abbreviations.items():
        if full not in text:  # 人社厅 -> 人力资源和社会保障厅, 县政府 -> 县人民政府
            text = text.replace(short, full)
    out, agencies, measures = [], [], []
    names = vocab.names()
    i = 0
    while i < len(text):
        match = _agency_at(text, i, gazetteer)
        if match:
            surface, candidates = match
            out.append(f"«A{len(agencies)}»")
            agencies.append((surface, sorted(candidates)))
            i += len(surface)
            continue
        name = next((n for n, _ in names if text.startswith(n, i)), None)
        if name:
            measure = next(m for n, m in names if n == name)
            out.append(f"«{'P' if measure.findings else 'M'}{len(measures)}»")
            measures.append(measure)
            i += len(name)
            continue
        out.append(text[i])
        i += 1
    return Lexed("".join(out), agencies, measures)


def _agency_at(text: str, i: int, gazetteer: Gazetteer) -> tuple[str, set[str]] | None:
    for end in range(min(len(text), i + _LONGEST), i + 1, -1):
        candidates = gazetteer.forms.get(text[i:end])
        if candidates:
            return text[i:end], candidates
    return None
