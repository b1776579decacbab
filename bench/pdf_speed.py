"""PDF reading: milliseconds per report, pdfium (today) against pdfminer's layout analysis
(pdfplumber's parser, the reader before) and against the floor, pdfium's own text
extraction of every page.

    python bench/pdf_speed.py [--rounds 10] [--write bench/RESULTS.md]

Reads every PDF of corpus/ (the real reports), each --rounds times after a warm-up, and
checks that both readers give the same canonical text. A benchmark: nothing is asserted.
"""

from __future__ import annotations

import gc
import statistics
import time
from io import BytesIO
from unittest import mock

import pdfplumber
import pypdfium2 as pdfium
from results import corpus_arguments, emit

from govparse.sources import pdf as pdf_module
from govparse.sources import pdf_grid, pdfium_pages
from govparse.sources.canonical import Canonical
from govparse.sources.pdf import pdfminer_pages, read_pages


def _pdfplumber(data: bytes) -> str:
    """The reader before issue 5: pdfminer's layout, pdfplumber's own table finder and
    table extraction (govparse/sources/pdf.py at 0be93e3)."""
    out = Canonical()
    with mock.patch.object(pdf_grid, "find_tables", lambda page, s: page.find_tables(s)), \
            mock.patch.object(pdf_module, "_extract", lambda table, chars: table.extract()), \
            pdfplumber.open(BytesIO(data)) as pdf:
        read_pages(pdfminer_pages(pdf), out)
    return out.text()


def _pdfium(data: bytes) -> str:
    out = Canonical()
    read_pages(pdfium_pages.document(data, 400)[0], out)
    return out.text()


def _floor(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    return text


def _ms(runs, data: bytes, rounds: int) -> list[float]:
    """Median ms of each reader, the readers taking turns in every round, so that a change
    in the machine's speed during the run weighs on all of them alike."""
    for run in runs:
        run(data)
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(rounds):
        for run, kept in zip(runs, times, strict=True):
            gc.collect()  # not the garbage of the reader before (pdfminer makes plenty)
            t0 = time.perf_counter()
            run(data)
            kept.append((time.perf_counter() - t0) * 1000)
    return [statistics.median(t) for t in times]


def main() -> None:
    args = corpus_arguments(__doc__)
    rows = ["| PDF | pages | pdfminer (before) ms | pdfium (now) ms | × faster | "
            "floor: pdfium text only ms | same text |", "|---|---|---|---|---|---|---|"]
    for path in sorted(args.corpus.glob("*.pdf")):
        data = path.read_bytes()
        before, now, floor = _ms((_pdfplumber, _pdfium, _floor), data, args.rounds)
        pages = len(pdfium.PdfDocument(data))
        rows.append(f"| {path.name} | {pages} | {before:.0f} | {now:.0f} | "
                    f"{before / now:.1f} | {floor:.0f} | "
                    f"{'yes' if _pdfplumber(data) == _pdfium(data) else 'NO'} |")
    rows += ["", f"Command: `cd bench && python pdf_speed.py --rounds {args.rounds} "
                 "--write RESULTS.md` (median of the rounds, after one warm-up; the three "
                 "readers take turns in each round)", ""]
    emit("PDF reading: pdfium against pdfminer", rows, args.write)


if __name__ == "__main__":
    main()
