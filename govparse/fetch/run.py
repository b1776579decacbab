"""`govparse fetch`: Scrapy set up to be polite (robots.txt through Protego, one request at a
time per host, the delay between them, AutoThrottle above it, 429/503 with Retry-After),
its responses archived (WARC), and the reports saved into DIR with manifest.csv and
fetch_log.csv. Scrapy's reactor runs once per process: call this once."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from govparse.fetch.columns import settings
from govparse.fetch.state import State


@dataclass
class Summary:
    pages: int
    reports: int
    new: int
    unchanged: int
    blocked: int
    failed: int
    skipped: int
    requests: int
    abandoned: str | None


def user_agent() -> str:
    from govparse import __version__

    # ASCII only: a header's bytes are Latin-1
    return (f"govparse/{__version__} "
            "(+https://github.com/govparse/govparse; annual-report open data)")


def fetch(start: list[str], out: Path, delay: float | None = None,
          max_requests: int | None = None, progress=None) -> Summary:
    from scrapy.crawler import CrawlerProcess

    from govparse.fetch.spider import ReportSpider

    out.mkdir(parents=True, exist_ok=True)
    state = State(out)
    delay = settings()["default_delay"] if delay is None else delay
    process = CrawlerProcess(settings={
        "GOVPARSE_OUT": str(out),
        "USER_AGENT": user_agent(),
        "ROBOTSTXT_OBEY": True,  # Scrapy's default parser is Protego
        "ROBOTSTXT_USER_AGENT": "govparse",
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "DOWNLOAD_DELAY": delay,
        "RANDOMIZE_DOWNLOAD_DELAY": False,  # never closer than the delay
        "AUTOTHROTTLE_ENABLED": True,  # only ever slower than DOWNLOAD_DELAY
        "AUTOTHROTTLE_START_DELAY": max(delay, 0.1),
        "RETRY_HTTP_CODES": [500, 502, 504, 522, 524, 408],  # 429, 503: Polite, with Retry-After
        "RETRY_TIMES": 2,
        "REDIRECT_ENABLED": True,
        "COOKIES_ENABLED": False,  # a challenge's cookie is never played back
        "DOWNLOAD_TIMEOUT": 60,
        "DOWNLOAD_MAXSIZE": 200 * 1024 * 1024,
        "CLOSESPIDER_PAGECOUNT": max_requests or 0,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "ERROR",
        "DOWNLOADER_MIDDLEWARES": {
            "govparse.fetch.middlewares.Polite": 560,
            "govparse.fetch.middlewares.Archive": 950,
        },
    }, install_root_handler=True)
    crawler = process.create_crawler(ReportSpider)
    process.crawl(crawler, urls=start, state=state, progress=progress)
    try:
        process.start()
    finally:
        state.write_csv()
    spider = crawler.spider
    stats = crawler.stats
    counts = spider.counts if spider is not None else {}
    state.close()
    return Summary(counts.get("pages", 0), counts.get("reports", 0), counts.get("new", 0),
                   counts.get("unchanged", 0), counts.get("blocked", 0),
                   counts.get("failed", 0), counts.get("skipped", 0),
                   stats.get_value("downloader/request_count", 0) if stats else 0,
                   stats.get_value("govparse/abandoned_host") if stats else None)


def progress_printer(stream=sys.stderr):
    """One line, rewritten: pages seen, reports saved, what is being fetched."""
    seen = {"page": 0, "saved": 0, "blocked": 0, "failed": 0}

    def show(event: str, url: str) -> None:
        seen[event] = seen.get(event, 0) + 1
        what = f"等待主机 {url}" if event == "waiting" else url[-60:]
        stream.write(f"\r已读取 {seen['page']} 个页面 · 已保存 {seen['saved']} 份报告 · "
                     f"被拦截 {seen['blocked']} · 失败 {seen['failed']}  {what:<60}")
        stream.flush()

    return show
