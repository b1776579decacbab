"""An update against a full build: a share of new files added to a built database.

    python bench/update_speed.py [--n 10000] [--new 0.01] [--jobs 2] [--rounds 3] \
        [--corpus /tmp/g10k] [--write bench/RESULTS.md]

Generates N reports (bench/generate.py, seed 1; or takes --corpus), builds them in full with
`govparse build --full`, adds N × NEW reports generated with another seed, and builds again
over the same database: only the new files and their agencies' other reports are read
(publish/update.py). Each round times both; the figures are the median of the rounds with
their spread, and the update's share of the full build. The corpus is linked into a
temporary folder, never changed. A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import generate
from results import emit

GOVPARSE = Path(sys.executable).with_name("govparse")


def _build(folder: Path, db: Path, jobs: int, *full: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([str(GOVPARSE), "build", str(folder), "-o", str(db), "--jobs", str(jobs),
                    *full], check=False, capture_output=True)
    return time.perf_counter() - t0


def _commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                         text=True, cwd=Path(__file__).parent)
    return out.stdout.strip() or "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--new", type=float, default=0.01, help="share of new files")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--corpus", type=Path, help="a generated corpus (default: generate one)")
    ap.add_argument("--write", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = args.corpus
        if corpus is None:
            corpus = work / "corpus"
            generate(args.n, corpus, seed=1)
        folder = work / "in"
        folder.mkdir()
        files = sorted(p for p in corpus.iterdir() if p.is_file())
        for p in files:
            (folder / p.name).symlink_to(p.resolve())
        new = work / "new"
        generate(max(1, round(len(files) * args.new)), new, seed=2)
        added = sorted(p for p in new.glob("*.txt"))
        fulls, updates = [], []
        for _ in range(args.rounds):
            db = work / "reports.db"
            for p in folder.glob("new_*"):
                p.unlink()
            fulls.append(_build(folder, db, args.jobs, "--full"))
            for p in added:
                (folder / f"new_{p.name}").symlink_to(p.resolve())
            updates.append(_build(folder, db, args.jobs))
    full, update = statistics.median(fulls), statistics.median(updates)
    emit("update against a full build", [
        f"- corpus: {len(files)} generated reports, then {len(added)} new ones "
        f"({100 * len(added) / len(files):g}%); `--jobs {args.jobs}`; {args.rounds} rounds, "
        f"median (min–max); commit {_commit()}",
        f"- full build (`govparse build --full`): {full:.1f} s ({min(fulls):.1f}–{max(fulls):.1f})",
        f"- update with the new files: {update:.1f} s ({min(updates):.1f}–{max(updates):.1f}), "
        f"{100 * update / full:.1f}% of the full build",
        f"- command: `cd bench && python update_speed.py --n {args.n} --new {args.new:g} "
        f"--jobs {args.jobs} --rounds {args.rounds}`",
    ], args.write)


if __name__ == "__main__":
    main()
