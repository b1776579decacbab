"""A parsed Question -> parameterised, read-only SQL over the published database -> Answer.

Every number in an answer comes from a row the SQL returned, with its report, cell and
line; a blank, missing or unreadable cell is said to be so, never counted as zero.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from govparse.ask.answer import Answer, Source
from govparse.ask.bodies import government_of, names_of, one_body
from govparse.ask.lexicon import Asked, Gazetteer
from govparse.ask.prose import figure_by_subject
from govparse.ask.question import Question, QuestionError, parse_question
from govparse.ask.refusal import refusal
from govparse.ask.vocabulary import Cells, Measure, vocabulary
from govparse.checks.registry import STRUCTURE_CAUSES
from govparse.forms import load_templates, template_for_year
from govparse.report.rates import definitions
from govparse.words import words

DEFAULT_TOP = 5
_TOTAL_SOURCES = 50  # the reports a total lists as its sources; the SQL gives them all
_STATUS_ZH = words("status", long=True)


def ask(question: str, conn: sqlite3.Connection, *, this_year: int | None = None) -> Answer:
    """Answer a question in Chinese from the database, or say honestly why not. An answer
    first says what the question was understood to ask (Answer.understood)."""
    answer = _ask(question, conn, this_year or date.today().year)
    if answer.answered:
        answer.understood = _understood(answer)
    return answer


_OPERATION_ZH = {"sum": "之和", "difference": "之差", "ratio": "之比"}
_FORM_ZH = {"top": "排名", "compare": "对比", "trend": "逐年变化", "several": "几项数字",
            "check": "一致性检查", "failing": "数字对不上的报告"}


def _understood(answer: Answer) -> str:
    """湘潭县人民政府 · 2025年度 · 表三“一、本年新收…”的“总计”: who, when, what, how."""
    parts = [f"各{answer.params.get('among') or '机关'}"] if answer.kind in ("top", "failing") \
        or answer.params.get("among") else ["、".join(answer.agencies)] if answer.agencies else []
    if answer.years:
        parts.append("、".join(map(str, answer.years)) + "年度")
    what = answer.definition or answer.measure
    if what:
        parts.append(what)
    how = _OPERATION_ZH.get(answer.params.get("operation", "")) or _FORM_ZH.get(answer.kind)
    if how:
        parts.append(how)
    return " · ".join(p for p in parts if p)


def _ask(question: str, conn: sqlite3.Connection, this_year: int) -> Answer:
    gazetteer = Gazetteer.of(conn)
    try:
        q = parse_question(question, gazetteer, this_year)
    except QuestionError as exc:
        return figure_by_subject(question, exc, conn, this_year) or \
            refusal(question, exc, conn, this_year)
    if q.form not in ("top", "failing", "total"):
        resolved, notes = [], []
        for said, candidates in q.agencies:
            place = said in gazetteer.regions
            chosen = government_of(conn, said, candidates) if place else \
                _one(said, candidates) or one_body(conn, candidates)
            if chosen is None:
                return Answer(question, "ambiguous",
                              (f"“{said}”是地区，数据库中这个地区有{len(candidates)}个机关"
                               if place else f"“{said}”对应{len(candidates)}个机关") +
                              "，请说明是哪一个：", candidates=candidates,
                              rephrased=[q.text.replace(said, c, 1) for c in candidates])
            if place:
                notes.append(f"“{said}”按当地的人民政府{chosen}理解。")
            resolved.append(chosen)
        answer = _Planner(conn, q).calc(resolved) if q.arithmetic else \
            _Planner(conn, q).run(resolved)
        answer.notes = notes + answer.notes
        return answer
    if q.form == "total":
        return _Planner(conn, q).total()
    return _Planner(conn, q).top() if q.form == "top" else _Planner(conn, q).failing()


def _replace_last(text: str, old: str, new: str) -> str:
    at = text.rfind(old)
    return text if at < 0 else text[:at] + new + text[at + len(old):]


def _one(said: str, candidates: list[str]) -> str | None:
    if said in candidates:
        return said
    return candidates[0] if len(candidates) == 1 else None


class _Planner:
    def __init__(self, conn: sqlite3.Connection, q: Question) -> None:
        self.conn, self.q = conn, q
        self.asked: Asked | None = q.measure
        self.measure: Measure | None = q.measure.measure if q.measure else None
        self.column = q.measure.column if q.measure else None
        self.checked: Measure | None = None  # a check about one measure
        self.bodies: dict[str, list[str]] = {}  # agency -> the names of its body

    def names(self, agency: str) -> list[str]:
        """The agency's name and its body's other names, looked up once per question."""
        if agency not in self.bodies:
            self.bodies[agency] = names_of(self.conn, agency)
        return self.bodies[agency]
    def rows(self, sql: str, params: dict) -> list[dict]:
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def base(self, kind: str, text: str, form: str | None = None, **kw) -> Answer:
        m = self.measure
        return Answer(self.q.text, kind, text, measure=self.said,
                      definition=m.definition_of(form, self.column) if m else None, **kw)

    @property
    def said(self) -> str | None:
        return self.asked.said if self.asked else None

    # ---- one agency --------------------------------------------------------------------
    def run(self, agencies: list[str]) -> Answer:
        q = self.q
        if self.asked and self.asked.also:
            return self.row_or_column(self.asked)
        if q.form == "check" and self.measure is not None and not self.measure.findings:
            self.checked = self.measure  # only the rules on this measure's cells
        if q.form == "check" and (self.measure is None or not self.measure.findings):
            self.measure = vocabulary().measures["findings"]
            self.asked = Asked(self.measure)
        if q.form == "compare":
            return self.compare(agencies)
        if q.form == "trend":
            return self.trend(agencies[0])
        if q.form == "several":
            return self.several(agencies[0])
        agency = agencies[0]
        years = self.years_of(agency)
        if not years:
            return Answer(q.text, "no_data", f"数据库中没有{agency}的报告。")
        notes = []
        if q.years is None:
            year = years[-1]
            notes.append(f"问题没有说年度，按数据库中{agency}最近的{year}年度报告回答。")
        else:
            year = q.years[0]
            if q.relative:
                notes.append(f"“{q.relative}”按{year}年度理解。")
        if year not in years:
            return Answer(q.text, "no_data", f"数据库中没有{agency}{year}年度的报告"
                          f"（有：{'、'.join(map(str, years))}年度）。", agencies=[agency],
                          years=[year], notes=notes)
        answer = self.value(agency, year)
        answer.notes = notes + answer.notes
        return answer

    def row_or_column(self, asked: Asked) -> Answer:
        """其他处理中的其他: the row （六）3.其他, or the column 其他 of the group's rows."""
        row, said, m = asked.also, asked.column_said, asked.measure
        assert row is not None and said is not None
        column = next((c.column for grid in m.grid.values() for k, c in grid.items()
                       if asked.column and k in asked.column), said)
        return Answer(self.q.text, "ambiguous", f"“{said}”既可能是“{m.label}”中的"
                      f"“{row.names[0]}”一行，也可能是表中“{column}”一栏，请说明问的是哪一个：",
                      measure=asked.said, candidates=[f"{row.names[0]}（一行）",
                                                      f"{column}（一栏）"],
                      rephrased=[_replace_last(self.q.text, said, row.names[0])])

    def calc(self, agencies: list[str]) -> Answer:
        """A sum, difference or ratio of what the question names: each operand answered
        as its own question (several measures, agencies or years), each cited."""
        q, op = self.q, self.q.arithmetic
        assert op is not None
        whole = self.run(agencies)
        if not whole.answered:
            return whole
        label = {"several": "数字", "compare": "机关", "trend": "年度"}[q.form]
        rows = whole.rows
        if q.form == "trend":  # in the order said: 2024年比2025年
            if op.op != "sum" and (len(set(op.years)) < 2 or not {
                    r["年度"] for r in rows} <= set(op.years)):
                return Answer(q.text, "refused", "无法确定两个年度的先后（请用“2025年比2020年"
                              "多多少”这样的说法，年份写全）。", agencies=whole.agencies)
            rows = sorted(rows, key=lambda r: op.years.index(r["年度"])
                          if r["年度"] in op.years else len(op.years))
        mixed = self.mixed_units()
        if mixed:
            return Answer(q.text, "refused", f"无法计算：{mixed}。", agencies=whole.agencies)
        names = [f"{r[label]}年度" if label == "年度" else str(r[label]) for r in rows]
        values = [r["数值"] for r in rows]
        expected = len(q.measures) if q.form == "several" else len(
            q.agencies) if q.form == "compare" else len(q.years or [])
        lacking = [n for n, v in zip(names, values, strict=True) if v is None]
        if lacking or len(values) < expected:
            return Answer(q.text, "no_data", f"无法计算：{'、'.join(lacking) or '有的年度'}"
                          f"没有可用的数字。{whole.text}", agencies=whole.agencies,
                          years=whole.years, sources=whole.sources, notes=whole.notes)
        rate = bool(q.form != "several" and self.measure and self.measure.rate)
        shown = [f"{n}{_fmt(v, rate=rate)}" for n, v in zip(names, values, strict=True)]
        if op.op == "sum":
            value, said = sum(values), "＋".join(shown)
        elif op.op == "difference":  # how much: a magnitude, the direction said in words
            a, b = values
            value = abs(a - b)
            more, less = ("高", "低") if rate else ("多", "少")
            said = f"{shown[0]}比{shown[1]}{more if a > b else less if a < b else '相差'}"
        else:
            if not values[1]:
                return Answer(q.text, "no_data", f"无法计算：{names[1]}为0，不能作分母。"
                              f"{whole.text}", sources=whole.sources)
            value, said = round(values[0] / values[1], 4), f"{shown[0]}÷{shown[1]}"
        value = round(value, 4) if isinstance(value, float) else value
        shown_value = (f"{value:g}倍" if op.times else f"{value * 100:.2f}%") \
            if op.op == "ratio" else f"{value * 100:.2f}个百分点" if rate else _fmt(value)
        answer = Answer(q.text, "calc", f"{said}＝{shown_value}。", value=value,
                        measure=whole.measure, definition=whole.definition,
                        agencies=whole.agencies, years=whole.years, sources=whole.sources,
                        sql=whole.sql, params={**whole.params, "operation": op.op},
                        notes=whole.notes)
        answer.rows = [{"项": n, "数值": v} for n, v in zip(names, values, strict=True)]
        return answer

    def mixed_units(self) -> str | None:
        """Why measures cannot be added or compared: a rate or a figure of the prose among
        them, or two units (万元 and 件)."""
        if self.q.form != "several":
            m = self.measure
            # two rates differ by percentage points; they are never added
            return "比率不能相加" if m and m.rate and self.q.arithmetic.op == "sum" else None
        units = set()
        for asked in self.q.measures:
            m = asked.measure
            if m.rate or m.figure or m.findings:
                return f"“{m.label}”不是统计表中的件数或金额"
            units |= {c.unit for form, grid in m.grid.items() for key, c in grid.items()
                      if (key in asked.column if asked.column else key == m.default.get(form))}
        units.discard(None)
        return f"单位不同（{'、'.join(sorted(units))}）" if len(units) > 1 else None

    def years_of(self, agency: str) -> list[int]:
        """The years the body has reports for, under any of its names."""
        names = json.dumps(self.names(agency), ensure_ascii=False)
        return [r[0] for r in self.conn.execute(
            "select distinct year from reports where agency in (select value from json_each(?))"
            " and year is not null order by year", [names])]

    def filed(self, agency: str, year: int) -> str:
        """The name the body's report of `year` is signed with: its own, else another of
        its names (洪泽区人民政府 in 2023, 淮安市洪泽区人民政府 in 2024)."""
        for name in self.names(agency):
            if self.conn.execute("select 1 from reports where agency = ? and year = ?",
                                 [name, year]).fetchone():
                return name
        return agency

    def form_of(self, agency: str, year: int) -> str | None:
        row = self.conn.execute("select template from reports where agency = ? and year = ? "
                                "order by sha256 limit 1", [agency, year]).fetchone()
        return row[0] if row and row[0] else None

    def value(self, agency: str, year: int) -> Answer:
        name = self.filed(agency, year)
        answer = self.one_value(name, year)
        if name != agency:
            answer.notes.insert(0, f"{year}年度的报告署名为{name}：与{agency}是同一机关，"
                                   "只是地名的写法不同。")
        return answer

    def one_value(self, agency: str, year: int) -> Answer:
        m = self.measure
        assert m is not None
        form = self.form_of(agency, year)
        who = f"{agency}{year}年度"
        cells = m.cells(form, self.column) if m.grid else None
        if (m.grid and cells is None) or (self.column and not m.grid):
            return self.no_column(agency, year, form)
        sql, params = self.sql_one(m, cells)
        params |= {"agency": agency, "year": year}
        rows = self.rows(sql, params)
        collapsed = False
        if cells and cells.instead and rows and all(r["status"] == "missing" for r in rows):
            # （六）其他处理 printed as one row: its parts are missing, the row is read
            sql, params = self.sql_one(m, Cells(cells.instead, cells.unit, cells.column))
            params |= {"agency": agency, "year": year}
            rows, collapsed = self.rows(sql, params), True
            cells = Cells(cells.instead, cells.unit, cells.column)
        answer = self.base("check" if m.findings else "value", "", form, agencies=[agency],
                           years=[year], sql=sql, params=params)
        reports = list(dict.fromkeys(r["report"] for r in rows))
        if len(reports) > 1:
            answer.notes.append(f"该机关该年度有{len(reports)}份报告，以下按第一份回答。")
            rows = [r for r in rows if r["report"] == reports[0]]
        if m.findings:
            if self.checked is not None:
                cells = self.checked.cells(form, self.column)
                if cells is None:
                    return self.no_column(agency, year, form)
                keys = set(cells.keys)
                rows = [r for r in rows if keys & set(_keys(r["cells"]))]
                who += f"“{self.checked.label}”"
            if self.q.prose:  # 正文和表格一致吗: the rules that compare them alone
                rows = [r for r in rows if r["rule"] in vocabulary().prose_rules]
                who += "正文与表格"
            return self.findings(answer, who, rows, agency, year)
        if m.figure:
            return self.figures(answer, who, rows)
        if m.rate:
            return self.rate(answer, who, rows)
        assert cells is not None
        if collapsed:
            answer.notes.append(f"这份报告把“{m.label}”印为一行，没有分列其中各项。")
        answer.sources = [_cell_source(r) for r in rows]
        answer.notes += self.doubts(rows)
        answer.value, why = _sum(rows, len(cells.keys))
        # a column the form prints no unit for (采购总金额): the unit the report printed
        printed = {r["unit"] for r in rows if r.get("unit")}
        unit = cells.unit or (printed.pop() if len(printed) == 1 else "")
        if why is None:
            answer.text = f"{who}{self.said}：{_fmt(answer.value)}{unit}" + (
                f"（{len(cells.keys)}格之和）。" if len(cells.keys) > 1 else "。")
        else:
            answer.text = f"{who}{self.said}无法给出：{why}。"
        if m.see_also and answer.value is not None and self.column is None:
            other = vocabulary().measures[m.see_also]
            extra_cells = other.cells(form, None)
            if extra_cells:
                extra_sql, extra_params = self.sql_one(other, extra_cells)
                extra = self.rows(extra_sql, extra_params | {"agency": agency, "year": year})
                total, _ = _sum(extra, len(extra_cells.keys))
                if total is not None:
                    answer.notes.append(f"另有{other.label}{_fmt(total)}{extra_cells.unit or ''}，"
                                        "未计入上面的数字。")
        return answer

    def doubts(self, rows: list[dict]) -> list[str]:
        """The report's own arithmetic around these cells, when it fails: the number is
        what was printed, and the answer says it does not add up (T4-LD: 37+3 ≠ 44)."""
        if not rows:
            return []
        keys = {r["key"] for r in rows}
        found = self.rows(
            "select coalesce(ru.zh, f.rule) as rule_zh, f.message, f.cells, f.cause from "
            "findings f left join rules ru on ru.id = f.rule where f.report = ? and "
            "f.outcome = 'fail' "
            "and f.severity in ('error', 'warning') and f.cells is not null order by f.n",
            [rows[0]["report"]])
        return [f"报告中与这一格有关的数字对不上（{f['rule_zh']}）：{f['message']}。"
                for f in found if keys & set(_keys(f["cells"]))
                and f["cause"] not in STRUCTURE_CAUSES][:2]

    def no_column(self, agency: str, year: int, form: str | None) -> Answer:
        """The report's form has no such cell: say which form and what it does have."""
        m = self.measure
        assert m is not None
        if not m.grid:
            return Answer(self.q.text, "no_data", f"“{m.label}”不是统计表中的一行，没有"
                          f"“{self.asked.column_said}”这一栏。", measure=self.said,
                          agencies=[agency], years=[year])
        name = load_templates()[form].name if form in load_templates() else "未识别的表式"
        grid = m.grid.get(form or "", {})
        has = "、".join(c.column for c in grid.values()) or "无"
        if grid and self.column is None:  # 规范性文件: 制发, 废止 or 现行有效?
            columns = [c.column for c in grid.values()]
            said = self.asked.surface if self.asked and self.asked.surface else m.label
            return Answer(self.q.text, "ambiguous",
                          f"{agency}{year}年度的报告按{name}填报，其中“{m.label}”有"
                          f"{len(columns)}栏（{has}），请说明问哪一栏：", measure=self.said,
                          agencies=[agency], years=[year], candidates=columns,
                          rephrased=[self.q.text.replace(said, f"{said}{c}", 1)
                                     if said in self.q.text else f"{agency}{year}年{m.label}{c}"
                                     for c in columns])
        else:
            text = (f"{agency}{year}年度的报告按{name}填报，其中没有“{self.said}”这一格"
                    f"（“{m.label}”在该表式中的栏目：{has}）。")
        return Answer(self.q.text, "no_data", text, measure=self.said, agencies=[agency],
                      years=[year])

    def sql_one(self, m: Measure, cells: Cells | None) -> tuple[str, dict]:
        where = "r.agency = :agency and r.year = :year"
        if cells is not None:
            keys = {f"k{i}": k for i, k in enumerate(cells.keys)}
            return (f"select r.sha256 as report, r.agency, r.year, r.file, c.key, c.table_no, "
                    f"c.row_label, c.col_label, c.value, c.status, c.raw, c.line, c.origin, "
                    f"c.unit "
                    f"from reports r join cells c on c.report = r.sha256 where {where} and "
                    f"c.key in ({', '.join(':' + k for k in keys)}) "
                    f"order by r.sha256, c.position", keys)
        if m.rate:
            return (f"select r.sha256 as report, r.agency, r.year, r.file, t.rate, t.name, "
                    f"t.value, t.numerator, t.denominator, t.small_number, t.reason, t.lines "
                    f"from reports r join rates t on t.report = r.sha256 where {where} "
                    f"and t.rate = :rate order by r.sha256", {"rate": m.rate})
        if m.figure:
            return (f"select r.sha256 as report, r.agency, r.year, r.file, m.text, m.value, "
                    f"m.unit, m.qualifier, m.sentence, m.line, m.origin from reports r join "
                    f"metrics m on m.report = r.sha256 where {where} and m.kind = :kind and "
                    f"m.part_of is null order by r.sha256, m.n", {"kind": m.figure})
        return (f"select r.sha256 as report, r.agency, r.year, r.file, f.rule, "
                f"coalesce(ru.zh, f.rule) as rule_zh, f.severity, f.level, f.outcome, "
                f"f.message, f.lines, f.expected, f.found, f.cause, f.cells from reports r join "
                f"findings f on f.report = r.sha256 left join rules ru on ru.id = f.rule "
                f"where {where} and f.outcome in ('fail', 'not_assessable') "
                f"order by r.sha256, f.n", {})

    def rate(self, answer: Answer, who: str, rows: list[dict]) -> Answer:
        if not rows:
            answer.text = f"{who}没有{self.said}这一比率的记录。"
            return answer
        r = rows[0]
        answer.sources = [Source(r["report"], r["agency"], r["year"], r["file"], r["name"],
                                 r["value"], raw=f"{r['numerator']}/{r['denominator']}",
                                 line=_first_line(r["lines"])), *self.operands(r)]
        if r["value"] is None:
            answer.text = f"{who}{self.said}无法计算：{r['reason']}。"
            return answer
        answer.value = r["value"]
        answer.text = (f"{who}{self.said}：{r['value'] * 100:.1f}%"
                       f"（{_fmt(r['numerator'])}/{_fmt(r['denominator'])}）。")
        if r["small_number"]:
            answer.notes.append("分母很小，这个比率不宜用来与其他机关比较。")
        return answer

    def operands(self, rate: dict) -> list[Source]:
        """The cells of a rate's numerator and denominator, each with its line."""
        d = next(d for d in definitions()["rates"] if d["id"] == rate["rate"])
        keys = [*d["numerator"], *d["denominator"], *d.get("denominator_minus", [])]
        marks = ", ".join("?" * len(keys))
        rows = self.rows(
            "select r.sha256 as report, r.agency, r.year, r.file, c.key, c.table_no, "
            "c.row_label, c.col_label, c.value, c.status, c.raw, c.line, c.origin from "
            f"reports r join cells c on c.report = r.sha256 where r.sha256 = ? and c.key in "
            f"({marks}) order by c.position", [rate["report"], *keys])
        return [_cell_source(c) for c in rows]

    def figures(self, answer: Answer, who: str, rows: list[dict]) -> Answer:
        answer.sources = [Source(r["report"], r["agency"], r["year"], r["file"],
                                 r["sentence"], r["value"], "value", r["text"], r["line"],
                                 r["origin"]) for r in rows]
        if not rows:
            answer.text = f"{who}的报告正文中没有说{self.said}的数字。"
            return answer
        values = {r["value"] for r in rows}
        first = rows[0]
        if len(values) == 1:
            answer.value = first["value"]
            answer.text = f"{who}{self.said}：{first['text']}（正文：“{first['sentence']}”）。"
        else:
            answer.text = (f"{who}的报告正文中{self.said}有{len(rows)}个不同的数字："
                           + "、".join(r["text"] for r in rows) + "，见各自的句子。")
        if any(r["qualifier"] in ("近", "约", "超过", "余", "多") for r in rows):
            answer.notes.append("正文中的数字是约数。")
        return answer

    def findings(self, answer: Answer, who: str, rows: list[dict], agency: str,
                 year: int) -> Answer:
        answer.kind = "check"
        answer.sources = [Source(r["report"], r["agency"], r["year"], r["file"],
                                 f"{r['rule_zh']}：{r['message']}", r["found"], r["severity"],
                                 line=_first_line(r["lines"])) for r in rows]
        # A table we could not read is our problem, never the agency's numbers not adding up.
        failed = [r for r in rows if r["outcome"] == "fail"]
        structure = [r for r in failed if r["cause"] in STRUCTURE_CAUSES]
        serious = [r for r in failed if r["severity"] in ("error", "warning")
                   and r not in structure]
        hints = [r for r in failed if r["severity"] == "info" and r not in structure]
        unchecked = [r for r in rows if r["outcome"] == "not_assessable"
                     and (r["level"] == "STRICT" or self.q.prose)]
        answer.sources = [s for s, r in zip(answer.sources, rows, strict=True)
                          if r["outcome"] == "fail"]
        answer.value = len(serious)
        if serious:
            rules = "、".join(dict.fromkeys(r["rule_zh"] for r in serious))
            answer.text = f"{who}的数据有{len(serious)}处对不上（{rules}）：" + \
                "；".join(r["message"] for r in serious[:5]) + "。"
        elif (structure or unchecked) and self.q.prose:
            answer.text = (f"{who}没有发现不一致，但有{len(unchecked)}项无法核对（正文或表格中"
                           "缺少相应的数字）：" + "；".join(r["message"] for r in unchecked[:3])
                           + "。")
        elif structure or unchecked:
            answer.text = (f"{who}的数据中没有发现对不上的数字，但有{len(unchecked)}条勾稽关系"
                           "无法核对（表格未能完整读取或有数字缺失），不能确认全部加得起来。")
        elif self.q.prose:
            answer.text = f"{who}的数字一致：正文所述的数字与表格相符。"
        else:
            answer.text = f"{who}的数据加得起来：各项勾稽关系与合计均未发现不一致。"
        if hints:
            answer.notes.append(f"正文与表格的核对另有{len(hints)}条提示（不算对不上）："
                                + "；".join(f"{r['rule_zh']}：{r['message']}" for r in hints[:3])
                                + "。")
        if structure:
            answer.notes.append("另有表格未能完整读取（结构问题，不是机关的数字问题）："
                                + "；".join(r["message"] for r in structure[:3]) + "。")
        return answer

    def several(self, agency: str) -> Answer:
        """收到申请、予以公开、行政复议分别多少: each measure answered in turn, all cited."""
        answers = []
        for asked in self.q.measures:
            one = _Planner(self.conn, self.q)
            one.asked, one.measure, one.column = asked, asked.measure, asked.column
            one.q = Question(self.q.text, "value", self.q.agencies, measure=asked,
                             years=self.q.years, relative=self.q.relative)
            answers.append(one.run([agency]))
        if any(not a.answered for a in answers):
            return next(a for a in answers if not a.answered)
        first = answers[0]
        answer = Answer(self.q.text, "several", "；".join(
            a.text.rstrip("。").replace(f"{agency}{first.years[0]}年度", "", 1) if i else
            a.text.rstrip("。") for i, a in enumerate(answers)) + "。",
            agencies=[agency], years=first.years, sql=first.sql, params=first.params,
            definition="；".join(a.definition for a in answers if a.definition))
        answer.rows = [{"数字": a.measure, "数值": a.value} for a in answers]
        answer.sources = [s for a in answers for s in a.sources]
        answer.notes = list(dict.fromkeys(n for a in answers for n in a.notes))
        return answer

    # ---- several agencies --------------------------------------------------------------
    def compare(self, agencies: list[str]) -> Answer:
        q = self.q
        have = {a: set(self.years_of(a)) for a in agencies}
        if q.years is None:
            common = set.intersection(*have.values())
            if not common:
                return Answer(q.text, "no_data", "这几个机关没有同一年度的报告可以对比。",
                              agencies=agencies)
            years = [max(common)]
        else:
            years = q.years
        answers = [self.value(a, years[0]) if years[0] in have[a] else
                   Answer(q.text, "no_data", f"没有{a}{years[0]}年度的报告", agencies=[a])
                   for a in agencies]
        if all(a.kind == "no_data" for a in answers):
            return Answer(q.text, "no_data", "；".join(a.text.rstrip("。") for a in answers)
                          + "。", agencies=agencies, years=years)
        answer = self.base("compare", "；".join(a.text.rstrip("。") for a in answers) + "。"
                           + _larger(agencies, [x.value for x in answers],
                                     bool(self.measure and self.measure.rate)),
                           agencies=agencies, years=years, sql=answers[0].sql,
                           params=answers[0].params)
        answer.rows = [{"机关": a, "年度": years[0], "数值": x.value}
                       for a, x in zip(agencies, answers, strict=True)]
        answer.sources = [s for x in answers for s in x.sources]
        answer.definition = next((x.definition for x in answers if x.definition), None)
        return answer

    def trend(self, agency: str) -> Answer:
        q = self.q
        years = self.years_of(agency)
        absent = []
        if q.span == "range":
            absent = [y for y in q.years if y not in years]
            years = [y for y in years if y in q.years]
        elif q.span == "recent" and q.recent:
            years = years[-q.recent:]
        if not years:
            return Answer(q.text, "no_data", f"数据库中没有{agency}在这些年度的报告。",
                          agencies=[agency])
        answers = [self.value(agency, y) for y in years]
        answer = self.base("trend", f"{agency}{self.said}逐年：" + "，".join(
            f"{y}年{_fmt(a.value, rate=bool(self.measure and self.measure.rate))}"
            if a.value is not None else f"{y}年无数字"
            for y, a in zip(years, answers, strict=True)) + "。" + _larger(
                [f"{y}年" for y in years], [a.value for a in answers],
                bool(self.measure and self.measure.rate)), agencies=[agency],
            years=years, sql=answers[0].sql, params={**answers[0].params, "year": None})
        answer.rows = [{"年度": y, "数值": a.value} for y, a in zip(years, answers, strict=True)]
        answer.sources = [s for a in answers for s in a.sources]
        answer.definition = next((a.definition for a in answers if a.definition), None)
        forms = {y: self.form_of(self.filed(agency, y), y) for y in years}
        if len(set(forms.values())) > 1:
            names = {t.id: t.name for t in load_templates().values()}
            answer.notes.append("各年度的表式不同，口径可能有差别：" + "，".join(
                f"{y}年度按{names.get(f or '', '未识别的表式')}" for y, f in forms.items()) + "。")
        answer.notes += list(dict.fromkeys(n for a in answers for n in a.notes
                                           if n.startswith("报告中与这一格有关")
                                           or "的报告署名为" in n))
        if absent:
            answer.notes.append(f"数据库中没有{agency}"
                                f"{'、'.join(map(str, absent))}年度的报告。")
        missing = [y for y, a in zip(years, answers, strict=True) if not a.answered]
        if missing:
            answer.notes.append("、".join(map(str, missing)) + "年度没有这一项的数字："
                                + "；".join(a.text for a in answers if not a.answered))
        return answer

    def scope(self, params: dict) -> str:
        """The agencies a ranking or a list is over: a region's, of a kind or level."""
        q, where = self.q, ""
        if q.scope:
            names = {f"a{i}": a for i, a in enumerate(q.scope[1])}
            params |= names
            where += f" and r.agency in ({', '.join(':' + n for n in names)})"
        if q.level or q.body or q.kind:
            params |= {"level": q.level, "body": q.body, "agency_kind": q.kind}
            where += (" and r.agency in (select name from agencies where "
                      "(:level is null or level = :level) and (:body is null or body = :body) "
                      "and (:agency_kind is null or kind = :agency_kind))")
        return where

    def among(self) -> str:
        q = self.q
        place = q.scope[0] if q.scope else ""
        if q.kind:
            return place + (q.kind_said or q.kind)
        if q.level:
            return place + {"县级": "县（区）", "市级": "市", "省级": "省"}[q.level] + "政府"
        return place + {"部门": "部门（人民政府除外）", "政府": "政府"}.get(q.body or "", "机关")

    def top(self) -> Answer:
        q, m = self.q, self.measure
        if m is None or m.findings:
            return refusal(q.text, QuestionError("排名需要说明按哪一项数字排"), self.conn)
        year = q.years[0] if q.years else self.conn.execute(
            "select max(year) from reports").fetchone()[0]
        if not self.conn.execute("select 1 from reports where year = ? limit 1",
                                 [year]).fetchone():
            return Answer(q.text, "no_data", f"数据库中没有{year}年度的报告，无法排名。",
                          measure=self.said, years=[year])
        limit = q.limit or DEFAULT_TOP
        params: dict = {"year": year, "limit": limit}
        where = "r.year = :year" + self.scope(params)
        order = "desc" if q.direction == "most" else "asc"
        template = template_for_year(year)
        form = template.id if template else None
        if m.grid:
            cells = m.cells(form, self.column)
            columns = [c.column for c in m.grid.get(form or "", {}).values()]
            if cells is None and self.column is None and len(columns) > 1:
                return Answer(q.text, "ambiguous", f"“{m.label}”有{len(columns)}栏"
                              f"（{'、'.join(columns)}），请说明按哪一栏排名：",
                              measure=self.said, years=[year], candidates=columns,
                              rephrased=[f"{year}年{m.label}{c}最多的单位" for c in columns])
            if cells is None:
                return Answer(q.text, "no_data", f"{year}年度的表式中没有“{self.said}”这一格，"
                              "无法排名。", measure=self.said, years=[year])
            keys = {f"k{i}": k for i, k in enumerate(cells.keys)}
            params |= keys | {"n": len(keys)}
            sql = (f"select r.sha256 as report, r.agency, r.year, r.file, sum(c.value) as value, "
                   f"group_concat(c.line) as lines from reports r join cells c on "
                   f"c.report = r.sha256 where {where} and c.key in "
                   f"({', '.join(':' + k for k in keys)}) group by r.sha256 "
                   f"having count(*) = :n and sum(c.status = 'value') = :n "
                   f"order by value {order}, r.agency limit :limit")
        elif self.column:
            return Answer(q.text, "no_data", f"“{m.label}”不是统计表中的一行，没有"
                          f"“{self.asked.column_said}”这一栏。", measure=self.said)
        elif m.rate:
            params["rate"] = m.rate
            sql = (f"select r.sha256 as report, r.agency, r.year, r.file, t.value, t.lines "
                   f"from reports r join rates t on t.report = r.sha256 where {where} and "
                   f"t.rate = :rate and t.value is not null and t.small_number = 0 "
                   f"order by t.value {order}, r.agency limit :limit")
        else:
            params["kind"] = m.figure
            sql = (f"select r.sha256 as report, r.agency, r.year, r.file, max(m.value) as value, "
                   f"m.line as lines from reports r join metrics m on m.report = r.sha256 "
                   f"where {where} and m.kind = :kind and m.part_of is null "
                   f"group by r.sha256 order by value {order}, r.agency limit :limit")
        rows = self.rows(sql, params)
        word = "最多" if q.direction == "most" else "最少"
        if m.rate:
            word = "最高" if q.direction == "most" else "最低"
        answer = self.base("top", "", form, years=[year], sql=sql, params=params)
        answer.rows = [{"名次": i, "机关": r["agency"], "数值": r["value"]}
                       for i, r in enumerate(rows, 1)]
        answer.agencies = [r["agency"] for r in rows]
        answer.sources = [Source(r["report"], r["agency"], r["year"], r["file"], self.said,
                                 r["value"], "value", line=_first_line(r["lines"]))
                          for r in rows]
        among = self.among()
        answer.params["among"] = among
        if m.rate:  # said where the ranking is, not only in a note: the lowest of all may be
            among += "（只比较分母不小于10的）"  # one left out
        if not rows:
            answer.text = f"{year}年度{among}中没有可排名的{self.said}数字。"
        else:
            answer.text = f"{year}年度{self.said}{word}的{among}：" + "，".join(
                f"{i}. {r['agency']}（{_fmt(r['value'], m.rate)}）"
                for i, r in enumerate(rows, 1)) + "。"
        if m.rate:
            answer.notes.append("分母小于10的机关不参与排名。")
        if m.grid:
            answer.notes.append("有空白、缺失或无法读取的格的报告不参与排名。")
        if m.figure:
            answer.notes.append("每份报告取正文中该类数字中最大的一个。")
        return answer

    def total(self) -> Answer:
        """A measure summed over the agencies of a year (of a region, a kind): the reports
        whose cells are all printed numbers, and how many were left out for lacking them."""
        q, m = self.q, self.measure
        if m is None or not m.grid:
            return Answer(q.text, "refused", "只能把统计表中的件数或金额加起来（比率、正文中的数字"
                          "不能相加）。", measure=self.said)
        year = q.years[0] if q.years else self.conn.execute(
            "select max(year) from reports").fetchone()[0]
        template = template_for_year(year)
        cells = m.cells(template.id if template else None, self.column)
        if cells is None:
            return Answer(q.text, "no_data", f"{year}年度的表式中没有“{self.said}”这一格。",
                          measure=self.said, years=[year])
        keys = {f"k{i}": k for i, k in enumerate(cells.keys)}
        params: dict = {"year": year, "n": len(keys)} | keys
        where = "r.year = :year" + self.scope(params)
        sql = ("select count(*) as reports, sum(cells = :n and printed = :n) as counted, "
               "sum(case when cells = :n and printed = :n then value end) as total from ("
               "select r.sha256, sum(c.value) as value, count(c.key) as cells, "
               "sum(c.status = 'value') as printed from reports r left join cells c on "
               f"c.report = r.sha256 and c.key in ({', '.join(':' + k for k in keys)}) "
               f"where {where} group by r.sha256)")
        [row] = self.rows(sql, params)
        among = self.among() if q.scope or q.kind or q.level or q.body else "全部机关"
        if not row["counted"]:
            return Answer(q.text, "no_data", f"{year}年度{among}的报告中没有可以相加的"
                          f"{self.said}数字。", measure=self.said, years=[year])
        left = row["reports"] - row["counted"]
        value = round(row["total"], 4) if isinstance(row["total"], float) else row["total"]
        answer = self.base("calc", f"{year}年度{among}的{self.said}合计：{_fmt(value)}"
                           f"{cells.unit or ''}（{row['counted']}份报告之和" + (
                               f"；另有{left}份报告这一项没有完整印出的数字，未计入" if left
                               else "") + "）。", template.id if template else None,
                           value=value, years=[year], sql=sql,
                           params={**params, "operation": "sum", "among": among})
        answer.rows = [{"项": "报告数", "数值": row["reports"]},
                       {"项": "计入", "数值": row["counted"]}]
        each = self.rows(  # each report counted, with its cells' lines (the first few)
            "select r.sha256 as report, r.agency, r.year, r.file, sum(c.value) as value, "
            "group_concat(c.line) as lines from reports r join cells c on c.report = r.sha256 "
            f"where {where} and c.key in ({', '.join(':' + k for k in keys)}) group by "
            "r.sha256 having count(*) = :n and sum(c.status = 'value') = :n "
            f"order by r.agency limit {_TOTAL_SOURCES}", params)
        answer.sources = [Source(r["report"], r["agency"], r["year"], r["file"], self.said,
                                 r["value"], "value", line=_first_line(r["lines"]))
                          for r in each]
        if row["counted"] > len(each):
            answer.notes.append(f"来源只列出前{len(each)}份报告，全部报告见 SQL。")
        return answer

    def failing(self) -> Answer:
        """The agencies whose own numbers break a STRICT rule of the form; a table we could
        not read is a structure finding and never puts an agency on this list."""
        q = self.q
        params: dict = {"year": q.years[0] if q.years else None,
                        "causes": ",".join(sorted(STRUCTURE_CAUSES))}
        where = "(:year is null or r.year = :year)" + self.scope(params)
        sql = ("select r.sha256 as report, r.agency, r.year, r.file, count(*) as failed, "
               "group_concat(distinct coalesce(ru.zh, f.rule)) as rules, min(f.lines) as lines "
               "from reports r join findings f on f.report = r.sha256 left join rules ru on "
               "ru.id = f.rule where " + where + " and f.outcome = 'fail' and "
               "f.level = 'STRICT' and (f.cause is null or instr(',' || :causes || ',', "
               "',' || f.cause || ',') = 0) group by r.sha256 "
               "order by failed desc, r.agency, r.year limit 100")
        rows = self.rows(sql, params)
        years = [q.years[0]] if q.years else []
        when = f"{q.years[0]}年度" if q.years else "各年度"
        among = self.among()
        answer = Answer(q.text, "failing", "", value=len(rows), measure="问题",
                        definition="报告自身的数字违反表格勾稽关系（严格规则）的次数；"
                                   "表格未能完整读取属于结构问题，不计入",
                        agencies=list(dict.fromkeys(r["agency"] for r in rows)), years=years,
                        sql=sql, params={**params, "among": among})
        answer.rows = [{"机关": r["agency"], "年度": r["year"], "对不上的规则数": r["failed"]}
                       for r in rows]
        answer.sources = [Source(r["report"], r["agency"], r["year"], r["file"],
                                 f"{r['rules']}", r["failed"], "error",
                                 line=_first_line(r["lines"])) for r in rows]
        if not rows:
            answer.text = f"{when}{among}的报告中，没有发现自身数字对不上的。"
        else:
            answer.text = f"{when}自身数字对不上的{among}有{len(rows)}份报告：" + "；".join(
                f"{r['agency']}{r['year']}年度（{r['failed']}处：{r['rules']}）"
                for r in rows[:10]) + ("等" if len(rows) > 10 else "") + "。"
        return answer


def _larger(names: list[str], values: list, rate: bool) -> str:
    """Which of two is larger, and by how much (percentage points for rates)."""
    if len(values) != 2 or any(not isinstance(v, int | float) for v in values):
        return ""
    (a, b), (x, y) = names, values
    if x == y:
        return "两者相同。"
    big, small = (a, b) if x > y else (b, a)
    gap = abs(x - y)
    return f"{big}更高，高{gap * 100:.2f}个百分点。" if rate else \
        f"{big}比{small}多{_fmt(round(gap, 4))}。"


def _keys(cells: str | None) -> list[str]:
    try:
        found = json.loads(cells or "[]")
    except ValueError:
        return []
    return [k for k in found if isinstance(k, str)] if isinstance(found, list) else []


def _sum(rows: list[dict], expected: int) -> tuple[float | None, str | None]:
    if len(rows) < expected:
        return None, "报告中没有这一格"
    bad = [r for r in rows if r["status"] != "value"]
    if bad:
        return None, "；".join(f"{r['row_label'] or ''}{r['col_label']}为"
                              f"{_STATUS_ZH.get(r['status'], r['status'])}" for r in bad)
    return sum(r["value"] for r in rows), None


def _cell_source(r: dict) -> Source:
    table = "表" + "零一二三四"[r["table_no"]]
    what = f"{table} {r['row_label'] or ''} / {r['col_label']}"
    return Source(r["report"], r["agency"], r["year"], r["file"], what, r["value"],
                  r["status"], r["raw"], r["line"], r["origin"], r["key"])


def _first_line(lines) -> int | None:
    if lines is None:
        return None
    first = str(lines).split(",")[0]
    return int(first) if first.isdigit() else None


def _fmt(value, rate: bool | str | None = None) -> str:
    if value is None:
        return "—"
    if rate:
        return f"{value * 100:.1f}%"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
