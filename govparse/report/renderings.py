"""Several renderings of one report: one report for its agency and year.

An agency publishes one report a year, but it reaches us as the saved page and a crawler's
text dump of it, or as a PDF and its Word file. Read separately, each rendering proves
different cells: a dump cannot split table 二's runs (`693665`) that the page prints in
separate cells. Kept as one report, the rendering that reads most cells is the report; a
cell it left unread is taken from another rendering that read it (saying from which file
and where); where two renderings read different values, the report's own value stays and
the disagreement is a warning on the report, never silently settled.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from govparse.model import VALUE, Cell, Report, ReportWarning
from govparse.words import TABLE_NAMES, quoted

# Which rendering is the report when two read as many cells: the ones with a cell grid first.
# A scan's text is recognized, not printed: last.
_FORMAT_RANK = {"html": 3, "mhtml": 3, "docx": 3, "doc": 3, "wps": 3, "rtf": 3, "odt": 3,
                "xls": 3, "xlsx": 3, "et": 3, "ods": 3, "pdf": 2, "ofd": 2, "text": 1,
                "scan": 0, "image": 0}


@dataclass
class Merged:
    report: Report  # the report, with the cells taken from the other renderings
    others: list[Report]  # the other renderings
    taken: dict[str, int]  # sha256 of a rendering -> cells taken from it
    disagreements: dict[str, int]  # sha256 of a rendering -> cells where it disagrees


def groups(reports: list[Report]) -> list[list[Report]]:
    """Reports of the same agency and year (both known), when there are several."""
    by_key: dict[tuple[str, int], list[Report]] = defaultdict(list)
    for report in reports:
        if report.agency and report.year:
            by_key[(report.agency, report.year)].append(report)
    return [sorted(g, key=lambda r: r.path or "") for g in by_key.values() if len(g) > 1]


def _printed(report: Report) -> int:
    return sum(c.status == VALUE for c in report.cells)


def merge(renderings: list[Report]) -> Merged:
    primary = max(renderings, key=lambda r: (_printed(r), _FORMAT_RANK.get(r.format, 0),
                                             -len(r.warnings)))
    others = [r for r in renderings if r is not primary]
    cells_of = [(o, {c.key: c for c in o.cells}) for o in others]
    taken = dict.fromkeys((o.sha256 for o in others), 0)
    disagree = dict.fromkeys((o.sha256 for o in others), 0)
    warnings: list[ReportWarning] = []
    cells: list[Cell] = []
    for cell in primary.cells:
        read = [(o, c[cell.key]) for o, c in cells_of
                if cell.key in c and c[cell.key].status == VALUE]
        if cell.status == VALUE:
            for other, theirs in read:
                if theirs.value != cell.value:
                    disagree[other.sha256] += 1
                    warnings.append(ReportWarning(
                        "rendering_disagrees", f"{_cell(cell)}：本报告为 {cell.value}，"
                        f"{_name(other)}（{_where(theirs)}）为 {theirs.value}；保留本报告的数值",
                        cell.line, cell.table, cell.key))
        elif read and len({theirs.value for _, theirs in read}) == 1:
            other, theirs = read[0]
            taken[other.sha256] += 1
            cell = replace(theirs, origin=f"{_name(other)} {_where(theirs)}",
                           placed="rendering", candidates=None)
            warnings.append(ReportWarning(
                "cell_from_rendering", f"{_cell(cell)}：本报告未读出；{_name(other)}"
                f"（{_where(theirs)}）读出 {cell.value}", None, cell.table, cell.key))
        cells.append(cell)
    report = replace(primary, cells=cells, warnings=primary.warnings + warnings)
    return Merged(report, others, taken, disagree)


def _cell(cell: Cell) -> str:
    name = f"{cell.row} / {cell.col}" if cell.row else cell.col
    return f"表{TABLE_NAMES.get(cell.table, cell.table)}{quoted(name)}一格"


def _name(report: Report) -> str:
    return Path(report.path).name if report.path else report.sha256[:12]


def _where(cell: Cell) -> str:
    return cell.origin or f"第{cell.line}行"
