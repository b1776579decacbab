"""A .zip holding reports: each member is an input of its own, named `archive.zip!member`.

Members are read from the archive in memory, never extracted to disk, so a name like
`../../etc/passwd` writes nothing; such a name is still refused, as are a zip bomb (sizes
declared past limits.yml, checked before anything is inflated; zipfile never inflates a
member past its declared size) and an archive inside an archive (sources.detect refuses
it when the member is read). Names stored in GBK without the UTF-8 flag, as Windows'
archivers write them, are decoded as GB18030.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from pathlib import Path

from govparse.errors import ReportError
from govparse.sources.limits import LimitError, current

SEPARATOR = "!"
_MEMBER = re.compile(r"(?i)(.+?\.zip)!(.+)")
# Files an archiver adds beside the real ones.
_SKIPPED = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$|desktop\.ini$)")
# A member that makes the zip a document of its own (Word, Excel, OpenDocument, OFD).
_DOCUMENTS = {"word/document.xml", "xl/workbook.xml", "mimetype", "OFD.xml"}
# Members in one archive: a year of one agency's reports is a handful.
MAX_MEMBERS = 10000


def is_archive(path: str | Path) -> bool:
    """A .zip file that is an archive of files (not a .docx, .xlsx, .odt or .ofd, which are
    zips too)."""
    if not str(path).lower().endswith(".zip"):
        return False
    try:
        with open(path, "rb") as f:
            if f.read(4) != b"PK\x03\x04":
                return False
        return True
    except OSError:
        return False


def members(path: str | Path) -> list[str]:
    """The input names of the archive's members (`archive.zip!member`), in their order;
    raises ReportError when the archive as a whole cannot be read."""
    with _open(path) as archive:
        names = set(archive.namelist())
        if names & _DOCUMENTS:  # a .docx, .xlsx, .odt or .ofd named .zip: one input
            return [str(path)]
        infos = [i for i in archive.infolist() if not i.is_dir() and not
                 _SKIPPED.search(i.filename)]
        if len(infos) > MAX_MEMBERS:
            raise LimitError(f"压缩包中有 {len(infos):,} 个文件，超过 {MAX_MEMBERS:,} 个的上限",
                             path=str(path))
        size = sum(i.file_size for i in infos)
        if size > current().unzipped_bytes:
            raise LimitError(f"压缩包解压后为 {size / 2**20:,.0f} MB，超过 "
                             f"{current().unzipped_bytes // 2**20} MB 的上限（是压缩炸弹吗？）",
                             path=str(path))
        return [f"{path}{SEPARATOR}{i.filename}" for i in infos]


def split(path: str | Path) -> tuple[str, str] | None:
    """(archive, member) when `path` names a member of an archive on disk."""
    m = _MEMBER.fullmatch(str(path))
    if m and Path(m[1]).is_file():
        return m[1], m[2]
    return None


def read_member(archive_path: str, member: str) -> bytes:
    where = f"{archive_path}{SEPARATOR}{member}"
    normal = posixpath.normpath(member.replace("\\", "/"))
    if normal.startswith(("/", "../")) or normal == ".." or re.match(r"[A-Za-z]:", normal):
        raise ReportError(f"压缩包中的文件名不安全（指向压缩包之外：{member}）；未读取",
                          path=where)
    with _open(archive_path) as archive:
        try:
            info = archive.getinfo(member)
        except KeyError:
            raise ReportError("压缩包中已没有这个文件", path=where) from None
        if info.file_size > current().file_bytes:
            raise LimitError(f"压缩包中的这个文件解压后为 {info.file_size / 2**20:.1f} MB，超过"
                             f"单份报告 {current().file_bytes // 2**20} MB 的上限", path=where)
        if info.flag_bits & 0x1:
            raise ReportError("压缩包中的这个文件受密码保护：请解压后再读取", path=where)
        try:
            return archive.read(info)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError,
                zlib.error) as exc:
            raise ReportError(f"压缩包中的这个文件无法解压：{exc}", path=where) from None


def _open(path: str | Path) -> zipfile.ZipFile:
    """Names without the UTF-8 flag: GB18030 (Windows' archivers), else UTF-8 (Info-ZIP and
    Java write it without the flag), else as zipfile reads them."""
    for encoding in ("gb18030", "utf-8", None):
        try:
            return zipfile.ZipFile(path, metadata_encoding=encoding)
        except UnicodeDecodeError:
            continue
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ReportError(f"ZIP 压缩包无法打开：{exc}", path=str(path)) from None
    raise ReportError("ZIP 压缩包无法打开：文件名的编码无法识别", path=str(path))
