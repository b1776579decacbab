"""A synthetic corpus of annual reports at any size, reproducible from a seed.

    python bench/generate.py 10000 --out /tmp/corpus --seed 1 [--error-rate 0.05]
    python bench/generate.py 2000 --out /tmp/degraded --degraded


Each report is one of the real seeds with new content: an agency over real region names
(govparse/report/regions/divisions.csv) and a year, internally consistent tables 二 三 四, the
prose's application, review and document counts matching them, and a paragraph assembled
from sentence patterns with varied figures. Layouts: the TAB layout of the seeds rendered also as
TSV and markdown, and seed 004's pipe layout; both forms (2019 and 2021). A controlled share
of reports gets one injected error, listed in generated.csv with the rule that should catch
it.

`--degraded` renders the same reports in the layouts real reports arrive in (see
../shared/real, corpus/): an archiver's text dump with every cell run together
(`run-together`), markdown split into one table per row group under placeholder headers
with label-less rows and page footers inside (`split-markdown`), TSV rows that lost their
last cells (`lost-cells`), and TSV as an HTML table with colspan="2" on the 商业企业 cells
comes out of the HTML adapter (`colspan`), and the TAB layout without its TABs, each cell
on a line of its own (`cells-per-line`). The true value of every cell goes to
NAME.cells.json beside the folder, so that the share of cells read and the share read
wrong can be measured (bench/degraded_accuracy.py).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from govparse.checks.narrative import text_cells
from govparse.document.parser import parse_document
from govparse.forms import load_templates
from govparse.narrative import metrics_of
from govparse.report.parse import parse_text
from govparse.text.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
# seed, the layouts it can be rendered in
BASES = {"000": ("tab", "tsv", "markdown"), "001": ("tab", "tsv", "markdown"),
         "002": ("tab",), "004": ("pipe",)}
DEPARTMENTS = ["人民政府", "人力资源和社会保障局", "发展和改革局", "教育局", "财政局", "民政局",
               "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "卫生健康局",
               "市场监督管理局", "应急管理局", "医疗保障局"]
PROVINCE_DEPARTMENTS = ["人民政府", "人力资源和社会保障厅", "发展和改革委员会", "教育厅", "财政厅"]
ERRORS = {"t3_row": "T3-ROW", "t4_total": "T4-REV", "text_count": "T3-TXT"}
SENTENCES = [
    "全年通过门户网站发布各类信息{a}条，其中政策文件{b}条。",
    "开展政策解读{c}次，召开新闻发布会{d}场。",
    "通过微信公众号推送信息{e}条，提供政策咨询约{f}人次。",
    "组织业务培训{g}次，培训{h}人次。",
]


@dataclass
class Base:
    name: str
    text: str
    lines: list[str]
    title_lines: list[int]
    template: str
    year: int
    report: object  # the parsed seed: its cells and figures say which lines to rewrite


@cache
def base(name: str) -> Base:
    path = next((ROOT / "corpus").glob(f"{name}_*.txt"))
    text = path.read_text("utf-8")
    doc = normalize(text)
    document = parse_document(doc, str(path))
    report = parse_text(text, path=str(path), agency="某机关", year=2025 if name != "002"
                        else 2020)
    metrics_of(report)
    return Base(name, text, text.split("\n"), document.title_lines, report.template,
                report.year, report)


@lru_cache(maxsize=1)
def places() -> list[tuple[str, str]]:
    """(name, level) of every division."""
    text = resources.files("govparse.report.regions").joinpath("divisions.csv").read_text("utf-8")
    return [(r["name"], r["level"]) for r in csv.DictReader(text.splitlines())]


def agency(rng: random.Random) -> str:
    name, level = rng.choice(places())
    return name + rng.choice(PROVINCE_DEPARTMENTS if level == "province" else DEPARTMENTS)


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """total spread over parts at random (a multinomial draw)."""
    counts = [0] * parts
    weights = [rng.random() ** 2 for _ in range(parts)]
    for _ in range(total):
        counts[rng.choices(range(parts), weights)[0]] += 1
    return counts


def tables(rng: random.Random, template: str) -> dict[str, int | float]:
    form = load_templates()[template]
    values: dict[str, int | float] = {}
    rows = [r.id for r in form.t3_rows]
    outcomes = [r for r in rows if r not in ("R01", "R02", "R24", "R25")]
    scale = rng.choice([2, 5, 20, 100, 400])
    for c in ("C1", "C2", "C3", "C4", "C5", "C6"):
        new = int(rng.expovariate(1 / scale)) if c in ("C1", "C2") else rng.randint(0, 2)
        carried = rng.randint(0, max(new // 20, 0))
        forward = rng.randint(0, (new + carried) // 10)
        done = new + carried - forward
        values.update({f"t3.R01.{c}": new, f"t3.R02.{c}": carried, f"t3.R24.{c}": done,
                       f"t3.R25.{c}": forward})
        for r, n in zip(outcomes, _split(rng, done, len(outcomes)), strict=True):
            values[f"t3.{r}.{c}"] = n
    for r in rows:
        values[f"t3.{r}.C7"] = sum(values[f"t3.{r}.C{i}"] for i in range(1, 7))
    for group in ("review", "suit_direct", "suit_after_review"):
        parts = [rng.randint(0, 3) for _ in range(4)]
        for p, n in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            values[f"t4.{group}.{p}"] = n
        values[f"t4.{group}.total"] = sum(parts)
    for cell in form.cells:
        if cell.table == 2:
            values[cell.key] = (round(rng.uniform(0, 50), 2) if cell.unit == "万元"
                                else rng.randint(0, 300))
    if template == "2019":  # 对外公开总数量 ≥ 本年新公开数量 (T2b-PUB)
        for row in ("rules", "normative"):
            values[f"t2.{row}.total_published"] = max(values[f"t2.{row}.total_published"],
                                                       values[f"t2.{row}.new_published"])
    if template == "2021":
        for row in ("rules", "normative"):
            issued, repealed = values[f"t2.{row}.issued"], values[f"t2.{row}.repealed"]
            values[f"t2.{row}.in_force"] = max(values[f"t2.{row}.in_force"], issued)
            values[f"t2.{row}.repealed"] = min(repealed, values[f"t2.{row}.in_force"])
    return values


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _set_number(line: str, value: int | float, at: int = 0) -> str:
    m = _NUMBER.search(line, at)
    if m is None:
        return line
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return line[:m.start()] + shown + line[m.end():]


@cache
def figure_cells() -> dict[str, dict]:
    """Which cells a figure of each kind states: the checks' own text_cells.yml."""
    return {kind: spec for rule in text_cells().values() for kind, spec in rule.items()}


def _column(b: Base, m) -> int:
    """Where figure m starts in its source line (section text lines are stripped)."""
    text = b.report.section(m.section).text  # type: ignore[attr-defined]
    line = b.lines[m.line - 1]
    return m.start - (text.rfind("\n", 0, m.start) + 1) + len(line) - len(line.lstrip())


DEGRADED = ("run-together", "split-markdown", "lost-cells", "colspan", "cells-per-line")


def report(i: int, seed: int, error_rate: float, degraded: bool = False
           ) -> tuple[str, dict, dict]:
    """A report's text, its facts, and the true value of every cell."""
    rng = random.Random(seed * 1_000_003 + i)
    name = rng.choice(sorted(n for n in BASES if not degraded or "tab" in BASES[n]))
    b = base(name)
    layout = rng.choice(DEGRADED if degraded else BASES[name])
    year = rng.randint(2021, 2025) if b.template == "2021" else rng.randint(2019, 2020)
    who = agency(rng)
    values = tables(rng, b.template)
    kinds = {m.kind for m in b.report.metrics or []}
    possible = [e for e in sorted(ERRORS) if e != "text_count" or "依申请收到数" in kinds]
    error = rng.choice(possible) if rng.random() < error_rate else None
    lines = list(b.lines)
    cells = {c.key: c for c in b.report.cells}
    for key, value in values.items():
        cell = cells.get(key)
        if cell is not None and cell.line and cell.status == "value":
            shown = value + 1 if (error == "t3_row" and key == "t3.R03.C1") or (
                error == "t4_total" and key == "t4.review.total") else value
            lines[cell.line - 1] = _set_number(lines[cell.line - 1], shown)
    # Last first, so that a longer number does not move the figures after it on its line.
    metrics = b.report.metrics or []
    for i, m in sorted(enumerate(metrics), key=lambda im: (im[1].line or 0, im[1].start),
                       reverse=True):
        spec = figure_cells().get(m.kind or "")
        whole = metrics[m.part_of] if m.part_of is not None else None
        if not spec or (whole is not None and whole.kind == m.kind) or m.line is None:
            continue
        keys = list(spec["cells"]) + [  # 182件，包含上年度结转5件: R01 + R02
            k for p in metrics if p.part_of == i for k in spec.get("includes", {}).get(p.kind, [])]
        value = sum(values[k] for k in keys)  # type: ignore[misc]
        if error == "text_count" and m.kind == "依申请收到数":
            value += 1
        lines[m.line - 1] = _set_number(lines[m.line - 1], value, _column(b, m))
    text = "\n".join(n for k, n in enumerate(lines, 1) if k not in b.title_lines)
    first = text.index("一、")
    end = text.index("\n", first)
    figures = {k: rng.randint(1, 5000) for k in "abcdefgh"}
    figures["b"] = rng.randint(0, figures["a"])
    paragraph = "".join(rng.sample(SENTENCES, 2)).format(**figures)
    text = text[:end + 1] + "\n" + paragraph + "\n" + text[end + 1:]
    text = (text.replace(str(b.year + 1), "{NEXT}").replace(str(b.year), str(year))
            .replace("{NEXT}", str(year + 1)))
    text = f"{who}{year}年政府信息公开工作年度报告\n\n{text}"
    if layout in ("tsv", "markdown"):
        text = render(text, layout)
    elif layout in DEGRADED:
        text = degrade(text, layout, rng, who, year)
    truth = {k: v for k, v in values.items() if k in cells and cells[k].status == "value"}
    if error == "t3_row":
        truth["t3.R03.C1"] = values["t3.R03.C1"] + 1
    if error == "t4_total":
        truth["t4.review.total"] = values["t4.review.total"] + 1
    return text, {"agency": who, "year": year, "base": name, "template": b.template,
                  "layout": layout, "error": error or "", "rule": ERRORS.get(error, "")}, truth


def _rows(text: str) -> list[tuple[str, object]]:
    """Lines as ("row", cells) for runs of TAB-indented cells, ("line", text) otherwise."""
    out: list[tuple[str, object]] = []
    row: list[str] = []
    for line in text.split("\n"):
        if line.startswith("\t"):
            row.append(line.strip())
            continue
        if row:
            out.append(("row", row))
            row = []
        out.append(("line", line))
    if row:
        out.append(("row", row))
    return out


def render(text: str, layout: str) -> str:
    """The TAB layout (one cell per line) as TSV rows padded to the table's width, or as
    markdown rows."""
    blocks, out, i = _rows(text), [], 0
    while i < len(blocks):
        if blocks[i][0] != "row":
            out.append(blocks[i][1])
            i += 1
            continue
        rows = []
        while i < len(blocks) and (blocks[i][0] == "row" or blocks[i][1] == ""):
            if blocks[i][0] == "row":
                rows.append(blocks[i][1])
            i += 1
        width = max(len(r) for r in rows)
        if layout == "tsv":
            out += ["\t".join(r + [""] * (width - len(r))) for r in rows]
        else:
            out += ["| " + " | ".join(r) + " |" for r in rows]
        out.append("")
    return "\n".join(out)


def degrade(text: str, layout: str, rng: random.Random, who: str, year: int) -> str:
    """The TAB layout as real reports arrive (see DEGRADED)."""
    if layout == "cells-per-line":  # the TABs lost, each cell still on its own line
        return "\n".join(line[1:] if line.startswith("\t") else line for line in text.split("\n"))
    blocks = _rows(text)
    if layout == "run-together":
        parts = []
        for kind, item in blocks:
            if kind == "line":
                parts.append(str(item).strip())
                continue
            cells = list(item)  # type: ignore[arg-type]
            labels = [c for c in cells if not _is_number(c)]
            numbers = [c for c in cells if _is_number(c)]
            # Crawlers run the cells together; now and then a space survives between them.
            run = "".join(n + (" " if rng.random() < 0.1 else "") for n in numbers)
            parts.append("".join(labels) + run)
        header = (f"标题: {who}{year}年政府信息公开工作年度报告\n发布时间: {year + 1}-01-20 10:00\n"
                  f"原文链接: https://example.gov.cn/{year}/report.htm\n"
                  "==================== 正文 ====================\n")
        return header + "当前位置： 首页 政务公开 " + "".join(parts) + " 附件下载\n"
    out: list[str] = []
    rows = [b for b in blocks]
    group = 0
    for kind, item in rows:
        if kind == "line":
            out.append(str(item))
            continue
        cells = list(item)  # type: ignore[arg-type]
        if layout == "lost-cells":
            labels = [c for c in cells if not _is_number(c)]
            numbers = [c for c in cells if _is_number(c)]
            if len(numbers) == 7 and rng.random() < 0.3:  # a row of table 三 cut short
                numbers = numbers[:7 - rng.randint(1, 2)]
            out.append("\t".join(labels + numbers))
        elif layout == "colspan":
            # The HTML adapter gives a colspan="2" cell and the position it covers.
            numbers = [i for i, c in enumerate(cells) if _is_number(c)]
            if len(numbers) == 7:
                cells.insert(numbers[1] + 1, "")
            elif (cells and cells[-1] == "商业企业") or "商业企业" in cells:
                cells.insert(cells.index("商业企业") + 1, "")
            out.append("\t".join(cells))
        else:  # split-markdown
            labels = [c for c in cells if not _is_number(c)]
            numbers = [c for c in cells if _is_number(c)]
            if len(numbers) == 7:
                group += 1
                if group % 4 == 1:  # a new markdown table under a placeholder header
                    out += ["", "## 表三：收到和处理政府信息公开申请情况",
                            "| " + " | ".join(f"数据{k}" for k in range(1, 8)) + " |",
                            "|" + "---|" * 7]
                if group % 9 == 5:
                    out.append(f"— {rng.randint(2, 9)} —")  # a page footer inside the table
                if rng.random() < 0.1 and labels:  # the label went elsewhere on the page
                    out += [labels[-1], ""]
                    labels = []
                out.append("| " + " | ".join(labels + numbers) + " |")
            else:
                out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def _is_number(cell: str) -> bool:
    return bool(re.fullmatch(r"[增减+]?\d+(?:\.\d+)?(?:万元|元)?", cell.strip()))


def truth_path(out: Path) -> Path:
    return out.with_name(out.name + ".cells.json")


def listing_path(out: Path) -> Path:
    """Beside the folder, not in it: the folder holds only reports."""
    return out.with_name(out.name + ".csv")


def generate(n: int, out: Path, seed: int = 1, error_rate: float = 0.05,
             degraded: bool = False) -> list[dict]:
    out.mkdir(parents=True, exist_ok=True)
    listing = []
    truths = {}
    for i in range(n):
        text, facts, truth = report(i, seed, error_rate, degraded)
        name = f"{i:06d}.txt"
        (out / name).write_text(text, encoding="utf-8")
        listing.append({"file": name, **facts})
        truths[name] = truth
    if degraded:
        truth_path(out).write_text(json.dumps(truths, ensure_ascii=False), encoding="utf-8")
    with open(listing_path(out), "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(listing[0]))
        writer.writeheader()
        writer.writerows(listing)
    return listing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--error-rate", type=float, default=0.05)
    ap.add_argument("--degraded", action="store_true",
                    help="render in the layouts real reports arrive in (run-together, "
                         "split-markdown, lost-cells, colspan)")
    args = ap.parse_args()
    listing = generate(args.n, args.out, args.seed, args.error_rate, args.degraded)
    print(f"{len(listing)} reports in {args.out}")


if __name__ == "__main__":
    main()
