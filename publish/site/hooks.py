"""The Datasette plugin's hooks: what keeps one request from stalling the site (limits.py,
errors.py, cache.py), short Chinese searches, links and Chinese words in Datasette's own pages,
the derived tables' metadata, and the routes of the site's own pages (views.py)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.renderer import json_renderer
from markupsafe import Markup

from govparse.publish.schema import FTS
from govparse.publish.site import cache, errors, exports, home, limits, pages
from govparse.publish.site.views import (
    SHORT_SEARCH,
    about_page,
    agency_page,
    ask_page,
    cite_page,
    compare_page,
    region_page,
    report_page,
    search_page,
    short_query,
    source_page,
)


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
                if any(k == "_search" and short_query(v) for k, v in args):
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
        return Markup('<a href="{}">{}</a>').format(
            datasette.urls.path(f"/-/report/{row['sha256']}"), value)
    if column in ("report", "other_report") and len(value) == 64:
        return Markup('<a href="{}" title="{}">报告 {}</a>').format(
            datasette.urls.path(f"/-/report/{value}"), value, value[:8])
    if column in ("机关",) or (column == "name" and table == "agencies"):
        return Markup('<a href="{}">{}</a>').format(
            datasette.urls.path(pages.agency_url(value)), value)
    return None


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.static_plugins("govparse", "govparse.css")]


@hookimpl
def menu_links(datasette, actor):
    path = datasette.urls.path
    return [{"href": path("/-/search"), "label": "搜索"}, {"href": path("/-/ask"), "label": "提问"},
            {"href": path("/-/compare"), "label": "两年比较"},
            {"href": path("/-/about"), "label": "关于数据"}]
