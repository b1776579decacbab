"""What a table's header proves about its columns: the form's columns in order ("header"),
only the form's order ("order"), or a contradiction of the form (nothing is placed)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from govparse.forms import Column
from govparse.text.normalize import label_key
from govparse.words import listing, quoted_list

# How a header's problem is worded (Header.problem) when the header is only partial: the
# form's order may still place its numbers.
NO_COLUMN = "缺少"


UNKNOWN_LABELS = "含规定表格中没有的标签"


@dataclass(frozen=True)
class Header:
    """What a table's header says about its columns."""

    how: str | None  # "header": it names the form's columns in order; "order": it is
    # silent, garbled or partial, so the form's order is all there is; None: it contradicts
    # the form (another order, a column the form does not have), so nothing is placed.
    problem: str | None = None


def header_verdict(columns: list[Column], known: list[str], header_labels: list[str],
                   extra: list[str]) -> Header:
    return _verdict(tuple(columns), tuple(known), tuple(header_labels), tuple(extra))


@lru_cache(maxsize=1024)  # the same headers come back in report after report
def _verdict(columns: tuple[Column, ...], known: tuple[str, ...], header_labels: tuple[str, ...],
             extra: tuple[str, ...]) -> Header:
    problems = header_problems(list(columns), list(known), list(header_labels))
    if not problems:
        return Header("header")
    keys = [label_key(h) for h in header_labels]
    extra_keys = {label_key(x) for x in extra}
    added = [h for h, k in zip(header_labels, keys, strict=True) if k in extra_keys]
    if added:
        return Header(None, f"有规定表格所没有的列{quoted_list(added)}")
    col_keys = {label_key(c.label) for c in columns}
    order = [k for k in keys if k in col_keys]
    flat = [label_key(c.label) for c in columns]
    two_rows = ([label_key(c.label) for c in columns if not c.group]
                + [label_key(c.label) for c in columns if c.group])
    if not (_subsequence(order, flat) or _subsequence(order, two_rows)):
        return Header(None, f"各列顺序（{listing(order)}）与规定表格不同")
    return Header("order", problems[0])


def run_together_header(text: str, columns: list[Column], known: list[str]) -> list[str]:
    """A header whose cells ran together ("行政复议行政诉讼结果维持结果纠正…") cut back into
    the form's labels, longest first, each given as the form spells it; [] when any of it
    is not a label of the form (then the header proves nothing). A note in brackets that
    is no label (the 勾稽关系 note) is passed over."""
    text = label_key(text)
    words: dict[str, str] = {}
    for c in columns:
        for spelling in (c.label, *c.aliases):
            words.setdefault(label_key(spelling), c.label)
        if c.group:
            words.setdefault(label_key(c.group.split("/")[-1]), c.group.split("/")[-1])
    for k in known:
        words.setdefault(label_key(k), k)
    ordered = sorted(words, key=len, reverse=True)
    out: list[str] = []
    at = 0
    while at < len(text):
        word = next((w for w in ordered if text.startswith(w, at)), None)
        if word is not None:
            out.append(words[word])
            at += len(word)
        elif text[at] == "(" and ")" in text[at:]:
            at = text.index(")", at) + 1
        else:
            return []
    return out


def _subsequence(items: list[str], of: list[str]) -> bool:
    it = iter(of)
    return all(x in it for x in items)


def header_problems(columns: list[Column], known: list[str],
                    header_labels: list[str]) -> list[str]:
    """What keeps the header from proving the form's column order; [] when it does.

    Column labels must appear in the form's order, either flat or in the official
    two-row layout (ungrouped columns such as 总计 in the first row, then the grouped
    ones); a label the form does not print (an added 小计) makes the order unknown.
    """
    missing = _missing_columns(columns, header_labels)
    if missing:
        return [f"{NO_COLUMN}{quoted_list(missing)}列"]
    col_keys = {label_key(c.label) for c in columns}
    other = [label_key(k) for k in known] + [label_key(c.group.split("/")[-1])
                                             for c in columns if c.group]
    unknown = [h for h in header_labels if label_key(h) not in col_keys
               and not any(label_key(h).lstrip("(").startswith(o) for o in other)]
    if unknown:
        return [f"{UNKNOWN_LABELS}{quoted_list(unknown)}"]
    order = [label_key(h) for h in header_labels if label_key(h) in col_keys]
    flat = [label_key(c.label) for c in columns]
    two_rows = ([label_key(c.label) for c in columns if not c.group]
                + [label_key(c.label) for c in columns if c.group])
    if order not in (flat, two_rows):
        return [f"各列顺序（{listing(order)}）与规定表格不同"]
    return []


def _missing_columns(columns: list[Column], header_labels: list[str]) -> list[str]:
    """Form columns whose label the header never prints (each label counted per use)."""
    seen = Counter(label_key(h) for h in header_labels)
    need = Counter(label_key(c.label) for c in columns)
    missing = []
    for col in columns:
        key = label_key(col.label)
        if seen[key] < need[key] and col.label not in missing:
            missing.append(col.label)
    return missing
