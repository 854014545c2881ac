"""Helpers to put rule spans into doc.ents without losing the model's other entities."""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span
from spacy.util import filter_spans


def overwrite_ents(doc: Doc, new_spans: Iterable[Span]) -> None:
    """New spans win over any entity they overlap; entities they do not touch stay."""
    new = filter_spans(list(new_spans))
    if not new:
        return
    taken = set()
    for span in new:
        taken.update(range(span.start, span.end))
    kept = [ent for ent in doc.ents if not taken.intersection(range(ent.start, ent.end))]
    doc.ents = sorted(kept + new, key=lambda s: s.start)


def char_span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    """Token-aligned span for character offsets (expanding to whole tokens when a rule cuts one)."""
    return doc.char_span(start, end, label=label, alignment_mode="expand")
