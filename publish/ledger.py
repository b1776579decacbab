"""What each input of a build was, so that the next build of the same database reads again
only what changed (publish/update.py): every file's size, modification time and SHA-256 and
the report it went into (`build_inputs`), and a fingerprint of the code and libraries that
read them (`build_info`): another version of govparse reads every file again.

A file whose size, modification time and manifest.csv entry are those recorded is taken as
unchanged without being read (as git and make do: a file rewritten within the same clock tick
at the same size is missed); one whose size or time differs is hashed, and read again only
when its SHA-256 differs too.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import astuple, dataclass, field
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

import sqlite_utils
from packaging.requirements import Requirement

from govparse.publish.inputs import shown
from govparse.report.metadata import manifest_for
from govparse.sources import zipped
from govparse.sources.files import read_file

INPUTS = "build_inputs"
INFO = "build_info"
# What never makes a row: the site (pages), questions, the fetcher, the command line.
_SKIPPED_DIRS = {"__pycache__", "site", "ask", "fetch"}
_SKIPPED_FILES = {"cli.py", "question.lark"}


@lru_cache(maxsize=8)
def fingerprint(reader: str) -> str:
    """The code that turns files into rows: govparse's own files, the versions of the
    libraries it requires, and the function that read each file (`reader`)."""
    digest = hashlib.sha256(reader.encode())
    # the package's folders as installed (grammar/ and publish/ sit apart from govparse/)
    roots = {Path(str(resources.files(name)))
             for name in ("govparse", "govparse.grammar", "govparse.publish")}
    for root in sorted(roots):
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS)
            for name in sorted(files):
                if not name.endswith((".pyc", ".pyo")) and name not in _SKIPPED_FILES:
                    path = Path(folder, name)
                    digest.update(str(path.relative_to(root)).encode())
                    digest.update(path.read_bytes())
    for requirement in sorted(metadata.requires("govparse") or []):
        name = Requirement(requirement).name
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:  # an extra not installed
            continue
    return digest.hexdigest()


def reader_name(read: Callable) -> str:
    return f"{read.__module__}.{read.__qualname__}"


@dataclass(frozen=True)
class Stat:
    """What a file is taken to be without reading it: its size and modification time (an
    archive member's are its archive's), and its entry in the manifest.csv beside it."""

    size: int
    mtime_ns: int
    listed: str | None  # the manifest entry, as stored (None: not listed)


def stat(path: Path) -> Stat | None:
    member = None if os.path.lexists(path) else zipped.split(path)
    try:
        info = os.stat(member[0] if member else path)
    except OSError:
        return None
    entry = manifest_for(path)
    return Stat(info.st_size, info.st_mtime_ns,
                None if entry is None else json.dumps(astuple(entry), ensure_ascii=False))


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(read_file(path)).hexdigest()
    except Exception:  # an unreadable file is read again, and fails there with its reason
        return None


@dataclass
class Recorded:
    """One input as the last build saw it."""

    stat: Stat | None
    sha256: str | None
    report: str | None  # the report its rows went into; None: it is in ingest_errors


@dataclass
class Ledger:
    """The inputs of the database's last build, and the code that read them."""

    code: str | None = None
    inputs: dict[str, Recorded] = field(default_factory=dict)


def load(db: sqlite_utils.Database) -> Ledger:
    if INPUTS not in db.table_names() or INFO not in db.table_names():
        return Ledger()
    info = dict(db.execute(f"select key, value from [{INFO}]").fetchall())
    inputs = {path: Recorded(None if size is None else Stat(size, mtime, listed), sha, report)
              for path, size, mtime, listed, sha, report in db.execute(
                  f"select path, size, mtime_ns, listed, sha256, report from [{INPUTS}]")}
    return Ledger(info.get("code"), inputs)


def record(db: sqlite_utils.Database, stats: dict[str, Stat | None], code: str) -> None:
    """Write the ledger of the build just made: each input's stat (taken before it was read),
    its SHA-256 and the report it went into, read back from the tables it went into."""
    went: dict[str, tuple[str | None, str | None]] = {}
    for path, sha in db.execute("select path, sha256 from ingest_errors"):
        went[path] = (sha, None)
    for path, sha in db.execute("select path, sha256 from reports where path is not null"):
        went[path] = (sha, sha)
    for path, sha, report in db.execute("select path, sha256, report from renderings"):
        went[path] = (sha, report)
    for table in (INPUTS, INFO):
        db.execute(f"drop table if exists [{table}]")
    db[INPUTS].create({"path": str, "size": int, "mtime_ns": int, "listed": str,
                       "sha256": str, "report": str}, pk="path")
    db.conn.executemany(f"insert into [{INPUTS}] values (?, ?, ?, ?, ?, ?)", (
        (path, *((s.size, s.mtime_ns, s.listed) if s else (None, None, None)),
         *went.get(path, (None, None)))
        for path, s in sorted(stats.items())))
    db[INFO].create({"key": str, "value": str}, pk="key")
    db.conn.execute(f"insert into [{INFO}] values ('code', ?)", [code])
    db.conn.commit()


def stats_of(files: Iterable[Path]) -> dict[str, Stat | None]:
    """Each input's stat, keyed by the name it is stored under."""
    return {shown(p): stat(p) for p in files}


def changed(ledger: Ledger, stats: dict[str, Stat | None],
            paths: dict[str, Path]) -> tuple[set[str], set[str]]:
    """(inputs to read again, recorded inputs that are gone). An input is read again when
    it is new, when its manifest entry changed, or when its size or modification time
    changed and its SHA-256 too."""
    def same(name: str, s: Stat | None) -> bool:
        known = ledger.inputs.get(name)
        if known is None or s is None or known.stat is None or s.listed != known.stat.listed:
            return False
        if s == known.stat:
            return True
        return known.sha256 is not None and digest(paths[name]) == known.sha256

    return {n for n, s in stats.items() if not same(n, s)}, set(ledger.inputs) - set(stats)
