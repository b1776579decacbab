"""Property: whatever is done to a real report (lines dropped, duplicated, swapped, random
characters injected, the text cut short), the parser returns a Report or raises a
structured ReportError naming the place, never anything else, and within a time bound."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govparse.checks import check_report
from govparse.errors import ReportError
from govparse.model import Report
from govparse.report.parse import parse_text
from tests.conftest import CORPUS, SEEDS

TEXTS = [(CORPUS / name).read_text("utf-8") for name in SEEDS]
# What breaks layouts: separators, brackets, digits, Chinese numerals, width variants.
_CHARS = [*"\t|｜ 　\n-—（）()【】0123456789", *"一二三四五六七八九十、.．。，：:%％",
          *"万亿件条元总计合计其中", "\u00a0", "\ufeff"]
NOISE = st.text(alphabet=st.sampled_from(_CHARS), min_size=1, max_size=12) | \
    st.text(min_size=1, max_size=6)


@st.composite
def mutated(draw) -> str:
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "duplicate", "swap", "inject", "truncate"]))
        if op == "drop":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "inject":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(NOISE) + lines[i][at:]
        else:
            text = "\n".join(lines)
            lines = text[: draw(st.integers(0, len(text)))].split("\n")
    return "\n".join(lines)


@settings(max_examples=120, deadline=timedelta(seconds=3),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_a_mutated_report_is_a_report_or_a_structured_error(text):
    try:
        report = parse_text(text, path="mutated.txt")
    except ReportError as exc:
        assert exc.path == "mutated.txt" and exc.message and exc.code
        return
    assert isinstance(report, Report)
    check_report(report)  # the checks take whatever the parser gives them
