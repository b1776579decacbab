"""The site's own pages (/-/report, /-/agency, /-/ask, /-/search, /-/region, /-/compare,
/-/about, and a cell's or figure's citation): each reads the database and renders a template
of templates/. hooks.register_routes maps the URLs to them."""

from __future__ import annotations

import re

from datasette.database import Database
from datasette.utils import tilde_decode
from datasette.utils.asgi import NotFound, Response

from govparse.publish.site import cite, home, pages
from govparse.words import words

SHA256 = re.compile(r"[0-9a-f]{64}")


# FTS5's trigram tokenizer finds nothing for a query under three characters (湘潭, 社保).
TRIGRAM = 3


SHORT_SEARCH = "_contains"


def short_query(query: str) -> bool:
    """A query the trigram index cannot answer: a word of fewer than three characters."""
    words = query.split()
    return bool(words) and any(len(w) < TRIGRAM for w in words)


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
        return None, Response.redirect(datasette.urls.path(f"/-/report/{found[0]}{rest}"))
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
    # the permalink's origin and the site's base_url: /-/report/… follows it
    base = f"{request.scheme}://{request.host}" + datasette.urls.path("/").rstrip("/")
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
        "levels": words("level"),
        "forms": [{"name": f.name, "first_year": f.first_year,
                   "next": forms[i + 1].first_year if i + 1 < len(forms) else None}
                  for i, f in enumerate(forms)], "metadata": datasette.metadata(), **links},
        request=request))


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
