"""Two name-shape families about people's names (registered in name_shapes.NAME_SHAPE_RULES, switchable and
measured like the others):

- caps_surname: "Komi Edem TCHALLA", "NDIAYE Awa Coumba": much of the African and Maghreb press writes the
  surname in capitals; an all-caps word next to capitalised given names is that person's surname, not an
  acronym the model or acronym_org made an organisation of;
- institution_named_after_a_person: "l'université Cheikh-Anta-Diop", "l'Académie militaire Rhamdane
  Belkacemi": a school, institute or foundation named after a person is one organisation, the person inside
  it is no mention of its own.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.components.spans import replace_ents, rule_span, token_texts
from pipeline.normalize.gazetteer import Gazetteer

Words = dict[str, frozenset[str]]
ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}
FOUNDATION_HEADS = {"fondation", "université"}


VOWELS = set("AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜ")


def _given_name(doc: Doc, k: int, not_names: tuple[frozenset[str], ...]) -> bool:
    """A capitalised word that can be a given name: alphabetic (hyphens allowed), not all caps, neither a
    civility nor a common French word ("Capitaine", "Expo")."""
    tok = doc[k]
    word = tok.text.replace("-", "")
    return bool(word) and word.isalpha() and tok.text[:1].isupper() and not tok.is_upper \
        and not any(tok.lower_ in words for words in not_names) and len(word) >= 2


def _caps_word(doc: Doc, k: int) -> bool:
    """A surname in capitals, not an acronym: four letters or more, two of them vowels ("TRAORE", not "KNDS",
    "TCG", "INS")."""
    tok = doc[k]
    word = tok.text.replace("-", "")
    return len(word) >= 4 and word.isalpha() and tok.is_upper and sum(ch in VOWELS for ch in word) >= 2


def _shouting_line(doc: Doc, k: int) -> bool:
    """A headline or a dateline in capitals: the caps word's neighbours are capitals too."""
    near = [t for t in doc[max(0, k - 3):min(len(doc), k + 4)] if t.is_alpha and len(t) > 2 and t.i != k]
    return bool(near) and sum(t.is_upper for t in near) * 2 >= len(near)


def caps_surname(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    # two lookups, not one union: the common words are tens of thousands, a union per article costs seconds
    not_names = (words.get("civilities", frozenset()), words.get("common_words", frozenset()))
    out = list(ents)
    known = {(e.start, e.end) for e in ents if e.kb_id_ and e.label_ in ("ORG", "LOC")}
    texts = token_texts(doc)[0]
    caps = [i for i, t in enumerate(texts) if len(t) >= 4 and t.isupper()]  # no Token object for the other words
    k = 0
    for k0 in caps:
        if k0 < k:
            continue
        k = k0
        if not _caps_word(doc, k) or _shouting_line(doc, k):
            k += 1
            continue
        last = k  # "DOSSOU-YOVO": a hyphenated surname is three tokens
        while last + 2 < len(doc) and doc[last + 1].text == "-" and not doc[last].whitespace_ \
                and not doc[last + 1].whitespace_ and doc[last + 2].is_upper and doc[last + 2].is_alpha:
            last += 2
        surname = doc[k:last + 1].text
        if gazetteer.lookup_org(surname) or gazetteer.is_place_name(surname.title()):
            k = last + 1
            continue  # "l'ONU", "le TCHAD" in a headline: an acronym or a place
        start, end = k, last + 1
        while start > 0 and k - start < 3 and _given_name(doc, start - 1, not_names) and not doc[start - 1].is_sent_start:
            start -= 1
        if start == k:  # "TCHALLA Komi Edem": the surname first, then two given names at least (not "TCG Gökova")
            while end < len(doc) and end - last <= 3 and _given_name(doc, end, not_names):
                end += 1
            if end - last < 3:
                k = last + 1
                continue
        k = end
        if end - start < 2:
            continue
        if any(e.start < end and start < e.end and ((e.start, e.end) in known or e.start < start or e.end > end)
               for e in out):
            continue  # a known body or place, or a longer name, holds part of it
        out = replace_ents(out, rule_span(doc, start, end, "PER", "caps_surname"))
    return out


def institution_named_after_a_person(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    heads = words.get("institution_heads", frozenset()) | FOUNDATION_HEADS
    texts = token_texts(doc)[0]
    out = list(ents)
    for person in [e for e in ents if e.label_ == "PER"]:
        k = person.start - 1
        if k >= 0 and doc[k].is_lower and doc[k].pos_ == "ADJ" and k - 1 >= 0 and doc[k - 1].lower_ in heads:
            k -= 1  # "Académie militaire X"
        if k < 0 or doc[k].lower_ not in heads or doc[k].is_sent_start and doc[k].is_lower:
            continue
        end = person.end
        while end < len(doc) and end - person.end < 2 and (texts[end] in ROMAN or doc[end].is_title and doc[end].is_alpha
                                                              and not any(e.start == end for e in ents)):
            end += 1  # "Université Mohammed VI Polytechnique"
        out = replace_ents(out, rule_span(doc, k, end, "ORG", "institution_named_after_a_person"))
    return out
