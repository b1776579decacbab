"""Derived rates (format-spec §6) computed from a report's printed cells; see rates.yml."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from govparse.data import load
from govparse.model import VALUE, Report


@dataclass
class Rate:
    id: str
    name: str
    value: float | None
    numerator: int | float | None
    denominator: int | float | None
    small_number: bool  # denominator below the threshold: do not rank on it
    reason: str | None  # why value is None
    lines: list[int] = field(default_factory=list)  # source lines of its operand cells


@lru_cache(maxsize=1)
def definitions() -> dict:
    return load(__package__, "rates.yml")


def compute_rates(report: Report) -> list[Rate]:
    cells = {c.key: c for c in report.cells}
    threshold = definitions()["small_number"]
    out = []
    for d in definitions()["rates"]:
        keys = d["numerator"] + d["denominator"] + d.get("denominator_minus", [])
        lines = sorted({cells[k].line for k in keys if k in cells and cells[k].line})
        unreadable = [k for k in keys if k not in cells or cells[k].status != VALUE]
        if unreadable:
            which = "、".join(f"{cells[k].row}/{cells[k].col}" if k in cells else k
                              for k in unreadable)
            out.append(Rate(d["id"], d["zh"], None, None, None, False,
                            f"分子或分母中这些格不是印出的数字（空白、不适用、无法读取或缺失）："
                            f"{which}", lines))
            continue
        num = sum(cells[k].value for k in d["numerator"])
        den = (sum(cells[k].value for k in d["denominator"])
               - sum(cells[k].value for k in d.get("denominator_minus", [])))
        if den == 0:
            out.append(Rate(d["id"], d["zh"], None, num, den, True, "分母为0", lines))
            continue
        out.append(Rate(d["id"], d["zh"], round(num / den, 4), num, den, den < threshold, None,
                        lines))
    return out
