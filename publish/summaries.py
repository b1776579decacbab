"""The summary tables of publish/summaries.yml, made once at the end of a build: the home
page reads them instead of counting a national database on every first visit."""

from __future__ import annotations

from functools import lru_cache

import sqlite_utils

from govparse.data import load


@lru_cache(maxsize=1)
def summaries() -> dict[str, str]:
    return load(__package__, "summaries.yml")


def make_summaries(db: sqlite_utils.Database) -> None:
    for name, sql in summaries().items():
        db.execute(f"drop table if exists [{name}]")
        db.execute(f"create table [{name}] as {sql}")
