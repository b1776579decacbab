"""govparse: read Chinese government information-disclosure annual reports into open data.

The pipeline, one folder per stage in the order the data flows (README "How it works")::

    text/       width folding, label keys, number words; a text normalised, lines kept
    forms/      the national forms as data: t2019.yml, t2021.yml, sections.yml
    sources/    file -> canonical text: text in any encoding, HTML, Word, PDF, scans
    document/   lines -> Document: grammar/report.lark (Lark, LALR), transformer, recovery
    cells/      Document -> the form's cells: rows, headers, readings, placement
    report/     the chain parse_file() / parse_text() -> Report; agency, year, rates
    narrative/  figures of the prose (spaCy)
    checks/     the rules: findings with evidence
    across/     text reused across reports
    ask/        questions in Chinese -> SQL -> sourced answers
    publish/    (govparse.publish) the database and its Datasette site

Shared by every stage: model (the Report), errors, data (the YAML loader), words (vocab.yml).
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
