"""In-document alias resolution: every short form points to the full name the article establishes.

"Haftar" -> "Khalifa Haftar"; "Saddam" in "Saddam et Khalid Haftar" -> "Saddam Haftar";
"ANL" after "Armée nationale libyenne (ANL)" -> "Armée nationale libyenne".

Full names are spelled as the pipeline's gazetteer has them; press_mentions owns it and loads it after
this component, so it is fetched on each Doc through a GazetteerLink (pipeline.components.mentions).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components import extensions  # noqa: F401
from pipeline.components.mentions import GazetteerLink
from pipeline.text import spells_acronym

ACRONYM = re.compile(r"^[A-ZÉ][A-Z0-9É&-]{1,7}$")


class AliasResolver:
    def __init__(self, nlp: Language | None = None) -> None:
        self.gazetteer_link = GazetteerLink(nlp)

    def __call__(self, doc: Doc) -> Doc:
        canonical_person = self.gazetteer_link.get().canonical_person
        aliases: dict[str, str] = {}
        ents = list(doc.ents)
        people = [e.text for e in ents if e.label_ == "PER"]
        for i, ent in enumerate(ents):
            if ent.label_ == "PER":
                shared = self._shared_surname(doc, ents, i)
                aliases[ent.text] = shared or canonical_person(ent.text, people)
        for ent in ents:
            if ent.label_ == "ORG" and (ACRONYM.match(ent.text) or ent._.rule == "named_before_its_acronym"):
                full = self._expansion_before(doc, ents, ent) \
                    or ACRONYM.match(ent.text) and self._expansion_after(doc, ents, ent)
                if full:
                    aliases.setdefault(ent.text, full)
        doc._.aliases = aliases
        return doc

    @staticmethod
    def _shared_surname(doc: Doc, ents, i: int) -> str:
        """'Saddam et Khalid Haftar': the first given name shares the surname of the second person."""
        ent = ents[i]
        if len(ent) != 1 or i + 1 >= len(ents):
            return ""
        nxt = ents[i + 1]
        between = doc[ent.end: nxt.start]
        if nxt.label_ == "PER" and len(nxt) >= 2 and len(between) == 1 and between[0].lower_ == "et":
            return f"{ent.text} {nxt[-1].text}"
        return ""

    @staticmethod
    def _expansion_before(doc: Doc, ents, ent) -> str:
        """'Armée nationale libyenne (ANL)': the ORG right before an acronym in brackets."""
        if ent.start < 2 or doc[ent.start - 1].text != "(":
            return ""
        for other in ents:
            if other.end == ent.start - 1 and other.label_ == "ORG":
                return _spelled_tail(other.text, ent.text)
        return ""

    @staticmethod
    def _expansion_after(doc: Doc, ents, ent) -> str:
        """'le PKK (Parti des travailleurs du Kurdistan)', 'l'ASEAN, l'Association des nations de l'Asie du
        Sud-Est,': the organisation in brackets or in apposition right after the acronym, when the acronym
        spells its initials (an apposition can be anything else: 'la SADC, principal bloc régional')."""
        k = ent.end
        if k >= len(doc) or doc[k].text not in ("(", ","):
            return ""
        bracket = doc[k].text == "("
        k += 1
        if k < len(doc) and doc[k].lower_ in ("la", "le", "les", "l'", "l’"):
            k += 1
        for other in ents:
            if other.start == k and other.label_ == "ORG" and other.end < len(doc) \
                    and doc[other.end].text in ((")",) if bracket else (",", ")", ".", ";")):
                if spells_acronym(other.text, ent.text) or bracket and other.text[:1].upper() == ent.text[:1]:
                    return other.text
        return ""


_LINK = {"de", "du", "des", "d", "la", "le", "les", "l", "et", "pour", "en", "au", "aux"}


def _spelled_tail(name: str, acronym: str) -> str:
    """The end of `name` the acronym spells ('Haut commandement de l'Armée nationale populaire' + 'ANP' ->
    'Armée nationale populaire'); the whole name when no end spells it."""
    letters = [ch for ch in acronym if ch.isupper()]
    words = re.findall(r"\w+", name)
    for start in range(len(words) - 1, -1, -1):
        if [w[0].upper() for w in words[start:] if w.lower() not in _LINK] == letters:
            if start == 0:
                return name
            at = name.rfind(words[start], 0, len(name) - sum(len(w) for w in words[start + 1:]))
            return name[at:] if at >= 0 else name
    return name


@Language.factory("press_aliases")
def make_alias_resolver(nlp: Language, name: str) -> AliasResolver:
    return AliasResolver(nlp)
