"""What one SQL query may cost the site, set on every connection Datasette opens.

sql_time_limit_ms interrupts a query between steps of SQLite's virtual machine, never
inside one: `randomblob(1000000000)`, a printf width of a billion or an `instr` of two
long strings is one step, and ran for tens of seconds and allocated gigabytes before this.
So every value is capped (SQLite then refuses at once with "string or blob too big"), the
functions whose time grows with their arguments' sizes are given bounded ones, and the
values a query hands to Datasette are counted: a query holds at most RESULT_CHARS and one
more row (COLUMNS × VALUE_BYTES, 100 MB), and no single step takes much over a second.

The figures are far above anything the site itself stores or asks: the longest value a
build writes is a section's prose, tens of KB (a report is 5-60 pages).
"""

from __future__ import annotations

import re
import sqlite3
import weakref
from collections.abc import Callable
from typing import Any

# Bytes of one string or blob (SQLITE_LIMIT_LENGTH; SQLite's default is a billion).
VALUE_BYTES = 1_000_000
# Columns of a result or a table (SQLITE_LIMIT_COLUMN, default 2000): a row holds at most
# COLUMNS values of VALUE_BYTES before Datasette sees it. The widest table has 32.
COLUMNS = 100
# Characters of a LIKE or GLOB pattern (default 50000): matching costs pattern × text, one
# step; 500 × VALUE_BYTES is about a second. The longest sentence stored is 300 characters.
LIKE_PATTERN = 500
# Characters and bytes of all the values one query returns (Datasette keeps up to 1000 rows
# of max_returned_rows, then encodes them: JSON at up to 6 bytes a character).
RESULT_CHARS = 20_000_000
# len(X) × len(Y) of instr, replace and trim: their time in SQLite (1e9 is about 20 ms).
QUADRATIC = 1_000_000_000

TOO_BIG = "string or blob too big"  # SQLite's words, translated by errors.py
RESULT_TOO_BIG = ("查询结果过大：一次查询返回的文字与数据合计不能超过 "
                  f"{RESULT_CHARS // 10_000} 万字符（请减少行数或列数，或分页导出 CSV）")

# printf conversions: %[flags][width][.precision][length]type; width and precision may be
# `*`, taken from the next argument.
_CONVERSION = re.compile(r"%([-+ #0!,]*)(\*|\d+)?(?:\.(\*|\d+))?(l{0,2})(.)", re.DOTALL)
_TRUNCATING = set("sSzqQw")  # precision cuts the argument short: it cannot grow the output


def prepare(conn: sqlite3.Connection) -> None:
    """Limits, bounded functions and the result count on one connection."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_COLUMN, COLUMNS)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, LIKE_PATTERN)
    builtin = _Builtins()
    for name in ("printf", "format"):
        conn.create_function(name, -1, _printf(builtin, name), deterministic=True)
    conn.create_function("instr", 2, _instr(builtin), deterministic=True)
    conn.create_function("replace", 3, _replace(builtin), deterministic=True)
    for name, strip in (("trim", str.strip), ("ltrim", str.lstrip), ("rtrim", str.rstrip)):
        conn.create_function(name, 1, _trim(builtin, name, strip), deterministic=True)
        conn.create_function(name, 2, _trim(builtin, name, strip), deterministic=True)
    conn.row_factory = _counted_rows(conn.row_factory)


class _Builtins:
    """SQLite's own functions, on a private in-memory connection: what the bounded ones
    call once the arguments are known to be cheap, so SQLite's exact semantics are kept
    (number formatting, blobs read as text) without copying them."""

    def __init__(self) -> None:
        self._conn: sqlite3.Connection | None = None

    def __call__(self, name: str, *args: Any) -> Any:
        marks = ", ".join("?" * len(args))
        return self._select(f"{name}({marks})", args)

    def integer(self, value: Any) -> int:
        """The integer SQLite reads from a value (printf's `*`: '12abc' is 12)."""
        return value if type(value) is int else self._select("cast(? as integer)", (value,)) or 0

    def _select(self, expression: str, args: tuple) -> Any:
        if self._conn is None:  # opened on first use: most connections never need it
            self._conn = sqlite3.connect(":memory:", check_same_thread=False)
            self._conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, VALUE_BYTES)
        return self._conn.execute(f"select {expression}", args).fetchone()[0]


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes) else 24  # a number's text


# What a bounded function returns to refuse: SQLite answers a value over its limit with its
# own "string or blob too big", without copying it. (Raising OverflowError gives the same
# error, but Datasette turns on callback tracebacks: each refusal would print one.)
_REFUSED = bytes(VALUE_BYTES + 1)


def _printf(builtin: _Builtins, name: str) -> Callable[..., Any]:
    def printf(fmt: Any = None, *args: Any) -> Any:
        text = fmt.decode("utf-8", "replace") if isinstance(fmt, bytes) else fmt
        if isinstance(text, str) and "%" in text:
            position = 0  # the argument the next `*` or conversion takes
            for match in _CONVERSION.finditer(text):
                _, width, precision, _, kind = match.groups()
                if kind == "%":
                    continue
                for part, capped in ((width, True), (precision, kind not in _TRUNCATING)):
                    if part == "*":
                        size = builtin.integer(args[position]) if position < len(args) else 0
                        position += 1
                    else:
                        size = int(part or 0)
                    if capped and abs(size) > VALUE_BYTES:
                        return _REFUSED
                position += kind != "n"  # %n takes no argument in SQL
        return builtin(name, fmt, *args)
    return printf


def _instr(builtin: _Builtins) -> Callable[[Any, Any], Any]:
    def instr(haystack: Any, needle: Any) -> Any:
        # Python's search is linear; SQLite's compares the needle at every position.
        if type(haystack) is type(needle) and isinstance(haystack, str | bytes):
            return haystack.find(needle) + 1
        if _size(haystack) * _size(needle) > QUADRATIC:
            return _REFUSED
        return builtin("instr", haystack, needle)
    return instr


def _replace(builtin: _Builtins) -> Callable[[Any, Any, Any], Any]:
    def replace(text: Any, old: Any, new: Any) -> Any:
        if type(text) is str and type(old) is str and type(new) is str:
            if not old:
                return text  # SQLite returns X unchanged when Y is empty
            count = text.count(old)
            if count and len(new) > len(old) and len(text.encode()) + count * (
                    len(new.encode()) - len(old.encode())) > VALUE_BYTES:
                return _REFUSED
            return text.replace(old, new)
        if _size(text) * _size(old) > QUADRATIC:
            return _REFUSED
        return builtin("replace", text, old, new)
    return replace


def _trim(builtin: _Builtins, name: str, strip: Callable[..., str]) -> Callable[..., Any]:
    def trim(text: Any, chars: Any = " ") -> Any:
        if _size(text) * _size(chars) > QUADRATIC:
            return _REFUSED
        if type(text) is str and type(chars) is str:
            return strip(text, chars)
        return builtin(name, text, chars)
    return trim


def _counted_rows(row_factory: Any) -> Callable[[sqlite3.Cursor, tuple], Any]:
    """Datasette's row factory, counting what each query (each cursor) has returned."""
    make = row_factory or (lambda cursor, row: row)
    returned: weakref.WeakKeyDictionary[sqlite3.Cursor, int] = weakref.WeakKeyDictionary()

    def counted(cursor: sqlite3.Cursor, row: tuple) -> Any:
        total = returned.get(cursor, 0)
        for value in row:
            if type(value) is str or type(value) is bytes:
                total += len(value)
        if total > RESULT_CHARS:
            # OperationalError: every Datasette view answers it with a 400, message shown.
            raise sqlite3.OperationalError(RESULT_TOO_BIG)
        returned[cursor] = total
        return make(cursor, row)
    return counted
