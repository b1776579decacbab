"""The spaCy component that finds the figures stated in a text.

Number expressions are found over `doc.text` (token patterns depend on the segmenter and
miss 近1.5万人次), turned into spans with `doc.char_span(..., alignment_mode="expand")` and
kept in the span group `doc.spans["figures"]`, with Span extensions for what each one says.

Every step is linear in the length of the doc (tests/narrative/test_narrative_scaling.py): nothing
looks a figure up among the others, copies the text up to a figure or walks the doc per
figure, each of which made a paragraph's figures cost the square of their number.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from govparse.narrative.taxonomy import Taxonomy, taxonomy
from govparse.text.normalize import fold_width
from govparse.text.numbers import to_number

SPAN_GROUP = "figures"
TEXT = "govparse_text"  # doc.user_data key of the doc's text, when its maker kept it
# value: the number (1.5万 -> 15000); unit: 件/人次/万元/%…; qualifier: 近/约/其中…;
# subject: what is counted; kind: an id from figures.yml or None; part_of: the index, in the
# span group, of the figure this one is part of; attached: "part" or "inclusion".
# own_kind: the kind from its own words, before a part takes its whole's; change: the figure
# states a change ("较去年增长500条"), not a count.
EXTENSIONS = ("value", "unit", "qualifier", "subject", "kind", "part_of", "attached",
              "own_kind", "change")
for _name in EXTENSIONS:
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

_CLAUSE_END = re.compile(r"[,、;:。!?()\n]")
_LIST_END = re.compile(r"[;。!?\n]")  # siblings of a part continue across , and 、 only
_ATTACHED = re.compile(r"[A-Za-z+\-/]")  # H5, 1+17+N, a URL: part of a code, not a figure
_SPACES = " \t\u3000"  # what may stand between a figure and the word before it
_SUBJECT_MAX = 30
_SUBJECT_SHORT = 12  # a clause this short is the subject as it stands


@Language.factory("govparse_figures")
def make_figure_finder(nlp: Language, name: str) -> FigureFinder:
    return FigureFinder()


class FigureFinder:
    def __init__(self) -> None:
        self.taxonomy = taxonomy()

    def __call__(self, doc: Doc) -> Doc:
        # Length-preserving folding: offsets stay those of doc.text.
        text = fold_width(doc.user_data.get(TEXT) or doc.text)
        spans: list[Span] = []
        for m in _figures(text, self.taxonomy):
            span = doc.char_span(m.start("num"), m.end(), label="FIGURE",
                                 alignment_mode="expand")
            if span is None:
                continue
            ext = span._  # each `span._` makes an accessor object: made once per span
            ext.value = _value(m)
            ext.unit = "%" if m["percent"] else m["unit"]
            ext.qualifier = m["qualifier"] or m["approx"] or None
            spans.append(span)
        sents = sentences_of(doc, spans)
        for i in range(len(spans)):
            self._describe(text, spans, sents, i)
        doc.spans[SPAN_GROUP] = SpanGroup(doc, name=SPAN_GROUP, spans=spans)
        return doc

    def _describe(self, text: str, spans: list[Span], sents: list[Span], i: int) -> None:
        span, sent = spans[i], sents[i]
        prev = spans[i - 1] if i and sents[i - 1].start == sent.start else None
        nxt = spans[i + 1] if i + 1 < len(spans) and sents[i + 1].start == sent.start \
            else None
        begin = _qualifier_start(text, span)
        left = text[prev.end_char if prev else sent.start_char:begin]
        before = _CLAUSE_END.split(left)[-1]
        right = text[span.end_char:nxt.start_char if nxt else sent.end_char]
        after = _CLAUSE_END.split(right)[0]
        ext = span._
        ext.subject = self._subject(before, after)
        ext.change = any(w in before for w in self.taxonomy.change_words)
        if ext.change:
            return  # a change is neither a count of a kind nor a part of anything
        ext.kind = ext.own_kind = self.taxonomy.kind_of(before, after, ext.unit)
        if prev is not None:
            self._link(text[prev.end_char:span.start_char], spans, i, i - 1)
        elif i and sents[i - 1].end == sent.start:
            # "…314件，含上年结转5件。其中312件已办结": 其中 opening a sentence refers to the
            # whole the last sentence was about, not to its last part.
            opening = text[sent.start_char:span.start_char]
            if opening.lstrip().startswith(self.taxonomy.part_markers):
                root = i - 1
                while spans[root]._.part_of is not None:
                    root = spans[root]._.part_of
                self._link(opening, spans, i, root)

    def _subject(self, before: str, after: str) -> str | None:
        words = before.strip()
        for marker in self.taxonomy.part_markers + self.taxonomy.inclusion_markers:
            words = words.removeprefix(marker)
        verb = self.taxonomy.subject_verbs.search(words)
        if verb is not None and len(words) > _SUBJECT_SHORT:
            words = words[verb.start():]
        if len(words) < 2 or self.taxonomy.subject_verbs.fullmatch(words):
            words = after.strip() or words  # "有1件当事人提起行政复议": the subject follows
        return words[-_SUBJECT_MAX:] or None

    def _link(self, between: str, spans: list[Span], i: int, j: int) -> None:
        """Part-of: "238条，其中部门动态32条，政务公开135条" links 32 and 135 to 238.

        `j` is the index of the figure before (or of the whole): an index, not the span,
        so that linking never searches the list of figures for it."""
        span, prev = spans[i], spans[j]
        if span._.unit != prev._.unit or prev._.change:
            return
        tax = self.taxonomy
        if any(m in between for m in tax.inclusion_markers + tax.part_markers):
            inclusion = any(m in between for m in tax.inclusion_markers)
            # "182件，含上年结转5件；其中170件…": 其中 after an aside refers to the whole.
            whole = (prev._.part_of if prev._.attached == "inclusion" and not inclusion
                     else j)
            span._.attached = "inclusion" if inclusion else "part"
        elif (prev._.part_of is not None and not _LIST_END.search(between)
              and _same_list(span, prev, spans[prev._.part_of])):
            whole = prev._.part_of  # the next item of the same list
            span._.attached = prev._.attached
        else:
            return
        span._.part_of = whole
        if span._.kind is None:  # 其中部门动态32条 counts what its whole counts
            span._.kind = spans[whole]._.kind


def _same_list(span: Span, prev: Span, whole: Span) -> bool:
    """Items of one list are alike: of the whole's kind (自然人293件、法人16件), or each of a
    kind of its own (312件已办结,2件结转). A figure of another kind after items of the whole's
    kind starts something else ("…法人16件,上年结转5件")."""
    own = span._.own_kind
    return own is None or own == whole._.kind or prev._.own_kind is not None


def sentences_of(doc: Doc, spans: list[Span]) -> list[Span]:
    """The sentence of each span (spans in order), in one walk over the doc's sentences.

    Span.sent walks the tokens from the span to both ends of its sentence, once per span:
    a sentence of k figures was walked k times."""
    sents = doc.sents
    sent = next(sents, None)
    out: list[Span] = []
    for span in spans:
        while sent is not None and sent.end <= span.start:
            sent = next(sents, None)
        out.append(sent if sent is not None else span.sent)
    return out


def _figures(text: str, tax: Taxonomy):
    # Both come in text order and quoted spans do not overlap: one pointer walks the quoted
    # spans as the figures go, instead of testing every quoted span for every figure.
    quoted = [m.span() for m in tax.quoted.finditer(text)]
    q = 0
    for m in tax.figure.finditer(text):
        start = m.start("num")
        while q < len(quoted) and quoted[q][1] <= start:
            q += 1
        if q < len(quoted) and quoted[q][0] <= start:
            continue
        before = _stripped_end(text, start)
        if text.endswith(tax.ordinal_before, 0, before) or (
                before and _ATTACHED.match(text[before - 1])):
            continue
        if m.end() < len(text) and _ATTACHED.match(text[m.end()]) and not m["unit"]:
            continue
        if text.startswith(tax.not_figures, start):
            continue
        yield m


def _value(m: re.Match[str]) -> int | float | None:
    digits = m["arabic"] or m["chinese"] or m["arabic2"] or m["chinese2"]
    return to_number(digits, m["multiplier"])


def _qualifier_start(text: str, span: Span) -> int:
    """Where the clause before a figure ends: before its qualifier, if it has one."""
    qualifier = span._.qualifier
    start = span.start_char
    if qualifier and text.endswith(qualifier, 0, _stripped_end(text, start)):
        return text.rfind(qualifier, 0, start)
    return start


def _stripped_end(text: str, end: int) -> int:
    """len(text[:end].rstrip(" \t\u3000")) without copying text[:end] (once per figure,
    that copy made a paragraph's figures cost the square of its length)."""
    while end and text[end - 1] in _SPACES:
        end -= 1
    return end
