"""Two databases built by `govparse build`, compared table by table: every table's rows,
in order of their content, so that a change meant to move code only (issue 0's renames) can
show it changed no output. The database holds no stamp of when it was built, so two builds
of the same files are equal row for row.

    govparse build corpus/ -o /tmp/before.db     # at the commit before the change
    govparse build corpus/ -o /tmp/after.db      # at the commit after it
    python bench/compare_databases.py /tmp/before.db /tmp/after.db

Prints one line per table (rows in each, rows only in one) and exits 1 when any table
differs.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections import Counter
from pathlib import Path

import sqlite_utils


def table_rows(db: sqlite3.Connection, table: str) -> Counter:
    """Every row of `table` as a tuple, counted (a table may repeat a row)."""
    return Counter(db.execute(f"select * from [{table}]").fetchall())


def compare(before: Path, after: Path) -> list[str]:
    """One line per table; a line starting with '≠' is a table that differs."""
    a, b = sqlite_utils.Database(before), sqlite_utils.Database(after)
    in_a, in_b = set(a.table_names()), set(b.table_names())
    lines = []
    for table in sorted(in_a | in_b):
        if table not in in_a or table not in in_b:
            lines.append(f"≠ {table}: only in {'after' if table in in_b else 'before'}")
            continue
        ra, rb = table_rows(a.conn, table), table_rows(b.conn, table)
        gone, new = sum((ra - rb).values()), sum((rb - ra).values())
        mark = "≠" if gone or new else "="
        lines.append(f"{mark} {table}: {sum(ra.values())} rows before, {sum(rb.values())} after"
                     + (f", {gone} only before, {new} only after" if gone or new else ""))
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    args = ap.parse_args(argv)
    lines = compare(args.before, args.after)
    print("\n".join(lines))
    differ = [line for line in lines if line.startswith("≠")]
    print(f"{len(differ)} of {len(lines)} tables differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
