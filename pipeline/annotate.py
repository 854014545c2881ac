"""From Articles to ArticleResults: the spaCy pipeline run in batches (it normalizes and finds events itself)."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.mentions import doc_to_mentions
from pipeline.nlp import build_nlp
from pipeline.paths import MODELS_DIR
from pipeline.records import Article, ArticleResult, IngestFailure
from pipeline.text import paragraph_chunks

__all__ = ["PressPipeline", "doc_to_mentions"]

# Articles longer than this are processed in paragraph-aligned pieces (offsets kept into the whole
# text): the cost stays linear in length, and spaCy's max_length (1,000,000 characters) never stops one.
CHUNK_CHARS = 100_000


_WORKER_PIPELINE: PressPipeline | None = None  # set before the workers fork; each inherits it loaded


def _work_on_batch(batch: list[Article]) -> list[ArticleResult]:
    return list(_WORKER_PIPELINE._flush(batch))


class PressPipeline:
    """Load once, then process any number of articles in batches (spaCy's nlp.pipe), in `n_process`
    processes; the results come back in input order, identical whatever the number of processes."""

    def __init__(self, models_dir: Path = MODELS_DIR, prefer: str = "past", nlp: Language | None = None,
                 batch_size: int = 16, with_events: bool = True, chunk_chars: int = CHUNK_CHARS, n_process: int = 1):
        self.models_dir = Path(models_dir)
        self.nlp = nlp if nlp is not None else build_nlp(self.models_dir, prefer=prefer)
        self.batch_size = batch_size
        self.with_events = with_events
        self.chunk_chars = chunk_chars
        self.n_process = max(1, n_process)
        # without events, the events component does not run at all
        self._disabled = ["press_events"] if not with_events and "press_events" in self.nlp.pipe_names else []

    def make_doc(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(article.text)
        doc._.article_id = article.id
        doc._.source_text = article.text
        # a date inferred from the text is a lower bound, not the publication day: DESIGN.md resolves no deictic
        # expression ("mardi", "il y a un an") against a guess, so the pipeline reads such an article undated
        guessed = article.published_source == "inferred"
        doc._.published = None if guessed else article.published
        doc._.published_grain = "" if guessed else article.published_grain
        doc._.skip_regions = list(article.skip_regions)
        return doc

    def docs(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Doc]]:
        """Each article with its annotated Doc, keeping the order of the input."""
        pending = list(articles) if not isinstance(articles, list) else articles
        docs = (self.make_doc(a) for a in pending)
        with self.nlp.select_pipes(disable=self._disabled):
            yield from zip(pending, self.nlp.pipe(docs, batch_size=self.batch_size, n_process=self.n_process))

    def process(self, items: Iterable[Article | IngestFailure]) -> Iterator[ArticleResult]:
        """Failures pass through untouched so the caller records them in order with the rest."""
        if self.n_process > 1:
            yield from self._process_in_workers(items)
            return
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

    def _process_in_workers(self, items: Iterable[Article | IngestFailure]) -> Iterator[ArticleResult]:
        """The same batches as one process would make, run by `n_process` forked workers that inherit the
        loaded pipeline; only Articles go out and ArticleResults come back (no Doc is serialized), so the
        main process is left with reading and writing. A few batches per worker are in flight at a time,
        so memory stays flat however long the input; a worker that dies has its batches redone here."""
        import multiprocessing
        from collections import deque
        from concurrent.futures import ProcessPoolExecutor

        global _WORKER_PIPELINE
        _WORKER_PIPELINE = self._single()
        in_flight: deque = deque()
        limit = 4 * self.n_process

        def done(entry) -> list[ArticleResult]:
            future, batch = entry
            if future is None:
                return batch
            try:
                return future.result()
            except Exception:  # noqa: BLE001 - a broken worker: this batch is redone in this process
                return [self.one(article) for article in batch]

        try:
            with ProcessPoolExecutor(self.n_process, mp_context=multiprocessing.get_context("fork")) as pool:
                batch: list[Article] = []
                for item in items:
                    if isinstance(item, IngestFailure):
                        if batch:
                            in_flight.append((pool.submit(_work_on_batch, batch), batch))
                            batch = []
                        in_flight.append((None, [ArticleResult(article=None, failure=item)]))
                    else:
                        batch.append(item)
                        if len(batch) >= self.batch_size:
                            in_flight.append((pool.submit(_work_on_batch, batch), batch))
                            batch = []
                    while len(in_flight) > limit:
                        yield from done(in_flight.popleft())
                if batch:
                    in_flight.append((pool.submit(_work_on_batch, batch), batch))
                while in_flight:
                    yield from done(in_flight.popleft())
        finally:
            _WORKER_PIPELINE = None

    def _single(self) -> PressPipeline:
        """This pipeline as one process runs it (what each worker uses)."""
        single = object.__new__(PressPipeline)
        single.__dict__.update(self.__dict__, n_process=1)
        return single

    def _flush(self, batch: list[Article]) -> Iterator[ArticleResult]:
        """The batch through nlp.pipe; if anything in it raises, the articles not yet done go one by one,
        so one bad article is recorded as failed (with the stage that failed) and the others are kept."""
        short = [i for i, a in enumerate(batch) if len(a.text) <= self.chunk_chars]
        results: dict[int, ArticleResult] = {}
        try:
            for i, (article, doc) in zip(short, self.docs([batch[i] for i in short])):
                results[i] = self.result_for(article, doc)
        except Exception:  # noqa: BLE001 - retried below, article by article, where the reason is recorded
            pass
        for i, article in enumerate(batch):
            yield results[i] if i in results else self.one(article)

    def one(self, article: Article) -> ArticleResult:
        """One article, component by component: a failure names the stage (the component) and the reason."""
        if len(article.text) > self.chunk_chars:
            return self._in_pieces(article)
        stage = "tokenizer"
        try:
            doc = self.make_doc(article)
            with self.nlp.select_pipes(disable=self._disabled):
                for stage, component in self.nlp.pipeline:
                    doc = component(doc)
            stage = "records"
            return self.result_for(article, doc)
        except Exception as exc:  # noqa: BLE001 - any error of any stage fails this article only
            reason = f"failed in stage {stage}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            return ArticleResult(article=None, failure=IngestFailure(article.id, article.source_path, reason.rstrip(": ")))

    def _in_pieces(self, article: Article) -> ArticleResult:
        """A very long article as paragraph-aligned pieces, each a Doc of its own, merged back with offsets
        into the whole text. Aliases and event links do not cross a piece edge; nothing else depends on it."""
        mentions, events = [], []
        for n, (start, end) in enumerate(paragraph_chunks(article.text, self.chunk_chars), start=1):
            regions = [(max(a, start) - start, min(b, end) - start) for a, b in article.skip_regions if a < end and b > start]
            piece = dataclasses.replace(article, id=f"{article.id}#{n}", text=article.text[start:end], skip_regions=regions)
            result = self.one(piece)
            if not result.ok:
                return ArticleResult(article=None, failure=dataclasses.replace(
                    result.failure, id=article.id, error=f"{result.failure.error} (characters {start}-{end})"))
            for m in result.mentions:
                m.article_id, m.start, m.end = article.id, m.start + start, m.end + start
                m.linked_to = None if m.linked_to is None else m.linked_to + len(mentions)
            for e in result.events:
                e.article_id = article.id
                e.sentence_start, e.sentence_end = e.sentence_start + start, e.sentence_end + start
                e.trigger_start, e.trigger_end = e.trigger_start + start, e.trigger_end + start
            mentions += result.mentions
            events += result.events
        return ArticleResult(article=article, mentions=mentions, events=events)

    def result_for(self, article: Article, doc: Doc) -> ArticleResult:
        """The article's record: the mentions and events the pipeline's last two components wrote."""
        mentions = list(doc._.mentions) if doc._.mentions is not None else doc_to_mentions(doc, article)
        events = list(doc._.events or []) if self.with_events else []
        return ArticleResult(article=article, mentions=mentions, events=events)
