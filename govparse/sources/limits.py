"""What one file may cost a build: the figures in limits.yml, read once.

    from govparse.sources.limits import LIMITS
    if pages > LIMITS.pdf_pages: raise LimitError(...)

A maintainer changes a figure in limits.yml; a build can override them (`build(limits=…)`)
and the workers take the build's figures (`use`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from govparse.data import load_settings
from govparse.errors import ReportError


@dataclass(frozen=True)
class Limits:
    file_bytes: int
    text_chars: int
    unzipped_bytes: int
    pdf_pages: int
    table_cells: int
    figures: int
    image_pixels: int
    seconds: float
    memory_bytes: int

    def but(self, **changes: float) -> Limits:
        return replace(self, **changes)


class LimitError(ReportError):
    """A file that would cost more than limits.yml allows: refused with the limit it hit."""

    code = "limit"


class FileTimeout(BaseException):
    """One file took longer than limits.yml allows. Not an Exception, so that no library's
    `except Exception` (pdfplumber wraps every error of pdfminer's) can swallow it."""

    code = "timeout"


LIMITS = load_settings(__package__, "limits.yml", Limits)


def current() -> Limits:
    """The limits in force in this process (the build's, in a worker)."""
    return _current[0]


def use(limits: Limits) -> None:
    _current[0] = limits


_current = [LIMITS]
