"""The site served under a prefix (`--setting base_url /prefix/`, behind a proxy): every link
it emits to itself carries the prefix. In Datasette 0.65 the test client adds base_url to the
path it is given (DatasetteClient._fix), as a proxy would: the pages are asked for without it."""

from __future__ import annotations

import asyncio
import re
from urllib.parse import quote, urlencode

import pytest
from datasette.app import Datasette
from datasette.utils import tilde_encode

from govparse.publish.serve import metadata

LOOP = asyncio.new_event_loop()
META = metadata()
PREFIX = "/prefix/"
LINK = re.compile(r'\b(?:href|src|action)="([^"]*)"')
AGENCY = "湘潭县人民政府"


class Site:
    def __init__(self, db_path, base_url: str) -> None:
        self.ds = Datasette([str(db_path)], metadata=META, settings={"base_url": base_url})

    def get(self, path: str):
        return LOOP.run_until_complete(self.ds.client.get(path))

    def rows(self, path: str) -> list[dict]:
        response = self.get(path + ("&" if "?" in path else "?") + "_shape=array")
        assert response.status_code == 200, response.text[:500]
        return response.json()


@pytest.fixture(scope="module")
def site(built_db) -> Site:
    return Site(built_db, PREFIX)


@pytest.fixture(scope="module")
def sha(site) -> str:
    [row] = site.rows(f"/reports/reports.json?agency={quote(AGENCY)}&year=2025")
    return row["sha256"]


@pytest.fixture(scope="module")
def cell(site, sha) -> str:
    return site.rows(f"/reports/cells.json?report={sha}&status=value&_size=1")[0]["key"]


def _internal(html: str) -> list[str]:
    """The links to the site itself: root-relative, not protocol-relative."""
    return [link for link in LINK.findall(html)
            if link.startswith("/") and not link.startswith("//")]


# The site's own pages (publish/site/views.py), with the fewest links each must show.
def _own_pages(sha: str, cell: str) -> dict[str, int]:
    return {
        "/": 8,
        f"/-/report/{sha}": 100,
        f"/-/report/{sha}/cell/{cell}": 8,
        f"/-/report/{sha}/figure/1": 8,
        f"/-/report/{sha}/text": 6,
        f"/-/agency/{tilde_encode(AGENCY)}": 10,
        "/-/about": 6,
        "/-/search?q=湘潭": 8,
        f"/-/ask?q={quote(AGENCY + '2025年收到多少申请')}": 6,
        f"/-/region/{tilde_encode('湖南省')}": 10,
        f"/-/region/{tilde_encode('湘潭县')}": 6,
        "/-/compare?" + urlencode({"地区": "湘潭县", "较早": 2024, "较晚": 2025}): 6,
    }


def test_the_site_own_pages_link_under_the_prefix(site, sha, cell):
    checked = 0
    for path, least in _own_pages(sha, cell).items():
        response = site.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        links = _internal(response.text)
        assert len(links) >= least, (path, links)
        wrong = [link for link in links if not link.startswith(PREFIX)]
        assert not wrong, (path, wrong[:10])
        doubled = [link for link in links if link.startswith(PREFIX + PREFIX[1:])]
        assert not doubled, (path, doubled[:10])
        checked += len(links)
    assert checked > 600


def test_the_pages_link_to_one_another_under_the_prefix(site, sha, cell):
    """The links that lead from page to page: crumbs, menu, forms, reports, agencies."""
    home = site.get("/").text
    assert f'<a href="{PREFIX}-/about">' in home
    assert f'action="{PREFIX}-/search"' in home and f'action="{PREFIX}-/ask"' in home
    assert f'<a href="{PREFIX}-/region/{tilde_encode("湖南省")}">' in home
    assert f'<a href="{PREFIX}-/search">搜索</a>' in home  # the menu (hooks.menu_links)
    report = site.get(f"/-/report/{sha}").text
    assert f'<a href="{PREFIX}">首页</a>' in report
    assert f'href="{PREFIX}-/report/{sha}/cell/{cell}"' in report
    assert f'href="{PREFIX}-/agency/{tilde_encode(AGENCY)}"' in report
    assert f'href="{PREFIX}reports/reports"' in report  # datasette.urls.database
    region = site.get(f"/-/region/{tilde_encode('湘潭县')}").text
    assert f'href="{PREFIX}reports/reports_not_seen?' in region


def test_a_short_report_id_redirects_under_the_prefix(site, sha, cell):
    for rest in ("", "/text", f"/cell/{cell}"):
        response = site.get(f"/-/report/{sha[:8]}{rest}")
        assert response.status_code == 302
        assert response.headers["location"] == f"{PREFIX}-/report/{sha}{rest}"


def test_a_citation_permalink_carries_the_prefix(site, sha, cell):
    page = site.get(f"/-/report/{sha}/cell/{cell}").text
    url = f"http://localhost{PREFIX}-/report/{sha}/cell/{cell}"
    assert f'<a href="{url}">{url}</a>' in page  # the permalink and the line to copy
    assert page.count(url) >= 3


def test_error_pages_link_under_the_prefix(site):
    for path in ("/-/agency/" + tilde_encode("湘潭"), "/no-such-database"):
        response = site.get(path)
        assert response.status_code == 404
        links = _internal(response.text)
        assert len(links) >= 4 and all(link.startswith(PREFIX) for link in links), links
    missing = site.get("/-/agency/" + tilde_encode("湘潭")).text  # the nearest agencies
    assert f'href="{PREFIX}-/agency/{tilde_encode(AGENCY)}"' in missing
    assert f'action="{PREFIX}-/search"' in missing


@pytest.mark.parametrize("path", ["/reports/reports", "/reports/agency_years",
                                  "/reports/strict_failures", "/reports"])
def test_datasette_pages_link_to_the_site_under_the_prefix(site, path):
    """Datasette's own pages, with the links render_cell and the menu add. (Datasette 0.65
    itself puts base_url twice in some links of these pages, built from request.path: its
    sort, export and facet links, datasette issue #1619; not checked here.)"""
    response = site.get(path)
    assert response.status_code == 200
    links = _internal(response.text)
    assert len(links) >= 10
    assert all(link.startswith(PREFIX) for link in links), [
        link for link in links if not link.startswith(PREFIX)][:10]
    ours = [link for link in links if "/-/" in link]  # the menu, the site's pages, static
    assert len(ours) >= 4
    assert all(link.startswith(PREFIX + "-/") for link in ours), ours
    if path != "/reports":  # render_cell: report hashes, titles and agency names
        assert any(link.startswith((f"{PREFIX}-/report/", f"{PREFIX}-/agency/"))
                   for link in ours), ours


def test_without_a_prefix_the_links_are_unchanged(built_db, sha, cell):
    plain = Site(built_db, "/")
    page = plain.get(f"/-/report/{sha}").text
    assert f'<a class="v" href="/-/report/{sha}/cell/{cell}"' in page
    assert '<a href="/">首页</a>' in page
    links = _internal(page)
    assert len(links) > 100 and not [link for link in links if link.startswith(PREFIX)]
    response = plain.get(f"/-/report/{sha[:8]}")
    assert response.headers["location"] == f"/-/report/{sha}"
