"""The Datasette plugin: report and agency pages, links to them, short Chinese searches,
and what keeps one request from stalling the site (limits.py, errors.py, cache.py).

Registered through the `datasette` entry point in setup.cfg, so any Datasette in this
environment loads it; its templates/ and static/ folders are found by Datasette itself.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.database import Database
from datasette.filters import FilterArguments
from datasette.renderer import json_renderer
from datasette.utils import tilde_decode
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from govparse.publish.schema import FTS
from govparse.publish.site import cache, cite, errors, exports, home, limits, pages

SHA256 = re.compile(r"[0-9a-f]{64}")
# FTS5's trigram tokenizer finds nothing for a query under three characters (湘潭, 社保).
TRIGRAM = 3
SHORT_SEARCH = "_contains"


def _short(query: str) -> bool:
    """A query the trigram index cannot answer: a word of fewer than three characters."""
    words = query.split()
    return bool(words) and any(len(w) < TRIGRAM for w in words)


@hookimpl
def asgi_wrapper(datasette):
    """Kept pages answered from memory first (cache.py), then writes refused (errors.py),
    then a ?_search= with a 1-2 character word moved to ?_contains=, which
    filters_from_request below answers with LIKE on the base table."""
    def wrap(app):
        async def rewritten(scope, receive, send):
            if scope["type"] == "http" and b"_search=" in scope.get("query_string", b""):
                query = scope["query_string"].decode("utf-8", "replace")
                args = parse_qsl(query, keep_blank_values=True)
                if any(k == "_search" and _short(v) for k, v in args):
                    args = [(SHORT_SEARCH if k == "_search" else k, v) for k, v in args]
                    scope = {**scope, "query_string": urlencode(args).encode("utf-8")}
            await app(scope, receive, send)
        return exports.with_bom(cache.cached(datasette, errors.only_reads(datasette,
                                                                          rewritten)))
    return wrap


@hookimpl
def startup(datasette):
    async def inner():
        cache.remember_table_permissions(datasette)
        await pages.find_database(datasette)
    return inner


@hookimpl
def prepare_connection(conn):
    limits.prepare(conn)


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["zh_error"] = errors.zh_error
    env.filters["zh_value"] = pages.shown_value


@hookimpl(wrapper=True)
def handle_exception(datasette, request, exception):
    """Only ours runs. Datasette awaits every handler's response before it shows the
    first, and its own prints a rich traceback with every local variable: 0.4 s for each
    404, and a 500 instead when the 404 comes from no route at all (errors.py)."""
    yield

    async def inner():
        return await errors.response(datasette, request, exception)
    return [inner]


@hookimpl(tryfirst=True)
def forbidden(datasette, request, message):
    """A 403 in Chinese too (Datasette shows the first response: this one)."""
    async def inner():
        status, text = errors.translate(message)
        return await errors.page(datasette, request, status or 403, text)
    return inner


@hookimpl
def register_output_renderer(datasette):
    """Datasette's JSON, with a query's error in Chinese (a query page answers a failed
    query itself, with a 400 and the error in its data, not through handle_exception)."""
    def render(args, data, view_name):
        if isinstance(data, dict) and isinstance(data.get("error"), str):
            data = {**data, "error": errors.zh_error(data["error"])}
        return json_renderer(args, data, view_name)
    return {"extension": "json", "render": render}


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@hookimpl
def filters_from_request(request, database, table, datasette):
    query = request.args.get(SHORT_SEARCH)
    if not query or not query.split() or table not in FTS:
        return None
    # Every word must occur, as with the full-text search; % and _ are literal.
    clauses, params = [], {}
    for i, word in enumerate(query.split()):
        params[f"contains_{i}"] = _like(word)
        either = " or ".join(f"[{c}] like :contains_{i} escape '\\'" for c in FTS[table])
        clauses.append(f"({either})")
    return FilterArguments([" and ".join(clauses)], params, [f'包含 "{query}"'],
                           {"search": query})


@hookimpl
def register_routes():
    return [
        (r"^/-/report/(?P<sha>[^/]*)$", report_page),
        (r"^/-/report/(?P<sha>[^/]+)/(?P<kind>cell|figure)/(?P<which>[^/]+)$", cite_page),
        (r"^/-/report/(?P<sha>[^/]+)/text$", source_page),
        (r"^/-/agency/(?P<name>[^/]+)$", agency_page),
        (r"^/-/ask$", ask_page),
        (r"^/-/search$", search_page),
        (r"^/-/about$", about_page),
        (r"^/-/region/(?P<name>[^/]+)$", region_page),
        (r"^/-/compare$", compare_page),
    ]


async def _database(datasette) -> tuple[Database, dict[str, str]]:
    """The database the pages read, and its name and URL for the templates' links."""
    name = pages.database_name(datasette) or await pages.find_database(datasette)
    if name is None:
        raise NotFound("没有可用的数据库 (no database is served)")
    return datasette.get_database(name), {"db_name": name,
                                          "db_url": datasette.urls.database(name)}


async def _report(datasette, request, rest: str = ""):
    """The report an id names, or a redirect from its short id (/-/report/ebd06209)."""
    sha = request.url_vars["sha"]
    if not SHA256.fullmatch(sha) and not cite.SHORT_ID.fullmatch(sha):
        raise NotFound("没有这份报告：报告标识是它的 SHA-256（64位十六进制），或其前8位以上")
    db, links = await _database(datasette)
    found = await cite.resolve(db, sha)
    if not found:
        raise NotFound(f"没有标识为 {sha} 的报告")
    if len(found) > 1:
        raise NotFound(f"标识 {sha} 对应不止一份报告，请多写几位：" + "、".join(found))
    if found[0] != sha:
        return None, Response.redirect(f"/-/report/{found[0]}{rest}")
    return db, links


async def report_page(datasette, request):
    db, links = await _report(datasette, request)
    if db is None:
        return links
    context = await pages.report_context(db, request.url_vars["sha"])
    return Response.html(await datasette.render_template(
        "report.html", {**context, **links}, request=request))


async def cite_page(datasette, request):
    """/-/report/<sha>/cell/<key>, /-/report/<sha>/figure/<n>: one figure, citable."""
    kind, which = request.url_vars["kind"], request.url_vars["which"]
    db, links = await _report(datasette, request, f"/{kind}/{which}")
    if db is None:
        return links
    sha = request.url_vars["sha"]
    base = f"{request.scheme}://{request.host}"
    context = await (cite.cell_context(db, sha, which, base) if kind == "cell" else
                     cite.figure_context(db, sha, int(which), base) if which.isdigit()
                     else None)
    if context is None:
        raise NotFound("这份报告中没有这一格" if kind == "cell" else "这份报告中没有这个数字")
    placed = pages.PLACED_ZH.get(context["item"].get("placed") or "")
    return Response.html(await datasette.render_template("cite.html", {
        **context, **links, "placed_zh": placed},
        request=request))


async def source_page(datasette, request):
    """/-/report/<sha>/text: the text govparse read, every line numbered and linkable."""
    db, links = await _report(datasette, request, "/text")
    if db is None:
        return links
    [report] = (await db.execute("select sha256, agency, year, path, file, source_url from "
                                 "reports where sha256 = :s",
                                 {"s": request.url_vars["sha"]})).rows
    lines = await cite.source_lines(report["path"], report["sha256"])
    return Response.html(await datasette.render_template(
        "source.html", {"report": dict(report), "lines": lines, **links}, request=request))


async def agency_page(datasette, request):
    db, links = await _database(datasette)
    name = tilde_decode(request.url_vars["name"])
    context = await pages.agency_context(db, name)
    if context is None and "%" in name:  # typed /-/agency/湘潭: Datasette redirects it to
        raise NotFound("没有这个机关")  # the tilde form, which comes back here
    if context is None:
        return Response.html(await datasette.render_template("agency_missing.html", {
            "name": name, "nearest": await pages.nearest_agencies(db, name),
            "agency_url": pages.agency_url, "status": 404, "title": "找不到页面",
            "error": f"没有这个机关：“{name}”", **links}, request=request), status=404)
    return Response.html(await datasette.render_template(
        "agency.html", {**context, **links}, request=request))


async def ask_page(datasette, request):
    """/-/ask?q=问题: the answer, its sources linked to the report pages, and its SQL."""
    from govparse.ask import ask
    from govparse.ask.answer import STATUS_ZH
    from govparse.ask.vocabulary import vocabulary

    question = (request.args.get("q") or "").strip()[:200]
    answer = None
    db, links = await _database(datasette)
    if question:
        answer = await db.execute_fn(lambda conn: ask(question, conn))
    return Response.html(await datasette.render_template("ask.html", {
        "question": question, "answer": answer, "examples": vocabulary().examples,
        "status_zh": STATUS_ZH,
        "sql_url": pages.sql_url(answer, links["db_url"]) if answer and answer.sql else None,
        **links}, request=request))


async def search_page(datasette, request):
    """/-/search?q=: agencies by name and report sections by text, with marked snippets."""
    db, links = await _database(datasette)
    query = (request.args.get("q") or "").strip()[:100]
    result = await home.search(db, query) if query else {"query": "", "agencies": [],
                                                         "sections": []}
    return Response.html(await datasette.render_template(
        "search.html", {"result": result, "agency_url": pages.agency_url, **links},
        request=request))


async def region_page(datasette, request):
    """/-/region/湖南省: the places within it, its agencies and which years they published."""
    db, links = await _database(datasette)
    name = tilde_decode(request.url_vars["name"])
    context = await pages.region_context(db, name)
    if context is None and "%" in name:  # typed: redirected to the tilde form by Datasette
        raise NotFound("没有这个地区")
    if context is None:
        raise NotFound(f"数据库中没有“{name}”地区的机关")
    return Response.html(await datasette.render_template(
        "region.html", {**context, "agency_url": pages.agency_url, **links},
        request=request))


async def about_page(datasette, request):
    """/-/about: what is collected, the two forms, what a cell's state means, the rules."""
    from govparse.forms import load_templates

    db, links = await _database(datasette)
    forms = sorted(load_templates().values(), key=lambda t: t.first_year)
    rules = [dict(r) for r in (await db.execute(
        "select id, level, zh from rules order by level, id")).rows]
    return Response.html(await datasette.render_template("about.html", {
        "home": await home.home_context(datasette, db), "rules": rules,
        "levels": {"STRICT": "严格", "NEAR": "近似", "SOFT": "提示"},
        "forms": [{"name": f.name, "first_year": f.first_year,
                   "next": forms[i + 1].first_year if i + 1 < len(forms) else None}
                  for i, f in enumerate(forms)], "metadata": datasette.metadata(), **links},
        request=request))


@hookimpl
def get_metadata(datasette, key, database, table):
    """Descriptions of the derived tables' pivoted columns, from the form's labels."""
    return _derived_metadata(pages.database_name(datasette) or pages.DATABASE)


@lru_cache(maxsize=4)
def _derived_metadata(database: str) -> dict:
    from govparse.publish.schema import derived_column_descriptions

    return {"databases": {database: {"tables": {
        table: {"columns": columns}
        for table, columns in derived_column_descriptions().items()}}}}


@hookimpl
def extra_template_vars(template, datasette, view_name):
    """The home page's coverage, problems and ready-made questions (templates/index.html)."""
    if view_name != "index":
        return None

    async def inner():
        name = pages.database_name(datasette) or await pages.find_database(datasette)
        if name is None:
            return {"home": None}
        db = datasette.get_database(name)
        return {"home": await home.home_context(datasette, db),
                "db_url": datasette.urls.database(name), "db_name": name}
    return inner


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Report hashes and agency names link to their pages, wherever they are shown."""
    if not isinstance(value, str) or database != pages.database_name(datasette):
        return None
    shown = pages.shown_value(value, column)
    if shown != value:  # a stored code, said in Chinese (the code stays in the title)
        return Markup('<span title="{}">{}</span>').format(value, shown)
    if table == "reports" and column in ("title", "file"):  # sha256 is the key: Datasette
        # links it to the raw row; these two lead to the report page
        return Markup('<a href="/-/report/{}">{}</a>').format(row["sha256"], value)
    if column in ("report", "other_report") and len(value) == 64:
        return Markup('<a href="/-/report/{}" title="{}">报告 {}</a>').format(
            value, value, value[:8])
    if column in ("机关",) or (column == "name" and table == "agencies"):
        return Markup(f'<a href="{pages.agency_url(value)}">{escape(value)}</a>')
    return None


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.static_plugins("govparse", "govparse.css")]


@hookimpl
def menu_links(datasette, actor):
    return [{"href": "/-/search", "label": "搜索"}, {"href": "/-/ask", "label": "提问"},
            {"href": "/-/compare", "label": "两年比较"}, {"href": "/-/about", "label": "关于数据"}]


async def compare_page(datasette, request):
    """/-/compare?地区=湘潭县&较早=2024&较晚=2025 (or 机关=…、…): two years compared in Chinese,
    each line linked to its evidence (publish/compare.py, as `govparse compare`)."""
    from govparse.publish.compare import compare

    db, links = await _database(datasette)
    region = (request.args.get("地区") or "").strip()[:40]
    named = [n.strip() for n in re.split(r"[、,，;；\s]+", request.args.get("机关") or "")
             if n.strip()][:50]
    years = []
    for key in ("较早", "较晚"):
        value = (request.args.get(key) or "").strip()
        years.append(int(value) if value.isdigit() and 1990 < int(value) < 2100 else None)
    result, problem = None, None
    if (region or named) and None not in years:
        result = await db.execute_fn(lambda conn: compare(
            conn, (years[0], years[1]), region=region or None, agencies=named or None))
        if not result.agencies:
            result, problem = None, f"数据库中没有{region or '这些机关'}的机关"
    elif region or named or any(years):
        problem = "请填写地区（或机关）以及两个年度"
    return Response.html(await datasette.render_template(
        "compare.html", {"result": result, "problem": problem, "region": region,
                         "named": "、".join(named), "years": years, **links},
        request=request))
