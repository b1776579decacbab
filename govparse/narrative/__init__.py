"""Figures stated in a report's prose: value, unit, qualifier, subject, kind, sentence.

    metrics = metrics_of(report)   # read once, kept on report.metrics

spaCy is imported on first use only: parsing and the table checks never pay for it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from govparse.model import Metric, Report

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["extract_metrics", "metrics_of", "pipeline"]

# Sentences end at these; a ；keeps the sentence (parts of a whole are listed across it).
_SENTENCE_ENDS = ["。", "!", "?", "！", "？", "\n"]


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """spacy.blank("zh") (no model download exists offline) + sentences + figures."""
    import spacy

    from govparse.narrative import component  # noqa: F401  (registers the factory)

    nlp = spacy.blank("zh")
    # The default cap (1 M characters) would make one long section fail the whole report;
    # the character segmenter needs no more memory per character than the text itself.
    nlp.max_length = 100_000_000
    nlp.add_pipe("sentencizer", config={"punct_chars": _SENTENCE_ENDS})
    nlp.add_pipe("govparse_figures")
    return nlp


def extract_metrics(report: Report) -> list[Metric]:
    from govparse.narrative.component import SPAN_GROUP

    sections = [s for s in report.sections if s.text]
    metrics: list[Metric] = []
    for section, doc in zip(sections, pipeline().pipe(s.text for s in sections), strict=True):
        first = len(metrics)
        for span in doc.spans[SPAN_GROUP]:
            metrics.append(Metric(
                section=section.number, line=section.line_of(span.start_char),
                start=span.start_char, end=span.end_char, text=span.text,
                value=span._.value, unit=span._.unit, qualifier=span._.qualifier,
                subject=span._.subject, kind=span._.kind,
                sentence=_sentence(span.sent.text),
                part_of=None if span._.part_of is None else first + span._.part_of,
                relation=span._.attached))
    return metrics


def _sentence(text: str) -> str:
    # spaCy's sentencizer keeps punctuation after a full stop with the sentence, opening
    # brackets included ("…监督权。\n（"): they belong to the next one.
    return text.strip().rstrip("（(“‘《【[").rstrip()


def metrics_of(report: Report) -> list[Metric]:
    """The report's figures, read on first call and kept on the report."""
    if report.metrics is None:
        report.metrics = extract_metrics(report)
    return report.metrics
