"""A page's tables found by pdfplumber's TableFinder, its cells found with an index.

pdfplumber's `intersections_to_cells` scans every later intersection of the page for each
intersection (the points below and to the right of it) and rebuilds the edge sets of both
points at every comparison: a quarter of a PDF's time once pdfium reads the page. The same
search, with the points indexed by column and by row and each point's edges made a set
once, gives the same cells in the same order (tests/sources/test_sources_pdf_grid.py compares them
on random grids); edges, intersections and the grouping into tables stay pdfplumber's.
"""

from __future__ import annotations

from collections import defaultdict


def find_tables(page, settings: dict) -> list:
    """What `page.find_tables(settings)` returns."""
    from pdfplumber.table import (
        Table,
        TableFinder,
        TableSettings,
        cells_to_tables,
        edges_to_intersections,
    )

    finder = TableFinder.__new__(TableFinder)  # its __init__ would search the cells itself
    finder.page, finder.settings = page, TableSettings.resolve(settings)
    finder.edges = finder.get_edges()
    finder.intersections = edges_to_intersections(
        finder.edges, finder.settings.intersection_x_tolerance,
        finder.settings.intersection_y_tolerance)
    finder.cells = cells(finder.intersections)
    return [Table(page, group) for group in cells_to_tables(finder.cells)]


Point = tuple[float, float]
Box = tuple[float, float, float, float]


def cells(intersections: dict[Point, dict]) -> list[Box]:
    """pdfplumber's `intersections_to_cells`: for each intersection in sorted order, the
    smallest rectangle whose four corners are intersections joined by common edges."""
    from pdfplumber.utils.geometry import bbox_getter  # what obj_to_bbox calls

    vertical = {p: set(map(bbox_getter, e["v"])) for p, e in intersections.items()}
    horizontal = {p: set(map(bbox_getter, e["h"])) for p, e in intersections.items()}
    points = sorted(intersections)
    column: dict[float, list[Point]] = defaultdict(list)  # each in ascending top
    row: dict[float, list[Point]] = defaultdict(list)  # each in ascending x
    for p in points:
        column[p[0]].append(p)
        row[p[1]].append(p)
    found = []
    for pt in points:
        below = [q for q in column[pt[0]] if q[1] > pt[1]]
        right = [q for q in row[pt[1]] if q[0] > pt[0]]
        cell = _smallest(pt, below, right, vertical, horizontal)
        if cell:
            found.append(cell)
    return found


def _smallest(pt: Point, below: list[Point], right: list[Point], vertical: dict,
              horizontal: dict) -> Box | None:
    for down in below:
        if vertical[pt].isdisjoint(vertical[down]):
            continue
        for across in right:
            if horizontal[pt].isdisjoint(horizontal[across]):
                continue
            corner = (across[0], down[1])
            if corner in vertical and not vertical[corner].isdisjoint(vertical[across]) \
                    and not horizontal[corner].isdisjoint(horizontal[down]):
                return (pt[0], pt[1], corner[0], corner[1])
    return None
