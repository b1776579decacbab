"""The whole reading chain: text -> normalise -> grammar -> document -> form cells -> Report."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from govparse.cells.detect import detect_template
from govparse.cells.locate import locate_tables
from govparse.cells.reader import TableReader
from govparse.cells.tables import read_tables
from govparse.document.parser import parse_document
from govparse.document.recovery import pulled_out_cells, recover_lost_headings
from govparse.document.transform import (
    SECTION_TABLE,
    Document,
    RawSection,
    tables_as_text,
)
from govparse.errors import NotAReportError, ReportSyntaxError
from govparse.forms import SECTION_NUMERALS, load_templates, template_for_year
from govparse.model import Report, ReportWarning, Section
from govparse.report.metadata import ManifestEntry, manifest_for, period_year, resolve, signature
from govparse.sources import read_source
from govparse.text.normalize import NormalizedText, normalize, split_lines
from govparse.words import TABLE_NAMES, quoted

_SENTENCE_END = tuple("。.!！?？;；)）\"”")


def parse_file(path: str | Path, *, agency: str | None = None, year: int | None = None,
               manifest: ManifestEntry | None = None, data: bytes | None = None,
               trace: Trace | None = None) -> Report:
    """Read a report file. The manifest.csv next to it is used unless one is given;
    `data`: the file's bytes, when the caller has read them (govparse.sources.read_file);
    `trace`: see parse_text."""
    source = read_source(path, data)
    entry = manifest if manifest is not None else manifest_for(path)
    report = parse_text(source.text, path=str(path), sha256=source.sha256, agency=agency,
                        year=year, manifest=entry, table_layout=source.layout,
                        meta=source.meta, trace=trace, tables_only=source.tables_only)
    report.encoding, report.format, report.origins = source.encoding, source.format, \
        source.origins
    report.warnings[:0] = source.warnings
    if source.tables_only:  # a spreadsheet ends with its last table: nothing was cut
        report.warnings = [w for w in report.warnings if w.code != "truncated"]
    for cell in report.cells:
        cell.origin = report.origin(cell.line)
    return report


@dataclass
class Trace:
    """What the chain made on its way to a Report, kept when asked (govparse explain): the text's
    lines, the normalised text, the grammar's Document, each table's reader."""

    lines: list[str] = field(default_factory=list)  # the text's own lines, numbered from 1
    normalized: NormalizedText | None = None
    document: Document | None = None
    readers: dict[int, TableReader] = field(default_factory=dict)


def parse_text(text: str, *, path: str | None = None, sha256: str | None = None,
               agency: str | None = None, year: int | None = None,
               manifest: ManifestEntry | None = None, table_layout: str | None = None,
               meta: dict[str, str] | None = None, trace: Trace | None = None,
               tables_only: bool = False) -> Report:
    """Read a report from its text; raises ReportError when it cannot be read at all.

    `table_layout`: the layout of every table when the source adapter knows it (a dump's
    cells run together); `meta`: what the file says outside the text (an archiver's title
    and link); `trace`: filled with what each stage made; `tables_only`: the file holds the
    tables and no prose by its nature (a spreadsheet), so tables without a heading are a
    report."""
    doc = normalize(text)
    document = parse_document(doc, path)
    if trace is not None:
        trace.normalized, trace.document = doc, document
    original = split_lines(text)
    if trace is not None:
        trace.lines = original
    warnings = [ReportWarning("line_skipped", f"{e.message}；该行已跳过", e.line)
                for e in document.skipped]
    warnings += recover_lost_headings(document, original)
    located = locate_tables(document.sections, document.head_tables)
    warnings += _check_sections(document.sections, path, original,
                                tables_only and bool(located.by_table))
    warnings += _stray_numbers(document.sections, original)
    meta = meta or {}
    title = _title(document, original)
    title_origin = "title" if title or not meta.get("title") else "archive"
    title = title or meta.get("title")
    title_line = document.title_lines[0] if document.title_lines else None
    if table_layout:
        for tables in located.by_table.values():
            for table in tables:
                table.layout = table_layout

    by_table = located.by_table
    warnings += located.warnings
    for section, table in located.not_form:
        if table.layout == "spaced":  # "联系电话 0591 2316": a line of prose, as it always was
            if section is None:
                document.preamble_lines = sorted([*document.preamble_lines,
                                                  *(row.line for row in table.rows)])
            else:
                tables_as_text(section, [table])
            continue
        if section is not None:
            section.tables = [t for t in section.tables if t is not table]
        warnings += [ReportWarning(
            "line_skipped", "表格之外的表格行（不是规定的表二、三、四的一部分）："
            f"{quoted(original[row.line - 1].strip())}；该行已跳过", row.line)
            for row in table.rows]
    # The statistics period is stated in the preamble or in section 一.
    opening = [*document.preamble_lines,
               *(b.line for s in document.sections[:1] for b in s.blocks)]
    resolved = resolve(title, title_line, manifest, agency, year, url=meta.get("url"),
                       title_origin=title_origin,
                       period_year=period_year("\n".join(original[n - 1] for n in opening)),
                       signed_by=signature(original[-5:]))
    template, warning = _template(by_table, resolved.year)
    warnings += [warning] if warning else []
    cells, table_warnings = read_tables(template, by_table, pulled_out_cells(document, original),
                                        trace.readers if trace is not None else None)
    layouts = sorted({t.layout for tables in by_table.values() for t in tables})

    return Report(
        path=path,
        sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        agency=resolved.agency, year=resolved.year, title=title, template=template.id,
        layout=layouts[0] if len(layouts) == 1 else ("mixed" if layouts else None),
        source=resolved.source,
        preamble="\n".join(original[n - 1].strip() for n in document.preamble_lines) or None,
        sections=[_section(s, original) for s in document.sections],
        cells=cells,
        warnings=resolved.warnings + warnings + table_warnings,
    )


def _title(document: Document, original: list[str]) -> str | None:
    if not document.title_lines:
        return None
    parts = [original[n - 1].strip().lstrip("#").strip() for n in document.title_lines]
    # Chinese titles carry no spaces; those found are layout ("公开      工作年度报告").
    return re.sub(r"\s+", "", "".join(parts)) or None


def _section(raw: RawSection, original: list[str]) -> Section:
    text = "\n".join(original[b.line - 1].strip() for b in raw.blocks)
    heading = original[raw.line - 1].strip().lstrip("#").strip()
    return Section(raw.number, heading, text, raw.line, raw.last_line,
                   [b.line for b in raw.blocks])


def _template(by_table, year: int | None):
    detected = detect_template(by_table)
    expected = template_for_year(year)
    if detected is None:
        chosen = expected or next(iter(load_templates().values()))
        why = (f"按年度（{year} 年）确定" if expected
               else "年度也不明：按最新一版格式处理")
        return chosen, ReportWarning(
            "template_unknown", f"表格看不出采用的是哪一版格式；{why}")
    if expected is not None and expected.id != detected.id:
        return detected, ReportWarning(
            "template_year_mismatch", f"表格采用 {detected.id} 年版格式（{detected.name}），"
            f"但 {year} 年度的报告应采用 {expected.id} 年版格式（{expected.name}）")
    return detected, None


def _check_sections(sections: list[RawSection], path: str | None,
                    original: list[str], tables: bool = False) -> list[ReportWarning]:
    """Order is an error (the text is garbled); absence is a warning (the rest is usable).
    `tables`: the form's tables were found (a spreadsheet's, without any heading)."""
    if not sections and not tables:
        raise NotAReportError(
            "未找到规定格式的任何章节标题（一、总体情况……六、其他需要报告的事项）："
            "这不是年度报告，或者其标题的措辞不在语法所认识的范围内", path=path, line=1)
    previous = None
    for s in sections:
        if previous is not None and s.number <= previous.number:
            what = "再次出现" if s.number == previous.number else "出现，顺序颠倒"
            raise ReportSyntaxError(
                f"第{SECTION_NUMERALS[s.number - 1]}部分（{s.heading}）在第"
                f"{SECTION_NUMERALS[previous.number - 1]}部分（第 {previous.line} 行）之后{what}",
                path=path, line=s.line, text=s.heading)
        previous = s
    warnings = []
    present = {s.number for s in sections}
    for number in range(1, 7):
        if number in present:
            continue
        following = next((s for s in sections if s.number > number), None)
        where = (f"第{SECTION_NUMERALS[following.number - 1]}部分（第 {following.line} 行）"
                 "之前" if following else "文件末尾")
        table = f"（表{TABLE_NAMES[number]}在这一部分）" if number in SECTION_TABLE else ""
        warnings.append(ReportWarning(
            "section_missing", f"缺少第{SECTION_NUMERALS[number - 1]}部分{table}：它应在"
            f"{where}", following.line if following else len(original)))
    if not sections:
        return warnings
    last = sections[-1]
    if last.number < 6 and (last.ends_in_table or not _ends_sentence(last, original)):
        inside = (f"在表{TABLE_NAMES[SECTION_TABLE[last.number]]}之中"
                  if last.ends_in_table and last.number in SECTION_TABLE
                  else "在一段话的中间")
        warnings.append(ReportWarning(
            "truncated", f"正文结束于第 {last.last_line} 行，{inside}，在第"
            f"{SECTION_NUMERALS[last.number]}部分之前：文件看来被截断了", last.last_line))
    return warnings


_LONE_NUMBER = re.compile(r"[.,，、\s]*\d[\d.,，、\s]*")  # a digit at least


def _stray_numbers(sections: list[RawSection], original: list[str]) -> list[ReportWarning]:
    """Lines holding nothing but numbers in a section with a table: cells that fell out of
    it (an extractor's line breaks). They are not read; the reader is told where they are."""
    out = []
    for s in sections:
        if s.number not in SECTION_TABLE:
            continue
        lines = [b.line for b in s.blocks if _LONE_NUMBER.fullmatch(original[b.line - 1])]
        if lines:
            where = (f"第 {lines[0]} 行" if len(lines) == 1
                     else f"第 {lines[0]}–{lines[-1]} 行")
            out.append(ReportWarning(
                "stray_numbers", f"第{SECTION_NUMERALS[s.number - 1]}部分：表"
                f"{TABLE_NAMES[s.number]}之外有 {len(lines)} 行只有数字（{where}）；"
                "这些数字未读取", lines[0], SECTION_TABLE[s.number]))
    return out


def _ends_sentence(section: RawSection, original: list[str]) -> bool:
    return original[section.last_line - 1].strip().endswith(_SENTENCE_END)
