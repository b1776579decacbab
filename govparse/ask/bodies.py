"""Bodies behind the names a question uses: one body under several names (洪泽区人民政府 and
淮安市洪泽区人民政府: the place written in full or not), and the people's government a place's
name stands for (平潭 -> 平潭综合实验区, when the database has one for that place)."""

from __future__ import annotations

import json
import sqlite3

from govparse.report.regions import locate, short_name, short_names


def names_of(conn: sqlite3.Connection, agency: str) -> list[str]:
    """The agency's name, then the other names of the same body: the same division, and the
    same words after the place name."""
    row = conn.execute("select region_code from agencies where name = ? and "
                       "region_status = 'resolved'", [agency]).fetchone()
    if not row or not row[0]:
        return [agency]
    rest = locate(agency).rest
    return [agency, *(n for (n,) in conn.execute(
        "select name from agencies where region_code = ? and region_status = 'resolved' "
        "and name != ? order by name", [row[0], agency]) if locate(n).rest == rest)]


def one_body(conn: sqlite3.Connection, candidates: list[str]) -> str | None:
    """The first of `candidates` when they are all names of one body (淮安市洪泽区 said for
    洪泽区人民政府 and 淮安市洪泽区人民政府); else None."""
    if not candidates:
        return None
    names = names_of(conn, candidates[0])
    return candidates[0] if all(c in names for c in candidates) else None


def _names(said: str, place: str) -> bool:
    """`said` is the place's name, or its short name when no other place has it (湘潭 is
    湘潭市 as well as 湘潭县)."""
    return said == place or (said == short_name(place) and
                             len(short_names().get(said, ())) == 1)


def government_of(conn: sqlite3.Connection, said: str, candidates: list[str]) -> str | None:
    """The people's government of the place `said` names, when exactly one body among
    `candidates` is it (under one name or several); else None (then the user is asked)."""
    own = [name for name, body, level, *places in conn.execute(
        "select name, body, level, county, city, province from agencies "
        "where name in (select value from json_each(?)) order by name",
        [json.dumps(candidates, ensure_ascii=False)])
        if body == "政府" and level != "乡镇级" and (place := next(
            (p for p in places if p), None)) and _names(said, place)]
    if not own:
        return None
    names = names_of(conn, own[0])
    return own[0] if all(n in names for n in own) else None
