"""The `run` job: ingest a batch, skip what is unchanged, process the rest, store per article, export."""
from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.ingest import read_articles
from pipeline.records import LABELS, Article, ArticleResult, IngestFailure


@dataclass
class BatchSummary:
    processed: int = 0
    skipped: int = 0
    failed: int = 0
    mentions: Counter = field(default_factory=Counter)
    events: int = 0
    words: int = 0
    seconds: float = 0.0
    load_seconds: float = 0.0  # loading fr_core_news_md and our components, once per run
    failures: list[IngestFailure] = field(default_factory=list)
    other_language: list[IngestFailure] = field(default_factory=list)  # skipped: not French (--lang-check on)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (article id, what ingest ignored)
    outputs: list[Path] = field(default_factory=list)

    @property
    def words_per_second(self) -> float:
        """Throughput of the work itself, model loading excluded."""
        working = self.seconds - self.load_seconds
        return self.words / working if working > 0 else 0.0

    def line(self) -> str:
        labels = ", ".join(f"{label} {self.mentions[label]}" for label in LABELS)
        other = f", {len(self.other_language)} not French (skipped)" if self.other_language else ""
        return (f"articles: {self.processed} processed, {self.skipped} unchanged (skipped){other}, {self.failed} failed | "
                f"mentions: {labels} | events: {self.events} | {self.seconds:.1f} s "
                f"(model load {self.load_seconds:.1f} s), {self.words_per_second:,.0f} words/s")


def content_hash(article: Article) -> str:
    """What the output of one article depends on, besides the pipeline version."""
    digest = hashlib.sha256(article.text.encode("utf-8"))
    grain = "" if article.published_grain == "day" else f"/{article.published_grain}"
    digest.update(f"|{article.published}{grain}|{article.published_source}|{article.source_path}".encode())
    return digest.hexdigest()[:20]


def failure_hash(failure: IngestFailure) -> str:
    return hashlib.sha256(f"{failure.source_path}|{failure.error}".encode()).hexdigest()[:20]


def run_batch(inputs: Iterable[str | Path], out: Path, db: Path | None = None, formats: Iterable[str] = ("csv",),
              published: date | None = None, force: bool = False,
              progress: Callable[[int], Callable[[str], None]] | None = None,
              pipeline_factory: Callable[[], object] | None = None, lang_check: bool = True,
              workers: int = 1) -> BatchSummary:
    """Process every article under `inputs` into `out` (CSV tables, SQLite, static report).

    `progress(total)` returns a callback called once per article with its id, for a progress bar.
    The spaCy model is only loaded when at least one article needs processing.
    """
    from pipeline.nlp import pipeline_version
    from pipeline.store import Store

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    store = Store(Path(db) if db else out / "press_events.sqlite")
    version = pipeline_version()
    summary = BatchSummary()
    started = time.perf_counter()
    items = list(read_articles(inputs, published=published, lang_check=lang_check))
    todo: list[Article | IngestFailure] = []
    for item in items:
        if isinstance(item, Article) and not force and store.is_current(item.id, content_hash(item), version):
            summary.skipped += 1
        else:
            todo.append(item)
    tick = progress(len(todo)) if progress else (lambda _id: None)
    try:
        if any(isinstance(item, Article) for item in todo):
            if pipeline_factory is None:
                from pipeline.annotate import PressPipeline
                pipeline_factory = lambda: PressPipeline(n_process=workers)  # noqa: E731
            load_started = time.perf_counter()
            press = pipeline_factory()
            summary.load_seconds = time.perf_counter() - load_started
            results = press.process(todo)
        else:
            results = (ArticleResult(article=None, failure=item) for item in todo)
        for result in results:
            record_result(store, result, version, summary)
            tick(result.article.id if result.article else result.failure.id)
        finalize_outputs(store, out, formats, summary)
    finally:
        store.close()
    summary.seconds = time.perf_counter() - started
    return summary


def record_result(store, result: ArticleResult, version: str, summary: BatchSummary) -> None:
    """One transaction per article: a crash later in the batch loses nothing written here. An article
    the store cannot write is recorded as failed in the writer stage, and the batch goes on."""
    if result.ok:
        try:
            store.save_result(result, content_hash(result.article), version)
        except Exception as exc:  # noqa: BLE001 - the transaction rolled back; the failure row says why
            art = result.article
            failure = IngestFailure(art.id, art.source_path, f"failed in stage writer: {type(exc).__name__}: {exc}")
            record_result(store, ArticleResult(article=None, failure=failure), version, summary)
            return
        summary.processed += 1
        summary.words += len(result.article.text.split())
        summary.mentions.update(m.label for m in result.mentions)
        summary.events += len(result.events)
        if result.article.warning:
            summary.warnings.append((result.article.id, result.article.warning))
    else:
        store.save_result(result, failure_hash(result.failure), version)
        if result.failure.status == "skipped":
            summary.other_language.append(result.failure)
            return
        summary.failed += 1
        summary.failures.append(result.failure)


def refresh_clusters(store) -> int:
    """Re-cluster every stored event across articles (rejected ones left out) and store each cluster_id.

    The clustering is decided here (pipeline.events); the store only writes the assignment."""
    from pipeline.events import cluster_events

    clusters = cluster_events([e for e in store.all_events() if e.review_status != "rejected"])
    store.write_clusters({eid: c.cluster_id for c in clusters for eid in c.event_ids})
    return len(clusters)


def finalize_outputs(store, out: Path, formats: Iterable[str], summary: BatchSummary) -> None:
    """Tables for people (CSV and friends), the clusters across articles, the timeline and static report."""
    from pipeline.events import write_timeline
    from pipeline.review import write_static_report

    refresh_clusters(store)
    summary.outputs.extend(store.export_tables(out, tuple(formats)))
    summary.outputs.append(write_timeline(store.all_events(), out / "timeline.html"))
    summary.outputs.append(write_static_report(store, out))
