"""A government site's 年报 column, served on 127.0.0.1 by the test itself: a TRS-style column
(createPageHTML pages, .TRS_Editor bodies) and a Hanweb-style one (a datastore in the page,
the rest from dataproxy.jsp), with real reports of corpus/ as pages and attachments, a
robots.txt that forbids /private/, a 301, a 429 with Retry-After, an anti-bot challenge and a
page in GBK. Every request is logged with its time."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.conftest import CORPUS
from tests.helpers.render import to_html

SEED_GOV = "001_7082bf4ff2eed00e.txt"  # 湘潭县人民政府 2025
SEED_WD = "003_6ce8937615f01921.txt"  # 卫东区人力资源和社会保障局 2025
RETRY_AFTER = 1


def _body(seed: str) -> str:
    page = to_html((CORPUS / seed).read_text("utf-8"))
    return re.search(r"<div class='content'>(.*)</div></div>", page, re.S)[1]


def _page(title: str, body: str, box: str, charset: str = "utf-8") -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='{charset}'><title>{title}_湘潭县人民政府"
            f"</title></head><body><div class='nav'><a href='/'>首页</a> &gt; 政府信息公开年报"
            f"</div><h1>{title}</h1><div {box}>{body}</div><div class='footer'>网站标识码"
            "</div></body></html>")


def _list(items: list[tuple[str, str]], extra: str = "") -> str:
    lis = "".join(f"<li><a href='{href}' title='{title}' target='_blank'>{title}</a>"
                  f"<span>2026-01-10</span></li>" for href, title in items)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>政府信息公开年报</title>"
            f"</head><body><ul class='list'>{lis}</ul>{extra}</body></html>")


class ColumnSite:
    """Start with `with ColumnSite() as site:`; site.url(path); site.requests."""

    def __init__(self) -> None:
        self.requests: list[tuple[float, str, str, int, str]] = []  # time, method, path, status, UA
        self.lock = threading.Lock()
        self.throttled = False
        self.pages = self._pages()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.serve(self, "GET")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                site.serve(self, "POST")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> ColumnSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    # ---- content ---------------------------------------------------------------------
    def _pages(self) -> dict[str, tuple[bytes, str, bool]]:
        """path -> (body, content type, with validators)."""
        pdf = (CORPUS / "hongze-district-gov-2024.pdf").read_bytes()
        pdf23 = (CORPUS / "hongze-district-gov-2023.pdf").read_bytes()
        gov = _page("湘潭县人民政府2025年政府信息公开工作年度报告", _body(SEED_GOV),
                    "class='TRS_Editor'")
        wd = _page("卫东区人力资源和社会保障局2025年政府信息公开工作年度报告", _body(SEED_WD),
                   "id='zoom'", charset="gbk")
        cover = _page("2024年淮安市洪泽区人民政府政府信息公开工作年度报告",
                      "<p>附件：<a href='/xxgk/ndbg/202501/P020250105.pdf'>2024年年报.pdf</a></p>",
                      "class='TRS_Editor'")
        cover23 = _page("洪泽区人民政府2023年政府信息公开工作年度报告",
                        "<p>点击下载：<a href='/new/P020240110.pdf'>年度报告</a></p>",
                        "id='zoom'")
        challenge = ("<html><head><script>var x='WZWS_CONFIRM';document.cookie='wzws_cid=1';"
                     "location.reload();</script></head><body></body></html>")
        trs = _list([("./202601/t20260110_1.html", "湘潭县人民政府2025年政府信息公开工作年度报告"),
                     ("/private/t1.html", "湘潭县人民政府2024年政府信息公开工作年度报告"),
                     ("/wzws/t2.html", "湘潭县人力资源和社会保障局2025年政府信息公开工作年度报告")],
                    "<script>createPageHTML(2, 0, \"index\", \"html\");</script>")
        hongze = "2024年淮安市洪泽区人民政府政府信息公开工作年度报告"
        trs2 = _list([("./202501/t20250105_2.html", hongze),
                      ("/old/t3.html", "洪泽区人民政府2023年政府信息公开工作年度报告")],
                     "<script>createPageHTML(2, 1, \"index\", \"html\");</script>")
        record = ("<record><![CDATA[<li><a href='/art/2026/1/5/art_123_1.html' "
                  "title='卫东区人力资源和社会保障局2025年政府信息公开工作年度报告'>卫东区人力资源和"
                  "社会保障局2025年政府信息公开工作年度报告</a></li>]]></record>")
        hanweb = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>年报</title></head>"
                  "<body>"
                  "<div id='238901'><script type='text/xml'><datastore><nextgroup><![CDATA[<a "
                  "href='/module/web/jpage/dataproxy.jsp?page=1&webid=12&path=/&columnid=123"
                  "&unitid=238901&webname=x&permissiontype=0'></a>]]></nextgroup><recordset>"
                  f"{record}</recordset></datastore></script></div><script>$('#238901')."
                  "jpage({dataStore: dataStore, perPage: 1, totalRecord: 2, proxyUrl: "
                  "'/module/web/jpage/dataproxy.jsp', webid: '12', columnid: '123', "
                  "unitid: '238901'});</script></body></html>")
        proxy = ("<?xml version='1.0' encoding='utf-8'?><datastore><totalrecord>2</totalrecord>"
                 "<totalpage>2</totalpage><recordset><record><![CDATA[<li><a href='/xxgk/ndbg/"
                 f"202501/t20250105_2.html' title='{hongze}'>{hongze}</a></li>]]></record>"
                 "</recordset></datastore>")
        html = "text/html; charset=utf-8"
        return {
            "/robots.txt": (b"User-agent: *\nDisallow: /private/\n", "text/plain", False),
            "/xxgk/ndbg/index.html": (trs.encode(), html, False),
            "/xxgk/ndbg/index_1.html": (trs2.encode(), html, False),
            "/xxgk/ndbg/202601/t20260110_1.html": (gov.encode(), html, True),
            "/xxgk/ndbg/202501/t20250105_2.html": (cover.encode(), html, True),
            "/xxgk/ndbg/202501/P020250105.pdf": (pdf, "application/pdf", True),
            "/new/t3.html": (cover23.encode(), html, True),
            "/new/P020240110.pdf": (pdf23, "application/pdf", False),  # no validators
            "/private/t1.html": (gov.encode(), html, True),
            "/wzws/t2.html": (challenge.encode(), html, False),
            "/col/col123/index.html": (hanweb.encode(), html, False),
            "/module/web/jpage/dataproxy.jsp": (proxy.encode(), "text/xml; charset=utf-8", False),
            "/art/2026/1/5/art_123_1.html": (wd.encode("gb18030"), "text/html; charset=gbk",
                                             True),
        }

    def serve(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        path = handler.path.split("?")[0]
        status, headers, body = self.answer(handler, path)
        with self.lock:
            self.requests.append((time.monotonic(), method, handler.path, status,
                                  handler.headers.get("User-Agent", "")))
        handler.send_response(status)
        for k, v in headers.items():
            handler.send_header(k, v)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def answer(self, handler, path: str) -> tuple[int, dict[str, str], bytes]:
        if path == "/old/t3.html":
            return 301, {"Location": "/new/t3.html"}, b""
        if path == "/module/web/jpage/dataproxy.jsp" and not self.throttled:
            self.throttled = True
            return 429, {"Retry-After": str(RETRY_AFTER)}, b"too many requests"
        if path not in self.pages:
            return 404, {"Content-Type": "text/plain"}, b"not found"
        body, kind, validators = self.pages[path]
        headers = {"Content-Type": kind}
        if validators:
            etag = '"' + hashlib.sha1(body).hexdigest() + '"'
            headers |= {"ETag": etag, "Last-Modified": formatdate(1767225600, usegmt=True)}
            if handler.headers.get("If-None-Match") == etag:
                return 304, headers, b""
        return 200, headers, body
