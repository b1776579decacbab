"""Figures stated in a report's prose: value, unit, qualifier, subject, kind, sentence.

    metrics = metrics_of(report)   # read once, kept on report.metrics

spaCy is imported on first use only: parsing and the table checks never pay for it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from govparse.model import Metric, Report
from govparse.normalize import fold_width

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


def _pieces(text: str) -> list[tuple[int, str]]:
    """The text as (offset, paragraph) pieces, long paragraphs cut after a full stop.

    spaCy's Chinese character segmenter slows down more than linearly on long texts (a
    400 K-character paragraph took 5.6 s), so it gets paragraphs, never whole sections.
    """
    pieces, offset = [], 0
    for line in text.split("\n"):
        start = 0
        while len(line) - start > _PIECE:
            cut = line.rfind("。", start, start + _PIECE) + 1 or start + _PIECE
            pieces.append((offset + start, line[start:cut]))
            start = cut
        pieces.append((offset + start, line[start:]))
        offset += len(line) + 1
    return [(o, p) for o, p in pieces if p.strip()]


def extract_metrics(report: Report) -> list[Metric]:
    from govparse.narrative.component import SPAN_GROUP
    from govparse.narrative.taxonomy import taxonomy

    # Paragraphs without a number expression have no figure: spaCy never sees them.
    candidate = taxonomy().figure.search
    jobs = [(section, offset, piece) for section in report.sections
            for offset, piece in _pieces(section.text or "")
            if candidate(fold_width(piece))]
    metrics: list[Metric] = []
    nlp = pipeline()
    docs = nlp.pipe(_doc(nlp, piece) for _, _, piece in jobs)
    for (section, offset, piece), doc in zip(jobs, docs, strict=True):
        first = len(metrics)
        for span in doc.spans[SPAN_GROUP]:
            # Texts are sliced from the piece: Span.text would build them token by token.
            begin, end, sent, ext = span.start_char, span.end_char, span.sent, span._
            line = section.line_of(offset + begin)
            metrics.append(Metric(
                section=section.number, line=line, origin=report.origin(line),
                start=offset + begin, end=offset + end, text=piece[begin:end],
                value=ext.value, unit=ext.unit, qualifier=ext.qualifier,
                subject=ext.subject, kind=ext.kind,
                sentence=_sentence(piece[sent.start_char:sent.end_char]),
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
