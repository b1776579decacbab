"""Read files in worker processes, each inside the limits of govparse/sources/limits.yml.

    for result in isolated(read_one, files, jobs=2, limits=LIMITS, failed=error_record):
        ...

    with Workers(2, LIMITS, warm=pipeline) as workers:  # several passes, one pool
        reads = list(workers.run(read_one, files, failed=error_record))
        merged = list(workers.run(read_group, groups, failed=group_error, seconds=60))

Results come in the order of `files` (builds are repeatable). A file cannot take the build
down with it:

- time: a timer in the worker interrupts the file after `limits.seconds`, or the seconds
  its pass allows (it becomes the file's error); a file stuck where the timer cannot reach
  (inside C code) is stopped by the parent, which kills the pool's workers once the file
  is well past its time;
- memory: each worker's address space is capped at `limits.memory_bytes`, so a file that
  would take more gets a MemoryError, not the machine;
- death: when a worker dies (the OOM killer, a crash in C, `kill -9`) the pool breaks;
  the files it held are read again one at a time in a new pool, and the one that kills
  its worker again is recorded as the file that did.

concurrent.futures gives the broken-pool detection; this module only restarts the pool.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from multiprocessing import get_context
from typing import TypeVar

from govparse.sources.limits import FileTimeout, Limits, current, use

R = TypeVar("R")
T = TypeVar("T")  # what is read: a file's path, or the paths of a group of files



def grace(seconds: float) -> float:
    """How long past its limit a file may run before the parent kills its worker: the
    worker's own timer should have stopped it well before (a pool starts in seconds)."""
    return 5.0 + seconds / 4


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise FileTimeout in this thread after `seconds` (main thread only; elsewhere the
    parent's deadline is the only limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise FileTimeout(f"读取文件的用时超过单个文件 {seconds:g} 秒的上限；已停止")

    previous = signal.signal(signal.SIGALRM, expired)
    # Again every second until cancelled: cleanup code (a `with` block's exit) can loop
    # as the interrupted code did.
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _start_worker(limits: Limits, warm: Callable[[], object] | None, jobs: int = 1) -> None:
    use(limits)
    # OCR's threads shared among the workers: one file at a time in each of `jobs` of them
    os.environ.setdefault("GOVPARSE_OCR_THREADS", str(max(1, (os.cpu_count() or 1) // jobs)))
    if warm is not None:  # what every file needs loaded (spaCy) is not counted against one
        warm()
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    except (ImportError, ValueError, OSError):  # not on this system: the time limit holds
        pass


def _timed(read: Callable[[T], R], failed: Callable[[T, str, str], R], path: T,
           seconds: float) -> R:
    try:
        with time_limit(seconds):
            return read(path)
    except FileTimeout as exc:  # when `read` lets it through (it fired in `read`'s cleanup)
        return failed(path, "timeout", str(exc))


def isolated(read: Callable[[T], R], files: Iterable[T], *, jobs: int, limits: Limits,
             failed: Callable[[T, str, str], R],
             warm: Callable[[], object] | None = None) -> Iterator[R]:
    """`read(path)` for each file in `jobs` worker processes (in this one when jobs is 0,
    under the time limit only). `failed(path, code, message)` makes the result of a file
    whose worker died or hung; `warm()` runs once in each worker before its first file.
    The three must be module-level functions (they are pickled)."""
    with Workers(jobs, limits, warm) as workers:
        yield from workers.run(read, files, failed=failed)


class Workers:
    """`jobs` worker processes within `limits`, kept from one pass over files to the next
    (starting them, and warm() in each, costs a second or two). Closed, they are killed."""

    def __init__(self, jobs: int, limits: Limits,
                 warm: Callable[[], object] | None = None) -> None:
        self.jobs, self.limits, self.warm = jobs, limits, warm
        self.executor: ProcessPoolExecutor | None = None
        self.passing: object | None = None  # the pass started and not ended

    def run(self, read: Callable[[T], R], files: Iterable[T], *,
            failed: Callable[[T, str, str], R], seconds: float | None = None) -> Iterator[R]:
        """`read(file)` for each file, in the order of the files; each allowed `seconds`
        (the limits' own by default)."""
        files = list(files)
        seconds = self.limits.seconds if seconds is None else seconds
        if self.passing is not None:  # a pass left unfinished holds calls: ours would be
            self.kill()  # timed from the wrong start
        self.passing = this = object()
        try:
            yield from self._run(read, files, failed, seconds)
        finally:
            if self.passing is this:
                self.passing = None

    def _run(self, read, files: list, failed, seconds: float) -> Iterator:
        if self.jobs <= 0:
            previous = current()
            use(self.limits)
            try:
                for path in files:
                    yield _timed(read, failed, path, seconds)
            finally:
                use(previous)
            return
        yield from _Pass(self, read, files, failed, seconds).results()

    def new(self) -> ProcessPoolExecutor:
        self.kill()
        self.executor = ProcessPoolExecutor(self.jobs, mp_context=get_context("spawn"),
                                            initializer=_start_worker,
                                            initargs=(self.limits, self.warm, self.jobs))
        return self.executor

    def kill(self) -> None:
        executor, self.executor = self.executor, None
        if executor is None:
            return
        # Python 3.14 has ProcessPoolExecutor.kill_workers(); before it, the processes.
        kill = getattr(executor, "kill_workers", None)
        if kill is not None:
            kill()
        else:
            for process in list((executor._processes or {}).values()):
                with suppress(ProcessLookupError):  # it may have died meanwhile
                    os.kill(process.pid, signal.SIGKILL)
        # A worker killed while sending its result leaves the executor's reader blocked on
        # a half-sent message, which shutdown would wait for forever: end the pipe.
        with suppress(Exception):
            executor._result_queue._writer.close()
        executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()


# Files given out per worker ahead of their turn: enough that the workers never wait
# while the parent writes a batch of rows (some 0.3 s), each a path and nothing more.
_WINDOW = 32


class _Pass:
    """One pass over files, given out to the workers' ProcessPoolExecutor, more than it has
    workers so that none waits for the parent between two files.

    The executor starts its calls in the order they were submitted, each when a worker is
    free: the n-th call of a pass (on an idle pool) starts at its submission or at the
    (n - jobs)-th completion, whichever is later. That is when its deadline starts counting."""

    def __init__(self, workers: Workers, read, files: list, failed, seconds: float) -> None:
        self.workers, self.read, self.files, self.failed, self.seconds = \
            workers, read, files, failed, seconds
        self.jobs = workers.jobs
        self.queue: deque[int] = deque(range(len(files)))
        self.alone: deque[int] = deque()  # held by a worker that died: read one at a time
        # future -> (file index, call number in this executor, submitted at, read alone)
        self.running: dict[Future, tuple[int, int, float, bool]] = {}
        self.done: dict[int, object] = {}
        self.out = 0  # the next result to give, in the order of the files
        self.allowed = seconds + grace(seconds)
        self.calls, self.completions = 0, []  # the pool is idle: its calls count from here
        self.executor = workers.executor or self._new()

    def _new(self) -> ProcessPoolExecutor:
        self.calls, self.completions = 0, []  # the call numbers count from each new pool
        return self.workers.new()

    def results(self) -> Iterator:
        try:
            while self.out < len(self.files):
                self._submit()
                self._collect()
                while self.out in self.done:
                    yield self.done.pop(self.out)
                    self.out += 1
        except BaseException:  # stopped with files in flight: their workers with it
            self.workers.kill()
            raise

    def _submit(self) -> None:
        if self.alone:
            if not self.running:
                self._start(self.alone.popleft(), alone=True)
            return
        # Not more than the window ahead of the result awaited: a slow file would have the
        # parent hold every result that came after it.
        while self.queue and len(self.running) < _WINDOW * self.jobs and \
                self.queue[0] - self.out < 2 * _WINDOW * self.jobs:
            if not self._start(self.queue.popleft(), alone=False):
                return
        if not self.running and self.queue:  # the awaited file is in the queue: give it out
            self._start(self.queue.popleft(), alone=False)

    def _start(self, index: int, *, alone: bool) -> bool:
        """Give the file out; False when the pool is found broken with files in flight,
        which _collect judges first, by this executor's numbering."""
        try:
            future = self.executor.submit(_timed, self.read, self.failed, self.files[index],
                                          self.seconds)
        except BrokenProcessPool:
            if self.running:
                (self.alone if alone else self.queue).appendleft(index)
                return False
            self._restart()  # it broke with nothing in flight: no file to suspect
            future = self.executor.submit(_timed, self.read, self.failed, self.files[index],
                                          self.seconds)
        self.running[future] = (index, self.calls, time.monotonic(), alone)
        self.calls += 1
        return True

    def _started(self, call: int, submitted: float) -> float | None:
        """When call number `call` started; None when it waits for a worker still."""
        before = call - self.jobs
        if before < 0:
            return submitted
        return max(submitted, self.completions[before]) if before < len(self.completions) \
            else None

    def _overdue(self, now: float) -> list[Future]:
        return [f for f, (_, call, submitted, _) in self.running.items()
                if (started := self._started(call, submitted)) is not None
                and now - started >= self.allowed]

    def _collect(self) -> None:
        starts = [self._started(call, submitted)
                  for _, call, submitted, _ in self.running.values()]
        deadline = min(s for s in starts if s is not None) + self.allowed
        finished, _ = wait(self.running, timeout=max(0.0, deadline - time.monotonic()),
                           return_when=FIRST_COMPLETED)
        broken = False
        for future in sorted(finished, key=lambda f: self.running[f][1]):
            index, call, submitted, alone = self.running.pop(future)
            try:
                self.done[index] = future.result()
            except BrokenProcessPool:
                broken = True
                if alone:
                    self.done[index] = self.failed(
                        self.files[index], "worker_died",
                        "读取此文件的工作进程两次意外终止（内存耗尽、崩溃或被外部终止）："
                        "构建已跳过该文件继续进行")
                elif self._started(call, submitted) is None:
                    self.queue.appendleft(index)  # never reached a worker: not a suspect
                else:
                    self.alone.append(index)
                continue
            except Exception as exc:  # the result did not come back (it did not pickle …)
                self.done[index] = self.failed(self.files[index], "internal_error",
                                               f"{type(exc).__name__}: {exc}")
            self.completions.append(time.monotonic())
        if broken:
            for index, call, submitted, _ in self.running.values():
                (self.queue.appendleft if self._started(call, submitted) is None
                 else self.alone.append)(index)
            self.running.clear()
            self._restart()
            return
        overdue = self._overdue(time.monotonic())
        if overdue:
            self._stop(overdue)

    def _stop(self, overdue: list[Future]) -> None:
        """Files past their deadline that their own timer did not stop: their workers are
        killed, and the pool with them; the other files it held are given out again."""
        for future, (index, *_) in list(self.running.items()):
            if future in overdue:
                self.done[index] = self.failed(
                    self.files[index], "timeout",
                    f"读取文件的用时超过单个文件 {self.seconds:g} 秒的上限，且未能"
                    "自行停止：其工作进程已被终止")
            else:
                self.queue.appendleft(index)
        self.running.clear()
        self._restart()

    def _restart(self) -> None:
        self.executor = self._new()
        self.queue = deque(sorted(self.queue))  # files given back come first, in order
