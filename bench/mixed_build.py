"""Build throughput on real formats: web pages, PDFs, text dumps and markdown in realistic
proportions, from the real reports of corpus/, with --jobs 1, --jobs 2 and a 2-worker Dask
LocalCluster, against the floor (reading the bytes; pdfium's text extraction for PDFs).

    python bench/mixed_build.py [--n 400] [--write bench/RESULTS.md]

Each copy of a real file gets bytes of its own (a trailing comment or whitespace), so every
file is read and parsed; copies of one report are then merged as its renderings, as the
same report saved twice is. Throughput is files read per second. A benchmark: nothing is
asserted.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
from results import ROOT, emit

from publish.build import build

# Share of each format among the real reports people publish (web pages and PDFs first).
MIX = {"html": 0.4, "pdf": 0.3, "txt": 0.2, "md": 0.1}
TAIL = {"html": b"\n<!-- %d -->\n", "pdf": b"\n%% %d\n", "txt": b"\n\n", "md": b"\n\n"}


def corpus(n: int, folder: Path) -> dict[str, int]:
    """n files: copies of corpus/'s real reports in MIX's proportions, each its own."""
    samples = {fmt: sorted(p for p in (ROOT / "corpus").glob(f"*.{fmt}")
                           if not p.name[:3].isdigit()) for fmt in MIX}
    counts = {fmt: round(n * share) for fmt, share in MIX.items()}
    for fmt, count in counts.items():
        for i in range(count):
            source = samples[fmt][i % len(samples[fmt])]
            target = folder / f"{source.stem}-{i:05d}.{fmt}"
            tail = TAIL[fmt] % i if b"%d" in TAIL[fmt] else TAIL[fmt] * (i + 1)
            target.write_bytes(source.read_bytes() + tail)
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


def timed(files: Path, out: Path, mode: str) -> tuple[float, int, int, float]:
    """One build in a process of its own (no build before it weighs on its parent: the
    heap, the collector), as `govparse build` runs: seconds, reports, cells, peak MB."""
    run = subprocess.run([sys.executable, __file__, "--one", mode, "--files", str(files),
                          "--out", str(out)], capture_output=True, text=True, check=True)
    seconds, reports, cells, peak = run.stdout.split()[-4:]
    return float(seconds), int(reports), int(cells), float(peak)


def _one(mode: str, files: Path, out: Path) -> None:
    if mode == "dask":
        from distributed import LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
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
    for name, mode in (("--jobs 1", "1"), ("--jobs 2", "2"),
                       ("Dask LocalCluster, 2 workers", "dask")):
        seconds, reports, cells, peak = timed(files, work / f"{mode}.db", mode)
        rows.append(f"| {name} | {seconds:.1f} | {total / seconds:.1f} | {reports} | {cells} | "
                    f"{peak:.0f} |")
    rows += ["", "Each build runs in a process of its own; the LocalCluster starts before the "
                 "clock.", "",
             f"Command: `cd bench && python mixed_build.py --n {args.n} --write RESULTS.md`",
             ""]
    emit("build: real formats mixed, local and on Dask", rows, args.write)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
