"""pdf_grid finds pdfplumber's very cells, on any grid of ruling lines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.table import edges_to_intersections, intersections_to_cells

from govparse.sources import pdf_grid


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"orientation": orientation, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "width": x1 - x0, "height": bottom - top, "object_type": "line"}


# rules on a coarse lattice, so that they meet, cross and stop short of each other
_COORD = st.integers(0, 8).map(lambda k: k * 10.0)
_SPAN = st.tuples(_COORD, _COORD, _COORD).map(lambda t: (t[0], *sorted(t[1:])))


@st.composite
def _grids(draw) -> list[dict]:
    edges = [_edge("h", a, at, b, at) for at, a, b in draw(st.lists(_SPAN, max_size=12))
             if a < b]
    edges += [_edge("v", at, a, at, b) for at, a, b in draw(st.lists(_SPAN, max_size=12))
              if a < b]
    return edges


@settings(max_examples=300, deadline=None)
@given(_grids())
def test_the_same_cells_as_pdfplumber(edges):
    intersections = edges_to_intersections(edges, 3, 3)
    assert pdf_grid.cells(intersections) == intersections_to_cells(intersections)


def test_a_two_by_two_grid():
    edges = [_edge("h", 0, y, 20, y) for y in (0, 10, 20)]
    edges += [_edge("v", x, 0, x, 20) for x in (0, 10, 20)]
    cells = pdf_grid.cells(edges_to_intersections(edges, 3, 3))
    assert cells == [(0, 0, 10, 10), (0, 10, 10, 20), (10, 0, 20, 10), (10, 10, 20, 20)]
