"""govparse.report.regions and govparse.report.agencies: names to places, kinds and levels."""

from __future__ import annotations

import pytest

from govparse.report.agencies import describe
from govparse.report.regions import AMBIGUOUS, RESOLVED, UNKNOWN, locate


@pytest.mark.parametrize("name, expected", [
    ("湘潭县人力资源和社会保障局", ("湖南省", "湘潭市", "湘潭县", "人力资源和社会保障局")),
    ("湖南省湘潭市湘潭县人民政府", ("湖南省", "湘潭市", "湘潭县", "人民政府")),
    ("湘潭市人民政府", ("湖南省", "湘潭市", None, "人民政府")),
    ("福建省人力资源和社会保障厅", ("福建省", None, None, "人力资源和社会保障厅")),
    ("卫东区人力资源和社会保障局", ("河南省", "平顶山市", "卫东区", "人力资源和社会保障局")),
    ("洪泽区人民政府", ("江苏省", "淮安市", "洪泽区", "人民政府")),
    ("北京市朝阳区人民政府", ("北京市", None, "朝阳区", "人民政府")),
    ("福州市鼓楼区人民政府", ("福建省", "福州市", "鼓楼区", "人民政府")),
])
def test_longest_prefix_down_the_tree(name, expected):
    place = locate(name)
    assert place.status == RESOLVED
    assert (place.province, place.city, place.county, place.rest) == expected


def test_a_name_shared_by_several_places_stays_unresolved():
    place = locate("鼓楼区人民政府")
    assert place.status == AMBIGUOUS and place.province is None
    assert "福建省福州市鼓楼区" in place.candidates and len(place.candidates) == 4


def test_no_place_name():
    assert locate("市人民政府").status == UNKNOWN


@pytest.mark.parametrize("name, kind, body, level", [
    ("湘潭县人民政府", "人民政府", "政府", "县级"),
    ("湘潭县人力资源和社会保障局", "人力资源和社会保障", "部门", "县级"),
    ("福建省人力资源和社会保障厅", "人力资源和社会保障", "部门", "省级"),
    ("湘潭市发展和改革委员会", "发展和改革", "部门", "市级"),
    ("湘潭县射埠镇人民政府", "人民政府", "政府", "乡镇级"),
    ("某某委员会", None, None, None),
])
def test_kind_body_and_level(name, kind, body, level):
    a = describe(name)
    assert (a.kind, a.body, a.level) == (kind, body, level)
