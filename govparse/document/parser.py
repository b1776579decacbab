"""Load grammar/report.lark (with its heading terminals written from forms/sections.yml), read
a text into a Document, and turn Lark's exceptions into errors people can act on."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from lark import Lark, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from govparse.document.transform import (
    Document,
    ReportTransformer,
    original_lines,
)
from govparse.errors import ReportSyntaxError
from govparse.forms import SECTION_NUMERALS, heading_patterns, sections
from govparse.text.normalize import NormalizedText
from govparse.words import quoted

# Terminals a reader knows by another name; the headings' come from forms/sections.yml.
_NAMES = {
    **{f"H{n}": f"标题“{SECTION_NUMERALS[n - 1]}、{s['wordings'][0]}”"
       for n, s in sections().items()},
    "TEXT": "段落", "SUBHEAD": "小标题", "ITEM": "列表项",
    "TITLE_END": "报告标题", "TITLE_HEAD": "报告标题", "TITLE_TAIL": "报告标题", "$END": "文件末尾",
    "TAB_ROW": "TAB 表格行（每格一行）",
    "TAB_ROWSEP": "表格行之间的空行", "TSV_ROW": "以制表符分隔的表格行",
    "PIPE_BARS": "“|”行", "PIPE_ROW": "由“单元格 |”各行组成的表格行",
    "PIPE_CELL": "“单元格 |”行", "MD_ROW": "“| a | b |”形式的表格行",
    "MD_RULE": "“|---|”分隔线", "SPACED_ROW": "行名后接数字的一行",
    "SPACED_NUMBERS": "只有数字的一行", "_BLANK": "空行",
}
_TABLE_TERMINALS = {"TAB_ROW", "TSV_ROW", "PIPE_BARS", "PIPE_ROW", "PIPE_CELL", "MD_ROW",
                    "MD_RULE", "SPACED_ROW", "SPACED_NUMBERS"}


@lru_cache(maxsize=1)
def report_parser() -> Lark:
    """The LALR parser, built once per process and cached on disk by Lark, with the
    transformer embedded: Lark calls it as it reduces each rule, so no parse tree is built
    and walked again. Lark's LALR parser keeps each parse's state in the call, and the
    transformer keeps none, so threads share the one parser."""
    return Lark(grammar_text(), parser="lalr", lexer="contextual", cache=True,
                transformer=ReportTransformer())


def grammar_text() -> str:
    """grammar/report.lark, shipped as govparse.grammar, and its heading terminals."""
    text = resources.files("govparse.grammar").joinpath("report.lark").read_text("utf-8")
    return text + "\n" + "\n".join(heading_terminals()) + "\n"


def heading_terminals() -> list[str]:
    """H1..H6 from forms/sections.yml: the numeral, then a cue within `before_cue`
    characters, on a line without sentence punctuation (report.lark says why)."""
    return [f"H{n}.8: /{pattern}" + r"\n/" for n, pattern in heading_patterns().items()]


def parse_document(doc: NormalizedText, path: str | None = None) -> Document:
    """The report's title, preamble and sections, each block with its original lines.

    A line the grammar does not expect where it stands (a table row in section 五, a
    heading in the wrong place) is skipped with a warning naming its line, through Lark's
    LALR error handling (`on_error`), and the parse goes on: a local problem never costs
    the whole report. What cannot be resumed (the text ends inside a rule) is an error."""
    skipped: list[ReportSyntaxError] = []

    def resume(exc: UnexpectedInput) -> bool:
        if not isinstance(exc, UnexpectedToken) or exc.token.type == "$END":
            return False
        skipped.append(_syntax_error(exc, doc, path))
        return True  # Lark drops the token and goes on

    try:
        document = report_parser().parse(doc.text, on_error=resume)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, doc, path) from None
    document = original_lines(document, doc)
    document.skipped = skipped
    return document


def _syntax_error(exc: UnexpectedInput, doc: NormalizedText,
                  path: str | None) -> ReportSyntaxError:
    line = exc.line if exc.line and exc.line > 0 else len(doc.lines)
    original = doc.original_line(line)
    offending = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
    order = list(_NAMES)
    terminals = sorted(_expected(exc), key=lambda t: order.index(t) if t in order else len(order))
    expected = list(dict.fromkeys(_NAMES.get(t, t) for t in terminals))
    token_type = _token_type(exc)
    if token_type in _TABLE_TERMINALS or (token_type is None and "\t" in offending):
        what = "表格之外的表格行（表格只应在第二、三、四部分）"
    elif token_type in {"H1", "H2", "H3", "H4", "H5", "H6"}:
        what = f"此处不应出现{_NAMES[token_type]}"
    elif token_type == "$END":
        what = "文件过早结束"
    else:
        what = "此行不符合报告的结构"
    wanted = (f"此处应为{'、'.join(expected[:8])}之一" if len(expected) > 1
              else f"此处应为{expected[0]}" if expected else "此处不应再有内容")
    message = f"{what}：{quoted(offending.strip())}；{wanted}"
    return ReportSyntaxError(message, path=path, line=original, column=exc.column,
                             text=offending, expected=expected)


def _expected(exc: UnexpectedInput) -> set[str]:
    if isinstance(exc, UnexpectedToken):
        return set(exc.expected)
    if isinstance(exc, UnexpectedCharacters):
        return set(exc.allowed or ())
    return set()


def _token_type(exc: UnexpectedInput) -> str | None:
    # The contextual lexer tries the whole grammar's terminals before giving up; when one
    # of them matches, Lark reports UnexpectedToken; otherwise no terminal matched.
    return exc.token.type if isinstance(exc, UnexpectedToken) else None
