"""Build throughput on real formats: web pages, PDFs, Word files, text dumps and markdown in
realistic proportions, with --jobs 1, --jobs 2 and a 2-worker Dask LocalCluster, against
the floor (reading the bytes; pdfium's text extraction for PDFs); then each format alone.

    python bench/mixed_build.py [--n 400] [--rounds 3] [--write bench/RESULTS.md]

Web pages, text dumps and markdown are copies of corpus/'s real reports, each copy with the
name of another agency (a real division and department, bench/generate.py) wherever the
report names its own: distinct reports, as a national corpus holds. Word files are generated
reports rendered to .docx (tests/helpers/render.py). PDFs are copies of corpus/'s two real PDFs with
bytes of their own (their text cannot be rewritten): the copies of one PDF are renderings of
one report, merged as such. Throughput is files read per second. A benchmark: nothing is
asserted.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
from generate import agency, report
from results import ROOT, emit

sys.path.insert(0, str(ROOT))  # tests.helpers.render: the seeds' renderer makes the Word files

from govparse import parse_file
from govparse.publish.build import build
from tests.helpers.render import to_docx

# Share of each format among the real reports people publish (web pages and PDFs first).
MIX = {"html": 0.35, "pdf": 0.3, "docx": 0.1, "txt": 0.15, "md": 0.1}
PDF_TAIL = b"\n%% %d\n"  # a comment after %%EOF: the same document, bytes of its own


def corpus(n: int, folder: Path, seed: int = 1) -> dict[str, int]:
    """n files in MIX's proportions: every one but the PDFs a report of its own."""
    samples = {fmt: sorted(p for p in (ROOT / "corpus").glob(f"*.{fmt}")
                           if not p.name[:3].isdigit()) for fmt in MIX}
    counts = {fmt: round(n * share) for fmt, share in MIX.items()}
    rng = random.Random(seed)
    names: set[str] = set()
    for fmt, count in counts.items():
        for i in range(count):
            target = folder / f"{fmt}-{i:05d}.{fmt}"
            if fmt == "docx":
                target.write_bytes(to_docx(report(i, seed, 0.0)[0]))
                continue
            source = samples[fmt][i % len(samples[fmt])]
            if fmt == "pdf":
                target.write_bytes(source.read_bytes() + PDF_TAIL % i)
                continue
            while (name := agency(rng)) in names:
                pass
            names.add(name)
            own = parse_file(source).agency or ""
            target.write_text(source.read_text("utf-8").replace(own, name), "utf-8")
    return counts


def floor(folder: Path) -> float:
    """Seconds to read every file's bytes, and every PDF's text through pdfium."""
    t0 = time.perf_counter()
    for path in folder.iterdir():
        data = path.read_bytes()
        if path.suffix == ".pdf":
            pdf = pdfium.PdfDocument(data)
            "".join(page.get_textpage().get_text_range() for page in pdf)
            pdf.close()
    return time.perf_counter() - t0


def floors(folder: Path) -> dict[str, float]:
    """floor() of each format's files alone."""
    out = {}
    for fmt in MIX:
        alone = folder.parent / f"only-{fmt}"
        alone.mkdir(exist_ok=True)
        for path in folder.glob(f"*.{fmt}"):
            (alone / path.name).symlink_to(path)
        out[fmt] = floor(alone)
    return out


def timed(files: Path, out: Path, mode: str) -> tuple[float, int, int, float]:
    """One build in a process of its own (no build before it weighs on its parent: the
    heap, the collector), as `govparse build` runs: seconds, reports, cells, peak MB."""
    run = subprocess.run([sys.executable, __file__, "--one", mode, "--files", str(files),
                          "--out", str(out)], capture_output=True, text=True, check=True)
    seconds, reports, cells, peak = run.stdout.split()[-4:]
    return float(seconds), int(reports), int(cells), float(peak)


def _one(mode: str, files: Path, out: Path) -> None:
    if mode.startswith("dask"):
        import dask
        from distributed import LocalCluster

        from govparse.publish.cluster import settings

        with dask.config.set(settings() if mode == "dask" else {}), \
                LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                             dashboard_address=None) as cluster:
            t0 = time.perf_counter()
            summary = build([files], out, dask=cluster)
            seconds = time.perf_counter() - t0
    else:
        t0 = time.perf_counter()
        summary = build([files], out, jobs=int(mode))
        seconds = time.perf_counter() - t0
    cells = sqlite3.connect(out).execute("select count(*) from cells").fetchone()[0]
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{seconds:.3f} {summary.reports} {cells} {peak:.0f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--rounds", type=int, default=1, help="each mixed build this many times")
    ap.add_argument("--write", type=Path)
    ap.add_argument("--one", help=argparse.SUPPRESS)  # a single build, in a child process
    ap.add_argument("--files", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        _one(args.one, args.files, args.out)
        return
    work = Path(tempfile.mkdtemp(prefix="govparse-mixed-"))
    files = work / "in"
    files.mkdir()
    counts = corpus(args.n, files)
    total = sum(counts.values())
    rows = [f"- {total} files: " + ", ".join(f"{c} {f}" for f, c in counts.items()),
            f"- floor (bytes, and pdfium's text of each PDF): {total / floor(files):.0f} "
            "files/s", "", "| build | seconds | files/s | reports | cells | peak MB of a worker |",
            "|---|---|---|---|---|---|"]
    builds = {"1": "--jobs 1", "2": "--jobs 2", "dask": "Dask LocalCluster, 2 workers",
              "dask-default": "the same, Dask's default settings"}
    runs: dict[str, list[tuple[float, int, int, float]]] = {mode: [] for mode in builds}
    for _ in range(args.rounds):  # the builds take turns: the machine's drift hits each alike
        for mode in builds:
            runs[mode].append(timed(files, work / f"{mode}.db", mode))
    for mode, name in builds.items():
        seconds = statistics.median(r[0] for r in runs[mode])
        _, reports, cells, _ = runs[mode][0]
        peak = max(r[3] for r in runs[mode])
        spread = (f" ({min(r[0] for r in runs[mode]):.1f}-{max(r[0] for r in runs[mode]):.1f})"
                  if args.rounds > 1 else "")
        rows.append(f"| {name} | {seconds:.1f}{spread} | {total / seconds:.1f} | {reports} | "
                    f"{cells} | {peak:.0f} |")
    rows += ["", "Each format alone, files/s (reports: the copies of one PDF are one report):",
             "", "| format | files | reports | --jobs 1 | --jobs 2 | Dask LocalCluster | floor |",
             "|---|---|---|---|---|---|---|"]
    for fmt, seconds_floor in floors(files).items():
        speeds = []
        for mode in ("1", "2", "dask"):
            seconds, reports, _, _ = timed(work / f"only-{fmt}", work / f"{fmt}-{mode}.db", mode)
            speeds.append(f"{counts[fmt] / seconds:.1f}")
        rows.append(f"| {fmt} | {counts[fmt]} | {reports} | {' | '.join(speeds)} | "
                    f"{counts[fmt] / seconds_floor:.0f} |")
    rows += ["", "Each build runs in a process of its own (the time includes starting its "
                 "workers); the LocalCluster starts before the clock, with publish/dask.yml "
                 "but the last.",
             "Seconds of the mixed builds: the median of the rounds (and their range).", "",
             f"Command: `cd bench && python mixed_build.py --n {args.n} --rounds {args.rounds} "
             "--write RESULTS.md`",
             ""]
    emit("build: real formats mixed, local and on Dask", rows, args.write)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
