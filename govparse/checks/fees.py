"""What section 六 says about 信息处理费 (the fee for handling applications, 国办函〔2020〕109号).

Not to be confused with 行政事业性收费 in table 二 (X-FEE1: never reconcile the two).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govparse.model import Report

_FEE = r"(?:信息)?(?:公开)?(?:信息)?处理费"
_NONE = re.compile(rf"(?:未|没有|无|不|均未)(?:收取|产生|发生|收缴|征收)[^。,，;；]{{0,12}}?{_FEE}"
                   rf"|{_FEE}[^。;；\d]{{0,8}}?(?:为|共|计)?\s*(?:0|零)\s*元?(?![\d.])")
_AMOUNT = re.compile(rf"(?:收取|收缴|征收)[^。;；]{{0,12}}?{_FEE}[^。;；\d]{{0,10}}?"
                     rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>万元|元)")


@dataclass(frozen=True)
class FeeStatement:
    collected: bool | None  # True: an amount > 0; False: none collected; None: not stated
    amount: float | None
    unit: str | None
    text: str
    line: int | None


def fee_statement(report: Report) -> FeeStatement:
    six = report.section(6)
    if six is None:
        return FeeStatement(None, None, None, "", None)
    m = _AMOUNT.search(six.text)
    amount = float(m["num"].replace(",", "")) if m is not None else 0.0
    if m is not None and amount > 0:
        return FeeStatement(True, amount, m["unit"], m.group(0), six.line_of(m.start()))
    m = _NONE.search(six.text) or m  # an amount of 0 is "none collected" too
    if m is not None:
        return FeeStatement(False, 0.0, None, m.group(0), six.line_of(m.start()))
    return FeeStatement(None, None, None, "", None)
