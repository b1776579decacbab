"""Variations of the real seeds made inside a test: lines replaced or dropped, the TAB
cell-per-line tables rewritten as markdown."""

from __future__ import annotations

from tests.conftest import seed_text

SEED0 = seed_text("000").split("\n")  # TAB cell-per-line; R03 (（一）予以公开) at lines 107-114


def edit(lines: list[str], replace: dict[int, str | None]) -> str:
    """Replace (or with None, delete) 1-based lines."""
    out = []
    for n, line in enumerate(lines, start=1):
        if n in replace:
            if replace[n] is not None:
                out.append(replace[n])
        else:
            out.append(line)
    return "\n".join(out)


def to_markdown(text: str, leading_bar: bool = True) -> str:
    """Rewrite the TAB cell-per-line tables as "| a | b |" rows (or "a | b |")."""
    out, row = [], []
    for line in [*text.split("\n"), ""]:
        if line.startswith("\t"):
            row.append(line[1:].strip() or " ")
            continue
        if row:
            out.append(("| " if leading_bar else "") + " | ".join(row) + " |")
            row = []
        if line:
            out.append(line)
    return "\n".join(out)
