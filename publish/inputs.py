"""The files a build reads: those given, and every file under the folders given, sorted;
the name each is stored and shown under."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from govparse.errors import ReportError
from govparse.fetch import state as fetched
from govparse.sources import zipped

# Read as the metadata of the files beside it (govparse/report/metadata.py), not as a report.
MANIFEST = "manifest.csv"


def shown(path: str | Path) -> str:
    """The path as stored and printed: a name that is not UTF-8 (bytes the file system
    allows) keeps its odd bytes as \\xNN escapes, where they would crash SQLite and the
    terminal."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def find_inputs(paths: Iterable[str | Path],
                unreadable: list[tuple[Path, str]] | None = None) -> list[Path]:
    """Files given, and every file under the folders given, sorted (builds are repeatable).

    Everything but folders and manifests: hidden files, dangling links, FIFOs too, so that
    each one ends up in reports or in ingest_errors. A folder that cannot be listed and a
    link to a folder (not followed: it may loop) are added to `unreadable` with why."""
    found: set[Path] = set()
    problems = unreadable if unreadable is not None else []

    def failed(exc: OSError) -> None:
        problems.append((Path(exc.filename), f"无法读取文件夹：{exc.strerror or exc}"))

    for p in map(Path, paths):
        if not p.is_dir():
            found.add(p)
            continue
        for folder, dirs, files in os.walk(p, onerror=failed):
            here = Path(folder)
            for name in dirs:
                if os.path.islink(here / name):
                    problems.append((here / name, "指向文件夹的链接：不跟随（请改为处理它"
                                     "所指向的文件夹）"))
            # the fetcher's own files (its log, its WARC and state) are not reports
            dirs[:] = [d for d in dirs if d != fetched.BOOKKEEPING]
            found.update(here / name for name in files if name not in (MANIFEST, fetched.LOG))
    return sorted(_unpacked(found, problems))


def _unpacked(files: set[Path], problems: list[tuple[Path, str]]) -> set[Path]:
    """Each .zip archive replaced by its members (`archive.zip!member`); an archive that
    cannot be listed goes to `problems`."""
    out = set()
    for file in files:
        if not zipped.is_archive(file):
            out.add(file)
            continue
        try:
            out.update(map(Path, zipped.members(file)))
        except ReportError as exc:
            problems.append((file, exc.message))
        except Exception as exc:  # one archive never stops the build
            problems.append((file, f"ZIP 压缩包无法读取：{type(exc).__name__}: {exc}"))
    return out
