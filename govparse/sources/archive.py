"""A web archiver's header above a saved page's text: its fields, and where the page starts.

    标题: 平潭综合实验区2019年度政府信息公开工作年度报告
    发布时间: 2020-01-20 15:22
    原文链接: https://www.pingtan.gov.cn/…
    ==================== 正文 ====================

The title and the link are the report's, as the site published them; they are kept as
metadata (the title when the text has none, the link as the report's source URL), and the
header lines are not part of the report.
"""

from __future__ import annotations

import re

# The archiver's field names -> the metadata they give.
FIELDS = {"标题": "title", "发布时间": "published", "原文链接": "url", "发布机构": "publisher",
          "栏目": None, "文号": None, "本地目录": None}
_FIELD = re.compile(r"\s*(" + "|".join(FIELDS) + r")\s*[:：]\s*(.*?)\s*")
_BODY = re.compile(r"\s*=+\s*正文\s*=+\s*")
_NOTE = re.compile(r"\s*页面链接与图片详见.*")
_MAX_HEADER = 30  # lines


def split_header(lines: list[str]) -> tuple[dict[str, str], int]:
    """The header's metadata and the index of the first line of the page; ({}, 0) when
    the text has no archiver's header."""
    meta: dict[str, str] = {}
    fields = 0
    for i, line in enumerate(lines[:_MAX_HEADER]):
        if _BODY.fullmatch(line):
            return (meta, i + 1) if fields >= 2 else ({}, 0)
        m = _FIELD.fullmatch(line)
        if m:
            fields += 1
            key = FIELDS[m[1]]
            if key and m[2]:
                meta[key] = m[2]
        elif line.strip() and not _NOTE.fullmatch(line):
            return {}, 0
    return {}, 0
