"""A build on a Dask cluster (a LocalCluster here) gives the database a local build gives,
and a worker that dies costs its file, not the build."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from govparse.publish.build import build
from govparse.publish.cluster import clustered
from govparse.publish.reading import failed_read, read_one
from tests.conftest import CORPUS, SEEDS

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    import dask

    from govparse.publish.cluster import settings

    with dask.config.set(settings()), distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def test_the_workers_settings_are_dasks_own_keys():
    import dask

    from govparse.publish.cluster import settings

    # A misspelt key would be kept silently and change nothing: each one must be Dask's.
    assert "distributed.worker.profile.enabled" in settings()
    for key, value in settings().items():
        assert dask.config.get(key, default=None) is not None, key
        with dask.config.set(settings()):
            assert dask.config.get(key) == value
    with dask.config.set(settings()):  # and nothing else of Dask's is replaced
        assert dask.config.get("distributed.comm.timeouts.connect")


def _tables(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    names = [n for (n,) in conn.execute("select name from sqlite_master where type = 'table' "
                                        "and name not like '%_fts%' order by name")]
    return {n: conn.execute(f"select * from [{n}] order by rowid").fetchall() for n in names}


def test_a_cluster_build_is_the_local_build(tmp_path, cluster):
    files = [CORPUS / n for n in SEEDS] + [CORPUS / "hongze-district-gov-2023.pdf",
                                           CORPUS / "pingtan-2021.html",
                                           CORPUS / "pingtan-2021.txt"]
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01 not a report")
    files.append(tmp_path / "bad.txt")
    local = build(files, tmp_path / "local.db", jobs=1)
    remote = build(files, tmp_path / "dask.db", dask=cluster)
    assert (remote.reports, remote.errors) == (local.reports, local.errors) == (7, 1)
    assert _tables(tmp_path / "dask.db") == _tables(tmp_path / "local.db")


def _dies_on_bad(path: str, data: bytes, manifest, *, name: str):
    if path.endswith("dies.txt"):
        os._exit(1)  # as the OOM killer would end the worker
    from govparse.publish.reading import read_data

    return read_data(path, data, manifest, name=name)


def test_a_worker_that_dies_costs_its_file_only(tmp_path, cluster):
    from govparse.publish.reading import data_arguments
    from govparse.sources.limits import LIMITS

    dies = tmp_path / "dies.txt"
    dies.write_text("年度报告", encoding="utf-8")
    files = [CORPUS / SEEDS[0], dies, CORPUS / SEEDS[1]]
    results = list(clustered(read_one, _dies_on_bad, files, scheduler=cluster,
                             limits=LIMITS, failed=failed_read, arguments=data_arguments))
    assert [r.error is None for r in results] == [True, False, True]
    assert results[1].error["code"] == "worker_died" and "dies.txt" in results[1].error["path"]


def _stuck_on_slow(path: str, data: bytes, manifest, *, name: str):
    if path.endswith("slow.txt"):
        import time

        time.sleep(600)  # a reader stuck where no timer reaches it
    from govparse.publish.reading import read_data

    return read_data(path, data, manifest, name=name)


def test_a_file_past_its_time_is_stopped_and_the_build_goes_on(tmp_path):
    from govparse.publish.reading import data_arguments
    from govparse.sources.limits import LIMITS

    slow = tmp_path / "slow.txt"
    slow.write_text("年度报告", encoding="utf-8")
    files = [CORPUS / SEEDS[0], slow, CORPUS / SEEDS[1]]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as one:
        results = list(clustered(read_one, _stuck_on_slow, files, scheduler=one,
                                 limits=LIMITS.but(seconds=1), failed=failed_read,
                                 arguments=data_arguments))
    assert [r.error is None for r in results] == [True, False, True]
    assert results[1].error["code"] == "timeout" and "1 秒" in results[1].error["message"]
