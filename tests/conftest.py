from __future__ import annotations

from pathlib import Path

import pytest

from govparse import Report, parse_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLDEN = Path(__file__).resolve().parent / "golden"
# The five seed reports; the other files of corpus/ are real reports in the layouts they
# arrive in (tests/real/, tests/gold/).
SEEDS = sorted(p.name for p in CORPUS.glob("[0-9][0-9][0-9]_*.txt"))


def seed_path(prefix: str) -> Path:
    """corpus/<prefix>_….txt, e.g. seed_path("001")."""
    return next(CORPUS.glob(f"{prefix}_*.txt"))


def seed_text(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def reports() -> dict[str, Report]:
    """Every corpus seed parsed once, by its three-digit prefix."""
    return {name[:3]: parse_file(CORPUS / name) for name in SEEDS}


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """The seeds of corpus/ built into reports.db (the name Datasette serves it under:
    /reports): the database the site, ask and build tests know by heart."""
    from govparse.publish.build import build

    path = tmp_path_factory.mktemp("db") / "reports.db"
    build([CORPUS / name for name in SEEDS], path)
    return path
