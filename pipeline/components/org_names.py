"""Two name-shape families about organisations the model takes for places (registered in
name_shapes.NAME_SHAPE_RULES, switchable and measured like the others):

- acronym_with_its_country: "VEKTOR Deutschland", "MBDA Italia", "Thales Nederland": an acronym or brand in
  capitals right before a country's name is a company's national branch, one organisation, not the country;
- media_named_with_its_noun: "Radio Tanganyika", "Télé Congo": a capitalised media noun opening the name
  makes it an outlet, an organisation, even when the rest of the name is a place's.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.components.spans import replace_ents, rule_span
from pipeline.normalize.gazetteer import Gazetteer

Words = dict[str, frozenset[str]]


def _brand(doc: Doc, k: int, gazetteer: Gazetteer) -> bool:
    tok = doc[k]
    letters = [ch for ch in tok.text if ch.isalpha()]
    return 2 <= len(tok.text) <= 8 and len(letters) >= 2 and tok.text.replace("-", "").isalnum() \
        and all(ch.isupper() for ch in letters) and not gazetteer.is_place_name(tok.text.title())


def acronym_with_its_country(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    out = list(ents)
    for country in [e for e in ents if e.label_ == "LOC" and getattr(gazetteer.lookup_place(e.text), "kind", "") == "country"]:
        k = country.start - 1
        if k < 0 or not doc[k].whitespace_ or "\n" in doc[k].whitespace_ or not _brand(doc, k, gazetteer):
            continue
        if country.text.isupper() or k > 0 and doc[k - 1].is_upper and doc[k - 1].is_alpha:
            continue  # a line in capitals ("VISITE DU MINISTRE TOGO")
        if country.end < len(doc) and doc[country.end].text == "-" and not doc[country.end - 1].whitespace_:
            continue  # "le sommet UA France-Afrique": the country opens a compound
        if any(e.start <= k < e.end and (e.kb_id_ and e.label_ == "ORG" and e.end > k + 1) for e in out):
            continue
        out = replace_ents(out, rule_span(doc, k, country.end, "ORG", "acronym_with_its_country"), start=k)
    return out


def media_named_with_its_noun(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    media = words.get("media_nouns", frozenset())
    out = list(ents)
    taken = {i for e in ents for i in range(e.start, e.end)}
    for e in ents:
        if e.label_ in ("LOC", "PER") and not e.kb_id_ and len(e) >= 2 and e[0].is_title and e[0].lower_ in media:
            out = replace_ents(out, rule_span(doc, e.start, e.end, "ORG", "media_named_with_its_noun"))
        elif e.start > 0 and doc[e.start - 1].is_title and doc[e.start - 1].lower_ in media and e.start - 1 not in taken:
            # "par Radio Kanem": the outlet's name begins with its noun, not with the place after it
            out = replace_ents(out, rule_span(doc, e.start - 1, e.end, "ORG", "media_named_with_its_noun"))
    return out
