"""MONEY tagger: French amounts found and normalized by pipeline.normalize.money.

The component owns the money lexicon (models/lexicon/money_fr.json and currencies_fr.csv): it is
read in `initialize`, saved with the pipeline, and handed to the normalizer on every call.
"""
from __future__ import annotations

import json

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.assets import FileAssets
from pipeline.components.extensions import text_of
from pipeline.components.spans import char_span, overwrite_ents
from pipeline.normalize.money import MoneyLexicon, compile_money_lexicon, find_money


class MoneyTagger(FileAssets):
    asset_files = ("money_fr.json", "currencies_fr.csv")

    def __init__(self) -> None:
        super().__init__()
        self.lexicon: MoneyLexicon | None = None

    def initialize(self, get_examples=None, *, nlp=None, lexicon_dir: str = "") -> None:
        from pathlib import Path
        self.load_files({name: Path(lexicon_dir) / name for name in self.asset_files})

    def _build(self) -> None:
        self.lexicon = compile_money_lexicon(json.loads(self.text("money_fr.json")),
                                             self.text("currencies_fr.csv").splitlines(keepends=True))

    def __call__(self, doc: Doc) -> Doc:
        if self.lexicon is None:
            self.require_ready("press_money")
        spans = []
        matches = find_money(text_of(doc), self.lexicon)
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
