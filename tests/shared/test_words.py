"""The words for codes are written once (govparse/vocab.yml): no module keeps a table of its
own from a stored code to its Chinese word, and every column the site shows in words names a
kind vocab.yml has."""

from __future__ import annotations

import ast
from pathlib import Path

from govparse.data import load
from govparse.model import BLANK, MISSING, NOT_APPLICABLE, UNREADABLE, VALUE
from govparse.words import kinds, words
from tests.conftest import ROOT

CODES = {"status": {VALUE, BLANK, NOT_APPLICABLE, UNREADABLE, MISSING},
         "severity": {"error", "warning", "info"}, "level": {"STRICT", "NEAR", "SOFT"},
         "placed": {"header", "order", "identity"}, "table": {2, 3, 4}}
SOURCES = [p for folder in ("govparse", "publish") for p in (ROOT / folder).rglob("*.py")]


def _keys(node: ast.Dict) -> set:
    return {k.value for k in node.keys if isinstance(k, ast.Constant)}


def test_no_module_but_words_maps_codes_to_words():
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Dict):
                continue
            values = [v for v in node.values if isinstance(v, ast.Constant)]
            chinese = any(isinstance(v.value, str) and not v.value.isascii() for v in values)
            for kind, codes in CODES.items():
                if chinese and len(_keys(node) & codes) >= 2:
                    found.append(f"{Path(path).relative_to(ROOT)}:{node.lineno} ({kind})")
    assert found == []
    assert len(SOURCES) > 80


def test_every_kind_has_words_and_the_site_names_only_kinds_that_exist():
    assert {"status", "severity", "outcome", "level", "placed", "layout", "table"} <= set(kinds())
    for kind in kinds():
        assert words(kind) and all(isinstance(w, str) and w for w in words(kind).values())
    site = load("govparse.publish.site", "values.yml")
    assert set(site.values()) <= set(kinds())
    # the long words are fuller forms of codes the short table has
    for kind, long in load("govparse", "vocab.yml")["long"].items():
        assert set(long) <= set(words(kind)), kind
    assert words("status", long=True)["blank"] == "空白（不是0）"
    assert words("status")["unreadable"] == "无法读取"
