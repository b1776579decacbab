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
from govparse.sources import zipped
from govparse.sources.detect import check_size
from govparse.words import spaced

_KINDS = ((stat.S_ISDIR, "文件夹"), (stat.S_ISFIFO, "FIFO（命名管道）"),
          (stat.S_ISCHR, "字符设备"), (stat.S_ISBLK, "块设备"),
          (stat.S_ISSOCK, "套接字"))


def not_regular(mode: int) -> str | None:
    """What a file of this mode is when it is not a regular file; None when it is."""
    return next((what for test, what in _KINDS if test(mode)),
                None if stat.S_ISREG(mode) else "其他类型的文件")


def read_file(path: str | Path) -> bytes:
    """The bytes of the regular file at `path` (links followed), or of the member of an
    archive it names (`archive.zip!member`, sources/zipped.py); ReportError otherwise."""
    where = str(path)
    member = None if os.path.lexists(path) else zipped.split(path)
    if member:
        return zipped.read_member(*member)
    try:
        info = os.stat(path)
        what = not_regular(info.st_mode)
        if what:
            link = f"（指向 {os.path.realpath(path)} 的链接）" if os.path.islink(path) else ""
            raise ReportError(f"不是普通文件，而是{spaced(what)}{link}；只读取普通文件",
                              path=where)
        check_size(info.st_size, where)
        # O_NONBLOCK: should the file have been swapped for a FIFO since the stat.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            if not_regular(os.fstat(f.fileno()).st_mode):
                raise ReportError("已不再是普通文件：它在读取期间被替换了",
                                  path=where)
            data = f.read(info.st_size + 1)
    except OSError as exc:
        raise ReportError(f"无法读取文件：{exc.strerror or exc}", path=where) from None
    check_size(len(data), where)
    return data
