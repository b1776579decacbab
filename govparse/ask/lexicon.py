"""The open classes of a question: agency mentions (from the database), measure and column
names (govparse/ask/vocabulary.py) become the tokens «A0», «M0» that grammar/question.lark
reads; filler words are dropped."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache

from govparse.ask.chinese import simplified
from govparse.ask.vocabulary import Cells, Measure, Word, fold, vocabulary
from govparse.report.agencies import kinds_of_body
from govparse.report.regions import short_name, short_names


@dataclass
class Gazetteer:
    """Every way the database's agencies can be named: full name, region, place + kind."""

    forms: dict[str, set[str]] = field(default_factory=dict)  # surface -> agency names
    # Surfaces that name a place, not an agency: "福建省" is asked about as a region (the
    # scope of a ranking), never taken for the one agency of it the database happens to have.
    regions: set[str] = field(default_factory=set)

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
            bare = re.sub(r"(局|厅|委员会|委|办公室)$", "", name)
            if bare != name and len(bare) > 4:
                g.add(bare, name)  # 湘潭县人社 (-> 湘潭县人力资源和社会保障)
            for region in (province, city, county):
                if region:
                    g.add(region, name, region=True)
                    short = short_name(region)
                    if short:
                        g.add(short, name, region=True)
                        # 福建人社厅; not 湘潭人社局: 湘潭 is 湘潭市 as well as 湘潭县
                        if name.startswith(region) and len(name) > len(region) and \
                                len(short_names().get(short, ())) == 1:
                            g.add(short + name[len(region):], name)
        return g

    def add(self, surface: str, name: str, region: bool = False) -> None:
        self.forms.setdefault(fold(surface), set()).add(name)
        if region:
            self.regions.add(fold(surface))


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
    surface: str = ""  # the words of the question that named it
    # a row of this measure named like the column said (其他处理中的其他: the row 3.其他 or
    # the column 其他组织?): the question does not say which
    also: Measure | None = None

    @property
    def said(self) -> str:
        return self.measure.label + (f"（{self.column_said}）" if self.column_said else "")


@dataclass
class Lexed:
    text: str  # the question with «An», «Mn» («Pn»), «Cn», «Kn» where something was recognised
    agencies: list[tuple[str, list[str]]]  # as said, the candidate agencies
    measures: list[Asked]
    columns: list[str] = field(default_factory=list)  # columns said with no measure to add to
    kinds: list[tuple[str, str]] = field(default_factory=list)  # 人社局 as said, its kind


_LONGEST = 40
# Question words a name never starts inside: 哪个人社局 is not 哪 + 个人 + 社局.
_WHOLE = ("哪一个", "哪几个", "哪一家", "哪几家", "哪个", "哪些", "哪家", "合计对不对", "合计对吗",
          "合计对得上吗", "合计有没有问题", "合计有问题", "合计有误", "合计是否正确", "合计正确吗")
_STOPS = set("?。!;")


def lex(question: str, gazetteer: Gazetteer) -> Lexed:
    vocab = vocabulary()
    text = expand(question)
    out: list[str | Word] = []
    agencies: list[tuple[str, list[str]]] = []
    kinds: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        whole = next((w for w in _WHOLE if text.startswith(w, i)), None)
        if whole:
            out.append(whole)
            i += len(whole)
            continue
        match = _agency_at(text, i, gazetteer)
        if match:
            surface, candidates = match
            if out and out[-1] == f"«A{len(agencies) - 1}»" and \
                    agencies[-1][0] in gazetteer.regions and \
                    candidates <= set(agencies[-1][1]):  # 平顶山市 + 卫东区人社局: one agency
                agencies[-1] = (agencies[-1][0] + surface, sorted(candidates))
            else:
                out.append(f"«A{len(agencies)}»")
                agencies.append((surface, sorted(candidates)))
            i += len(surface)
            continue
        kind = _kind_at(text, i)
        if kind:
            out.append(f"«K{len(kinds)}»")
            kinds.append(kind)
            i += len(kind[0])
            continue
        word = vocab.word_at(text, i)
        if word is not None:
            if word.kind != "filler":
                out.append(word)
            i += len(word.name)
            if word.kind == "measure" and text.startswith("数", i) and \
                    not text.startswith(("数字", "数据", "数量", "数目"), i):
                i += 1  # 新收申请数: the count of what was named
            continue
        out.append(text[i])
        i += 1
    lexed = _attach_columns(out, agencies)
    lexed.kinds = kinds
    return lexed


def expand(question: str) -> str:
    """The question as the lexer reads it: folded, in simplified characters, abbreviations
    spelled out (人社厅 -> 人力资源和社会保障厅, 县政府 -> 县人民政府), a year in numerals in
    digits (二〇二五年)."""
    vocab = vocabulary()
    text = simplified(fold(question))
    for other, ours in vocab.usage.items():
        text = text.replace(other, ours)
    text = _NUMERAL_YEAR.sub(lambda m: "".join(str(_DIGITS.index(c) % 10) for c in m[1]) + "年",
                             text)
    for short, full in vocab.abbreviations.items():
        if full not in text:
            text = text.replace(short, full)
    return text


_DIGITS = "〇一二三四五六七八九零"
_NUMERAL_YEAR = re.compile(f"([{_DIGITS}]{{4}})年")


def _attach_columns(out: list[str | Word], agencies: list) -> Lexed:
    """A column said anywhere in the question belongs to the nearest measure without one
    ("自然人的新收申请", "行政复议被纠正了几件"); a column with no measure stays a token the
    grammar does not accept, and the refusal says which column it was. 总计 beside another
    column only stresses it (法人或其他组织的新收申请总数)."""
    vocab = vocabulary()
    measures = _one_measure_said([k for k, w in enumerate(out)
                                  if isinstance(w, Word) and w.kind == "measure"], out)
    asked = {k: Asked(out[k].measure, surface=out[k].name)  # type: ignore[union-attr]
             for k in measures}
    said = [k for k, w in enumerate(out) if isinstance(w, Word) and w.kind == "column"]
    if len(said) > 1:
        said = [k for k in said if out[k].columns != _TOTAL] or said[:1]  # type: ignore
    leftover: dict[int, Word] = {}
    for k in said:
        w = out[k]
        assert isinstance(w, Word)
        free = sorted((abs(m - k), m) for m in measures if asked[m].column is None)
        owners = vocab.owners(w.columns)
        if len(free) > 1 and free[0][0] == free[1][0]:
            leftover[k] = w  # as near one measure as the other: which one is not said
        elif free:
            a = asked[free[0][1]]
            a.column, a.column_said = w.columns, w.name
            a.also = vocab.measures.get(f"{a.measure.id}/{w.name}")
        elif len(owners) == 1 and owners[0] not in [asked[m].measure for m in measures]:
            # 收费金额: only 行政事业性收费 has it
            asked[k] = Asked(owners[0], w.columns, w.name, w.name)
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


_TOTAL = frozenset({fold("总计")})


def _one_measure_said(at: list[int], out: list) -> list[int]:
    """Names that together say one measure: the same measure twice (新收…申请), a weak name
    beside a stronger one (部分公开的申请), a group beside one of its rows (属于国家秘密不予
    公开的). The others are dropped; two measures remain two, and so does a measure asked
    again after an end mark (…多少件？其中网上申请多少)."""
    vocab = vocabulary()
    if len(at) < 2:
        return at
    strongest = max(vocab.strength(out[k].name) for k in at)
    agencies = sum(isinstance(w, str) and w.startswith("«A") for w in out)
    if agencies < 2:  # A的行政复议和B的申请: each agency's own measure, none dropped
        at = [k for k in at if vocab.strength(out[k].name) == strongest]
    kept: list[int] = []
    for k in at:
        m = out[k].measure
        if any(out[j].measure is m and not _STOPS & set(_chars(out[j:k])) for j in kept):
            continue
        kept.append(k)
    # A sum said beside one of its parts is what was asked (收到申请含上年结转); a group
    # beside one of its rows is not (属于国家秘密不予公开的: the row).
    sums = {p for k in kept for p in out[k].measure.parts}
    kept = [k for k in kept if out[k].measure.id not in sums]
    cells = {k: _default_cells(out[k].measure) for k in kept if not out[k].measure.parts}
    return [k for k in kept
            if not any(j != k and j in cells and k in cells and cells[j] and cells[k]
                       and cells[j] < cells[k] for j in kept)]


def _chars(out: list) -> str:
    return "".join(w for w in out if isinstance(w, str))


def _default_cells(m: Measure) -> frozenset[str]:
    return frozenset(k for form, grid in m.grid.items()
                     for k in grid.get(m.default.get(form, ""), Cells((), None, "")).keys)


def _agency_at(text: str, i: int, gazetteer: Gazetteer) -> tuple[str, set[str]] | None:
    for end in range(min(len(text), i + _LONGEST), i + 1, -1):
        candidates = gazetteer.forms.get(text[i:end])
        if candidates:
            return text[i:end], candidates
    return None


def _kind_at(text: str, i: int) -> tuple[str, str] | None:
    """A kind of body said without its place (人力资源和社会保障局, 人社部门): the agencies of
    that kind (govparse/report/agencies.yml), for a ranking over them or to ask which one."""
    for surface, kind in _kind_surfaces().get(text[i], ()):
        if text.startswith(surface, i):
            return surface, kind
    return None


@lru_cache(maxsize=1)
def _kind_surfaces() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for k in kinds_of_body():
        if k["body"] != "部门":
            continue
        for word in k["words"]:
            for suffix in _BODY_SUFFIXES:
                out.setdefault(word[0], []).append((fold(word + suffix), k["kind"]))
    return {c: sorted(v, key=lambda p: -len(p[0])) for c, v in out.items()}


_BODY_SUFFIXES = ("委员会", "办公室", "部门", "系统", "机关", "局", "厅", "委", "办")
