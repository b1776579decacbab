"""The words for codes are written once (govparse/vocab.yml): no module keeps a table of its
own from a stored code to its Chinese word, and every column the site shows in words names a
kind vocab.yml has."""

from __future__ import annotations

import ast
from pathlib import Path

from govparse import model
from govparse.data import load
from govparse.words import kinds, words
from tests.conftest import ROOT

# Every kind of code vocab.yml words, with its codes (a kind of two codes or fewer is too
# small to tell a table of words from a coincidence).
CODES = {kind: set(words(kind)) for kind in kinds() if len(words(kind)) > 2}
# The model's names for the statuses, as a dict might key them ({BLANK: …}).
NAMES = {name: getattr(model, name) for name in ("VALUE", "BLANK", "NOT_APPLICABLE",
                                                 "UNREADABLE", "MISSING", "INFERRED")}
SOURCES = [p for folder in ("govparse", "publish") for p in (ROOT / folder).rglob("*.py")]


def _keys(node: ast.Dict) -> set:
    return {k.value if isinstance(k, ast.Constant) else NAMES.get(k.id) for k in node.keys
            if isinstance(k, ast.Constant) or (isinstance(k, ast.Name) and k.id in NAMES)}


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


def test_the_site_metadata_lists_each_columns_codes_in_the_words_of_vocab():
    from govparse.publish.serve import metadata

    text = str(metadata())
    assert "{codes}" not in text and "无法识别" not in text
    status = metadata()["databases"]["reports"]["tables"]["cells"]["columns"]["status"]
    assert "unreadable 无法读取" in status and "missing 缺失" in status
    layout = metadata()["databases"]["reports"]["tables"]["reports"]["columns"]["layout"]
    assert all(code in layout for code in words("layout"))
