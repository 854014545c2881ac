"""Custom attributes our components read and write, registered once."""
from spacy.tokens import Doc, Span

DOC_EXTENSIONS = {
    "article_id": "",
    "source_text": None,     # the article text, kept so components need not rebuild doc.text from tokens
    "published": None,       # datetime.date anchor for relative dates
    "skip_regions": None,    # list[(start, end)] of metadata/boilerplate characters
    "aliases": None,         # dict: surface form -> canonical name within this document
}
SPAN_EXTENSIONS = {
    "press": None,           # payload of the rule that made the span: TemporalMatch, MoneyMatch or dict
    "title": "",             # "maréchal", "ministre de la Défense" ... stripped from or found before a PER
    "rule": "",
    "link": None,            # (start_char, end_char) of the amount a MONEY span converts              # which component produced or last changed the span
}


def register_extensions() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register_extensions()


def text_of(doc: Doc) -> str:
    """doc.text costs a Token object per token; the ingested text is the same string, already there."""
    return doc._.source_text if doc._.source_text is not None else doc.text
