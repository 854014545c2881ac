"""The normalize stage as a pipeline component: each entity span becomes one normalized Mention.

This is the one place where spans are flattened into records (`doc._.mentions`); the events
component reads them, and the store writes them as rows.

It also owns the pipeline's name and place gazetteer (pipeline.normalize.gazetteer.Gazetteer): the files
GAZETTEER_FILES (models/gazetteers/, the folder its [initialize.components.press_mentions] block names) are
read in `initialize`, saved with the pipeline by `to_disk` and read back by `from_disk`, and the Gazetteer
built from them is `self.gazetteer`. The other components that look names up (press_entity_fixes,
press_aliases, press_events) reach that same object through a `GazetteerLink`; see there why they do not
get it when they are built.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.assets import FileAssets
from pipeline.normalize.gazetteer import GAZETTEER_FILES, Gazetteer, default_gazetteer
from pipeline.normalize.money import money_norm
from pipeline.records import Article, Mention


# a ministry named without its country ("le ministère de la Défense nationale"): many states have one
BARE_MINISTRY = re.compile(
    r"^(?:le |la |l['’])?minist[èe]re (?:de la |des |du |de l['’])"
    r"(?:Défense|Intérieur|Affaires étrangères|Sécurité|Armées)(?: nationale| publique| intérieure)?$", re.IGNORECASE)


def doc_to_mentions(doc: Doc, article: Article | None = None, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Each entity span of `doc` as a Mention with its normal form and details.

    `gazetteer`: the names and places to normalize with; the pipeline passes its own, callers outside a
    pipeline may leave it to default_gazetteer()."""
    gaz = gazetteer or default_gazetteer()
    article_id = article.id if article is not None else doc._.article_id
    mentions: list[Mention] = []
    by_offsets: dict[tuple[int, int], int] = {}
    aliases = doc._.aliases or {}
    countries: set[str] | None = None  # the countries the article's places are in, computed on first need
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
            known = gaz.lookup_person(mention.norm)
            mention.country = known.country if known else ""
        elif ent.label_ == "ORG":
            known = gaz.lookup_org(aliases.get(ent.text, ent.text))
            if known is not None and known.country and BARE_MINISTRY.match(ent.text):
                if countries is None:
                    countries = {p.country for p in (gaz.lookup_place(e.text) for e in doc.ents if e.label_ == "LOC") if p}
                if known.country not in countries:
                    known = None  # "le ministère de la Défense nationale" of an article about no place of that state
            mention.norm = known.canonical if known else aliases.get(ent.text, ent.text)
            mention.country = known.country if known else ""
        elif ent.label_ == "LOC":
            place = gaz.lookup_place(ent.text)
            mention.norm = place.name if place else gaz.canonical_place(ent.text)  # "golfe de Guinée" -> "Golfe de Guinée"
            if place:
                mention.country, mention.lat, mention.lon = place.country or "", place.lat, place.lon
        if ent.label_ in ("PER", "ORG", "LOC"):
            mention.entity_id = gaz.entity_id(ent.label_, mention.norm)
        by_offsets[(mention.start, mention.end)] = len(mentions)
        mentions.append(mention)
    for ent, mention in zip(doc.ents, mentions):
        link = ent._.link
        if link is not None:
            mention.linked_to = by_offsets.get(tuple(link))
    return mentions


class MentionNormalizer(FileAssets):
    """Spans -> Mentions, and the owner of the pipeline's gazetteer (module docstring)."""

    asset_files = GAZETTEER_FILES

    def __init__(self) -> None:
        super().__init__()
        self.gazetteer: Gazetteer | None = None

    def initialize(self, get_examples=None, *, nlp=None, gazetteer_dir: str = "") -> None:
        from pathlib import Path
        if not gazetteer_dir:
            raise ValueError("press_mentions: no gazetteer_dir given ([initialize.components.press_mentions])")
        self.load_files({name: Path(gazetteer_dir) / name for name in self.asset_files})

    def _build(self) -> None:
        self.gazetteer = Gazetteer.from_texts({name: self.text(name) for name in self.asset_files})

    def __call__(self, doc: Doc) -> Doc:
        if self.gazetteer is None:
            self.require_ready("press_mentions")
        doc._.mentions = doc_to_mentions(doc, gazetteer=self.gazetteer)
        return doc


class GazetteerLink:
    """How a component reaches its pipeline's gazetteer: the one its MentionNormalizer owns.

    spaCy builds every component (its factory) before any of them reads its assets, and `initialize` /
    `from_disk` then run in pipeline order, where press_mentions comes after press_entity_fixes and
    press_aliases. So a component cannot take the gazetteer when it is built or loaded: it keeps a link to
    the pipeline and asks on each Doc (`get()`). The owner is found once, on the first call, by its type
    (whatever name the config gives it); its current `gazetteer` is read on every call, so a pipeline whose
    owner reloads its files (`from_disk`) is never answered from a stale object. A component made without
    a pipeline (nlp=None, by hand in a script) uses default_gazetteer().
    """

    def __init__(self, nlp: Language | None) -> None:
        self.nlp = nlp
        self._owner: MentionNormalizer | None = None

    def get(self) -> Gazetteer:
        if self.nlp is None:
            return default_gazetteer()
        owner = self._owner
        if owner is None:
            owner = next((pipe for _, pipe in self.nlp.components if isinstance(pipe, MentionNormalizer)), None)
            if owner is None:
                raise RuntimeError("this pipeline has no press_mentions component: it owns the gazetteer that "
                                   "press_entity_fixes, press_aliases and press_events look names up in")
            self._owner = owner
        if owner.gazetteer is None:
            owner.require_ready("press_mentions")
        return owner.gazetteer


@Language.factory("press_mentions")
def make_mention_normalizer(nlp: Language, name: str) -> MentionNormalizer:
    return MentionNormalizer()
