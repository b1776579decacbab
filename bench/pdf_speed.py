"""PDF reading: milliseconds per report, pdfium (today) against pdfminer's layout analysis
(pdfplumber's parser, the reader before) and against the floor, pdfium's own text
extraction of every page.

    python bench/pdf_speed.py [--rounds 10] [--write bench/RESULTS.md]

Reads every PDF of corpus/ (the real reports), each --rounds times after a warm-up, and
checks that both readers give the same canonical text. A benchmark: nothing is asserted.
"""

from __future__ import annotations

import statistics
import time
from io import BytesIO

import pdfplumber
import pypdfium2 as pdfium
from results import corpus_arguments, emit

from govparse.sources import pdfium_pages
from govparse.sources.canonical import Canonical
from govparse.sources.pdf import _read_pages


def _pdfplumber(data: bytes) -> str:
    out = Canonical()
    with pdfplumber.open(BytesIO(data)) as pdf:
        _read_pages(pdf.pages, out)
    return out.text()


def _pdfium(data: bytes) -> str:
    out = Canonical()
    _read_pages(pdfium_pages.document(data, 400)[0], out)
    return out.text()


def _floor(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    return text


def _ms(run, data: bytes, rounds: int) -> float:
    run(data)
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        run(data)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    args = corpus_arguments(__doc__)
    rows = ["| PDF | pages | pdfminer (before) ms | pdfium (now) ms | × faster | "
            "floor: pdfium text only ms | same text |", "|---|---|---|---|---|---|---|"]
    for path in sorted(args.corpus.glob("*.pdf")):
        data = path.read_bytes()
        before, now, floor = (_ms(f, data, args.rounds) for f in (_pdfplumber, _pdfium,
                                                                  _floor))
        pages = len(pdfium.PdfDocument(data))
        rows.append(f"| {path.name} | {pages} | {before:.0f} | {now:.0f} | "
                    f"{before / now:.1f} | {floor:.0f} | "
                    f"{'yes' if _pdfplumber(data) == _pdfium(data) else 'NO'} |")
    rows += ["", f"Command: `cd bench && python pdf_speed.py --rounds {args.rounds} "
                 "--write RESULTS.md` (median of the rounds, after one warm-up)", ""]
    emit("PDF reading: pdfium against pdfminer", rows, args.write)


if __name__ == "__main__":
    main()
