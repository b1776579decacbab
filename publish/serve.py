"""How `govparse serve` starts Datasette: read-only, with the project's metadata."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from govparse.publish.row_counts import current_inspect_file

METADATA = resources.files("govparse.publish").joinpath("metadata.yml")


def datasette_args(database: Path, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    """Arguments for `datasette`: the database immutable (-i), so it is opened read-only,
    with its row counts from the build when they are current. Templates, CSS and pages come
    from the plugin (publish.site, registered in setup.cfg)."""
    counts = current_inspect_file(database)
    return ["serve", "-i", str(database), "--metadata", str(METADATA), "--host", host,
            *(["--inspect-file", str(counts)] if counts else []),
            "--port", str(port), "--setting", "sql_time_limit_ms", "3000",
            "--setting", "facet_time_limit_ms", "500",
            # Suggesting facets runs a query per column of every table page: seconds on a
            # national database. The default facets are in the metadata; any column can
            # still be faceted from its menu.
            "--setting", "suggest_facets", "off"]
