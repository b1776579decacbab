"""Datasette's own pages in Chinese: the templates of publish/site/templates override its
English chrome (base, crumbs, footer, database, table, query, row and facet templates).
What is left in Latin letters on a page is data, SQL, the names of tables and columns,
URLs, numbers, or the metadata's bilingual descriptions (publish/metadata.yml)."""

from __future__ import annotations

import asyncio
import copy
import re
import sqlite3
from importlib import resources

import lxml.html
import pytest
from datasette.app import Datasette

from govparse.publish.serve import metadata

LOOP = asyncio.new_event_loop()
META = metadata()
# Words a Chinese page may still show: formats and names of the software.
ALLOWED = {"sql", "csv", "json", "datasette", "sqlite", "pdf"}
CJK = re.compile(r"[\u3400-\u9fff]")
# URLs and paths, up to a space or Chinese punctuation.
URLISH = re.compile(r"(?:https?://|/)[^\s，。、；：（）“”]*")
WORD = re.compile(r"[A-Za-z0-9_]+(?:[.\-][A-Za-z0-9_]+)*")
AGENCY = "湘潭县人民政府"


class Client:
    def __init__(self, db_path, metadata: dict | None = None) -> None:
        self.ds = Datasette([str(db_path)], metadata=metadata or META)

    def get(self, path: str):
        return LOOP.run_until_complete(self.ds.client.get(path))

    def page(self, path: str) -> lxml.html.HtmlElement:
        response = self.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        return lxml.html.document_fromstring(response.text)


@pytest.fixture(scope="module")
def client(built_db) -> Client:
    return Client(built_db)


@pytest.fixture(scope="module")
def identifiers(built_db) -> set[str]:
    """The names of the database's tables and columns (ASCII ones are not English text)."""
    conn = sqlite3.connect(built_db)
    try:
        names = {"rowid"} | {n for (n,) in conn.execute(
            "select name from sqlite_master where type in ('table', 'view')")}
        for table in list(names - {"rowid"}):
            names |= {row[1] for row in conn.execute(f"pragma table_info([{table}])")}
        names |= {rule for (rule,) in conn.execute("select id from rules")}  # T3-BAL …
    finally:
        conn.close()
    return {n for n in names if n.isascii()}


@pytest.fixture(scope="module")
def sha(client) -> str:
    response = client.get(f"/reports/reports.json?agency={AGENCY}&year=2025&_shape=array")
    [row] = response.json()
    return row["sha256"]


def _metadata_texts(node, key: str = "") -> list[str]:
    """Every bilingual string of the metadata (titles, descriptions, licence), longest
    first: content written in both languages on purpose, not Datasette's chrome."""
    if isinstance(node, dict):
        return sorted((t for k, v in node.items() if k != "sql"
                       for t in _metadata_texts(v, k)), key=len, reverse=True)
    if isinstance(node, list):
        return [t for v in node for t in _metadata_texts(v, key)]
    if isinstance(node, str) and CJK.search(node):
        return [" ".join(node.split())]
    return []


METADATA_TEXTS = _metadata_texts(META)


def visible_text(doc: lxml.html.HtmlElement) -> str:
    """The text a reader sees or hears: the page's text and its titles, labels, placeholders
    and button captions, without scripts, styles, SQL (code, pre, textarea and elements
    whose class names SQL; a form of class "sql" stays, its SQL is in its textarea or pre)
    and without data (the cells of the results table, facet values, the metadata's own
    description, the report's own words wherever a page quotes them: class "quoted")."""
    doc = copy.deepcopy(doc)
    drop = doc.xpath(
        "//script | //style | //code | //pre | //textarea | //comment()"
        " | //*[contains(@class, 'sql') and not(self::form)]"
        " | //table[contains(@class, 'rows-and-columns')]//td"
        " | //*[contains(@class, 'facet-info')]//li"
        " | //*[contains(@class, 'metadata-description')]"
        " | //*[contains(@class, 'quoted')]")  # the report's own words, quoted
    for element in drop:
        if element.getparent() is not None:
            element.drop_tree()
    pieces = list(doc.itertext())
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("title", "aria-label", "placeholder", "alt"):
            value = element.get(attribute)
            # a link to the SQL editor has the SQL as its title
            if value and not (attribute == "title" and "sql=" in (element.get("href") or "")):
                pieces.append(value)
        if element.tag in ("input", "button") and element.get("type") in (
                "submit", "button", "reset"):
            pieces.append(element.get("value") or "")
    text = " ".join(" ".join(pieces).split())
    for excused in METADATA_TEXTS:
        text = text.replace(excused, " ")
    return text


def english_words(doc: lxml.html.HtmlElement, identifiers: set[str]) -> list[str]:
    text = URLISH.sub(" ", visible_text(doc))
    return sorted({w for w in WORD.findall(text)
                   if re.search("[A-Za-z]", w) and not any(c.isdigit() for c in w)
                   and w not in identifiers and w.lower() not in ALLOWED})


def _heading(doc: lxml.html.HtmlElement, xpath: str) -> str:
    [element] = doc.xpath(xpath)
    return " ".join(element.text_content().split())


PAGES = {
    "database": "/reports",
    "table": "/reports/agencies",
    "filtered and sorted": "/reports/agencies?_sort=name&name__contains=湘潭",
    "sorted descending, faceted": "/reports/reports?_sort_desc=year&_facet=template",
    "foreign keys, next page": "/reports/cells?_size=5",
    "short search": "/reports/sections?_search=湘潭",
    "canned query": f"/reports/report_table3?机关={AGENCY}&年度=2025",
    "canned query, one parameter": "/reports/find_agency?name=湘潭",
    "canned query, no parameter": "/reports/findings_by_rule",
    "sql": "/reports?sql=select+1",
    "row": None,  # the report of 湘潭县人民政府 2025, found at run time
    "table, 0 rows": "/reports/agencies?name=无此机关",
    "sql, 0 rows": "/reports?sql=select+1+where+0",
}


def _path(name: str, sha: str) -> str:
    return PAGES[name] or f"/reports/reports/{sha}"


@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_chinese(client, identifiers, sha, name):
    doc = client.page(_path(name, sha))
    assert doc.get("lang") == "zh-CN"
    crumbs = doc.xpath("//p[@class='crumbs']/a")
    assert crumbs and crumbs[0].text_content().strip() == "首页"
    assert crumbs[0].get("href") == "/"
    assert english_words(doc, identifiers) == [], visible_text(doc)
    about = doc.xpath("//footer//a[normalize-space()='关于数据']")
    assert about and about[0].get("href") == "/-/about"


def test_the_check_finds_english(identifiers):
    """The allow-list is no blanket: Datasette's own words are caught."""
    doc = lxml.html.document_fromstring(
        "<html><body><h3>2 rows where name contains 湘潭</h3><p>reports</p>"
        "<input type='submit' value='Run SQL'><a title='Next page'>下一页</a>"
        "<pre>select name from agencies</pre><a href='/reports?sql=x' title='select 1'>链接</a>"
        "</body></html>")
    assert english_words(doc, identifiers) == ["Next", "Run", "contains", "page", "rows",
                                               "where"]


@pytest.mark.parametrize(("path", "sentence"), [
    ("/reports/agencies?_sort=name&name__contains=湘潭",
     "共 2 行，条件：name 包含“湘潭”，按 name 升序排列"),
    ("/reports/agencies?name=湘潭县人民政府",
     "共 1 行，条件：name = “湘潭县人民政府”，按 name 升序排列"),
    ("/reports/agencies?reports__gte=2&_sort_desc=reports",
     "共 {n} 行，条件：reports ≥ 2，按 reports 降序排列"),
    ("/reports/agencies?region_code__isnull=1&_sort=name",
     "共 {n} 行，条件：region_code 为空值，按 name 升序排列"),
    ("/reports/sections?_search=湘潭", "共 {n} 行，条件：包含“湘潭”"),
    ("/reports/sections?_search=湘潭县", "共 {n} 行，条件：全文检索“湘潭县”"),
    ("/reports/rules", "共 {n} 行"),
])
def test_the_description_of_the_rows_is_a_chinese_sentence(client, path, sentence):
    doc = client.page(path)
    rows = client.get(path.replace("?", ".json?", 1) if "?" in path else path + ".json")
    count = rows.json()["filtered_table_rows_count"]
    expected = sentence.format(n=f"{count:,}")
    assert _heading(doc, "//h3[starts-with(normalize-space(), '共')]") == expected
    assert doc.findtext(".//title").endswith(expected)


def test_the_database_page_counts_rows_in_chinese(client):
    doc = client.page("/reports")
    [rules] = doc.xpath("//div[@class='db-table'][h3/a='rules']/p[last()]")
    assert re.fullmatch(r"共 \d+ 行", rules.text_content().strip())
    assert doc.xpath("//h2[@id='queries']")[0].text == "常用查询"
    assert doc.xpath("//h2[@id='tables']")[0].text == "数据表"
    assert doc.xpath("//input[@type='submit']/@value") == ["运行 SQL"]


def test_the_filter_form_speaks_chinese(client):
    doc = client.page("/reports/agencies?_sort=name&name__contains=湘潭")
    [op] = doc.xpath("//select[@name='_filter_op_1']/option[@selected]")
    assert (op.get("value"), op.text) == ("contains", "包含")
    ops = doc.xpath("//select[@name='_filter_op']/option")
    assert [o.text for o in ops][:2] == ["=", "!="]
    assert doc.xpath("//form[@class='filters']//input[@type='submit']/@value") == ["应用"]


def test_the_column_menu_of_table_js_is_put_in_chinese(client):
    """table.js writes the column menu in English; every item of it is renamed."""
    script = resources.files("datasette").joinpath("static/table.js").read_text("utf-8")
    items = re.findall(r'<a class="(dropdown-[a-z-]+)"', script)
    assert items
    html = client.get("/reports/agencies").text
    for item in items:
        assert f'"{item}":' in html, item
    assert "Remove this filter" in script and 'aria-label="Remove this filter"' in html


def test_csv_export_links_still_work(client):
    doc = client.page("/reports/agencies?_sort=name&name__contains=湘潭")
    [csv] = doc.xpath("//p[@class='export-links']/a[.='CSV']/@href")
    response = client.get(csv)
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "text/plain")
    lines = response.text.lstrip("\ufeff").strip().splitlines()
    assert lines[0].startswith("name,") and len(lines) == 3
    [form] = doc.xpath("//div[@id='export']//form")
    assert form.get("action") == "/reports/agencies.csv"
    args = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    assert args == {"_sort": "name", "name__contains": "湘潭", "_size": "max"}
    query = client.page("/reports?sql=select+1")
    [csv] = query.xpath("//p[@class='export-links']/a[.='CSV']/@href")
    assert client.get(csv).text.lstrip("\ufeff").strip().splitlines() == ["1", "1"]


def test_query_parameters_are_labelled_from_the_metadata(client):
    doc = client.page(f"/reports/report_table3?机关={AGENCY}&年度=2025")
    labels = {label.get("for"): label.text for label in doc.xpath("//form//label")}
    assert labels == {"qp1": "机关名称（可部分，如“湘潭县人民政府”）", "qp2": "年度（如2025）"}
    assert doc.xpath("//input[@id='qp1']/@name") == ["机关"]
    assert doc.xpath("//input[@id='qp1']/@value") == [AGENCY]


def test_query_page_headings(client):
    doc = client.page(f"/reports/report_table3?机关={AGENCY}&年度=2025")
    assert _heading(doc, "//form[@class='sql']/h3[1]").startswith("SQL 查询，返回 25 行")
    assert doc.xpath("//form[@class='sql']/h3[2]")[0].text == "查询参数"
    assert doc.xpath("//a[@class='canned-query-edit-sql']")[0].text == "编辑 SQL"
    sql = client.page("/reports?sql=select+1")
    assert _heading(sql, "//form[@class='sql']/h3").startswith("自定义 SQL 查询，返回 1 行")
    assert sql.xpath("//*[@class='show-hide-sql']/a")[0].text == "隐藏 SQL"
    empty = client.page("/reports?sql=select+1+where+0")
    assert empty.xpath("//p[@class='zero-results']")[0].text == "查询没有返回任何行"
    table = client.page("/reports/agencies?name=无此机关")
    assert table.xpath("//p[@class='zero-results']")[0].text == "没有符合条件的行"


def test_row_page_links_from_other_tables(client, sha):
    doc = client.page(f"/reports/reports/{sha}")
    items = [" ".join(li.text_content().split()) for li in doc.xpath("//h2/following::ul[1]/li")]
    assert "sections 表的 report 列： 6 行" in items


CRAWL_LIMIT = 120


def test_every_page_linked_from_the_home_page_is_chinese(client, identifiers):
    """A bounded crawl from the home page over the site's own pages (no exports)."""
    seen, queue, english = set(), ["/"], {}
    while queue and len(seen) < CRAWL_LIMIT:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code in (301, 302):
            queue.append(response.headers["location"])
            continue
        assert response.status_code == 200, path
        doc = lxml.html.document_fromstring(response.text)
        words = english_words(doc, identifiers)
        if words:
            english[path] = words
        for href in doc.xpath("//a/@href"):
            href = href.split("#")[0].replace("http://localhost", "")
            if href.startswith("/") and not href.startswith("//") and not re.search(
                    r"\.(csv|json)(\?|$)|/-/static|_dl=|sql=|/-/dashboards", href):
                queue.append(href)
    assert len(seen) >= 40  # the crawl reached the site, not just its home page
    assert english == {}
