"""The templates of publish/site/templates that take the place of Datasette's own: each says on
its first line which Datasette it came from, and a copy keeps every block and include of the
original, so that upgrading Datasette fails here until its changes are merged."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import datasette
import pytest
from datasette.version import __version__ as DATASETTE_VERSION

OURS = Path(str(resources.files("govparse.publish.site").joinpath("templates")))
UPSTREAM = Path(datasette.__file__).parent / "templates"
# The first line: "-#}" so that the comment adds no line break to the page (Jinja prints
# whatever comes before {% extends %}).
COPIED = re.compile(r"\{# Copied from Datasette (?P<version>\S+) datasette/templates/"
                    r"(?P<name>\S+), translated into Chinese; merge upstream changes when "
                    r"Datasette is upgraded\. -#\}")
# index.html is the site's own home page, written in place of Datasette's list of databases.
REPLACED = re.compile(r"\{# Replaces Datasette (?P<version>\S+) datasette/templates/"
                      r"(?P<name>\S+) with the site's own home page \(not a copy\); check "
                      r"upstream changes when Datasette is upgraded\. -#\}")
NOT_COPIES = {"index.html"}
BLOCK = re.compile(r"\{%-?\s*block\s+(\w+)")
# {% include "_table.html" %} and {% include custom_table_templates %}: the name or variable
INCLUDE = re.compile(r"\{%-?\s*(include|import|from|extends)\s+[\"']?([\w.]+)")

SHARED = sorted(p.name for p in OURS.glob("*.html") if (UPSTREAM / p.name).is_file())


def test_the_copies_are_found():
    assert set(SHARED) >= {"base.html", "database.html", "error.html", "index.html",
                           "query.html", "row.html", "table.html", "_crumbs.html",
                           "_description_source_license.html", "_facet_results.html",
                           "_footer.html", "_suggested_facets.html", "_table.html"}


@pytest.mark.parametrize("name", SHARED)
def test_each_names_the_datasette_it_came_from(name):
    first = (OURS / name).read_text("utf-8").split("\n", 1)[0]
    pattern = REPLACED if name in NOT_COPIES else COPIED
    found = pattern.fullmatch(first)
    assert found, f"{name}: first line is {first!r}"
    assert found["name"] == name
    # A newer Datasette: merge its changes to this template, then change the version here.
    assert found["version"] == DATASETTE_VERSION, (name, found["version"], DATASETTE_VERSION)


def _structure(text: str) -> tuple[set[str], set[tuple[str, str]]]:
    return set(BLOCK.findall(text)), set(INCLUDE.findall(text))


@pytest.mark.parametrize("name", [n for n in SHARED if n not in NOT_COPIES])
def test_each_copy_keeps_the_blocks_and_includes_of_the_original(name):
    blocks, includes = _structure((UPSTREAM / name).read_text("utf-8"))
    our_blocks, our_includes = _structure((OURS / name).read_text("utf-8"))
    assert blocks <= our_blocks, (name, blocks - our_blocks)
    assert includes <= our_includes, (name, includes - our_includes)


def test_the_structure_check_sees_blocks_and_includes():
    blocks, includes = _structure((UPSTREAM / "table.html").read_text("utf-8"))
    assert {"title", "extra_head", "content"} <= blocks
    assert ("extends", "base.html") in includes
    assert ("include", "_facet_results.html") in includes
    assert ("include", "custom_table_templates") in includes
