"""Custom attributes our components read and write, registered once, and serializable.

Span and Doc extension values live in `doc.user_data`, which `DocBin` and `Doc.to_bytes` write
with msgpack. Our payloads are dataclasses holding dates, so they are taught to msgpack here: a
`DocBin` round trip gives back the same objects.
"""
from __future__ import annotations

from pipeline.text import text_of  # noqa: F401  (re-exported: the components read it from here)

import dataclasses
from datetime import date, datetime

import srsly
from spacy.tokens import Doc, Span

DOC_EXTENSIONS = {
    "article_id": "",
    "source_text": None,     # the article text, kept so components need not rebuild doc.text from tokens
    "published": None,       # datetime.date anchor for relative dates (first day of its period)
    "published_grain": "day",  # "day", or "month"/"year" when only that much of the publication date is known
    "skip_regions": None,    # list[(start, end)] of metadata/boilerplate characters
    "aliases": None,         # dict: surface form -> canonical name within this document
    "mentions": None,        # list[records.Mention]: the normalized entities (press_mentions)
    "events": None,          # list[records.Event]: the article's events (press_events)
}
SPAN_EXTENSIONS = {
    "press": None,           # payload of the rule that made the span: TemporalMatch or MoneyMatch
    "title": "",             # "maréchal", "ministre de la Défense" ... stripped from or found before a PER
    "rule": "",              # which component produced or last changed the span
    "link": None,            # (start_char, end_char) of the amount a MONEY span converts
}


def register_extensions() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)




# --- msgpack: our payload types in doc.user_data ---------------------------------------------------

def _payload_types() -> dict[str, type]:
    from pipeline.normalize.dates import TemporalMatch
    from pipeline.normalize.money import MoneyMatch
    from pipeline.records import Event, Mention
    return {cls.__name__: cls for cls in (TemporalMatch, MoneyMatch, Mention, Event)}


_TYPES: dict[str, type] = {}
_KEY = "__press__"


def encode_payload(obj, chain=None):
    if isinstance(obj, datetime):
        return {_KEY: "datetime", "iso": obj.isoformat()}
    if isinstance(obj, date):
        return {_KEY: "date", "iso": obj.isoformat()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type) and type(obj).__name__ in _TYPES:
        return {_KEY: type(obj).__name__, "fields": {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}}
    return obj if chain is None else chain(obj)


def decode_payload(obj, chain=None):
    kind = obj.get(_KEY) if isinstance(obj, dict) else None
    if kind == "date":
        return date.fromisoformat(obj["iso"])
    if kind == "datetime":
        return datetime.fromisoformat(obj["iso"])
    if kind in _TYPES:  # msgpack gives sequences back as tuples; our records hold lists
        return _TYPES[kind](**{k: list(v) if isinstance(v, tuple) else v for k, v in obj["fields"].items()})
    return obj if chain is None else chain(obj)


def register_msgpack() -> None:
    _TYPES.update(_payload_types())
    srsly.msgpack_encoders.register("press_events", func=encode_payload)
    srsly.msgpack_decoders.register("press_events", func=decode_payload)


register_extensions()
register_msgpack()
