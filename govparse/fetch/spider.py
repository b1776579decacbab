"""The Scrapy spider of `govparse fetch`: from a column's list page (or a report page) to
every report it lists, saved into DIR with where it came from.

A list page gives its report links, its other pages (TRS, plain) and Hanweb's record calls;
a report page is saved when it holds the report's text, and its attachments are saved as
the report (or as other renderings of it). A URL saved before is asked again only with its
validators (If-None-Match, If-Modified-Since), or not at all when it had none: a second run
downloads nothing unchanged, and a run killed midway resumes where it stopped."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import scrapy
from scrapy.http import FormRequest, Request, Response, TextResponse

from govparse.fetch import columns
from govparse.fetch.state import Saved, State
from govparse.report.metadata import from_title

log = logging.getLogger("govparse.fetch")


class ReportSpider(scrapy.Spider):
    name = "govparse"

    def __init__(self, urls: list[str], state: State, progress=None, **kw) -> None:
        super().__init__(**kw)
        self.urls = urls
        self.state = state
        self.progress = progress or (lambda event, url: None)
        self.allowed_domains = sorted({urlsplit(u).hostname or "" for u in urls})
        self.counts = {"pages": 0, "reports": 0, "new": 0, "unchanged": 0, "blocked": 0,
                       "failed": 0, "skipped": 0}

    async def start(self):
        for url in self.urls:
            # the start may be a column or one report: both are read as pages
            yield Request(url, callback=self.page, errback=self.failed, meta={"title": ""})

    # ---- pages ----------------------------------------------------------------------
    def page(self, response: Response):
        if not isinstance(response, TextResponse):  # downfile.jsp?filename=…pdf: the file
            yield from self.attachment(response)
            return
        self._logged(response, "page")
        if self._blocked(response):
            return
        html = response.text
        title = response.meta.get("title") or _page_title(html)
        listed = columns.report_links(response.url, html)
        # a page that lists two reports or more is a list, whatever its title says
        if len(listed) < 2 and columns.names_a_report(title) and (
                columns.is_report_text(html) or columns.attachments(response.url, html)):
            yield from self.report(response)
            return
        self.counts["pages"] += 1
        for link in listed:
            yield from self.follow(link, response.url)
        for url in columns.next_pages(response.url, html):
            yield Request(url, callback=self.page, errback=self.failed, meta={"title": ""})
        for call in columns.hanweb_calls(response.url, html):
            yield FormRequest(call.url, formdata=call.form, callback=self.hanweb,
                              errback=self.failed, meta={"call": call})

    def hanweb(self, response: Response):
        """Hanweb's records proxy: XML whose records are list items with the links."""
        self._logged(response, "list records")
        found = columns.records(response.text)
        if not found and response.request.method == "POST":  # a proxy that wants GET
            call = response.meta["call"]
            query = "&".join(f"{k}={v}" for k, v in call.form.items())
            yield Request(f"{call.url}&{query}", callback=self.hanweb, errback=self.failed,
                          meta={"call": call}, dont_filter=True)
            return
        for record in found:
            for link in columns.report_links(response.url, record):
                yield from self.follow(link, response.url)

    def follow(self, link: columns.Link, referer: str):
        """A report link: its page, or the attachment it points at (the report itself)."""
        is_file = bool(columns.attachments(referer, f'<a href="{link.url}">x</a>'))
        callback = self.attachment if is_file else self.page
        request = self._conditional(Request(link.url, callback=callback, errback=self.failed,
                                            meta={"title": link.title, "source": link.url},
                                            headers={"Referer": referer}))
        if request is not None:
            yield request

    def report(self, response: Response):
        """A report page: saved when it holds the text; its attachments saved as the report.
        The page is remembered as read (its validators, for the next run) only once every
        attachment is saved: an attachment that failed is asked for again next time."""
        html = response.text
        title = response.meta.get("title") or _page_title(html)
        if columns.is_report_text(html):
            self._save(response, _html_name(response.url), title)
        files = columns.attachments(response.url, html)
        cover = _Cover((*response.meta.get("redirect_urls", ()), response.url),
                       *_validators(response), tuple(link.url for link in files))
        self._cover_done(cover)
        for link in files:
            request = self._conditional(Request(
                link.url, callback=self.attachment, errback=self.failed,
                meta={"title": title, "source": response.url, "cover": cover},
                headers={"Referer": response.url}))
            if request is not None:
                yield request

    def _cover_done(self, cover: _Cover) -> None:
        if all(self.state.saved(url) for url in cover.files):
            for url in cover.urls:  # as linked, too
                self.state.read_page(url, cover.etag, cover.last_modified)

    def attachment(self, response: Response):
        self._logged(response, "attachment")
        if response.status == 304:
            return
        if self._blocked(response):
            return
        if isinstance(response, TextResponse) and b"html" in (
                response.headers.get(b"Content-Type") or b"").lower():
            self.counts["failed"] += 1  # a block or error page where a file was linked
            self.state.log(response.url, response.status, len(response.body),
                           "不是附件：服务器返回的是网页，未保存")
            return
        name = urlsplit(response.url).path.rsplit("/", 1)[-1]
        query_name = columns.file_name_in_query(response.url)
        self._save(response, query_name or name, response.meta.get("title", ""))
        if response.meta.get("cover"):
            self._cover_done(response.meta["cover"])

    # ---- bookkeeping ------------------------------------------------------------------
    def _conditional(self, request: Request) -> Request | None:
        """A URL saved before: asked with its validators, or not asked (it had none). A
        report page read before (the cover of its attachments) is asked with its own."""
        known = self.state.saved(request.url)
        if known is None and request.callback == self.page:
            validators = self.state.page(request.url)
            if validators and any(validators):
                known = Saved(request.url, "", "", *validators)
        if known is None:
            return request
        if not (known.etag or known.last_modified):
            self.counts["skipped"] += 1
            self.state.log(request.url, None, None, "已保存过，未再请求（服务器未给出 ETag 或 "
                           "Last-Modified，无法判断是否更新）")
            return None
        headers = {"If-None-Match": known.etag} if known.etag else {}
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        request.headers.update(headers)
        request.meta["handle_httpstatus_list"] = [304]
        if request.callback == self.page:
            request = request.replace(callback=self.known_page)
        return request

    def known_page(self, response: Response):
        if response.status == 304:
            self._logged(response, "page")
            return
        yield from self.page(response)

    def _save(self, response: Response, name: str, title: str) -> None:
        agency, year = from_title(title)
        file, new = self.state.save(
            response.url, response.body, name, agency, year,
            response.meta.get("source") or response.url, *_validators(response),
            response.meta.get("warc_record"),
            also=tuple(response.meta.get("redirect_urls", ())))  # as linked, too
        self.counts["reports"] += 1
        self.counts["new" if new else "unchanged"] += 1
        if self.counts["reports"] % _MANIFEST_EVERY == 0:  # a killed run's files are listed
            self.state.write_csv()
        self.state.log(response.url, response.status, len(response.body),
                       f"保存为报告 {file}" if new else f"与已保存的 {file} 相同")
        self.progress("saved", response.url)

    def _logged(self, response: Response, what: str) -> None:
        redirects = response.meta.get("redirect_urls")
        note = f"由 {' → '.join(redirects)} 重定向而来" if redirects else ""
        if response.status == 304:
            self.counts["unchanged"] += 1
            self.state.log(response.url, 304, 0, "未变化（304），未下载", note)
        else:
            self.state.log(response.url, response.status, len(response.body), f"读取{_ZH[what]}",
                           note)
        self.progress("page", response.url)

    def _blocked(self, response: Response) -> bool:
        html = response.text if hasattr(response, "text") else ""
        if not columns.is_challenge(response.status, html):
            return False
        self.counts["blocked"] += 1
        self.state.log(response.url, response.status, len(response.body),
                       "被拦截：反爬虫脚本验证页（没有内容，不保存，不绕过）")
        self.progress("blocked", response.url)
        return True

    def failed(self, failure) -> None:
        request = failure.request
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else None
        why = type(failure.value).__name__
        event = "failed"
        if "robots" in str(failure.value).lower() or why == "IgnoreRequest":
            event, action = "skipped", f"未请求：{failure.value}"
            if "robots" in str(failure.value).lower():
                action = "未请求：robots.txt 不允许"
        elif status is not None and columns.is_challenge(status, response.text
                                                         if hasattr(response, "text") else ""):
            self.counts["blocked"] += 1
            event, action = "blocked", "被拦截：反爬虫脚本验证页（没有内容，不保存，不绕过）"
        else:
            self.counts["failed"] += 1
            action = f"失败：{status or why}"
        self.state.log(request.url, status, len(response.body) if response is not None else None,
                       action)
        self.progress(event, request.url)


def _validators(response: Response) -> tuple[str | None, str | None]:
    etag = response.headers.get(b"ETag")
    modified = response.headers.get(b"Last-Modified")
    return (etag.decode("latin-1") if etag else None,
            modified.decode("latin-1") if modified else None)


_MANIFEST_EVERY = 10  # saved reports between two writings of manifest.csv


@dataclass(frozen=True)
class _Cover:
    """A report page whose attachments are the report: its URLs (as linked and as
    redirected), its validators, and the attachments it links."""

    urls: tuple[str, ...]
    etag: str | None
    last_modified: str | None
    files: tuple[str, ...]


_ZH = {"page": "页面", "list records": "列表记录", "attachment": "附件"}


def _page_title(html: str) -> str:
    from parsel import Selector

    page = Selector(text=html)
    for css in ("h1::text", "title::text"):  # one heading, not every .title of a list
        text = " ".join(page.css(css).getall()).strip()
        if columns.names_a_report(text):
            return text
    return " ".join(page.css("title::text").getall()).strip()


def _html_name(url: str) -> str:
    name = urlsplit(url).path.rsplit("/", 1)[-1] or "index.html"
    return name if name.lower().endswith((".html", ".htm", ".shtml")) else f"{name}.html"
