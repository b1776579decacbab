"""Error pages in Chinese, with the right status and without a traceback on every one.

Datasette's own handler prints a rich traceback with every local variable of every frame
when rich is installed (it is, through spaCy): about 0.4 s of the event loop for each 404,
and a ValueError (so a 500) when the 404 comes from no route at all, outside an `except`.
It also answers a client's mistake such as `?_sort=nonexistent` with a 500. So the plugin's
handle_exception answers instead of it (see __init__.py), and prints a plain traceback for
a 500 alone.
"""

from __future__ import annotations

import re
import sqlite3
import sys
import traceback
from typing import Any

from datasette.utils import add_cors_headers
from datasette.utils.asgi import Base400, Request, Response
from datasette.views.base import DatasetteError

from govparse.data import load
from govparse.publish.site import limits

# The Chinese of Datasette's and SQLite's messages, and of each status (messages.yml).
_DATA = load(__package__, "messages.yml")
STATUS_ZH: dict[int, str] = _DATA["status_zh"]
_FIGURES = {"value_mb": limits.VALUE_BYTES // 1_000_000, "like_pattern": limits.LIKE_PATTERN,
            "columns": limits.COLUMNS}
MESSAGES: list[tuple[str, int | None, str]] = [
    (m["match"].replace("{too_big}", re.escape(limits.TOO_BIG)), m["status"], m["zh"])
    for m in _DATA["messages"]]
_MESSAGES = [(re.compile(pattern, re.DOTALL), status, text)
             for pattern, status, text in MESSAGES]
TITLES_ZH = {"Invalid SQL": "SQL 有误", "SQL Interrupted": "查询超时"}
# Datasette's message for a query over sql_time_limit_ms is English HTML with the SQL.
INTERRUPTED = ("查询超过了 {seconds:g} 秒的时间限制，已中止。"
               "请缩小查询范围（加筛选条件或 limit）后再试。")


def translate(message: str) -> tuple[int | None, str]:
    """(status, Chinese text) of a Datasette or SQLite message; (None, message) when the
    message is not known, or is already ours (the result budget of limits.py)."""
    for pattern, status, text in _MESSAGES:
        match = pattern.fullmatch(message.strip())
        if match:
            said = text.format(**_FIGURES, **match.groupdict())
            return status, said if message.isdigit() else f"{said}（{message}）"
    return None, message


def zh_error(message: Any) -> Any:
    """Jinja filter: a query page's error, in Chinese (see templates/query.html)."""
    return translate(message)[1] if isinstance(message, str) else message


def _status_and_message(datasette, exception: Exception) -> tuple[int, str, str | None]:
    if isinstance(exception, Base400):
        status, message, title = exception.status, str(exception.args[0]), None
    elif isinstance(exception, DatasetteError):
        status, title = exception.status, exception.title
        if title == "SQL Interrupted":  # its message is English HTML around the SQL
            seconds = datasette.setting("sql_time_limit_ms") / 1000
            return 400, INTERRUPTED.format(seconds=seconds), TITLES_ZH[title]
        message = str(exception.message)
    elif isinstance(exception, sqlite3.DatabaseError):  # DataError: not caught by the views
        status, message, title = 400, str(exception), "Invalid SQL"
    else:
        status, message, title = 500, str(exception), None
    known, message = translate(message)
    return known or status, message, TITLES_ZH.get(title or "", title)


async def response(datasette, request, exception: Exception) -> Response:
    """The error page (or JSON, for a .json path) of an exception."""
    status, message, title = _status_and_message(datasette, exception)
    if status >= 500:  # a bug: its traceback belongs in the server's log
        traceback.print_exception(exception, file=sys.stderr)
    return await page(datasette, request, status, message, title)


async def page(datasette, request, status: int, message: str,
               title: str | None = None) -> Response:
    title = title or STATUS_ZH.get(status, "出错了")
    headers: dict[str, str] = {}
    if datasette.cors:
        add_cors_headers(headers)
    info = {"ok": False, "error": message, "status": status, "title": title}
    if request.path.split("?")[0].endswith(".json"):
        return Response.json(info, status=status, headers=headers)
    # only_reads answers before Datasette has started or asgi_csrf has seen the request.
    await datasette.invoke_startup()
    html = await datasette.render_template(
        "error.html", info, request=request if "csrftoken" in request.scope else None)
    return Response.html(html, status=status, headers=headers)


READ_ONLY = "本站只读：只接受 GET 请求（数据库以只读方式打开，没有可以提交的查询）"


def only_reads(datasette, app):
    """A POST (PUT, DELETE …) to a page of the database answered 405 in Chinese. Datasette
    0.65 fails with a 500 on a POST to a canned query that does not write ('tuple' object
    has no attribute 'asgi_send'), and the site is read-only: `govparse serve` opens the
    database immutable and no canned query writes. Datasette's own /-/ endpoints (logout,
    messages) keep their methods."""
    async def guarded(scope, receive, send):
        if (scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS")
                and not scope["path"].startswith("/-/")):
            response = await page(datasette, Request(scope, receive), 405, READ_ONLY)
            response.headers["Allow"] = "GET, HEAD"
            await response.asgi_send(send)
            return
        await app(scope, receive, send)
    return guarded
