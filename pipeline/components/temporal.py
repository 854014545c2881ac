"""DATE tagger: French temporal expressions found and resolved by pipeline.normalize.dates."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.extensions import text_of  # also registers Doc._.published
from pipeline.components.spans import char_span, overwrite_ents
from pipeline.normalize.dates import find_dates


class TemporalTagger:
    def __init__(self, prefer: str = "past"):
        self.prefer = prefer

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match in find_dates(text_of(doc), anchor=doc._.published, prefer=self.prefer):
            span = char_span(doc, match.start, match.end, "DATE")
            if span is not None:
                span._.press = match
                span._.rule = "temporal"
                spans.append(span)
        overwrite_ents(doc, spans)
        return doc


@Language.factory("press_dates", default_config={"prefer": "past"})
def make_temporal_tagger(nlp: Language, name: str, prefer: str) -> TemporalTagger:
    """`prefer`: how a bare weekday or day-month resolves, `past` for press, `future` for assistant-style text."""
    return TemporalTagger(prefer)
