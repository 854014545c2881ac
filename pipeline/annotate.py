"""From Articles to ArticleResults: the spaCy pipeline run in batches (it normalizes and finds events itself)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.mentions import doc_to_mentions
from pipeline.nlp import build_nlp
from pipeline.paths import MODELS_DIR
from pipeline.records import Article, ArticleResult, IngestFailure

__all__ = ["PressPipeline", "doc_to_mentions"]


class PressPipeline:
    """Load once, then process any number of articles in batches (spaCy's nlp.pipe)."""

    def __init__(self, models_dir: Path = MODELS_DIR, prefer: str = "past", nlp: Language | None = None,
                 batch_size: int = 16, with_events: bool = True):
        self.models_dir = Path(models_dir)
        self.nlp = nlp if nlp is not None else build_nlp(self.models_dir, prefer=prefer)
        self.batch_size = batch_size
        self.with_events = with_events
        # without events, the events component does not run at all
        self._disabled = ["press_events"] if not with_events and "press_events" in self.nlp.pipe_names else []

    def make_doc(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(article.text)
        doc._.article_id = article.id
        doc._.source_text = article.text
        doc._.published = article.published
        doc._.published_grain = article.published_grain
        doc._.skip_regions = list(article.skip_regions)
        return doc

    def docs(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Doc]]:
        """Each article with its annotated Doc, keeping the order of the input."""
        pending = list(articles) if not isinstance(articles, list) else articles
        docs = (self.make_doc(a) for a in pending)
        with self.nlp.select_pipes(disable=self._disabled):
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
        """The article's record: the mentions and events the pipeline's last two components wrote."""
        mentions = list(doc._.mentions) if doc._.mentions is not None else doc_to_mentions(doc, article)
        events = list(doc._.events or []) if self.with_events else []
        return ArticleResult(article=article, mentions=mentions, events=events)
