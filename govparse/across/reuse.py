"""Text reuse: the sentences of each report's narrative found again in the same agency's
earlier reports (`earlier`) or in other agencies' reports of the same year (`same_year`).

Sentences are compared with their numbers and years as # (a report copied from last year
with new numbers is still a copy) and width folded; the form's own wording is never a copy
(reuse.yml: patterns, and any sentence written by `common_agencies` agencies or more).

- Copies word for word: one pass over every sentence, by its normalized text.
- Near copies (a sentence edited here and there): reports whose narratives look alike are
  found with MinHash LSH (datasketch), never by comparing every pair; each such pair is then
  compared sentence by sentence on character trigrams.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from govparse.data import load_settings
from govparse.text.normalize import fold_width

EARLIER, SAME_YEAR = "earlier", "same_year"
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")
# Numbers in figures (2023, 9754, 1.5) and years in words (二〇二三年)
_NUMBER = re.compile(r"[0-9０-９]+(?:[.．][0-9]+)?"
                     r"|[〇零一二三四五六七八九十百千万亿两]{2,}(?=年|月|日|件|条|个|次|篇|期|人)")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Settings:
    min_chars: int
    max_sentences: int
    common_agencies: int
    boilerplate: list[str]
    num_perm: int
    lsh_threshold: float
    near_jaccard: float


@cache
def settings() -> Settings:
    return load_settings("govparse.across", "reuse.yml", Settings)


@cache
def _boilerplate() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in settings().boilerplate))


@dataclass(frozen=True, slots=True)  # millions of them in a national build
class Sentence:
    section: int
    line: int | None
    start: int  # offsets in the section's text
    end: int
    text: str
    key: str  # width folded, numbers as #, no spaces


@dataclass
class Narrative:
    report: str
    agency: str | None
    year: int | None
    sentences: list[Sentence] = field(default_factory=list)


@dataclass(frozen=True)
class Passage:
    report: str
    sentence: Sentence
    relation: str  # earlier or same_year
    source: str  # the report it is found in
    source_sentence: Sentence
    similarity: float  # 1.0: word for word (numbers aside); else the trigram Jaccard


@dataclass
class Reuse:
    report: str
    sentences: int  # sentences counted (long enough, not the form's wording)
    chars: int
    boilerplate: int  # sentences that are the form's or everyone's wording
    copied: dict[str, int] = field(default_factory=dict)  # relation -> chars copied
    # relation -> report it is found in -> characters found there (in report order)
    sources: dict[str, dict[str, int]] = field(default_factory=dict)

    def share(self, relation: str) -> float | None:
        return self.copied.get(relation, 0) / self.chars if self.chars else None

    def main_source(self, relation: str) -> str | None:
        """The report most of the text found under `relation` comes from (the first of
        those tied)."""
        found = self.sources.get(relation) or {}
        return max(found, key=found.__getitem__, default=None)


@lru_cache(maxsize=1 << 16)  # boilerplate: most sentences of a corpus are said before
def key_of(text: str) -> str:
    return _SPACE.sub("", _NUMBER.sub("#", fold_width(text)))


def sentences_of(section: int, text: str, lines: list[int] | None = None) -> list[Sentence]:
    """The sentences of a section's text, each with its original line."""
    out, newlines, counted_to = [], 0, 0
    for m in _SENTENCE.finditer(text):
        sentence = m[0].strip()
        if not sentence:
            continue
        start = m.start() + (len(m[0]) - len(m[0].lstrip()))
        newlines += text.count("\n", counted_to, start)  # from the last sentence on: linear
        counted_to = start
        line = lines[min(newlines, len(lines) - 1)] if lines else None
        out.append(Sentence(section, line, start, start + len(sentence), sentence,
                            key_of(sentence)))
    return out


def _relation(of: Narrative, other: Narrative) -> str | None:
    if other.report == of.report or of.year is None or other.year is None:
        return None
    if of.agency and other.agency == of.agency:
        return EARLIER if other.year < of.year else None
    return SAME_YEAR if other.year == of.year else None


def find_reuse(narratives: Iterable[Narrative]) -> tuple[list[Reuse], list[Passage]]:
    """Every report's reuse and its copied passages, in report order."""
    s = settings()
    items = sorted(narratives, key=lambda n: n.report)
    formal = _boilerplate()
    writers: dict[str, set[str]] = defaultdict(set)
    for n in items:
        for sentence in n.sentences:
            writers[sentence.key].add(n.agency or n.report)
    counted: list[list[Sentence]] = []
    reuse = []
    for n in items:
        mine, common, seen = [], 0, set()
        for sentence in n.sentences:
            if len(sentence.key) < s.min_chars or sentence.key in seen:
                continue  # each distinct sentence once
            seen.add(sentence.key)
            if formal.search(sentence.key) or len(writers[sentence.key]) >= s.common_agencies:
                common += 1
            elif len(mine) < s.max_sentences:
                mine.append(sentence)
        counted.append(mine)
        reuse.append(Reuse(n.report, len(mine), sum(len(x.key) for x in mine), common))
    found = _word_for_word(items, counted)
    _near(items, counted, found)
    passages = []
    for i, n in enumerate(items):
        for j, sentence in enumerate(counted[i]):
            for relation in (EARLIER, SAME_YEAR):
                hit = found.get((i, j, relation))
                if hit is None:
                    continue
                k, m, similarity = hit
                passages.append(Passage(n.report, sentence, relation, items[k].report,
                                        counted[k][m], similarity))
                chars = len(sentence.key)
                reuse[i].copied[relation] = reuse[i].copied.get(relation, 0) + chars
                sources = reuse[i].sources.setdefault(relation, {})
                sources[items[k].report] = sources.get(items[k].report, 0) + chars
    return reuse, passages


Hit = tuple[int, int, float]  # narrative, sentence, similarity


def _better(hit: Hit, than: Hit | None, items: list[Narrative]) -> bool:
    """Prefer the closer match, then the nearest earlier year, then the first report."""
    if than is None:
        return True
    return (hit[2], items[hit[0]].year or 0, -hit[0]) > (than[2], items[than[0]].year or 0,
                                                          -than[0])


def _word_for_word(items: list[Narrative], counted: list[list[Sentence]]
                   ) -> dict[tuple[int, int, str], Hit]:
    where: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, mine in enumerate(counted):
        for j, sentence in enumerate(mine):
            where[sentence.key].append((i, j))
    found: dict[tuple[int, int, str], Hit] = {}
    for places in where.values():
        if len(places) < 2:
            continue
        for i, j in places:
            for k, m in places:
                relation = _relation(items[i], items[k])
                if relation and _better((k, m, 1.0), found.get((i, j, relation)), items):
                    found[(i, j, relation)] = (k, m, 1.0)
    return found


def _trigrams(key: str) -> frozenset[str]:
    return frozenset(key[i:i + 3] for i in range(max(1, len(key) - 2)))


def _near(items: list[Narrative], counted: list[list[Sentence]],
          found: dict[tuple[int, int, str], Hit]) -> None:
    """Near copies: every sentence's character trigrams MinHashed, the sketches cut into
    bands as datasketch's MinHashLSH cuts them for the threshold (its own b and r), two
    sentences candidates when a band of theirs is equal; each candidate from a report a
    sentence may copy is checked on the trigrams themselves.

    The bands are grouped by sorting arrays (numpy) rather than kept in MinHashLSH's hash
    tables: the same candidates, in a few bytes per sentence and band instead of a Python
    dict entry, bytes and list each (7.5 GB at 100,000 reports before)."""
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    s = settings()
    bands = MinHashLSH(threshold=s.lsh_threshold, num_perm=s.num_perm)
    places = [(i, j) for i, mine in enumerate(counted) for j in range(len(mine))]
    keys = [counted[i][j].key for i, j in places]
    hashes = np.empty((len(places), s.num_perm), dtype=np.uint64)
    batch = 20000  # MinHash objects made in bulk, kept only as their hash values
    for start in range(0, len(places), batch):
        made = MinHash.bulk(([g.encode() for g in _trigrams(k)] for k in
                             keys[start:start + batch]), num_perm=s.num_perm, seed=1,
                            hashfunc=zlib.crc32)  # C: the default sha1 is 30x slower
        for offset, h in enumerate(made):
            hashes[start + offset] = h.hashvalues
    groups = [_band_groups(hashes[:, lo:hi]) for lo, hi in bands.hashranges]
    for n, (i, j) in enumerate(places):
        if all(_word_for_word_found(found, i, j, r) for r in (EARLIER, SAME_YEAR)):
            continue
        grams = _trigrams(keys[n])
        for c in sorted(_candidates(groups, n)):
            k, m = places[c]
            relation = _relation(items[i], items[k])
            if relation is None or _word_for_word_found(found, i, j, relation):
                continue
            other = _trigrams(counted[k][m].key)
            hit = (k, m, round(len(grams & other) / len(grams | other), 3))
            if hit[2] >= s.near_jaccard and _better(hit, found.get((i, j, relation)), items):
                found[(i, j, relation)] = hit


def _band_groups(band):
    """Rows with equal values in this band: (each row's group, the rows in group order,
    where each group starts in that order)."""
    import numpy as np

    _, group = np.unique(band, axis=0, return_inverse=True)
    group = group.reshape(-1)
    order = np.argsort(group, kind="stable")
    starts = np.searchsorted(group[order], np.arange(group.max(initial=-1) + 2))
    return group, order, starts


def _candidates(groups, n: int) -> set[int]:
    """The rows sharing a band with row `n` (itself included, as MinHashLSH.query gives)."""
    out: set[int] = set()
    for group, order, starts in groups:
        g = group[n]
        out.update(order[starts[g]:starts[g + 1]].tolist())
    return out


def _word_for_word_found(found: dict, i: int, j: int, relation: str) -> bool:
    hit = found.get((i, j, relation))
    return hit is not None and hit[2] == 1.0
