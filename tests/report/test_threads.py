"""Parsing is thread-safe: reports parsed from several threads at once, with the
interpreter switching threads as often as it can, give every cell, line, section, title and
warning that parsing them one by one gives, the parser's caches built by the threads
themselves."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

from govparse import parse_file
from govparse.document.parser import report_parser
from tests.conftest import CORPUS

FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in {".txt", ".html", ".md"})


def _reading(path) -> dict:
    return parse_file(path).to_dict()  # every field: cells, sections with their lines, …


def test_parsing_from_threads_gives_what_parsing_alone_gives():
    alone = {path: _reading(path) for path in FILES}
    assert sum(len(r["cells"]) for r in alone.values()) > 1000
    report_parser.cache_clear()  # the threads race to build the parser too
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            together = list(pool.map(_reading, FILES * 6))
    finally:
        sys.setswitchinterval(interval)
    for path, reading in zip(FILES * 6, together, strict=True):
        assert reading == alone[path], path.name
