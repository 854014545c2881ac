"""MONEY tagger: French amounts found and normalized by pipeline.normalize.money."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.extensions import text_of
from pipeline.components.spans import char_span, overwrite_ents
from pipeline.normalize.money import find_money


class MoneyTagger:
    def __call__(self, doc: Doc) -> Doc:
        spans = []
        matches = find_money(text_of(doc))
        for match in matches:
            span = char_span(doc, match.start, match.end, "MONEY")
            if span is not None:
                span._.press = match
                span._.rule = "money"
                if match.linked_to is not None:
                    linked = matches[match.linked_to]
                    span._.link = (linked.start, linked.end)
                spans.append(span)
        overwrite_ents(doc, spans)
        return doc


@Language.factory("press_money")
def make_money_tagger(nlp: Language, name: str) -> MoneyTagger:
    return MoneyTagger()
