"""Figures stated in a report's prose: value, unit, qualifier, subject, kind, sentence.

    metrics = metrics_of(report)   # read once, kept on report.metrics

spaCy is imported on first use only: parsing and the table checks never pay for it.
The text goes to spaCy in pieces of at most _PIECE characters, one doc alive at a time
(neither of its components batches), so time and memory grow with the length of the text,
however long one paragraph is.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from govparse.forms import SECTION_NUMERALS
from govparse.model import Metric, Report, ReportWarning, Section
from govparse.sources.limits import current
from govparse.text.normalize import fold_width

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["extract_metrics", "metrics_of", "pipeline"]

# Sentences end at these; a ；keeps the sentence (parts of a whole are listed across it).
_SENTENCE_ENDS = ["。", "!", "?", "！", "？", "\n"]
_PIECE = 5_000  # characters of a paragraph given to spaCy at once


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """spacy.blank("zh") (no model download exists offline) + sentences + figures."""
    import spacy

    from govparse.narrative import component  # noqa: F401  (registers the factory)
    from govparse.narrative.tokenizer import CharTokenizer

    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)  # the same tokens, in linear time
    nlp.add_pipe("sentencizer", config={"punct_chars": _SENTENCE_ENDS})
    nlp.add_pipe("govparse_figures")
    return nlp


def _pieces(text: str) -> list[tuple[int, int, str]]:
    """The text as (line, offset, paragraph) pieces, long paragraphs cut after a full stop;
    `line` counts the newlines before the piece.

    spaCy's Chinese character segmenter slows down more than linearly on long texts (a
    400 K-character paragraph took 5.6 s), so it gets paragraphs, never whole sections.
    """
    pieces, offset = [], 0
    for number, line in enumerate(text.split("\n")):
        start = 0
        while len(line) - start > _PIECE:
            cut = line.rfind("。", start, start + _PIECE) + 1 or start + _PIECE
            pieces.append((number, offset + start, line[start:cut]))
            start = cut
        pieces.append((number, offset + start, line[start:]))
        offset += len(line) + 1
    return [(n, o, p) for n, o, p in pieces if p.strip()]


def _line(section: Section, newlines: int) -> int | None:
    """Section.line_of for an offset with `newlines` newlines before it: line_of counts them
    from the start of the section on every call, the square of a long paragraph's length."""
    if not section.lines:
        return None
    return section.lines[min(newlines, len(section.lines) - 1)]


def extract_metrics(report: Report) -> list[Metric]:
    from govparse.narrative.component import SPAN_GROUP, sentences_of
    from govparse.narrative.taxonomy import taxonomy

    # Paragraphs without a number expression have no figure: spaCy never sees them.
    candidate = taxonomy().figure.search
    jobs = [(section, newlines, offset, piece) for section in report.sections
            for newlines, offset, piece in _pieces(section.text or "")
            if candidate(fold_width(piece))]
    metrics: list[Metric] = []
    nlp = pipeline()
    limit = current().figures
    docs = nlp.pipe(_doc(nlp, piece) for *_, piece in jobs)
    for (section, newlines, offset, piece), doc in zip(jobs, docs, strict=True):
        first = len(metrics)
        if first >= limit:  # a report states hundreds; more is not prose to read (limits.yml)
            report.warnings.append(ReportWarning(
                "figures_limit", f"正文陈述的数字超过 {limit:,} 个：第"
                f"{SECTION_NUMERALS[section.number - 1]}部分第 {_line(section, newlines)} 行"
                "起的数字未采用", _line(section, newlines)))
            del metrics[limit:]  # a part comes after its whole: what is kept stays whole
            break
        line = _line(section, newlines)  # a piece lies within one line of its section
        origin = report.origin(line)
        spans = list(doc.spans[SPAN_GROUP])
        last_sent, sentence = None, ""
        for span, sent in zip(spans, sentences_of(doc, spans), strict=True):
            if sent is not last_sent:  # figures of one sentence share its text, not copies
                last_sent, sentence = sent, _sentence(piece[sent.start_char:sent.end_char])
            # Texts are sliced from the piece: Span.text would build them token by token.
            begin, end, ext = span.start_char, span.end_char, span._
            metrics.append(Metric(
                section=section.number, line=line, origin=origin,
                start=offset + begin, end=offset + end, text=piece[begin:end],
                value=ext.value, unit=ext.unit, qualifier=ext.qualifier,
                subject=ext.subject, kind=ext.kind, sentence=sentence,
                part_of=None if ext.part_of is None else first + ext.part_of,
                relation=ext.attached))
    return metrics


def _doc(nlp: Language, text: str):
    """A tokenised doc that carries its text: Doc.text would rebuild it token by token."""
    from govparse.narrative.component import TEXT

    doc = nlp.make_doc(text)
    doc.user_data[TEXT] = text
    return doc


def _sentence(text: str) -> str:
    # spaCy's sentencizer keeps punctuation after a full stop with the sentence, opening
    # brackets included ("…监督权。\n（"): they belong to the next one.
    return text.strip().rstrip("（(“‘《【[").rstrip()


def metrics_of(report: Report) -> list[Metric]:
    """The report's figures, read on first call and kept on the report."""
    if report.metrics is None:
        report.metrics = extract_metrics(report)
    return report.metrics
