"""The normalize stage as a pipeline component: each entity span becomes one normalized Mention.

This is the one place where spans are flattened into records (`doc._.mentions`); the events
component reads them, and the store writes them as rows.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.normalize.money import money_norm
from pipeline.normalize.entities import entity_id
from pipeline.normalize.names import lookup_org, lookup_person
from pipeline.normalize.places import lookup_place
from pipeline.records import Article, Mention


def doc_to_mentions(doc: Doc, article: Article | None = None) -> list[Mention]:
    """Each entity span of `doc` as a Mention with its normal form and details."""
    article_id = article.id if article is not None else doc._.article_id
    mentions: list[Mention] = []
    by_offsets: dict[tuple[int, int], int] = {}
    aliases = doc._.aliases or {}
    for ent in doc.ents:
        mention = Mention(article_id=article_id, start=ent.start_char, end=ent.end_char, text=ent.text,
                          label=ent.label_, title=ent._.title or "", source=ent._.rule or "model")
        payload = ent._.press
        if ent.label_ == "DATE" and payload is not None:
            mention.norm = payload.value
            mention.date_start = payload.date_start.isoformat() if payload.date_start else ""
            mention.date_end = payload.date_end.isoformat() if payload.date_end else ""
            mention.date_grain = payload.grain
            mention.time = payload.time
        elif ent.label_ == "MONEY" and payload is not None:
            mention.amount, mention.amount_max = payload.amount, payload.amount_max
            mention.currency, mention.qualifier = payload.currency, payload.qualifier
            mention.norm = money_norm(payload)
        elif ent.label_ == "PER":
            mention.norm = aliases.get(ent.text, ent.text)
            known = lookup_person(mention.norm)
            mention.country = known.country if known else ""
        elif ent.label_ == "ORG":
            known = lookup_org(aliases.get(ent.text, ent.text))
            mention.norm = known.canonical if known else aliases.get(ent.text, ent.text)
            mention.country = known.country if known else ""
        elif ent.label_ == "LOC":
            place = lookup_place(ent.text)
            mention.norm = place.name if place else ent.text
            if place:
                mention.country, mention.lat, mention.lon = place.country or "", place.lat, place.lon
        if ent.label_ in ("PER", "ORG", "LOC"):
            mention.entity_id = entity_id(ent.label_, mention.norm)
        by_offsets[(mention.start, mention.end)] = len(mentions)
        mentions.append(mention)
    for ent, mention in zip(doc.ents, mentions):
        link = ent._.link
        if link is not None:
            mention.linked_to = by_offsets.get(tuple(link))
    return mentions


class MentionNormalizer:
    def __call__(self, doc: Doc) -> Doc:
        doc._.mentions = doc_to_mentions(doc)
        return doc


@Language.factory("press_mentions")
def make_mention_normalizer(nlp: Language, name: str) -> MentionNormalizer:
    return MentionNormalizer()
