"""Scrapy downloader middlewares of `govparse fetch`: every response kept as received in a
WARC file (warcio), and a host's 429/503 honoured with its Retry-After, a host given up
after repeated errors. Robots (Protego), the delay and AutoThrottle are Scrapy's own."""

from __future__ import annotations

import email.utils
import time
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from govparse.fetch.columns import settings
from govparse.fetch.state import BOOKKEEPING, WARC


class Archive:
    """Each response, status line, headers and body as the server sent them (this middleware
    stands next to the downloader: before decompression, redirects and retries), appended to
    DIR/.govparse-fetch/responses.warc.gz; its record id goes with the response."""

    def __init__(self, out: Path) -> None:
        self.file = open(out / BOOKKEEPING / WARC, "ab")  # noqa: SIM115 (open for the crawl)
        self.writer = WARCWriter(self.file, gzip=True)

    @classmethod
    def from_crawler(cls, crawler):
        archive = cls(Path(crawler.settings["GOVPARSE_OUT"]))
        crawler.signals.connect(archive.close, signal=signals.spider_closed)
        return archive

    def process_response(self, request: Request, response: Response, spider=None) -> Response:
        headers = [(k.decode("latin-1"), v.decode("latin-1"))
                   for k, values in response.headers.items() for v in values]
        status = f"{response.status} {_reason(response.status)}"
        record = self.writer.create_warc_record(
            response.url, "response", payload=BytesIO(response.body),
            http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"))
        self.writer.write_record(record)
        self.file.flush()
        request.meta["warc_record"] = f"{WARC}#{record.rec_headers.get_header('WARC-Record-ID')}"
        return response

    def close(self) -> None:
        self.file.close()


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


class Polite:
    """A 429 or 503 makes the host wait its Retry-After (or a doubling backoff) before the
    next request, then the request is tried again, up to max_retries; after
    give_up_after_errors errors in a row a host is given up, and said to be."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        s = settings()
        self.statuses, self.retries = set(s["retry_statuses"]), s["max_retries"]
        self.give_up = s["give_up_after_errors"]
        self.longest_wait = s["longest_retry_after"]
        self.errors: dict[str, int] = {}
        self.abandoned: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request, spider=None):
        host = _host(request.url)
        if host in self.abandoned:
            raise IgnoreRequest(f"已放弃主机 {host}：连续 {self.give_up} 次出错")
        allowed = getattr(self.crawler.spider, "allowed_domains", None)
        # a retried or redirected request skips Scrapy's offsite check: stay on the start hosts
        if allowed and (urlsplit(request.url).hostname or "") not in allowed:
            raise IgnoreRequest(f"不在起始网站上：{host}")
        return None

    def process_response(self, request: Request, response: Response, spider=None):
        host = _host(request.url)
        if response.status < 500 and response.status not in self.statuses:
            self.errors[host] = 0
            return response
        self.errors[host] = self.errors.get(host, 0) + 1
        if self.errors[host] >= self.give_up:
            self.abandoned.add(host)
            self.crawler.stats.set_value("govparse/abandoned_host", host)
            return response
        tries = request.meta.get("polite_tries", 0)
        if response.status not in self.statuses or tries >= self.retries:
            return response
        wait = _retry_after(response.headers.get(b"Retry-After"), 2.0 ** tries)
        if wait > self.longest_wait:  # a day's Retry-After: this URL is left for another run
            self.crawler.stats.inc_value("govparse/too_long_to_wait")
            return response
        slot = self._slot(request)
        if slot is not None:  # the whole host waits, from now, not just this request
            slot.delay = max(slot.delay, wait)
            slot.lastseen = time.monotonic()  # the downloader's clock
        self.crawler.stats.inc_value("govparse/retried")
        progress = getattr(self.crawler.spider, "progress", None)
        if progress:
            progress("waiting", f"{host}（{response.status}，等待 {wait:g} 秒）")
        retry = request.replace(dont_filter=True)
        retry.meta["polite_tries"] = tries + 1
        retry.meta["waited"] = wait
        return retry

    def _slot(self, request: Request):
        downloader = self.crawler.engine.downloader
        key = request.meta.get("download_slot") or downloader.get_slot_key(request)
        return downloader.slots.get(key)


def _retry_after(value: bytes | None, default: float) -> float:
    """Seconds from a Retry-After header: a number, or an HTTP date."""
    if not value:
        return default
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


def _host(url: str) -> str:
    return urlsplit(url).netloc
