"""Paragraph breaks are sentence breaks: set before the parser runs.

A headline, a byline ("Par notre correspondant à Istanbul") or a caption has no final
full stop, so the parser glues it to the first sentence of the next paragraph and parses
the two as one clause; the name that opens the paragraph then hangs on the byline.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class ParagraphBreaks:
    def __init__(self, min_newlines: int = 2):
        self.min_newlines = min_newlines

    def __call__(self, doc: Doc) -> Doc:
        if doc.has_annotation("DEP"):
            return doc  # already parsed (the benchmark reruns our pipes on parsed docs): boundaries are set
        for tok in doc[1:]:
            if tok.is_space and tok.text.count("\n") >= self.min_newlines and not doc[tok.i - 1].is_space:
                # the blank itself opens the break: set on the paragraph's first word, the parser would also
                # cut right after that word ("Abdelhamid | Dbeiba n'est pas reparti")
                tok.is_sent_start = True
        return doc


@Language.factory("press_paragraphs", default_config={"min_newlines": 2})
def make_paragraph_breaks(nlp: Language, name: str, min_newlines: int) -> ParagraphBreaks:
    return ParagraphBreaks(min_newlines)
