"""Helpers to put rule spans into doc.ents without losing the model's other entities, and the span helpers the
name-shape families share (token texts read once per doc, a rule's span, the end of a capitalised name)."""
from __future__ import annotations

from collections.abc import Iterable

from spacy.attrs import LOWER, ORTH
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


_LAST_DOC_TEXTS: list = [None, (), ()]  # the last doc and its token texts and lower forms


def token_texts(doc: Doc) -> tuple[list[str], list[str]]:
    """Token texts and lower forms of `doc`, read once per doc from its arrays: iterating a Doc makes a Token
    object per token, which several families would otherwise pay for on every article."""
    if _LAST_DOC_TEXTS[0] is not doc:
        strings = doc.vocab.strings
        arr = doc.to_array([ORTH, LOWER])
        _LAST_DOC_TEXTS[:] = [doc, [strings[int(h)] for h in arr[:, 0]], [strings[int(h)] for h in arr[:, 1]]]
    return _LAST_DOC_TEXTS[1], _LAST_DOC_TEXTS[2]


def rule_span(doc: Doc, start: int, end: int, label: str, rule: str, like: Span | None = None) -> Span:
    span = Span(doc, start, end, label=label, kb_id=like.kb_id_ if like is not None else "")
    span._.rule = rule
    if like is not None:
        span._.title = like._.title
    return span


def replace_ents(ents: list[Span], new: Span, start: int | None = None) -> list[Span]:
    """`new` instead of every entity it overlaps (or that overlaps tokens from `start`, the noun before it)."""
    lo = new.start if start is None else start
    kept = [e for e in ents if e.end <= lo or e.start >= new.end]
    return sorted(kept + [new], key=lambda e: e.start)


def capitalised(token) -> bool:
    return token.is_alpha and (token.is_title or token.is_upper)


def name_end(doc: Doc, j: int, ents_by_start: dict[int, Span]) -> int:
    """End of the proper name that starts at token j: an entity there, else the capitalised run."""
    if j in ents_by_start:
        return ents_by_start[j].end
    k = j
    while k < len(doc) and k - j < 4 and (capitalised(doc[k]) or doc[k].text == "-" and k > j and not doc[k - 1].whitespace_):
        k += 1
    while k > j and doc[k - 1].text == "-":
        k -= 1
    return k
