"""The form's identities (forms/t20xx.yml) over the cells a table prints, as sums of cell
keys: what placement solves with, and what the rules check."""

from __future__ import annotations

from govparse.cells.placement import Identity
from govparse.forms import Template


def form_identities(template: Template, table: int, printed: set[str]) -> list[Identity]:
    """The form's identities over the cells this table prints (forms/t20xx.yml)."""
    spec = template.identities
    out: list[Identity] = []
    if table == 3:
        collapsed = {r.id: r.parts for r in template.t3_collapsed if r.id in printed}
        standing = {p: r for r, parts in collapsed.items() for p in parts}

        def rows_of(ids: list[str]) -> list[str]:
            return list(dict.fromkeys(standing.get(i, i) for i in ids
                                      if standing.get(i, i) in printed))

        each = spec.get("table3_each_row")
        if each:
            for r in sorted(printed):
                out.append(Identity(tuple(f"t3.{r}.{c}" for c in each["parts"]),
                                    tuple(f"t3.{r}.{c}" for c in each["total"])))
        form_rows = {r.id for r in template.t3_rows}
        for ident in spec.get("table3_each_column", []):
            needed = [r for r in (*ident["parts"], *ident["total"]) if r in form_rows]
            if any(standing.get(r, r) not in printed for r in needed):
                continue  # a row of the sum is not printed: the identity says nothing
            parts, total = rows_of(ident["parts"]), rows_of(ident["total"])
            for col in template.t3_columns:
                out.append(Identity(tuple(f"t3.{r}.{col.id}" for r in parts),
                                    tuple(f"t3.{r}.{col.id}" for r in total)))
    elif table == 4:
        for ident in spec.get("table4", []):
            out.append(Identity(tuple(f"t4.{k}" for k in ident["parts"]),
                                tuple(f"t4.{k}" for k in ident["total"])))
    return out
