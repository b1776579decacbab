"""What a fetch into DIR knows, kept so that a run killed at any moment resumes: every URL
requested (fetch_log.csv), every report saved with where it came from (manifest.csv, the
manifest `govparse build` reads), and the validators (ETag, Last-Modified) that make the next
run ask only for what changed. The truth is an SQLite file committed after each response
(DIR/.govparse-fetch/state.db); the two CSV files are written from it."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The fetcher's own files in DIR: not reports (publish/inputs.py passes them over).
BOOKKEEPING = ".govparse-fetch"
LOG = "fetch_log.csv"
MANIFEST = "manifest.csv"
WARC = "responses.warc.gz"

_SCHEMA = """
create table if not exists log (n integer primary key, url text, status integer, bytes integer,
  action text, note text, at text);
create table if not exists pages (url text primary key, etag text, last_modified text);
create table if not exists saved (url text primary key, file text, agency text, year integer,
  source_url text, fetched_at text, sha256 text, etag text, last_modified text, warc text);
"""


@dataclass(frozen=True)
class Saved:
    url: str
    file: str
    sha256: str
    etag: str | None
    last_modified: str | None


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class State:
    def __init__(self, out: Path) -> None:
        self.out = out
        (out / BOOKKEEPING).mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(out / BOOKKEEPING / "state.db", check_same_thread=False)
        self.conn.executescript(_SCHEMA)
        self.lock = threading.Lock()

    def saved(self, url: str) -> Saved | None:
        row = self.conn.execute("select url, file, sha256, etag, last_modified from saved "
                                "where url = ?", [url]).fetchone()
        return Saved(*row) if row and (self.out / row[1]).exists() else None

    def page(self, url: str) -> tuple[str | None, str | None] | None:
        """The validators of a report page read before (a cover page of attachments)."""
        return self.conn.execute("select etag, last_modified from pages where url = ?",
                                 [url]).fetchone()

    def read_page(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self.lock, self.conn:
            self.conn.execute("insert or replace into pages values (?, ?, ?)",
                              [url, etag, last_modified])

    def log(self, url: str, status: int | None, size: int | None, action: str,
            note: str = "") -> None:
        with self.lock, self.conn:
            self.conn.execute("insert into log (url, status, bytes, action, note, at) values "
                              "(?, ?, ?, ?, ?, ?)", [url, status, size, action, note, now()])

    def save(self, url: str, body: bytes, name: str, agency: str | None, year: int | None,
             source_url: str, etag: str | None, last_modified: str | None,
             warc: str | None, also: tuple[str, ...] = ()) -> tuple[str, bool]:
        """The report's bytes into DIR (written whole, then renamed: a killed run leaves no
        half file), and its row; the file's name and whether it is new or changed. `also`:
        the URLs it was linked as (redirected from), known from then on as saved too."""
        file, new = self._save(url, body, name, agency, year, source_url, etag,
                               last_modified, warc)
        with self.lock, self.conn:
            for other in also:
                self.conn.execute("insert or replace into saved select ?, file, agency, year, "
                                  "source_url, fetched_at, sha256, etag, last_modified, warc "
                                  "from saved where url = ?", [other, url])
        return file, new

    def _save(self, url: str, body: bytes, name: str, agency: str | None, year: int | None,
              source_url: str, etag: str | None, last_modified: str | None,
              warc: str | None) -> tuple[str, bool]:
        digest = hashlib.sha256(body).hexdigest()
        known = self.saved(url)
        if known and known.sha256 == digest:
            self._row(url, known.file, agency, year, source_url, digest, etag, last_modified,
                      warc)
            return known.file, False
        file = known.file if known else _file_name(url, name, digest)
        tmp = self.out / f".{file}.part"
        tmp.write_bytes(body)
        os.replace(tmp, self.out / file)
        self._row(url, file, agency, year, source_url, digest, etag, last_modified, warc)
        return file, True

    def _row(self, url: str, file: str, agency: str | None, year: int | None,
             source_url: str, digest: str, etag: str | None, last_modified: str | None,
             warc: str | None) -> None:
        with self.lock, self.conn:
            self.conn.execute("insert or replace into saved values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              [url, file, agency, year, source_url, now(), digest, etag,
                               last_modified, warc])

    def write_csv(self) -> None:
        """manifest.csv (file, agency, year, source_url, fetched_at, sha256, archived) and
        fetch_log.csv (every URL, status, bytes, what was done with it)."""
        rows = self.conn.execute("select file, agency, year, source_url, fetched_at, sha256, "
                                 "warc from saved group by file order by file").fetchall()
        _write(self.out / MANIFEST, ["file", "agency", "year", "source_url", "fetched_at",
                                     "sha256", "archived"], rows)
        _write(self.out / LOG, ["url", "status", "bytes", "action", "note", "at"],
               self.conn.execute("select url, status, bytes, action, note, at from log "
                                 "order by n").fetchall())

    def close(self) -> None:
        self.conn.close()


def _write(path: Path, header: list[str], rows) -> None:
    tmp = path.with_name(f".{path.name}.part")
    with open(tmp, "w", newline="", encoding="utf-8-sig") as f:  # Excel reads it as UTF-8
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    os.replace(tmp, path)


_UNSAFE = re.compile(r"[^\w.\u4e00-\u9fff-]+")


def _file_name(url: str, name: str, digest: str) -> str:
    """A name of its own in DIR for each URL: the URL's last part, after a short hash of the
    URL (two sites' index.html never meet)."""
    base = _UNSAFE.sub("_", unquote(name or urlsplit(url).path.rsplit("/", 1)[-1]))[-80:]
    return f"{hashlib.sha1(url.encode()).hexdigest()[:10]}_{base or digest[:8]}"
