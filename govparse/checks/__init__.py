"""Consistency checks (format-spec §5): every rule's outcome, and findings with evidence.

    result = check_report(report)          # the rules of one report
    results = check_reports([r2024, r2025]) # the same, plus year-over-year rules

Only failures, not-assessable results and inferred values are findings; `outcomes` holds
every rule's overall result (pass / fail / not_assessable / not_applicable).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

# Importing the rule modules registers their functions.
from govparse.checks import (  # noqa: F401
    cross_year,
    narrative,
    report_rules,
    table2,
    table3,
    table4,
)
from govparse.checks.registry import (
    FAIL,
    FUNCTIONS,
    NOT_APPLICABLE,
    NOT_ASSESSABLE,
    PASS,
    STRUCTURE_CAUSES,
    CellRef,
    Context,
    Finding,
    ReportIndex,
    Rule,
    collapse_broken,
    rules,
)
from govparse.model import Report

__all__ = ["CellRef", "CheckResult", "Finding", "Rule", "check_report", "check_reports",
           "rules"]


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    outcomes: dict[str, str] = field(default_factory=dict)

    @property
    def strict_failures(self) -> list[Finding]:
        """The agency's own numbers or text breaking a STRICT rule: never a table or heading
        we could not read (those are structure_findings)."""
        return [f for f in self.findings if f.outcome == FAIL and f.level == "STRICT"
                and f.cause not in STRUCTURE_CAUSES]

    @property
    def structure_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.cause in STRUCTURE_CAUSES]


def _overall(outcomes: list[str]) -> str:
    if FAIL in outcomes:
        return FAIL
    if NOT_ASSESSABLE in outcomes or "inferred" in outcomes:
        return NOT_ASSESSABLE
    return PASS if outcomes else NOT_ASSESSABLE


def check_report(report: Report) -> CheckResult:
    result = CheckResult()
    index = ReportIndex.of(report)
    for rule in rules().values():
        if rule.scope != "report":
            continue
        if not rule.applies_to(report.template):
            result.outcomes[rule.id] = NOT_APPLICABLE
            continue
        ctx = Context(report, rule, index)
        FUNCTIONS[rule.id](ctx)
        result.outcomes[rule.id] = _overall(ctx.outcomes)
        result.findings += collapse_broken(ctx.findings)
    return result


def check_reports(reports: list[Report], results: dict[str, CheckResult] | None = None
                  ) -> dict[str, CheckResult]:
    """Check each report, then each agency's consecutive years (and each report against
    the agency's nearest earlier one, for the `nearest` rules). Keyed by report sha256.

    `results` holds reports already checked one by one (a parallel build does that in its
    workers); only the year-over-year rules are then added to them.
    """
    results = dict(results or {})
    for r in reports:
        if r.sha256 not in results:
            results[r.sha256] = check_report(r)
    by_agency: dict[str, dict[int, Report]] = defaultdict(dict)
    for r in reports:
        if r.agency and r.year:
            by_agency[r.agency][r.year] = r
    for years in by_agency.values():
        earlier: Report | None = None
        for year, report in sorted(years.items()):
            nearest, earlier = earlier, report
            if nearest is None:
                continue
            result = results[report.sha256]
            for rule in rules().values():
                if rule.scope not in ("corpus", "nearest"):
                    continue
                # corpus rules hold between consecutive years only
                previous = nearest if rule.scope == "nearest" else years.get(year - 1)
                if previous is None:
                    continue
                if not (rule.applies_to(report.template) and rule.applies_to(previous.template)):
                    result.outcomes[rule.id] = NOT_APPLICABLE
                    continue
                ctx = cross_year.YearPair(report, previous, rule)
                FUNCTIONS[rule.id](ctx)
                result.outcomes[rule.id] = _overall(ctx.outcomes)
                result.findings += ctx.findings
    return results
