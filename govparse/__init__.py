"""govparse: read Chinese government information-disclosure annual reports into open data.

The pipeline, one module per stage::

    sources/    file -> canonical text: text in any encoding, HTML, Word, PDF
    normalize   width folding, page chrome, broken labels; keeps original line numbers
    grammar     grammar/report.lark (Lark, LALR) -> parse tree
    transform   parse tree -> document blocks (sections, paragraphs, tables) with lines
    templates/  the 2019 and 2021 forms as data
    tables      table rows -> canonical form cells
    metadata    agency and year from the title, the manifest or the caller
    parse       the whole chain: parse_file() / parse_text() -> Report
"""

from govparse.errors import ReportError, ReportSyntaxError
from govparse.model import Cell, Report, ReportWarning, Section
from govparse.report.parse import parse_file, parse_text

__all__ = [
    "Cell",
    "Report",
    "ReportError",
    "ReportSyntaxError",
    "ReportWarning",
    "Section",
    "parse_file",
    "parse_text",
]
__version__ = "0.1.0"
