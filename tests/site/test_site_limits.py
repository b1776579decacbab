"""One request never stalls the site: SQL that would allocate or loop without bound is
refused at once, client mistakes are 4xx pages in Chinese (never a 500, never a rich
traceback), the plugin pages read whatever database is served, and pages of an immutable
database are kept (publish/site/limits.py, errors.py, cache.py). In-process, no network."""

from __future__ import annotations

import asyncio
import re
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from datasette.app import Datasette
from datasette.utils import tilde_encode

from govparse.publish.serve import metadata
from govparse.publish.site import cache, errors, limits

LOOP = asyncio.new_event_loop()
META = metadata()
TOO_BIG = "值过大：单个文字或二进制值不能超过 1 MB"


def _get(ds: Datasette, path: str, method: str = "get"):
    return LOOP.run_until_complete(getattr(ds.client, method)(path))


def _sql(sql: str) -> str:
    """SQL for a query string: %, + and | are not left to be misread."""
    return sql.replace("%", "%25").replace("+", "%2B").replace("|", "%7C")


def _raw(ds: Datasette, method: str, url: str) -> tuple[int, str]:
    """A request as a server passes it on, path untouched (httpx would resolve ../)."""
    path, _, query = url.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path,
             "raw_path": path.encode("latin-1"), "query_string": query.encode("latin-1"),
             "root_path": "",
             "headers": [(b"host", b"localhost")], "client": ("127.0.0.1", 1),
             "server": ("localhost", 80)}
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    LOOP.run_until_complete(ds.app()(scope, receive, send))
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body.decode("utf-8")


@pytest.fixture(scope="module")
def site(built_db) -> Datasette:
    """As `govparse serve` opens it: immutable, with the project's metadata."""
    return Datasette(immutables=[str(built_db)], metadata=META)


@pytest.fixture(scope="module")
def sha(built_db) -> str:
    with sqlite3.connect(built_db) as conn:
        return conn.execute("select sha256 from reports where agency = '湘潭县人民政府' "
                            "and year = 2025").fetchone()[0]


@pytest.mark.parametrize("sql", [
    "select randomblob(1000000000)",
    "select zeroblob(1000000000)",
    "select printf('%.*c', 1000000000, 'x')",
    "select format('%1000000000d', 1)",
    "select printf('%.*c', '1000000000', 'x')",  # the width read from text, as SQLite does
    "select replace(printf('%.*c', 1000, 'a'), 'a', printf('%.*c', 2000, 'b'))",
    "with recursive s(x) as (select 'x' union all select x || x from s) select max(x) from s",
])
@pytest.mark.parametrize("shape", ["json", "html"])
def test_sql_that_would_grow_a_value_without_bound_is_refused_at_once(site, sql, shape):
    t0 = time.perf_counter()
    response = _get(site, "/reports" + (".json" if shape == "json" else "") + "?sql=" + _sql(sql))
    assert time.perf_counter() - t0 < 2  # was 50 s and 1.33 GB for randomblob
    assert response.status_code == 400
    message = response.json()["error"] if shape == "json" else response.text
    assert TOO_BIG in message and "string or blob too big" in message


def test_many_values_under_the_limit_are_refused_once_they_add_up(site):
    sql = ("with recursive r(n) as (select 1 union all select n + 1 from r limit 1000) "
           "select printf('%.*c', 100000, 'x') from r")  # 1000 × 100 KB
    response = _get(site, "/reports.json?sql=" + _sql(sql))
    assert response.status_code == 400
    assert response.json()["error"] == limits.RESULT_TOO_BIG


@pytest.mark.parametrize(("sql", "status", "answer"), [
    # Each is one step of SQLite, which the time limit cannot interrupt; 2-30 s before.
    ("select instr(printf('%.*c', 900000, 'a'), printf('%.*c', 100000, 'a') || 'b')",
     200, [[0]]),  # answered in linear time
    ("select trim(printf('%.*c', 900000, 'a'), printf('%.*c', 90000, 'b') || 'a')",
     400, TOO_BIG),
    ("select printf('%.*c', 900000, 'a') like '%' || printf('%.*c', 10000, 'a') || 'b'",
     400, "LIKE 或 GLOB 的匹配模式过长（不能超过 500 个字符）"),
])
def test_functions_whose_time_grows_with_their_arguments_are_bounded(site, sql, status,
                                                                     answer):
    t0 = time.perf_counter()
    response = _get(site, "/reports.json?sql=" + _sql(sql))
    assert time.perf_counter() - t0 < 2
    assert response.status_code == status
    if status == 200:
        assert response.json()["rows"] == answer
    else:
        assert response.json()["error"].startswith(answer)


def test_bounded_functions_answer_as_sqlites_own():
    plain, bounded = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    limits.prepare(bounded)
    values = [None, 0, 7, -3, 1.5, "", " ", "a", "ab", "  x y  ", "湘潭县湘潭", b"", b"ab",
              b"\x00a", "12abc", "%", "x%d", "%5.2f|%-4s|%.3c|%%|%*d", "%!.3g %q %Q %w %z"]
    calls = [(f"select {f}(?, ?)", (x, y)) for f in ("instr", "trim", "ltrim", "rtrim",
                                                       "printf", "format")
             for x in values for y in values]
    calls += [("select replace(?, ?, ?)", (x, y, z)) for x in values for y in values
              for z in (None, "", "Z", 7)]
    calls += [("select trim(?)", (x,)) for x in values]
    for sql, args in calls:
        assert _outcome(bounded, sql, args) == _outcome(plain, sql, args), (sql, args)


def _outcome(conn: sqlite3.Connection, sql: str, args: tuple) -> object:
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.Error as e:
        return type(e).__name__, str(e)


@pytest.mark.parametrize(("path", "status", "chinese"), [
    ("/-/report/../../../../etc/passwd", 404, "没有这个页面"),  # no route: was a 500
    ("/-/report/abc", 404, "没有这份报告"),
    ("/reports/reports?_sort=nonexistent", 400, "不能按“nonexistent”排序"),
    ("/reports/reports?_timelimit=abc", 400, "参数应为整数"),
    ("/reports/reports?_size=abc", 400, "_size 必须是正整数"),
    ("/reports/no_such_table", 404, "没有这个表"),
    ("/-/agency/~ff", 404, "没有这个机关"),
    ("/-/agency/" + "x" * 5000, 404, "没有这个机关"),
])
def test_client_mistakes_are_4xx_pages_in_chinese(site, path, status, chinese):
    got, html = _raw(site, "GET", path)
    assert got == status
    assert f"<h1>{errors.STATUS_ZH[status]}（{status}）</h1>" in html and chinese in html


def test_a_post_to_a_canned_query_is_a_405(site):
    response = _get(site, "/reports/find_agency", method="post")
    assert response.status_code == 405  # Datasette 0.65: 'tuple' … 'asgi_send', a 500
    assert "本站只读" in response.text and response.headers["allow"] == "GET, HEAD"
    assert _get(site, "/reports/find_agency.json", method="post").json()["status"] == 405


def test_an_odd_question_or_escape_is_still_a_page(site):
    assert _get(site, "/-/ask?q=%ff").status_code == 200
    assert _raw(site, "GET", "/reports/sections?_search=\xff")[0] == 200  # a raw byte
    assert _get(site, "/-/ask?q=" + "问" * 10000).status_code == 200
    assert _get(site, "/-/agency/%ff").status_code == 302  # to the tilde form, then a 404


def test_an_error_prints_no_rich_traceback(site, capsys):
    for path in ("/-/report/../../etc/passwd", "/reports/no_such_table"):
        capsys.readouterr()
        assert _raw(site, "GET", path)[0] == 404
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err and "╭" not in out + err


def test_a_query_page_shows_sqls_error_in_chinese(site):
    page = _get(site, "/reports?sql=select+*+from+nowhere")
    assert page.status_code == 400
    assert "没有这个表：nowhere（no such table: nowhere）" in page.text


def test_plugin_pages_read_a_database_whatever_its_name(built_db, sha, tmp_path):
    other = tmp_path / "other.db"
    shutil.copy(built_db, other)
    ds = Datasette(immutables=[str(other)])
    report = _get(ds, f"/-/report/{sha}")
    assert report.status_code == 200 and "湘潭县人民政府" in report.text
    assert f'href="/other/findings?report={sha}"' in report.text
    agency = _get(ds, "/-/agency/" + tilde_encode("湘潭县人民政府"))
    assert agency.status_code == 200 and 'href="/other/agency_years?' in agency.text
    answer = _get(ds, "/-/ask?q=湘潭县人民政府2025年收到多少政府信息公开申请")
    assert answer.status_code == 200 and 'href="/other?sql=' in answer.text
    assert f'href="/-/report/{sha}"' in _get(ds, "/other/reports").text


def _scope(path: str, query: bytes = b"", method: str = "GET", headers=()) -> dict:
    return {"type": "http", "method": method, "scheme": "http", "path": path,
            "raw_path": path.encode(), "query_string": query,
            "headers": [(b"host", b"localhost"), *headers]}


def test_which_requests_are_kept(site, built_db):
    kept = cache.Cache(site)
    assert kept.key(_scope("/")) == ("http", b"localhost", "/", b"")
    assert kept.key(_scope("/reports/reports", b"year=2025")) is not None
    assert kept.key(_scope("/-/report/abc")) is not None
    for scope in (_scope("/reports", b"sql=select+random()"),
                  _scope("/reports", b"s%71l=select+random()"),  # sql, percent-encoded
                  _scope("/reports/cells.csv", b"_stream=on"),
                  _scope("/reports/find_agency", method="POST"),
                  _scope("/", headers=[(b"cookie", b"ds_actor=x")]),
                  _scope("/-/versions.json"),
                  _scope("/reports/reports/1")):
        assert kept.key(scope) is None, scope
    # a mutable database (Datasette([path]), as the other tests open it) is never kept
    assert cache.Cache(Datasette([str(built_db)])).key(_scope("/")) is None


def test_a_kept_page_is_the_page(site):
    first, second = _get(site, "/reports/reports?year=2025"), _get(site,
                                                                   "/reports/reports?year=2025")
    assert first.status_code == second.status_code == 200
    assert first.text == second.text and dict(first.headers) == dict(second.headers)


def test_a_database_named_otherwise_is_served_with_its_queries_and_links(built_db, tmp_path):
    """`govparse build -o hunan-2025.db` then `govparse serve hunan-2025.db`: the home
    page's links, the canned queries and the row counts are all there."""
    import json

    from govparse.publish.row_counts import inspect_path
    from govparse.publish.serve import datasette_args

    other = tmp_path / "hunan-2025.db"
    shutil.copy(built_db, other)
    shutil.copy(inspect_path(built_db), inspect_path(other))
    raw = json.loads(inspect_path(other).read_text("utf-8"))
    inspect_path(other).write_text(json.dumps({"hunan-2025": {**raw["reports"],
                                                              "file": other.name}}), "utf-8")
    args = datasette_args(other)
    served = Path(args[args.index("-i") + 1])
    assert served.name == "reports.db" and served.resolve() == other.resolve()
    counts = json.loads(Path(args[args.index("--inspect-file") + 1]).read_text("utf-8"))
    assert counts["reports"]["tables"]["reports"]["count"] == raw["reports"]["tables"][
        "reports"]["count"]
    ds = Datasette(immutables=[str(served)], metadata=metadata())
    home = _get(ds, "/")
    links = set(re.findall(r'href="(/reports[^"#?]*)', home.text))
    assert "/reports/strict_failures" in links
    for link in sorted(links):
        assert _get(ds, link).status_code == 200, link
    for name in metadata()["databases"]["reports"]["queries"]:
        assert _get(ds, f"/reports/{name}").status_code == 200, name
