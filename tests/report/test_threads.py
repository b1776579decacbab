"""Parsing is thread-safe: reports parsed from several threads at once, with the
interpreter switching threads as often as it can, give every cell, line and warning that
parsing them one by one gives."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict

from govparse import parse_file
from tests.conftest import CORPUS

FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in {".txt", ".html", ".md"})


def _reading(path):
    report = parse_file(path)
    return ([asdict(c) for c in report.cells], [asdict(w) for w in report.warnings],
            [(s.number, s.first_line, s.last_line) for s in report.sections])


def test_parsing_from_threads_gives_what_parsing_alone_gives():
    alone = {path: _reading(path) for path in FILES}
    assert sum(len(cells) for cells, _, _ in alone.values()) > 1000
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            together = list(pool.map(_reading, FILES * 6))
    finally:
        sys.setswitchinterval(interval)
    for path, reading in zip(FILES * 6, together, strict=True):
        assert reading == alone[path], path.name
