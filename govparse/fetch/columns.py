"""What a page of an agency's 年报 column says: the reports it lists, the pages after it
(TRS's createPageHTML, Hanweb/大汉's jpage records, plain 下一页 links), the attachments of a
report page, whether it is the report itself, and whether it is an anti-bot challenge.
Pure functions of a page's URL and text (parsel selectors): the spider asks, they answer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from parsel import Selector

from govparse.data import load
from govparse.forms import sections


@dataclass(frozen=True)
class Link:
    url: str
    title: str


@dataclass(frozen=True)
class HanwebCall:
    """One call to Hanweb's records proxy: its URL (startrecord, endrecord, perpage) and the
    column's ids, sent as the form the jpage script posts."""

    url: str
    form: dict[str, str]


@lru_cache(maxsize=1)
def settings() -> dict:
    return load(__package__, "fetch.yml")


_YEAR = re.compile(r"(?:19|20)\d{2}")
_TRS = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([\w.-]+)[\"']\s*,"
                  r"\s*[\"'](\w+)[\"']")
_HANWEB_IDS = re.compile(r"\b(columnid|unitid|webid|col|appid|path|webname|permissiontype|"
                         r"sourceContentType)\s*[=:]\s*[\"']?([^\"'&,;}\s]+)", re.I)
_TOTAL = re.compile(r"(?:totalRecord\s*[:=]\s*[\"']?|<totalrecord>\s*)(\d+)", re.I)
_PER_PAGE = re.compile(r"(?:perPage\s*[:=]\s*[\"']?|<perpage>\s*)(\d+)", re.I)
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)


def _absolute(base: str, href: str | None) -> str | None:
    if not href or href.startswith(("javascript:", "mailto:", "#")):
        return None
    url = urldefrag(urljoin(base, href.strip()))[0]
    return url if urlsplit(url).scheme in ("http", "https") else None


def _anchors(base: str, html: str) -> list[Link]:
    out = []
    for a in Selector(text=html).css("a"):
        url = _absolute(base, a.attrib.get("href"))
        if url:
            title = " ".join(a.css("::text").getall()).strip() or a.attrib.get("title", "")
            out.append(Link(url, a.attrib.get("title") or title))
    return out


def names_a_report(title: str) -> bool:
    compact = re.sub(r"\s+", "", title)
    return bool(_YEAR.search(compact)) and any(w in compact for w in settings()["report_words"])


def report_links(base: str, html: str) -> list[Link]:
    """Links whose text names a report (a year and 年度报告/年报), each once, in page order;
    Hanweb's records held in the page (its first page of the list) included."""
    links = _anchors(base, html) + [link for record in records(html)
                                    for link in _anchors(base, record)]
    seen: dict[str, Link] = {}
    for link in links:
        if names_a_report(link.title):
            seen.setdefault(link.url, link)
    return list(seen.values())


def records(text: str) -> list[str]:
    """The HTML of each record of a Hanweb datastore (in the page, or the proxy's reply)."""
    return _RECORD.findall(text)


def next_pages(base: str, html: str) -> list[str]:
    """The other pages of a list: TRS's createPageHTML(total, current, "index", "html")
    gives index.html, index_1.html …; a plain list its 下一页 links."""
    out = []
    m = _TRS.search(html)
    if m:
        total, name, ext = int(m[1]), m[3], m[4]
        out += [urljoin(base, f"{name}.{ext}" if n == 0 else f"{name}_{n}.{ext}")
                for n in range(total)]
    words = settings()["next_page_words"]
    out += [link.url for link in _anchors(base, html)
            if link.title.strip() in words and _same_site(base, link.url)]
    return [u for u in dict.fromkeys(out) if u != urldefrag(base)[0]]


def hanweb_calls(base: str, html: str) -> list[HanwebCall]:
    """The calls that fetch a Hanweb list's records after those held in the page: the ids of
    its column from the page's script, and startrecord/endrecord in steps (fetch.yml)."""
    if "datastore" not in html.lower() and "jpage" not in html.lower():
        return []
    ids = {k.lower(): v for k, v in _HANWEB_IDS.findall(html)}
    total = _TOTAL.search(html)
    if "columnid" not in ids or not total:
        return []
    per_page = int(m[1]) if (m := _PER_PAGE.search(html)) else 15
    held = len(records(html))
    step = settings()["hanweb_per_call"]
    proxy = urljoin(base, settings()["hanweb_proxy"])
    out = []
    for start in range(held + 1, int(total[1]) + 1, step):
        end = min(start + step - 1, int(total[1]))
        out.append(HanwebCall(f"{proxy}?startrecord={start}&endrecord={end}&perpage={per_page}",
                              {k: v for k, v in ids.items()}))
    return out


def attachments(base: str, html: str) -> list[Link]:
    """The links of a page to files an agency publishes a report as (fetch.yml), by the
    path's extension or a file name in the query (downfile.jsp?filename=….pdf)."""
    kinds = tuple(f".{ext}" for ext in settings()["attachments"])
    return list({link.url: link for link in _anchors(base, html)
                 if urlsplit(link.url).path.lower().endswith(kinds)
                 or (file_name_in_query(link.url) or "").lower().endswith(kinds)}.values())


def file_name_in_query(url: str) -> str | None:
    """downfile.jsp?filename=2025年报.pdf: the file's name the query gives."""
    for key, value in parse_qsl(urlsplit(url).query):
        if key.lower() in ("filename", "file", "name", "fn") and "." in value:
            return value.rsplit("/", 1)[-1]
    return None


def is_report_text(html: str) -> bool:
    """Whether the page's content box holds the report itself: long enough, with a
    section heading of the form."""
    text = content_text(html)
    if len(text) < settings()["report_text_chars"]:
        return False
    return any(w in text for s in sections().values() for w in s["wordings"])


def content_text(html: str) -> str:
    page = Selector(text=html)
    for css in settings()["content"]:
        found = page.css(css)
        if found:
            return "".join(found[0].css("::text").getall()).strip()
    return "".join(page.css("body ::text").getall()).strip()


def is_challenge(status: int, html: str) -> bool:
    """An anti-bot JavaScript challenge (WZWS, 加速乐 …): no content, a script that sets a
    cookie and reloads, or the status such services answer with."""
    s = settings()
    if status in s["challenge_statuses"]:
        return True
    page = Selector(text=html or "<html></html>")
    text = "".join(page.css("body :not(script):not(style)::text").getall()).strip()
    scripts = " ".join(page.css("script").getall())
    return len(text) <= s["challenge_max_text"] and any(m in scripts
                                                        for m in s["challenge_markers"])


def _same_site(a: str, b: str) -> bool:
    return urlsplit(a).netloc == urlsplit(b).netloc
