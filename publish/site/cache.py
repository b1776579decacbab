"""Pages of an immutable database, rendered once and answered from memory after that.

`govparse serve` opens the database immutable (-i): the same path and query string give
the same page until the server restarts, so a page need not be rendered again. Rendering
is what the single event loop spends its time on: the home page makes some 300 small SQL
queries and checks the permissions of every table (50-100 ms alone), a report page renders
some 200 cells through Jinja (60 ms). Under 20 clients they queued for seconds; from
memory they take a millisecond.

Only anonymous GETs of the pages below are kept, only whole 200 responses that set no
cookie, and never while any database is mutable (the tests' Datasette([path]) is).
"""

from __future__ import annotations

import functools
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

# Bytes kept in all, and the largest response kept (a CSV export of a big table is not).
CACHE_BYTES = 64_000_000
RESPONSE_BYTES = 2_000_000
# Pages kept: the home page, a database, a table, view or canned query (HTML, JSON or
# CSV), and the plugin's pages: report (its citations and its text), agency, region, ask,
# search and about. Not kept: /-/ pages of Datasette (versions, threads, static files),
# rows, and what the arguments below make dynamic.
PAGES = re.compile(r"/|/(?!-/)[^/]+(/[^/]+)?|/-/report/[^/]+(/text|/(cell|figure)/[^/]+)?"
                   r"|/-/agency/[^/]+|/-/region/[^/]+|/-/ask|/-/search|/-/about")
# Arbitrary SQL may call random() or date('now'); a CSV stream is of unbounded size.
DYNAMIC_ARGS = {"sql", "_stream"}
# A canned query whose SQL takes a magic parameter (:_now_epoch, :_random_chars_8,
# :_actor_id, :_header_…) differs between requests.
MAGIC = ":_"

Message = dict[str, Any]
App = Callable[[dict, Callable, Callable], Awaitable[None]]


class Cache:
    """Responses of GETs by scheme, host, path and query string, the least recently used
    dropped first."""

    def __init__(self, datasette) -> None:
        self.datasette = datasette
        self.entries: OrderedDict[tuple, tuple[Message, bytes]] = OrderedDict()
        self.size = 0
        self._magic_paths: set[str] | None = None

    def key(self, scope: dict) -> tuple | None:
        """The key of a request whose response may be kept, else None."""
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        path = scope.get("raw_path") or scope["path"].encode("utf-8")
        path = path.partition(b"?")[0].decode("latin-1")
        query = scope.get("query_string", b"")
        if not PAGES.fullmatch(path) or DYNAMIC_ARGS & {
                name for name, _ in parse_qsl(query.decode("latin-1"), keep_blank_values=True)}:
            return None
        headers = dict(scope.get("headers") or [])
        if b"cookie" in headers or b"authorization" in headers:  # the page may be theirs
            return None
        if any(db.is_mutable and not db.is_memory for db in self.datasette.databases.values()):
            return None
        if path.split(".")[0] in self.magic_paths():
            return None
        return scope.get("scheme"), headers.get(b"host"), path, query

    def magic_paths(self) -> set[str]:
        if self._magic_paths is None:
            self._magic_paths = {
                f"/{database}/{name}"
                for database in self.datasette.databases
                for name, query in (self.datasette.metadata(
                    "queries", database=database, fallback=False) or {}).items()
                if MAGIC in (query if isinstance(query, str) else query.get("sql", ""))}
        return self._magic_paths

    def get(self, key: tuple) -> tuple[Message, bytes] | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def put(self, key: tuple, start: Message, body: bytes) -> None:
        if key in self.entries or len(body) > RESPONSE_BYTES:
            return
        self.entries[key] = (start, body)
        self.size += len(body)
        while self.size > CACHE_BYTES:
            _, (_, dropped) = self.entries.popitem(last=False)
            self.size -= len(dropped)


def _keepable(start: Message) -> bool:
    return start["status"] == 200 and not any(
        name.lower() == b"set-cookie" for name, _ in start.get("headers", []))


def cached(datasette, app: App) -> App:
    """The ASGI app with its responses kept (see the module's docstring)."""
    cache = Cache(datasette)

    async def serve(scope: dict, receive: Callable, send: Callable) -> None:
        key = cache.key(scope)
        if key is None:
            await app(scope, receive, send)
            return
        entry = cache.get(key)
        if entry is not None:
            start, body = entry
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        start: Message | None = None
        chunks: list[bytes] | None = []
        size = 0

        async def keep(message: Message) -> None:
            # Sent on at once; copied aside while it is small enough to keep.
            nonlocal start, chunks, size
            if message["type"] == "http.response.start":
                start = message
                if not _keepable(message):
                    chunks = None
            elif message["type"] == "http.response.body" and chunks is not None:
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if size > RESPONSE_BYTES:
                    chunks = None
                elif not message.get("more_body") and start:
                    cache.put(key, start, b"".join(chunks))
            await send(message)

        await app(scope, receive, keep)

    return serve


def remember_table_permissions(datasette) -> None:
    """Each table's permission rules worked out once, not on every check. Datasette
    0.65.5 deep-copies the whole metadata for every table it checks: 20 tables on the home
    page, so half of its 75 ms (the metadata.yml of govparse is large: every column is
    described). The metadata is read once when the server starts and plugins add none, so
    the rules of a (database, table) never change while it runs."""
    allows = getattr(datasette, "_table_permission_allows", None)
    if allows is not None and not hasattr(allows, "cache_info"):
        datasette._table_permission_allows = functools.lru_cache(maxsize=4096)(allows)
