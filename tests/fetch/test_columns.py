"""What a page of a 年报 column says (govparse/fetch/columns.py), on the markup of the two
commonest site systems and of anti-bot challenges."""

from __future__ import annotations

from govparse.fetch import columns

BASE = "http://www.example.gov.cn/xxgk/ndbg/index.html"


def test_trs_pages_come_from_create_page_html():
    html = "<script>createPageHTML(3, 0, \"index\", \"html\");</script>"
    assert columns.next_pages(BASE, html) == [  # the page itself left out
        "http://www.example.gov.cn/xxgk/ndbg/index_1.html",
        "http://www.example.gov.cn/xxgk/ndbg/index_2.html"]


def test_a_plain_list_is_followed_by_its_next_link_on_the_same_site():
    html = ("<a href='index_2.html'>下一页</a><a href='http://other.cn/x.html'>下一页</a>"
            "<a href='index_9.html'>尾页</a>")
    assert columns.next_pages(BASE, html) == [
        "http://www.example.gov.cn/xxgk/ndbg/index_2.html",
        "http://www.example.gov.cn/xxgk/ndbg/index_9.html"]


def test_hanweb_records_in_the_page_and_calls_for_the_rest():
    html = ("<script type='text/xml'><datastore><recordset><record><![CDATA[<li><a href='/art/1."
            "html'>某县人民政府2025年政府信息公开工作年度报告</a></li>]]></record></recordset>"
            "</datastore></script><script>$('#1').jpage({totalRecord: 100, perPage: 15, "
            "columnid: '77', unitid: '88', webid: '9'});</script>")
    assert [link.url for link in columns.report_links(BASE, html)] == [
        "http://www.example.gov.cn/art/1.html"]
    calls = columns.hanweb_calls(BASE, html)
    assert calls[0].url.endswith("dataproxy.jsp?startrecord=2&endrecord=46&perpage=15")
    assert calls[-1].url.endswith("startrecord=92&endrecord=100&perpage=15")
    assert {"columnid": "77", "unitid": "88", "webid": "9"}.items() <= calls[0].form.items()


def test_a_report_link_names_a_year_and_a_report():
    assert columns.names_a_report("湘潭县人民政府2025年政府信息公开工作年度报告")
    assert columns.names_a_report("2024年 政务公开 年报")
    assert not columns.names_a_report("政府信息公开年报")  # the column, not a report
    assert not columns.names_a_report("2025年政府工作报告")


def test_a_challenge_is_told_from_a_page():
    wzws = ("<html><head><script>document.cookie='wzws_cid=1';location.reload();</script>"
            "</head><body></body></html>")
    assert columns.is_challenge(200, wzws)
    assert columns.is_challenge(521, "")  # 加速乐's status
    page = f"<html><body><div id='zoom'>{'一、总体情况' * 100}</div><script>" \
           "document.cookie='a=1'</script></body></html>"
    assert not columns.is_challenge(200, page)
