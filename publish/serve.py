"""How `govparse serve` starts Datasette: read-only, with the project's metadata."""

from __future__ import annotations

import hashlib
import json
import tempfile
from functools import lru_cache
from pathlib import Path

from govparse.data import load
from govparse.publish.row_counts import current_inspect_file
from govparse.words import words

CODES = "{codes}"
# The database's name in publish/metadata.yml: the name every database is served under.
NAME = "reports"


@lru_cache(maxsize=1)
def metadata() -> dict:
    """publish/metadata.yml with each column's `{codes}` written out from govparse/vocab.yml
    (the kind of each column: publish/site/values.yml), so that a description lists the
    codes a column holds in the words the site shows for them, written once."""
    data = load("govparse.publish", "metadata.yml")
    kinds = load("govparse.publish.site", "values.yml")
    for database in data.get("databases", {}).values():
        for table in database.get("tables", {}).values():
            for column, text in (table.get("columns") or {}).items():
                if isinstance(text, str) and CODES in text:
                    said = " / ".join(f"{code} {word}" for code, word in
                                      words(kinds[column]).items())
                    table["columns"][column] = text.replace(CODES, said)
    return data


def metadata_file() -> Path:
    """metadata() as the JSON file Datasette's --metadata reads, named by its content."""
    text = json.dumps(metadata(), ensure_ascii=False)
    path = Path(tempfile.gettempdir()) / (
        f"govparse-metadata-{hashlib.sha256(text.encode()).hexdigest()[:16]}.json")
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    return path


def served_as(database: Path) -> tuple[Path, Path | None]:
    """The database as Datasette is given it, and its row counts: under the name the
    metadata, its canned queries and the site's links know (reports), whatever the file
    is called (hunan-2025.db): a link named reports.db to it in a folder of its own, with
    the counts the build wrote rewritten under that name."""
    counts = current_inspect_file(database)
    if database.stem == NAME:
        return database, counts
    real = database.resolve()
    folder = Path(tempfile.mkdtemp(prefix="govparse-serve-"))  # this run's own
    link = folder / f"{NAME}.db"
    link.symlink_to(real)
    if counts is None:
        return link, None
    renamed = folder / f"{NAME}.inspect.json"
    data = json.loads(counts.read_text("utf-8"))
    renamed.write_text(json.dumps({NAME: data[database.stem]}, ensure_ascii=False), "utf-8")
    return link, renamed


def datasette_args(database: Path, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """Arguments for `datasette`: the database immutable (-i), so it is opened read-only,
    under the name its metadata knows (served_as), with its row counts from the build when
    they are current. Templates, CSS and pages come from the plugin (govparse.publish.site,
    registered in setup.cfg)."""
    database, counts = served_as(database)
    return ["serve", "-i", str(database), "--metadata", str(metadata_file()), "--host", host,
            *(["--inspect-file", str(counts)] if counts else []),
            "--port", str(port), "--setting", "sql_time_limit_ms", "3000",
            "--setting", "facet_time_limit_ms", "500",
            # Suggesting facets runs a query per column of every table page: seconds on a
            # national database. The default facets are in the metadata; any column can
            # still be faceted from its menu.
            "--setting", "suggest_facets", "off"]
