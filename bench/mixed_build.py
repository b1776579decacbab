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


def timed(files: Path, out: Path, **kw) -> tuple[float, int]:
    t0 = time.perf_counter()
    summary = build([files], out, **kw)
    return time.perf_counter() - t0, summary.reports


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--write", type=Path)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="govparse-mixed-"))
    files = work / "in"
    files.mkdir()
    counts = corpus(args.n, files)
    total = sum(counts.values())
    rows = [f"- {total} files: " + ", ".join(f"{c} {f}" for f, c in counts.items()),
            f"- floor (bytes, and pdfium's text of each PDF): {total / floor(files):.0f} "
            "files/s", "", "| build | seconds | files/s | reports |", "|---|---|---|---|"]
    for name, kw in (("--jobs 1", {"jobs": 1}), ("--jobs 2", {"jobs": 2})):
        seconds, reports = timed(files, work / f"{name[-1]}.db", **kw)
        rows.append(f"| {name} | {seconds:.1f} | {total / seconds:.1f} | {reports} |")
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        seconds, reports = timed(files, work / "dask.db", dask=cluster)
    rows.append(f"| Dask LocalCluster, 2 workers | {seconds:.1f} | {total / seconds:.1f} | "
                f"{reports} |")
    same = [sqlite3.connect(work / "2.db").execute("select count(*) from cells").fetchone(),
            sqlite3.connect(work / "dask.db").execute("select count(*) from cells").fetchone()]
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows += ["", f"- cells: --jobs 2 {same[0][0]}, Dask {same[1][0]}; peak memory of a "
                 f"worker process {peak:.0f} MB",
             "", f"Command: `cd bench && python mixed_build.py --n {args.n} --write RESULTS.md`",
             ""]
    emit("build: real formats mixed, local and on Dask", rows, args.write)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
