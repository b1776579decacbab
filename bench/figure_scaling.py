"""Parse, figures and checks of a report with one huge paragraph: seconds and peak memory
against the paragraph's size.

    python bench/figure_scaling.py [--sizes 1 4 16] [--shape sentences] [--write bench/RESULTS.md]

The report is corpus seed 001 with one paragraph of figure sentences inserted at the top of
section 一 ("本年度发布信息1000条，其中政策文件100条，工作动态0条。" and three more patterns,
numbers varying from sentence to sentence: wholes with parts, a qualifier, an application
count the T3-TXT check holds against table 三, a 其中 opening a sentence). `--shape run-on`
joins them with ， instead of 。, so that the paragraph is one sentence as long as spaCy's
pieces allow. A size is megabytes of UTF-8.

Each size runs in a fresh process (`--one`), which writes the report to a file and times
`parse_file`, `metrics_of` and `check_report` on it; its memory is the peak resident set
(getrusage) less the peak once spaCy is loaded, before the report is read. The cap on
figures per report (govparse/sources/limits.yml) is lifted: what is timed is the mechanism.
A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results import ROOT, emit

SENTENCES = (
    "本年度发布信息{a}条，其中政策文件{b}条，工作动态{c}条",
    "组织开展调查征集{d}次，提供政策咨询近{e}万人次",
    "共受理政府信息公开申请{a}件，包含上年度结转{b}件",
    "其中{c}件已办结",
)
SHAPES = {"sentences": "。", "run-on": "，"}


def paragraph(size: int, end: str = "。") -> str:
    """At least `size` bytes of UTF-8 of figure sentences, each ended by `end`."""
    out, nbytes, i = [], 0, 0
    while nbytes < size:
        sentence = SENTENCES[i % len(SENTENCES)].format(
            a=1000 + i % 9000, b=100 + i % 400, c=i % 100, d=i % 50 + 1, e=i % 9 + 1) + end
        out.append(sentence)
        nbytes += len(sentence.encode("utf-8"))
        i += 1
    return "".join(out)


def report_text(size: int, end: str = "。") -> str:
    """Seed 001 with the paragraph as the first of section 一."""
    seed = next((ROOT / "corpus").glob("001_*.txt")).read_text("utf-8")
    heading = "一、总体情况\n\n"
    assert heading in seed
    return seed.replace(heading, f"{heading}{paragraph(size, end)}\n\n", 1)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def one(mb: float, shape: str) -> dict[str, float]:
    """Time and memory of one size, in this process."""
    from govparse.checks import check_report
    from govparse.narrative import metrics_of, pipeline
    from govparse.report.parse import parse_file
    from govparse.sources.limits import LIMITS, use

    # The mechanism is measured, not the cap: builds stop at limits.yml's `figures`.
    use(LIMITS.but(figures=10**9, text_chars=10**9))
    pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.txt"
        path.write_text(report_text(int(mb * 2**20), SHAPES[shape]), encoding="utf-8")
        loaded = _peak_mb()
        t0 = time.perf_counter()
        report = parse_file(path)
        t1 = time.perf_counter()
        figures = metrics_of(report)
        t2 = time.perf_counter()
        result = check_report(report)
        t3 = time.perf_counter()
    return {"chars": sum(len(s.text or "") for s in report.sections), "figures": len(figures),
            "findings": len(result.findings), "parse": t1 - t0, "figures_s": t2 - t1,
            "checks": t3 - t2, "memory": _peak_mb() - loaded}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 16],
                    help="megabytes of UTF-8 in the paragraph")
    ap.add_argument("--shape", choices=SHAPES, default="sentences")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--write", type=Path, help="append the figures to this markdown file")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.sizes[0], args.shape)))
        return

    rows = []
    for mb in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", "--shape", args.shape,
                              "--sizes", str(mb)], check=True, capture_output=True, text=True)
        rows.append((mb, json.loads(out.stdout.splitlines()[-1])))
    command = " ".join(["python bench/figure_scaling.py", "--sizes",
                        *(f"{mb:g}" for mb in args.sizes), "--shape", args.shape])
    base_mb, base = rows[0]
    emit(f"figure scaling ({args.shape})", [
        f"`{command}`: seed 001 with one paragraph of MB megabytes; each size in its own "
        "process; memory is the peak resident set above the one with spaCy loaded",
        "",
        "| MB | characters | figures | findings | parse s | figures s | checks s | "
        "total s | s per MB | memory MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *(f"| {mb:g} | {r['chars']} | {r['figures']} | {r['findings']} | {r['parse']:.2f} | "
          f"{r['figures_s']:.2f} | {r['checks']:.2f} | {_total(r):.2f} | "
          f"{_total(r) / mb:.2f} | {r['memory']:.0f} |" for mb, r in rows),
        "",
        f"Against {base_mb:g} MB: " + ", ".join(
            f"{mb / base_mb:g}× the text, {_total(r) / _total(base):.1f}× the time, "
            f"{r['memory'] / max(base['memory'], 1):.1f}× the memory"
            for mb, r in rows[1:]) + ".",
    ], args.write)


def _total(r: dict[str, float]) -> float:
    return r["parse"] + r["figures_s"] + r["checks"]


if __name__ == "__main__":
    main()
