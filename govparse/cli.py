"""The `govparse` command: a thin click layer over the Python API."""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import click

from govparse import __version__
from govparse.checks import CheckResult, check_report, check_reports
from govparse.errors import ReportError
from govparse.model import Report
from govparse.narrative import metrics_of
from govparse.report.metadata import read_manifest
from govparse.report.parse import parse_file
from govparse.report.rates import compute_rates
from govparse.words import words

EXIT_STRICT_FAILURE = 1
EXIT_UNPARSEABLE = 2
EXIT_BUILD_FAILED = 3  # the build itself could not finish (disk full): one line says why


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="govparse")
def main() -> None:
    """Read 政府信息公开工作年度报告 (government information-disclosure annual reports)
    into checked, sourced data.

    \b
    Examples:
      govparse parse corpus/001_7082bf4ff2eed00e.txt
      govparse parse report.txt --json --agency 某某县人民政府 --year 2025
      govparse check corpus/*.txt
      govparse summary corpus/
      govparse build corpus/ -o reports.db
      govparse serve reports.db        # http://127.0.0.1:8001
      govparse ask "湘潭县人民政府2025年收到多少政府信息公开申请？"
    """


def _show_ocr_pages() -> None:
    """A scan takes seconds a page: say on stderr which page OCR has read."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log = logging.getLogger("govparse.ocr")
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def _manifest_option(f):
    return click.option(
        "--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="CSV with columns file, agency, year, source_url for facts a file lacks. "
             "Default: manifest.csv next to the file.")(f)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--agency", help="Publishing agency, when the text has no title that says.")
@click.option("--year", type=int, help="Report year, when the text has no title that says.")
@_manifest_option
def parse(file: Path, as_json: bool, agency: str | None, year: int | None,
          manifest: Path | None) -> None:
    """Parse one report FILE: metadata, the six sections, every table cell with its line.

    With --json, also the figures stated in the prose (`metrics`), the findings of the
    checks and the rates.

    Exit status 0 when the file was read (warnings allowed), 2 when it cannot be read as
    a report at all; the reason goes to stderr as FILE:LINE:COLUMN: message.
    """
    entry = read_manifest(manifest).get(file.name) if manifest else None
    _show_ocr_pages()
    try:
        report = parse_file(file, agency=agency, year=year, manifest=entry)
    except ReportError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(EXIT_UNPARSEABLE)
    if as_json:
        metrics_of(report)  # the figures of the prose, as `metrics`
        result = check_report(report)
        data = report.to_dict()
        data["findings"] = [asdict(f) for f in result.findings]
        data["outcomes"] = result.outcomes
        data["rates"] = [asdict(r) for r in compute_rates(report)]
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        click.echo(describe(report))


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--view", "views", type=click.Choice(["lines", "rows", "cells"]), multiple=True,
              help="只看其中一种：lines 逐行、rows 表格各行、cells 无法读取和缺失的格（可重复）。"
                   " Show only these views (repeatable).")
@click.option("--lines", "line_range", metavar="A-B",
              help="逐行视图只列这些行，如 70-120。 Limit the line view, e.g. 70-120.")
@click.option("--agency", help="发布机关（文本中没有标题时）。 Agency, when the text does not say.")
@click.option("--year", type=int,
              help="报告年度（文本中没有标题时）。 Year, when the text does not say.")
def explain(file: Path, views: tuple[str, ...], line_range: str | None, agency: str | None,
            year: int | None) -> None:
    """说明一个文件为何这样读出（维护者用）：语法把每一行读作什么；表格的每一行成为规定表格的
    哪一行、为什么（按行名、按行序、按勾稽关系）；每个无法读取或缺失的格还剩哪些读法。
    见 docs/maintainers.md。

    Why FILE read as it did: what the grammar took each line for; the form's row each table
    row became and why; the readings left for each unreadable or missing cell.
    """
    from govparse.report.explain import VIEWS
    from govparse.report.explain import explain as explained

    lines = None
    if line_range:
        first, _, last = line_range.partition("-")
        if not (first.isdigit() and (last or first).isdigit()):
            raise click.BadParameter(f"应为“起-止”行号，如 70-120，而不是 {line_range}",
                                     param_hint="--lines")
        lines = range(int(first), int(last or first) + 1)
    _show_ocr_pages()
    try:
        click.echo(explained(file, views or VIEWS, lines, agency=agency, year=year))
    except ReportError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(EXIT_UNPARSEABLE)


def describe(report: Report) -> str:
    """A short human-readable account of a parsed report."""
    lines = [
        f"{report.path}",
        f"  机关 agency   {report.agency or '(unknown)'}  [{report.source.get('agency')}]",
        f"  年度 year     {report.year or '(unknown)'}  [{report.source.get('year')}]",
        f"  格式 template {report.template}   layout {report.layout}",
        "  sections:",
    ]
    lines += [f"    {s.heading}  (lines {s.first_line}-{s.last_line})" for s in report.sections]
    for table in (2, 3, 4):
        counts = Counter(c.status for c in report.cells if c.table == table)
        total = sum(counts.values())
        detail = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        lines.append(f"  table {table}: {total} cells ({detail})")
    if report.warnings:
        lines.append(f"  warnings ({len(report.warnings)}):")
        lines += [f"    line {w.line or '-'}: [{w.code}] {w.message}" for w in report.warnings]
    return "\n".join(lines)


@main.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file.")
@click.option("--all", "show_all", is_flag=True,
              help="Also list not-assessable results and inferred values, not only failures.")
def check(files: tuple[Path, ...], as_json: bool, show_all: bool) -> None:
    """Check the consistency rules (勾稽关系, sums, text, years) of report FILES.

    Consecutive years of one agency among FILES are also checked against each other
    (T3-XY, T2-XY, T2b-XY). Exit status 1 when a STRICT rule fails, 2 when a file cannot
    be read, 0 otherwise.
    """
    reports, unreadable = [], 0
    for f in files:
        try:
            reports.append(parse_file(f))
        except ReportError as exc:
            unreadable += 1
            click.echo(f"错误：{exc}", err=True)
        except Exception as exc:  # a bug must not cost the other files their check
            unreadable += 1
            click.echo(f"错误：{f}: 内部错误，请报告此问题："
                       f"{type(exc).__name__}: {exc}", err=True)
    results = check_reports(reports)
    for report in reports:
        result = results[report.sha256]
        if as_json:
            click.echo(json.dumps({"path": report.path, "agency": report.agency,
                                   "year": report.year, "outcomes": result.outcomes,
                                   "findings": [asdict(x) for x in result.findings]},
                                  ensure_ascii=False))
        else:
            click.echo(describe_findings(report, result, show_all))
    if unreadable:
        sys.exit(EXIT_UNPARSEABLE)
    if any(results[r.sha256].strict_failures for r in reports):
        sys.exit(EXIT_STRICT_FAILURE)


_SEVERITY_ZH = words("severity")


def describe_findings(report: Report, result: CheckResult, show_all: bool) -> str:
    """A readable table of one report's findings."""
    shown = [f for f in result.findings if show_all or f.outcome == "fail"]
    failed = sorted(r for r, o in result.outcomes.items() if o == "fail")
    head = (f"{report.path}  {report.agency or '?'} {report.year or '?'}: "
            f"{len(failed)} rules fail{(' (' + ', '.join(failed) + ')') if failed else ''}, "
            f"{sum(o == 'pass' for o in result.outcomes.values())} pass, "
            f"{sum(o == 'not_assessable' for o in result.outcomes.values())} not assessable")
    rows = [head]
    for f in shown:
        where = ",".join(str(n) for n in f.lines[:6]) + ("…" if len(f.lines) > 6 else "")
        rows.append(f"  {f.rule:<8} {_SEVERITY_ZH[f.severity]} {f.outcome:<14} "
                    f"line {where or '-':<12} {f.message}")
    return "\n".join(rows)


@main.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
def summary(paths: tuple[Path, ...]) -> None:
    """Parse every file under PATHS (text, markdown, HTML, Word, PDF: the files `build`
    reads) and print one line per file.

    Files that cannot be read are listed with the reason; the run never stops for one.
    Exit status 2 if any file could not be read.
    """
    from govparse.publish.inputs import find_inputs

    files = find_inputs(paths)
    failed = 0
    with click.progressbar(files, label="parsing", file=sys.stderr,
                           show_pos=True) as bar:
        rows = []
        for f in bar:
            try:
                r = parse_file(f)
            except ReportError as exc:
                failed += 1
                rows.append(f"{f.name}  ERROR {exc}")
                continue
            printed = sum(c.status == "value" for c in r.cells)
            rows.append(f"{f.name}  {r.agency or '?'}  {r.year or '?'}  form {r.template}  "
                        f"{r.layout}  {printed}/{len(r.cells)} cells  "
                        f"{len(r.warnings)} warnings")
    click.echo("\n".join(rows))
    click.echo(f"{len(files) - failed} of {len(files)} files read")
    if failed:
        sys.exit(EXIT_UNPARSEABLE)


@main.command()
@click.argument("start_urls", nargs=-1, required=True, metavar="START_URL...")
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="保存报告的文件夹 (the folder the reports go to).")
@click.option("--delay", type=click.FloatRange(0), default=None,
              help="同一网站两次请求之间至少间隔的秒数 (seconds between two requests to a "
                   "host; default: govparse/fetch/fetch.yml, 1 s).")
@click.option("--max-requests", type=click.IntRange(1), default=None,
              help="最多请求多少个网址后停止 (stop after this many responses).")
def fetch(start_urls: tuple[str, ...], out: Path, delay: float | None,
          max_requests: int | None) -> None:
    """从机关网站的年报栏目下载报告 (fetch the reports a site's 年报 column lists).

    START_URL is a column's list page (TRS, Hanweb/大汉 or a plain list; its pages are
    followed) or one report page. Each report page and its attachments (PDF, DOC, DOCX, WPS,
    XLS, XLSX, OFD, ZIP) go into OUT with OUT/manifest.csv (file, agency, year, source_url,
    fetched_at, sha256, archived), OUT/fetch_log.csv (every URL, status, bytes, what was done)
    and every response as received in OUT/.govparse-fetch/responses.warc.gz. Then
    `govparse build OUT` reads them.

    \b
    Polite: only the start URLs' hosts; robots.txt obeyed; one request at a time per host,
    --delay seconds apart (AutoThrottle may wait longer); 429/503 wait their Retry-After; a
    host is given up after repeated errors. An anti-bot challenge page is recorded as blocked,
    never saved. Running again with the same OUT fetches only what is new or changed, and a
    killed run resumes without downloading anything twice.

    \b
    Example:
      govparse fetch http://www.example.gov.cn/xxgk/ndbg/index.html -o reports/ --delay 2
      govparse build reports/ -o reports.db
    """
    from govparse.fetch.run import fetch as run_fetch
    from govparse.fetch.run import progress_printer

    result = run_fetch(list(start_urls), out, delay=delay, max_requests=max_requests,
                       progress=progress_printer())
    click.echo(file=sys.stderr)
    click.echo(f"{out}：请求 {result.requests} 次，读取列表页 {result.pages} 个，报告 "
               f"{result.reports} 份（新的或更新的 {result.new} 份，未变化 {result.unchanged} 份，"
               f"已保存过而未再请求 {result.skipped} 份），被拦截 {result.blocked} 个，失败 "
               f"{result.failed} 个。清单：{out / 'manifest.csv'}，日志：{out / 'fetch_log.csv'}")
    if result.abandoned:
        click.echo(f"已放弃主机 {result.abandoned}：连续出错，见 fetch_log.csv", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("reports.db"), show_default=True, help="The SQLite file to write.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=1, show_default=True,
              help="Parse in this many processes (one writer).")
@click.option("--dask", "scheduler", metavar="ADDRESS", default=None,
              help="Parse on the workers of this Dask cluster (tcp://scheduler:8786) "
                   "instead of local processes; the database is still written here. "
                   "Needs govparse[dask].")
@click.option("--full", is_flag=True,
              help="Read every file again, even when OUTPUT was built before from the same "
                   "files by this version (by default only what changed is read).")
def build(paths: tuple[Path, ...], output: Path, jobs: int, scheduler: str | None,
          full: bool) -> None:
    """Parse, check and extract every report under PATHS into a SQLite database.

    Every file ends up either in the `reports` table or in `ingest_errors`, with the
    reason; one bad file never stops the batch. Each file is read in a worker process
    within the limits of govparse/sources/limits.yml (time, memory, size once expanded): a file
    that hangs or kills its worker costs only itself. The database is written to a temporary
    file and moved into place when complete, so an interrupted build leaves the previous
    database as it was. Building the same files again gives the same database.

    When OUTPUT exists and was built by this version, it is updated: only files that are
    new or whose content changed (SHA-256) are read, with the other reports of their
    agencies; files gone are dropped; text reuse, coverage and the summaries are computed
    again. The result equals a full build (--full).

    Exit status 0 when every file was read, 2 when some went to ingest_errors, 3 when
    the database could not be written (the disk is full …; the previous one is kept).
    """
    from govparse.publish.build import BuildError
    from govparse.publish.build import build as build_db

    steps: list[str] = []

    def step(name: str) -> None:
        # On a terminal the bar's line is still open: end it before the first step.
        if not steps and sys.stderr.isatty():
            click.echo(file=sys.stderr)
        steps.append(name)
        click.echo(f"{name} …", file=sys.stderr)

    # its length is given by the build, which finds the inputs once (`planned`): all of
    # them, or only those an update reads
    with click.progressbar(length=0, label="读取文件", file=sys.stderr, show_pos=True,
                           item_show_func=lambda r: r.path if r else None) as bar:
        try:
            def planned(n: int) -> None:
                bar.length = bar.pos + n

            result = build_db(paths, output, jobs=jobs, progress=lambda r: bar.update(1, r),
                              stage=step, dask=scheduler, full=full, planned=planned)
        except BuildError as exc:
            click.echo(f"\n错误：{exc}", err=True)
            sys.exit(EXIT_BUILD_FAILED)
    others = f"（另有 {result.renderings} 个文件是其中报告的其他版本）" if result.renderings else ""
    read = "" if not result.updated else (
        f"本次读取 {result.read} 个文件，{result.unchanged} 个未变，{result.removed} 个已删除；")
    click.echo(f"{output}：{read}报告 {result.reports} 份{others}，读取失败的文件 "
               f"{result.errors} 个（见 ingest_errors），核对发现 {result.findings} 条，"
               f"违反严格规则的报告 {result.strict_failed} 份")
    for path in result.error_paths:
        click.echo(f"  未能读取：{path}", err=True)
    if result.errors:
        sys.exit(EXIT_UNPARSEABLE)


@main.command()
@click.argument("question")
@click.option("--db", "database", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path("reports.db"), show_default=True,
              help="The database `govparse build` wrote.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object.")
@click.option("--year", "this_year", type=int,
              help="The current year, for 今年 and 去年 (default: today's).")
def ask(question: str, database: Path, as_json: bool, this_year: int | None) -> None:
    """Answer a QUESTION in Chinese from the database, with its sources.

    \b
    Examples:
      govparse ask "湘潭县人民政府2025年收到多少政府信息公开申请？"
      govparse ask "哪些机关2025年的申请量最多？" --json
      govparse ask "卫东区人社局2025年的数据加得起来吗？"

    The question is parsed by grammar/question.lark; one that does not parse, or names
    several agencies at once, is answered with an explanation, never a guess.
    Exit status 0 when answered, 1 when refused or ambiguous.
    """
    import sqlite3

    from govparse.ask import ask as answer_question

    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)  # read-only
    answer = answer_question(question, conn, this_year=this_year)
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(answer.describe())
    sys.exit(0 if answer.answered else 1)


@main.command()
@click.option("--region", help="A province, city or county (湘潭县, 湘潭市, 湖南省).")
@click.option("--agency", "agencies", multiple=True,
              help="An agency, by its name in the database; repeat for several.")
@click.option("--years", nargs=2, type=int, required=True, metavar="EARLIER LATER",
              help="The two years compared, e.g. --years 2024 2025.")
@click.option("--db", "database", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path("reports.db"), show_default=True,
              help="The database `govparse build` wrote.")
@click.option("--base-url", default="http://127.0.0.1:8001", show_default=True,
              help="Where the site is served: each line's link starts with it.")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
def compare(region: str | None, agencies: tuple[str, ...], years: tuple[int, int],
            database: Path, base_url: str, as_json: bool) -> None:
    """Compare two years of a region's agencies (or of the agencies named), in Chinese:
    who did not publish, what rose and fell most, whose numbers do not add up, who copied
    text, which counts changed tenfold; each line with the link to its evidence.

    \b
    Examples:
      govparse compare --region 湘潭县 --years 2024 2025
      govparse compare --agency 湘潭县人民政府 --agency 湘潭县人力资源和社会保障局 --years 2020 2025

    The same comparison is on the site at /-/compare. Exit status 2 when nothing is in scope.
    """
    import sqlite3
    from dataclasses import asdict

    from govparse.publish.compare import as_text
    from govparse.publish.compare import compare as comparison

    if not region and not agencies:
        raise click.UsageError("请给出 --region（地区）或 --agency（机关）")
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)  # read-only
    result = comparison(conn, years, region=region, agencies=list(agencies))
    if not result.agencies:
        click.echo(f"错误：数据库中没有{region or '这些机关'}的机关", err=True)
        sys.exit(EXIT_UNPARSEABLE)
    if as_json:
        click.echo(json.dumps(asdict(result), ensure_ascii=False, indent=1))
    else:
        click.echo(as_text(result, base_url.rstrip("/")))


@main.command()
@click.argument("database", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("-p", "--port", type=int, default=8001, show_default=True)
def serve(database: Path, host: str, port: int) -> None:
    """Serve DATABASE read-only with Datasette, the project's metadata, pages and charts."""
    from datasette.cli import cli as datasette_cli

    from govparse.publish.serve import datasette_args

    datasette_cli.main(datasette_args(database, host, port), prog_name="datasette")


if __name__ == "__main__":
    main()
