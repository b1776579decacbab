"""Office files LibreOffice reads and we do not: Word 97-2003 .doc, WPS .wps, .rtf, .odt,
and spreadsheets (.xls, .xlsx, .et, .ods) -> the canonical text, through a format we read.

A word-processing document becomes a .docx (read by docx.py), a spreadsheet an HTML page
of its sheets (read by html.py). One LibreOffice, driven by unoserver, serves every
conversion of the process: started at the first office file, kept until the process ends
(a build's worker reads thousands of files; LibreOffice takes seconds to start). unoserver
runs in a Python that has LibreOffice's `uno` module (Debian's); we talk to it over XML-RPC
on 127.0.0.1 with its client, which needs no `uno`.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from govparse.data import load
from govparse.errors import ReportError
from govparse.sources.limits import current
from govparse.sources.text import SourceText

SETTINGS = load(__package__, "office.yml")

# OLE2 (compound file) streams, named in UTF-16: what an old Office file holds.
_STREAMS = {"text": ("WordDocument",), "sheet": ("Workbook", "Book"),
            "encrypted": ("EncryptedPackage",), "slides": ("PowerPoint Document",)}
_ODF = {b"application/vnd.oasis.opendocument.text": "text",
        b"application/vnd.oasis.opendocument.spreadsheet": "sheet"}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def office_kind(data: bytes, names: set[str] | None = None) -> str | None:
    """'text' or 'sheet' for an office file LibreOffice converts; 'encrypted' or 'slides'
    for one we refuse; None for anything else. `names`: the members of a zip."""
    if data.startswith(OLE2):  # the directory may be anywhere in the file: all of it
        for kind, streams in _STREAMS.items():
            if any(s.encode("utf-16-le") in data for s in streams):
                return kind
        return "unknown"
    if data.startswith(b"{\\rtf"):
        return "text"
    if names is not None:
        if "mimetype" in names:
            try:
                archive = zipfile.ZipFile(BytesIO(data))
                if archive.getinfo("mimetype").file_size > 200:
                    return None  # no ODF's: read nothing more of it
                mimetype = archive.read("mimetype").strip()
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error,
                    KeyError, OSError, EOFError):
                return None
            return _ODF.get(mimetype)
        if "xl/workbook.xml" in names:
            return "sheet"
    return None


def format_name(kind: str, path: str | None) -> str:
    """The format's name: the file's suffix when it is one of this kind, else the kind's
    usual one."""
    suffix = Path(path or "").suffix.lower().lstrip(".")
    known = SETTINGS["suffixes"][kind]
    return suffix if suffix in known else known[0]


def read_office(data: bytes, kind: str, path: str | None, digest: str) -> SourceText:
    target = SETTINGS["convert_to"][kind]
    converted = convert(data, target, path)
    if target == "docx":
        from govparse.sources.docx import read_docx

        source = read_docx(converted, path, digest)
    else:
        from govparse.sources.html import read_html
        from govparse.sources.text import decode

        source = read_html(decode(converted, path, digest), path, tables_alone=True)
        source.tables_only = True
    source.format = format_name(kind, path)
    return source


def convert(data: bytes, to: str, path: str | None = None, *, infilter: str | None = None
            ) -> bytes:
    """`data` converted by LibreOffice to the format of suffix `to`; `infilter`: the import
    filter when LibreOffice should not guess it (an HTML page read as a spreadsheet: "HTML
    (StarCalc)")."""
    from xmlrpc.client import Fault

    server = _server()
    with server.lock:  # one conversion at a time: unoserver serves one request at a time
        try:
            return server.client().convert(indata=data, convert_to=to, infiltername=infilter)
        except Fault as exc:
            if server.process is None or server.process.poll() is not None:
                server.stop()  # it ended itself: the conversion ran past its time
                raise ReportError("LibreOffice 转换此文件超时，已停止", path=path) from None
            raise ReportError(f"LibreOffice 无法转换此文件（已损坏，或不是它能打开的格式）："
                              f"{_reason(exc.faultString)}", path=path) from None
        except (ConnectionError, OSError, RuntimeError) as exc:
            server.stop()  # a new one for the next file
            raise ReportError(f"LibreOffice 转换中断：{exc}", path=path) from None
        except BaseException:  # the file's own time limit: LibreOffice may still be busy
            server.stop()
            raise


def _reason(fault: str) -> str:
    return fault.rsplit(">:", 1)[-1].strip()[:200]


@dataclass
class _Server:
    process: subprocess.Popen | None = None
    port: int = 0
    profile: str = ""  # LibreOffice's own profile, made for this server and removed with it
    lock: threading.RLock = field(default_factory=threading.RLock)

    def client(self):
        from unoserver.client import UnoClient

        if self.process is None or self.process.poll() is not None:
            self.start()
        return UnoClient("127.0.0.1", str(self.port))

    def start(self) -> None:
        python, soffice = _python_with_uno(), _soffice()
        self.port, uno_port = _free_port(), _free_port()
        unoserver = Path(importlib.util.find_spec("unoserver").origin).parent.parent
        _remove_stale_profiles()
        profile = tempfile.mkdtemp(prefix=f"{_PROFILE}{os.getpid()}-")
        # unoserver appended after the Python's own paths: its `uno` must win. A watchdog
        # thread ends its whole process group (LibreOffice with it) once the process that
        # started it is gone: a build's worker killed for overrunning its time runs no atexit.
        launcher = ("import os, signal, sys, threading, time\n"
                    "parent = os.getppid()\n"
                    "def watch():\n"
                    "    while os.getppid() == parent: time.sleep(0.5)\n"
                    "    os.killpg(0, signal.SIGKILL)\n"
                    "threading.Thread(target=watch, daemon=True).start()\n"
                    "sys.path.append(sys.argv.pop(1)); sys.argv[0] = 'unoserver'\n"
                    "from unoserver.server import main; main()")
        # Its own time limit ends a conversion before the file's does (which would leave
        # LibreOffice busy for the next file).
        seconds = max(5, int(current().seconds * 0.8))
        self.process = subprocess.Popen(
            [python, "-c", launcher, str(unoserver), "--port", str(self.port),
             "--uno-port", str(uno_port), "--executable", soffice,
             "--user-installation", profile, "--conversion-timeout", str(seconds), "--quiet"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        self.profile = profile
        self._wait()

    def _wait(self) -> None:
        from xmlrpc.client import ServerProxy

        deadline = time.monotonic() + SETTINGS["start_seconds"]
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with ServerProxy(f"http://127.0.0.1:{self.port}") as proxy:
                    proxy.info()
                return
            except (ConnectionError, OSError):
                time.sleep(0.2)
        self.stop()
        raise ReportError("LibreOffice 未能启动（转换 Office 文件需要它）")

    def stop(self) -> None:
        if self.process is not None:
            # unoserver and the LibreOffice it started are one process group: asked, then
            # made to end (oosplash may outlive unoserver)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(10)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process = None
            shutil.rmtree(self.profile, ignore_errors=True)


_lock = threading.Lock()
_servers: dict[int, _Server] = {}


def _server() -> _Server:
    """This process's server (a forked worker starts its own)."""
    with _lock:
        pid = os.getpid()
        if pid not in _servers:
            _servers[pid] = _Server()
            atexit.register(_servers[pid].stop)
        return _servers[pid]


_PROFILE = "govparse-libreoffice-"


def _remove_stale_profiles() -> None:
    """The profiles of servers whose process is gone (a worker killed for overrunning its
    time runs no atexit): named by the pid that made them."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_PROFILE}*-*"):
        pid = folder.name.removeprefix(_PROFILE).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _python_with_uno() -> str:
    for python in SETTINGS["pythons"]:
        exe = shutil.which(python)
        if exe:
            try:
                subprocess.run([exe, "-c", "import uno"], check=True, timeout=30,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                return exe
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
                continue
    raise ReportError("读取 Office 文件（.doc、.wps、.rtf、.odt、.xls、.xlsx、.et）需要 "
                      "LibreOffice 及其 Python 接口：请安装 Debian 的 libreoffice-writer、"
                      "libreoffice-calc 和 python3-uno（make run 会安装）")


def _soffice() -> str:
    for name in SETTINGS["soffice"]:
        exe = shutil.which(name)
        if exe:
            return exe
    raise ReportError("读取 Office 文件需要 LibreOffice：请安装 Debian 的 libreoffice-writer "
                      "和 libreoffice-calc（make run 会安装）")
