"""What every benchmark prints: a dated heading with the machine, then its figures, optionally
appended to bench/RESULTS.md."""

from __future__ import annotations

import datetime
import os
import platform
from pathlib import Path


def heading(title: str) -> str:
    return (f"## {title}, {datetime.date.today()} ({platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()})")


def emit(title: str, figures: list[str], write: Path | None) -> None:
    lines = [heading(title), "", *figures, ""]
    print("\n".join(lines))
    if write:
        with open(write, "a", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
