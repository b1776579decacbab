from __future__ import annotations

from govparse import parse_text
from govparse.report.rates import compute_rates


def rates(report):
    return {r.id: r for r in compute_rates(report)}


def test_rates_of_seed_001(reports):
    r = rates(reports["001"])
    assert (r["disclosure_rate"].numerator, r["disclosure_rate"].denominator) == (87, 173)
    assert r["disclosure_rate"].value == 0.5029
    assert r["completion_rate"].value == round(173 / 182, 4)
    # 复议纠错率 = corrected / (total − pending) = 19 / (77 − 17)
    assert (r["review_correction_rate"].numerator,
            r["review_correction_rate"].denominator) == (19, 60)
    assert r["review_correction_rate"].small_number is False


def test_zero_denominator_is_null_not_zero(reports):
    r = rates(reports["002"])  # no applications at all
    assert r["disclosure_rate"].value is None
    assert r["disclosure_rate"].reason == "分母为0"


def test_small_numbers_are_flagged(reports):
    r = rates(reports["000"])  # 4 applications
    assert r["disclosure_rate"].value == 0.5 and r["disclosure_rate"].small_number is True


def test_unreadable_operands_give_null(reports):
    from tests.helpers.edits import SEED0, edit

    report = parse_text(edit(SEED0, {114: "\t约1"}))  # R03.C7 (予以公开, 总计)
    r = rates(report)
    assert r["disclosure_rate"].value is None
    assert r["disclosure_rate"].reason.endswith("：（一）予以公开/总计")
    assert r["review_correction_rate"].value == rates(reports["000"])[
        "review_correction_rate"].value  # table 四 is readable


def test_rates_carry_the_source_lines_of_their_cells(reports):
    rate = next(r for r in compute_rates(reports["001"]) if r.id == "review_correction_rate")
    cells = {c.key: c for c in reports["001"].cells}
    assert rate.lines == sorted({cells[f"t4.review.{p}"].line
                                 for p in ("corrected", "total", "pending")})
