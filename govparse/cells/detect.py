"""Which form (2019 or 2021) a report's tables print: the one whose distinctive labels they
print most, never the year."""

from __future__ import annotations

from functools import lru_cache

from govparse.cells.rows import table_rows
from govparse.cells.values import has_number
from govparse.document.transform import RawTable
from govparse.forms import Template, load_templates
from govparse.text.normalize import label_key


def detect_template(by_table: dict[int, list[RawTable]]) -> Template | None:
    """The form whose distinctive labels the tables print most; None if none shows."""
    printed = {label_key(c.text) for tables in by_table.values() for row in table_rows(tables)
               for c in row.cells if c.text and not has_number(c.text)}
    best, best_score = None, 0
    for template, labels in _distinctive_labels():
        score = len(printed & labels)
        if score > best_score:
            best, best_score = template, score
    return best


@lru_cache(maxsize=1)
def _distinctive_labels() -> list[tuple[Template, frozenset[str]]]:
    """Each form with the labels that no other form prints."""
    templates = list(load_templates().values())
    return [(t, frozenset(t.labels() - set().union(*(o.labels() for o in templates
                                                      if o is not t))))
            for t in templates]
