"""The package's layout keeps the pipeline's order: imports point one way, from each stage to
the stages before it (and to the shared modules every stage may use), never back; and the
top of govparse/ holds only the public API and what every stage shares."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

# The shared modules, then the stages in the order the data flows through them (text is
# first: every stage folds labels the way text/ does; the national forms are data every
# stage reads). publish/ installs as govparse.publish.
ORDER = ["errors", "model", "data", "words", "text", "forms", "sources", "document", "cells",
         "report", "narrative", "checks", "across", "ask", "fetch", "publish"]
TOP = {"__init__", "cli"}  # the API and the command line sit above every stage


def _layer(path: Path) -> str:
    rel = path.relative_to(ROOT).parts
    return "publish" if rel[0] == "publish" else rel[1].removesuffix(".py")


def _imports(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
        elif isinstance(node, ast.Import):
            out += [a.name for a in node.names]
    return [m.split(".")[1] for m in out if m.startswith("govparse.")]


def test_every_import_points_to_an_earlier_stage_or_a_shared_module():
    files = [*(ROOT / "govparse").rglob("*.py"), *(ROOT / "publish").rglob("*.py")]
    backwards = []
    for path in files:
        source = _layer(path)
        if source in TOP:
            continue
        assert source in ORDER, f"{path}: a stage the order does not know"
        for target in _imports(path):
            if target != source and ORDER.index(target) > ORDER.index(source):
                backwards.append(f"{path.relative_to(ROOT)} imports govparse.{target}")
    assert backwards == []
    assert len(files) > 90


def test_the_top_of_the_package_holds_at_most_eight_modules():
    modules = sorted(p.stem for p in (ROOT / "govparse").glob("*.py"))
    assert len(modules) <= 8, modules
    folders = {p.name for p in (ROOT / "govparse").iterdir() if (p / "__init__.py").exists()}
    # every stage folder is in the order (publish/ lives at the top of the repository)
    assert folders == set(ORDER) - set(modules) - {"publish"}
