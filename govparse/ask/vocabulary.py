"""The words a question may use: the measures of the forms (govparse/ask/measures.py) with
the paraphrases, rates, prose figures and filler words of vocabulary.yml."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from govparse.ask.measures import Cells, Measure, fold, template_measures
from govparse.data import load

__all__ = ["Cells", "Measure", "Vocabulary", "Word", "vocabulary"]


@dataclass(frozen=True)
class Word:
    """A name the lexer may find: a measure, a column of the form, or a filler word."""

    name: str
    kind: str  # measure, column, filler
    measure: Measure | None = None
    columns: frozenset[str] = frozenset()


@dataclass
class Vocabulary:
    measures: dict[str, Measure]
    columns: dict[str, frozenset[str]]  # name -> the columns (by folded label) it may mean
    filler: tuple[str, ...]
    weak: dict[str, int]  # name -> rank: names that say less beside another (vocabulary.yml)
    abbreviations: dict[str, str]
    examples: tuple[str, ...]
    usage: dict[str, str] = field(default_factory=dict)  # 资讯 -> 信息
    # words passed over where the grammar stops at them (govparse.ask.chinese)
    chat: frozenset[str] = frozenset()
    function_pos: tuple[str, ...] = ()
    not_subjects: tuple[str, ...] = ()  # nouns that never name a figure of the prose
    prose_rules: frozenset[str] = frozenset()  # the rules comparing prose and tables

    def __post_init__(self) -> None:
        # Names by first character, longest first: the lexer tries a handful per position.
        words: dict[str, Word] = {}
        for m in self.measures.values():
            for n in m.names:
                words.setdefault(n, Word(n, "measure", m))
        for n, cols in self.columns.items():
            words.setdefault(n, Word(n, "column", columns=cols))
        for n in self.filler:
            words.setdefault(n, Word(n, "filler"))
        self.by_first: dict[str, list[Word]] = {}
        for w in sorted(words.values(), key=lambda w: -len(w.name)):
            self.by_first.setdefault(w.name[0], []).append(w)

    def word_at(self, text: str, i: int) -> Word | None:
        for w in self.by_first.get(text[i], ()):
            if text.startswith(w.name, i):
                return w
        return None

    def strength(self, name: str) -> int:
        """How much a name says: a weak name (申请, 处理) less than any other."""
        return self.weak.get(name, max(self.weak.values(), default=0) + 1)

    def owners(self, columns: frozenset[str]) -> list[Measure]:
        """The rows of the form that have one of these columns (sums of rows apart)."""
        return [m for m in self.measures.values()
                if m.row and any(c in m.columns() for c in columns)]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = load(__package__, "vocabulary.yml")
    measures, columns = template_measures()
    written: dict[str, str] = {}  # names a maintainer wrote: they win over derived ones
    for mid, d in data.get("paraphrases", {}).items():
        m = measures.get(mid)
        if m is None:
            raise ValueError(f"vocabulary.yml: paraphrases: no measure {mid!r} in the forms "
                             f"(ids: {', '.join(sorted(measures))})")
        m.note, m.see_also = d.get("note"), d.get("see_also")
        m.label = d.get("label", m.label)
        _own(m, d.get("names", []), written)
    for mid, d in data.get("measures", {}).items():
        parts = [measures[p] for p in d["sum_of"]]
        m = Measure(mid, [], mid, d.get("definition", ""), table=parts[0].table,
                    parts=tuple(d["sum_of"]))
        for form in parts[0].grid:
            grids = [p.grid.get(form, {}) for p in parts]
            m.grid[form] = {c: Cells(tuple(k for g in grids for k in g[c].keys), "件",
                                     g0.column)
                            for c, g0 in grids[0].items() if all(c in g for g in grids)}
            m.default[form] = parts[0].default[form]
            m.where[form] = "与".join(p.where[form] for p in parts) + "之和"
        measures[mid] = m
        _own(m, d["names"], written)
    for rate in _rates():
        m = Measure(rate["id"], [], rate["zh"], f"{rate['zh']}：{rate['definition']}",
                    rate=rate["id"])
        measures[m.id] = m
        said = [rate["zh"], *data.get("rates", {}).get(rate["id"], [])]
        # 无法提供率 is also 无法提供的比率, 无法提供的占比 (vocabulary.yml rate_words)
        said += [n[:-1] + word for n in said if n.endswith("率") and len(n) > 2
                 for word in data.get("rate_words", [])]
        _own(m, list(dict.fromkeys(said)), written)
    kinds = _figure_kinds()
    for kind, names in data.get("figures", {}).items():
        m = Measure(kind, [], kind.removesuffix("数"),
                    f"正文中所说的{kinds[kind]}的数字，不在统计表中", figure=kind)
        measures[kind] = m
        _own(m, [kind, *names], written)
    findings = Measure("findings", [], "问题",
                       "一致性检查未通过的规则（勾稽关系、合计、正文与表格）", findings=True)
    measures["findings"] = findings
    _own(findings, data.get("findings", []), written)
    for name, more in data.get("columns", {}).items():
        concept = fold(name)
        for n in more:
            columns.setdefault(fold(n), set()).add(concept)
            written.setdefault(fold(n), concept)
    _drop_ambiguous(measures, columns, written)
    return Vocabulary(measures, {n: frozenset(c) for n, c in columns.items()},
                      tuple(fold(f) for f in data.get("filler", [])),
                      {fold(n): rank for rank, names in enumerate(data.get("weak_names", []))
                       for n in names},
                      {fold(k): fold(v) for k, v in data.get("agency_abbreviations", {}).items()},
                      tuple(data.get("examples", ())),
                      dict(data.get("usage", {})),
                      frozenset(data.get("chat", [])), tuple(data.get("function_pos", [])),
                      tuple(data.get("not_subjects", [])),
                      frozenset(data.get("prose_rules", [])))


def _own(m: Measure, names: list[str], written: dict[str, str]) -> None:
    for n in map(fold, names):
        if n in written and written[n] != m.id:
            raise ValueError(f"vocabulary.yml: the name {n!r} is written for both "
                             f"{written[n]!r} and {m.id!r}")
        written[n] = m.id
        if n not in m.names:
            m.names.append(n)


def _drop_ambiguous(measures: dict[str, Measure], columns: dict[str, set[str]],
                    written: dict[str, str]) -> None:
    """A derived name that means two measures is nobody's: the question has to say more.
    A column's name wins over a measure's derived one (总计, 其他 are column headers), and a
    name written in vocabulary.yml keeps the one meaning written."""
    owners: dict[str, set[str]] = {}
    for m in measures.values():
        for n in m.names:
            owners.setdefault(n, set()).add(m.id)
    for n, who in owners.items():
        keep = written.get(n)
        if len(who) < 2 and (n not in columns or keep is None or keep in columns[n]):
            continue
        for m in measures.values():
            if n in m.names and m.id != keep:
                m.names.remove(n)
        if keep in measures and n in columns:
            del columns[n]


def _rates() -> list[dict]:
    from govparse.report.rates import definitions

    return definitions()["rates"]


def _figure_kinds() -> dict[str, str]:
    data = load("govparse.narrative", "figures.yml")
    return {k["id"]: k["zh"] for k in data["kinds"]}
