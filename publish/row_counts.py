"""Every table's row count, written by the build beside the database for Datasette's
--inspect-file, so that a table page of an immutable database does not count 20 million
cells per request. Kept apart from govparse.publish.build, which `govparse serve` need not
import.

`datasette inspect` writes the same file, but it also hashes the database: minutes of reading
for a national one. The hash is left out (Datasette then shows none).
"""

from __future__ import annotations

import json
from pathlib import Path


def inspect_path(database: Path) -> Path:
    """reports.db -> reports.inspect.json, beside it."""
    return database.with_name(f"{database.stem}.inspect.json")


def write_inspect_file(database: Path, counts: dict[str, int]) -> None:
    data = {database.stem: {"hash": None, "size": database.stat().st_size,
                            "file": database.name,
                            "tables": {name: {"count": n} for name, n in counts.items()}}}
    inspect_path(database).write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")


def current_inspect_file(database: Path) -> Path | None:
    """The row counts the build wrote beside the database, if they are its own: a database
    replaced since (another build, a copy) is newer or of another size."""
    path = inspect_path(database)
    try:
        data = json.loads(path.read_text("utf-8"))[database.stem]
        fresh = path.stat().st_mtime >= database.stat().st_mtime
        return path if fresh and data["size"] == database.stat().st_size else None
    except (OSError, ValueError, KeyError, TypeError):
        return None
