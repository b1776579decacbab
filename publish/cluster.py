"""Reading the files on a Dask cluster when one machine is not enough.

The parent reads each file's bytes (the workers need not see its disk), ships them to the
workers with the name to record them under, and takes the results back in the order of the
files, a bounded number ahead: one writer fills the database exactly as a local build does,
so the same files give the same database. A worker that dies costs its file (Dask gives the
file to another worker first; a file that kills every worker it meets is recorded as
`worker_died`). Imported only for `govparse build --dask`.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from govparse.data import load
from govparse.publish.workers import grace
from govparse.sources.limits import FileTimeout, Limits, use

R = TypeVar("R")
T = TypeVar("T")  # what is read: a file's path, or the paths of a group of files

def settings() -> dict[str, object]:
    """publish/dask.yml (what a build's workers want of Dask; a real cluster's read it through
    DASK_CONFIG) as dotted keys, for `dask.config.set(settings())` around a
    LocalCluster (a nested dict there would replace whole sections of Dask's defaults)."""
    def flat(tree: dict, prefix: str = "") -> dict[str, object]:
        out: dict[str, object] = {}
        for name, value in tree.items():
            out.update(flat(value, f"{prefix}{name}.") if isinstance(value, dict)
                       else {prefix + name: value})
        return out

    return flat(load("govparse.publish", "dask.yml"))


# Files given out ahead per worker: none waits while the parent writes, and the bytes held
# in flight stay bounded (16 files a worker, each at most limits.yml's file_bytes; 16 groups
# of renderings, each the bytes of its few files).
WINDOW = 16


def clustered(read: Callable[[T], R], read_data: Callable[..., R], files: Iterable[T],
              *, scheduler: object, limits: Limits, failed: Callable[[T, str, str], R],
              arguments: Callable[[T], tuple[tuple, dict]]) -> Iterator[R]:
    """`read_data(*args, **kwargs)` of each file on the cluster at `scheduler` (an address
    such as tcp://host:8786, or a LocalCluster), with the arguments `arguments(file)` gives
    (its bytes, read here); results in the order of the files. A file whose bytes the parent
    cannot read is `read(file)` here, which records why, as a local build does."""
    from distributed import Client

    files = list(files)
    build = uuid.uuid4().hex[:8]  # two builds on one cluster never share a task's name
    client = Client(scheduler, set_as_default=False)
    try:
        width = max(1, len(client.scheduler_info().get("workers", {}))) * WINDOW
        pending: dict[int, object] = {}
        done: dict[int, R] = {}
        nxt = out = 0
        while out < len(files):
            while nxt < len(files) and len(pending) + len(done) < width:
                path = files[nxt]
                try:
                    args, kwargs = arguments(path)
                except (Exception, FileTimeout):  # a FIFO, a huge file: said as locally
                    done[nxt] = read(path)
                else:
                    pending[nxt] = client.submit(_read_there, read_data, limits, *args,
                                                 key=f"govparse-{build}-{nxt}", pure=False,
                                                 **kwargs)
                nxt += 1
            if out not in done:  # the next in order: the others keep working meanwhile
                result = _result(pending.pop(out), client, deadline(limits.seconds))
                if result is _LATE:
                    done[out] = failed(files[out], "timeout", _late(limits.seconds))
                    continue
                if result is _KILLED:
                    # Dask blames every file a dying worker held: read this one once more,
                    # and only a file that kills its workers again is lost.
                    result = _again(client, build, out, files[out], read, read_data, limits,
                                    arguments)
                done[out] = _died(files[out], failed) if result is _KILLED else result
            while out in done:
                yield done.pop(out)
                out += 1
    finally:
        client.close()


def _again(client, build: str, index: int, path, read, read_data, limits: Limits,
           arguments):
    try:
        args, kwargs = arguments(path)
    except (Exception, FileTimeout):  # gone or changed since: said as locally
        return read(path)
    result = _result(client.submit(_read_there, read_data, limits, *args, pure=False,
                                   key=f"govparse-{build}-{index}-again", **kwargs),
                     client, deadline(limits.seconds))
    return _KILLED if result is _LATE else result


def _read_there(read_data: Callable[..., R], limits: Limits, *args, **kwargs) -> R:
    """On a worker: the file read within the build's limits (but the time limit: a
    worker's thread cannot set the timer a local worker uses; the parent keeps it)."""
    use(limits)
    return read_data(*args, **kwargs)


_KILLED, _LATE = object(), object()


def deadline(seconds: float) -> float | None:
    """How long the parent waits for the next file's result: the file's limit, the grace a
    local build gives, and the files queued before it on the worker (a window's worth)."""
    return None if seconds <= 0 else (seconds + grace(seconds)) * 2


def _late(seconds: float) -> str:
    return f"读取文件的用时超过单个文件 {seconds:g} 秒的上限；已停止（其工作进程已重启）"


def _result(future, client, wait: float | None):
    """The future's result; _KILLED when its worker died, _LATE past `wait` seconds (the
    worker still reading it is restarted: a thread cannot be stopped)."""
    from distributed import KilledWorker
    from distributed import TimeoutError as DaskTimeout

    try:
        return future.result(timeout=wait)
    except (DaskTimeout, TimeoutError):
        _restart_holder(client, future)
        return _LATE
    except KilledWorker:
        return _KILLED
    except Exception:  # the reader never raises: a cluster error costs the file
        return _KILLED


def _restart_holder(client, future) -> None:
    holders = [w for w, keys in client.processing().items() if future.key in keys]
    future.cancel()
    if holders:
        with contextlib.suppress(Exception):  # the worker went away by itself meanwhile
            client.restart_workers(holders, timeout=60)


def _died(path: T, failed: Callable[[T, str, str], R]) -> R:
    return failed(path, "worker_died", "读取它的工作进程每次都意外退出了（内存耗尽或被系统"
                                       "终止？），这个文件没有读出")
