"""Who published the report and for which year: from the title, the manifest or the caller.

Never guessed from the body: when none of the three says, the field is None and a warning
says so (the checks compare the title year with the narrative later, rule X-YR).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from govparse.errors import ReportError
from govparse.model import ReportWarning
from govparse.words import quoted

_FIELD_ZH = {"agency": "机关", "year": "年度"}

_TITLE = re.compile(
    r"^(?P<agency>.*?)(?P<year>(?:19|20)\d{2})年度?(?:政府信息公开|政务公开|信息公开)")
# "2022年临武县政府信息公开工作年度报告": the year first.
_YEAR_FIRST = re.compile(
    r"^(?P<year>(?:19|20)\d{2})年度?(?!政府信息公开|政务公开|信息公开)(?P<agency>.+?)"
    r"(?:政府信息公开|政务公开|信息公开)")


@dataclass(frozen=True)
class ManifestEntry:
    file: str
    agency: str | None
    year: int | None
    source_url: str | None
    fetched_at: str | None = None  # govparse fetch: when it was downloaded
    archived: str | None = None  # and its response in the fetch's WARC file


def read_manifest(path: str | Path) -> dict[str, ManifestEntry]:
    """corpus/manifest.csv: file, agency, year, source_url (one row per report file)."""
    from govparse.sources.files import read_file  # regular files only, size first

    entries = {}
    try:
        text = read_file(path).decode("utf-8-sig", "replace")
    except ReportError:
        return entries  # a FIFO or a huge file named manifest.csv: no manifest
    for row in csv.DictReader(io.StringIO(text, newline="")):
        year = (row.get("year") or "").strip()
        file = (row.get("file") or "").strip()
        if file:
            entries[file] = ManifestEntry(
                file, (row.get("agency") or "").strip() or None,
                int(year) if year.isascii() and year.isdigit() and 1900 <= int(year) <= 2100
                else None, (row.get("source_url") or "").strip() or None,
                (row.get("fetched_at") or "").strip() or None,
                (row.get("archived") or "").strip() or None)
    return entries


def manifest_for(path: str | Path) -> ManifestEntry | None:
    """The entry for a file in the manifest.csv next to it, if there is one."""
    path = Path(path)
    manifest = path.parent / "manifest.csv"
    try:
        st = manifest.stat()
    except OSError:
        return None
    # Every file of a folder asks: the manifest is read once while it stays the same.
    return _manifest(str(manifest), st.st_mtime_ns, st.st_size).get(path.name)


@lru_cache(maxsize=64)
def _manifest(path: str, mtime_ns: int, size: int) -> dict[str, ManifestEntry]:
    return read_manifest(path)


_PERIOD = re.compile(r"统计期限[^。]{0,12}?((?:19|20)\d{2})\s*年\s*(?:1\s*月\s*1\s*日|度|全年)")


# The signature (落款) at the end of a report: the body's name on a line, its date after it.
_SIGNED_BY = re.compile(r"[\u4e00-\u9fff（）()]{2,30}(?:人民政府|政府|办公室|办公厅|局|厅|委员会|"
                        r"管委会|管理委员会|中心|院|署|办事处)")
_SIGNED_ON = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?")


def signature(lines: list[str]) -> str | None:
    """The body that signed the report: a name on its own line right before a date line,
    among the last lines of the text."""
    last = [line.strip() for line in lines if line.strip()][-3:]
    for name, date in pairwise(last):
        compact = re.sub(r"\s+", "", name)
        if _SIGNED_ON.fullmatch(date) and _SIGNED_BY.fullmatch(compact):
            return compact
    return None


def period_year(text: str) -> int | None:
    """The year of the statistics period the report states (本报告所列数据的统计期限为
    2025年1月1日至12月31日), when it states one."""
    m = _PERIOD.search(text)
    return int(m[1]) if m else None


def from_title(title: str | None) -> tuple[str | None, int | None]:
    if not title:
        return None, None
    compact = re.sub(r"\s+", "", title.lstrip("#"))
    m = _TITLE.match(compact)
    if m is None or not m["agency"]:
        m = _YEAR_FIRST.match(compact) or m
    if m is None:
        return None, None
    return (m["agency"] or None), int(m["year"])


@dataclass
class Metadata:
    agency: str | None
    year: int | None
    source: dict[str, str | None]
    warnings: list[ReportWarning]


def resolve(title: str | None, title_line: int | None, entry: ManifestEntry | None,
            agency: str | None = None, year: int | None = None,
            url: str | None = None, title_origin: str = "title",
            period_year: int | None = None, signed_by: str | None = None) -> Metadata:
    """Caller's options first, then the title, then the statistics period (the year only),
    then the manifest; disagreements are warned. `url`: where the file says it was
    published (an archiver's 原文链接); `title_origin`: "archive" when the title is the
    archiver's, not the text's; `period_year`: the year of "统计期限为…年1月1日…";
    `signed_by`: the body named in the signature at the end (the agency only)."""
    t_agency, t_year = from_title(title)
    m_agency, m_year = (entry.agency, entry.year) if entry else (None, None)
    warnings: list[ReportWarning] = []
    source: dict[str, str | None] = {"url": (entry.source_url if entry else None) or url}
    if entry and entry.fetched_at:  # govparse fetch: when, and its response as received
        source |= {"fetched_at": entry.fetched_at, "archived": entry.archived}
    values: dict[str, object] = {}
    for field, given, titled, period, listed in (
            ("agency", agency, t_agency, signed_by, m_agency),
            ("year", year, t_year, period_year, m_year)):
        if titled is not None and listed is not None and titled != listed:
            warnings.append(ReportWarning(
                "metadata_conflict", f"标题给出的{_FIELD_ZH[field]}是{_value(titled)}，但 "
                f"manifest.csv 给出的是{_value(listed)}；采用标题的", title_line))
        for origin, value in (("option", given), (title_origin, titled),
                              ("statistics_period" if field == "year" else "signature",
                               period), ("manifest", listed)):
            if value is not None:
                values[field], source[field] = value, origin
                break
        else:
            values[field], source[field] = None, None
            where = "报告没有标题" if not title else f"标题{quoted(title)}没有写明"
            warnings.append(ReportWarning(
                f"{field}_unknown", f"{_FIELD_ZH[field]}不明：{where}，manifest.csv 和调用"
                "选项也都没有给出", title_line))
    return Metadata(values["agency"], values["year"], source, warnings)  # type: ignore[arg-type]


def _value(value: object) -> str:
    """A year as a number (2021), an agency's name in quotes (“湘潭县人民政府”)."""
    return f" {value}" if isinstance(value, int) else quoted(value)
