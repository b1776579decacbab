"""Errors raised when a file cannot be read as a report at all.

Anything less than that (a missing section, an unreadable row) is a Warning on the Report,
not an exception: a report with a broken table still carries its other tables.
"""

from __future__ import annotations


class ReportError(Exception):
    """A file that cannot be turned into a report. Carries where and why."""

    code = "unreadable"

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.path, self.line, self.column) if p is not None)
        return f"{where}: {self.message}" if where else self.message


class ReportSyntaxError(ReportError):
    """The text does not follow grammar/report.lark."""

    code = "syntax"

    def __init__(self, message: str, *, text: str = "", expected: list[str] | None = None,
                 **where: object) -> None:
        super().__init__(message, **where)  # type: ignore[arg-type]
        self.text = text
        self.expected = expected or []


class NotAReportError(ReportError):
    """Readable text, but none of the six section headings of the form."""

    code = "not_a_report"


class UnknownLayoutError(ReportError):
    """A table laid out in a way the grammar cannot read with certainty."""

    code = "unknown_layout"
