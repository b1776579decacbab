from __future__ import annotations

import pytest

from govparse.cells.values import has_number, is_value_text, read_value


@pytest.mark.parametrize("raw, unit, expected", [
    ("12", "件", (12, "件", "value")),
    ("０", "件", (0, "件", "value")),
    ("1779.2656", "万元", (1779.2656, "万元", "value")),
    ("增16", "项", (16, "项", "value")),
    ("+1036", "项", (1036, "项", "value")),
    ("减3", "项", (-3, "项", "value")),
    ("71万元", None, (71, "万元", "value")),
    ("251000元", None, (251000, "元", "value")),
    ("5件", "件", (5, "件", "value")),
    ("1,234", "件", (1234, "件", "value")),
    ("", "件", (None, "件", "blank")),
    ("  ", "件", (None, "件", "blank")),
    ("/", "件", (None, "件", "not_applicable")),
    ("—", "件", (None, "件", "not_applicable")),
    ("-", "件", (None, "件", "not_applicable")),
    ("约5", "件", (None, "件", "unreadable")),
    ("5?", "件", (None, "件", "unreadable")),
])
def test_read_value(raw, unit, expected):
    read = read_value(raw, unit)
    assert (read.value, read.unit, read.status) == expected


def test_blank_is_not_zero_is_not_not_applicable():
    statuses = {read_value(x, "件").status for x in ("", "0", "/")}
    assert statuses == {"blank", "value", "not_applicable"}


def test_value_texts():
    assert is_value_text("") and is_value_text("12") and is_value_text("/")
    assert not is_value_text("规章") and not is_value_text("1.属于国家秘密")
    assert has_number("增16") and not has_number("") and not has_number("/")
