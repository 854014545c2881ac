"""From Articles to normalized Mentions and Events: the spaCy pipeline plus the normalize and events stages."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp import build_nlp
from pipeline.normalize.money import money_norm
from pipeline.normalize.names import entity_id, lookup_org, lookup_person
from pipeline.normalize.places import lookup_place
from pipeline.paths import MODELS_DIR
from pipeline.records import Article, ArticleResult, IngestFailure, Mention


class PressPipeline:
    """Load once, then process any number of articles in batches (spaCy's nlp.pipe)."""

    def __init__(self, models_dir: Path = MODELS_DIR, prefer: str = "past", nlp: Language | None = None,
                 batch_size: int = 16, with_events: bool = True):
        self.models_dir = Path(models_dir)
        self.nlp = nlp if nlp is not None else build_nlp(self.models_dir, prefer=prefer)
        self.batch_size = batch_size
        self.with_events = with_events

    def make_doc(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(article.text)
        doc._.article_id = article.id
        doc._.source_text = article.text
        doc._.published = article.published
        doc._.skip_regions = list(article.skip_regions)
        return doc

    def docs(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Doc]]:
        """Each article with its annotated Doc, keeping the order of the input."""
        pending = list(articles) if not isinstance(articles, list) else articles
        docs = (self.make_doc(a) for a in pending)
        yield from zip(pending, self.nlp.pipe(docs, batch_size=self.batch_size))

    def process(self, items: Iterable[Article | IngestFailure]) -> Iterator[ArticleResult]:
        """Failures pass through untouched so the caller records them in order with the rest."""
        batch: list[Article] = []
        for item in items:
            if isinstance(item, IngestFailure):
                yield from self._flush(batch)
                batch = []
                yield ArticleResult(article=None, failure=item)
                continue
            batch.append(item)
            if len(batch) >= self.batch_size:
                yield from self._flush(batch)
                batch = []
        yield from self._flush(batch)

    def _flush(self, batch: list[Article]) -> Iterator[ArticleResult]:
        if not batch:
            return
        for article, doc in self.docs(batch):
            yield self.result_for(article, doc)

    def result_for(self, article: Article, doc: Doc) -> ArticleResult:
        mentions = doc_to_mentions(doc, article)
        events = []
        if self.with_events:
            from pipeline.events import extract_events
            events = extract_events(doc, mentions, article)
        return ArticleResult(article=article, mentions=mentions, events=events)


def doc_to_mentions(doc: Doc, article: Article) -> list[Mention]:
    """The normalize stage: each entity span becomes a Mention with its normal form and details."""
    mentions: list[Mention] = []
    by_offsets: dict[tuple[int, int], int] = {}
    aliases = doc._.aliases or {}
    for ent in doc.ents:
        mention = Mention(article_id=article.id, start=ent.start_char, end=ent.end_char, text=ent.text,
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
