"""Text reuse at national scale: find_reuse on N generated narratives with reuse injected
at known rates; time, peak memory, precision and recall against what was injected.

    python bench/reuse_speed.py [--n 100000] [--write bench/RESULTS.md]

Half the agencies publish in two years (N/2 agencies x 2 reports). Each narrative is 20
sentences of words drawn from 2,500 common characters (unrelated reports share no
sentence). Injected: 20% of second-year reports repeat 30-100% of their agency's first-year
sentences with new numbers (`earlier`); 5% take 3-5 sentences from another agency's report
of the year (`same_year`); 5% take 3 such sentences with two characters of each changed
(near copies). Truth: (report, sentence, relation) triples. A benchmark: nothing asserted.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from pathlib import Path

from results import emit

from govparse.across.reuse import EARLIER, SAME_YEAR, Narrative, find_reuse, sentences_of

_CHARS = [chr(c) for c in range(0x4E00, 0x4E00 + 2500)]


def _sentence(rng: random.Random) -> str:
    words = "".join(rng.choice(_CHARS) for _ in range(rng.randint(14, 36)))
    return f"{words[:8]}{rng.randint(1, 9999)}{words[8:]}。"


def _edit(sentence: str, rng: random.Random) -> str:
    chars = list(sentence)
    for i in rng.sample(range(len(chars) - 1), 2):
        if not chars[i].isdigit():
            chars[i] = rng.choice(_CHARS)
    return "".join(chars)


NEAR: set[tuple[str, int, str]] = set()  # the injected sentences that were edited


def corpus(n: int, seed: int = 1) -> tuple[list[Narrative], set[tuple[str, int, str]]]:
    rng = random.Random(seed)
    agencies = n // 2
    first = {a: [_sentence(rng) for _ in range(20)] for a in range(agencies)}
    second = {a: [_sentence(rng) for _ in range(20)] for a in range(agencies)}
    truth: set[tuple[str, int, str]] = set()
    rolls = [rng.random() for _ in range(agencies)]
    untouched = [a for a in range(agencies) if rolls[a] >= 0.30]  # sources of same-year copies
    for a in range(agencies):
        mine = second[a]
        roll = rolls[a]
        if roll < 0.20:  # last year's text with new numbers
            for i in rng.sample(range(20), rng.randint(6, 20)):
                mine[i] = first[a][i].replace(next(ch for ch in first[a][i] if ch.isdigit()),
                                              str(rng.randint(1, 9)), 1)
                truth.add((f"{a}/2", i, EARLIER))
        elif roll < 0.30:  # sentences of another agency's report of the same year
            other, near = rng.choice(untouched), roll >= 0.25
            for i in rng.sample(range(20), 3 if near else rng.randint(3, 5)):
                mine[i] = _edit(second[other][i], rng) if near else second[other][i]
                truth.add((f"{a}/2", i, SAME_YEAR))
                if near:
                    NEAR.add((f"{a}/2", i, SAME_YEAR))
    out = []
    for a in range(agencies):
        for year, texts in ((2023, first[a]), (2024, second[a])):
            text = "\n".join(texts)
            out.append(Narrative(f"{a}/{year - 2022}", f"机关{a}", year,
                                 sentences_of(1, text, list(range(1, 21)))))
    return out, truth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--write", type=Path)
    args = ap.parse_args()
    t0 = time.perf_counter()
    narratives, truth = corpus(args.n)
    made = time.perf_counter() - t0
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    reuse, passages = find_reuse(narratives)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # A same_year copy is found from both sides: the report it was taken from shares the
    # sentence too. Either side counts as injected.
    found = {(p.report, int(p.sentence.line) - 1, p.relation) for p in passages}
    mirrored = {(p.report, int(p.sentence.line) - 1, SAME_YEAR) for p in passages
                if p.relation == SAME_YEAR
                and (p.source, int(p.source_sentence.line) - 1, SAME_YEAR) in truth}
    right = found & truth
    wrong = found - truth - mirrored
    precision = 1 - len(wrong) / len(found) if found else 1.0
    recall = len(right) / len(truth)
    exact = truth - NEAR
    by = {"earlier": (len({t for t in right if t[2] == EARLIER}),
                      len({t for t in truth if t[2] == EARLIER})),
          "same year, word for word": (len({t for t in right & exact if t[2] == SAME_YEAR}),
                                       len({t for t in exact if t[2] == SAME_YEAR})),
          "same year, 2 characters edited": (len(right & NEAR), len(NEAR))}
    rows = [f"- {len(narratives):,} narratives ({sum(len(n.sentences) for n in narratives):,} "
            f"sentences), made in {made:.0f} s; injected: {len(truth):,} copied sentences",
            f"- find_reuse: {seconds:.0f} s ({len(narratives) / seconds:,.0f} reports/s), "
            f"peak memory {peak / 1024:.0f} MB (before: {before / 1024:.0f} MB)",
            f"- passages found: {len(found):,}; precision {precision:.4f} "
            f"({len(wrong)} found that were not injected), recall {recall:.4f}",
            "- recall by kind: " + "; ".join(f"{k} {a:,}/{b:,}" for k, (a, b) in by.items()),
            f"- reports with some reuse: {sum(bool(r.copied) for r in reuse):,}", "",
            f"Command: `cd bench && python reuse_speed.py --n {args.n} --write RESULTS.md`", ""]
    emit("Text reuse across reports", rows, args.write)


if __name__ == "__main__":
    main()
