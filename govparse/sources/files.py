"""Reading a file's bytes: regular files only, the size checked first, read once.

A FIFO would block the build forever, /dev/zero never ends and a sparse file claims 40 GB:
each is refused from its stat before a byte is read. The read itself is bounded too, in
case the file grows while it is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from govparse.errors import ReportError
from govparse.sources.detect import check_size

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def not_regular(mode: int) -> str | None:
    """What a file of this mode is when it is not a regular file; None when it is."""
    return next((what for test, what in _KINDS if test(mode)),
                None if stat.S_ISREG(mode) else "not a regular file")


def read_file(path: str | Path) -> bytes:
    """The bytes of the regular file at `path` (links followed); ReportError otherwise."""
    where = str(path)
    try:
        info = os.stat(path)
        what = not_regular(info.st_mode)
        if what:
            link = f" (a link to {os.path.realpath(path)})" if os.path.islink(path) else ""
            raise ReportError(f"not a regular file: {what}{link}; only files are read",
                              path=where)
        check_size(info.st_size, where)
        # O_NONBLOCK: should the file have been swapped for a FIFO since the stat.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            if not_regular(os.fstat(f.fileno()).st_mode):
                raise ReportError("not a regular file any more: it changed while read",
                                  path=where)
            data = f.read(info.st_size + 1)
    except OSError as exc:
        raise ReportError(f"cannot read the file: {exc.strerror or exc}", path=where) from None
    check_size(len(data), where)
    return data
