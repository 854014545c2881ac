"""The `run` job: ingest a batch, skip what is unchanged, process the rest, store per article, export."""
from __future__ import annotations

import fcntl
import hashlib
import os
import signal
import threading
import time
from contextlib import contextmanager
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.ingest import collect_paths, read_articles
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
    interrupted: int = 0  # articles left undone when Ctrl-C stopped the run
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

    out = Path(out)
    db_path = Path(db) if db else out / "press_events.sqlite"
    check_writable(out, db_path)
    with run_lock(db_path), stop_on_interrupt() as stop:
        store = open_store(db_path)
        version = pipeline_version()
        summary = BatchSummary()
        started = time.perf_counter()
        total = estimate_items(inputs)
        tick = progress(total) if progress else (lambda _id: None)
        seen = 0

        def pending() -> Iterator[Article | IngestFailure]:
            """Articles stream from the readers to the writer: only the ones not already current."""
            nonlocal seen
            for item in read_articles(inputs, published=published, lang_check=lang_check):
                seen += 1
                if isinstance(item, Article) and not force and store.is_current(item.id, content_hash(item), version):
                    summary.skipped += 1
                    tick(item.id)
                    continue
                yield item

        try:
            todo = pending()
            head = list(takewhile_failures(todo))  # failures before the first article need no model
            if head and isinstance(head[-1], Article):
                if pipeline_factory is None:
                    from pipeline.annotate import PressPipeline
                    pipeline_factory = lambda: PressPipeline(n_process=workers)  # noqa: E731
                load_started = time.perf_counter()
                press = pipeline_factory()
                summary.load_seconds = time.perf_counter() - load_started
                results = press.process(chain(head, todo))
            else:
                results = (ArticleResult(article=None, failure=item) for item in head)
            for result in results:
                record_result(store, result, version, summary)
                tick(result.article.id if result.article else result.failure.id)
                if stop.requested:
                    summary.interrupted = max(1, total - seen)
                    break
            finalize_outputs(store, out, formats, summary)
        finally:
            store.close()
    summary.seconds = time.perf_counter() - started
    return summary


def takewhile_failures(items: Iterator[Article | IngestFailure]) -> Iterator[Article | IngestFailure]:
    """Items up to and including the first Article (all of them when there is none)."""
    for item in items:
        yield item
        if isinstance(item, Article):
            return


def estimate_items(inputs: Iterable[str | Path]) -> int:
    """How many articles the inputs hold, cheaply, for the progress bar: files, JSONL lines, CSV rows."""
    paths, missing = collect_paths(inputs)
    total = len(missing)
    for path in paths:
        suffix = path.suffix.lower()
        try:
            if suffix == ".jsonl":
                with open(path, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            elif suffix == ".csv":
                with open(path, "rb") as handle:
                    total += max(1, sum(1 for _ in handle) - 1)
            else:
                total += 1
        except OSError:
            total += 1
    return total


class BatchError(Exception):
    """A run that cannot start (output not writable, database in use): one line says why and what to do."""


def check_writable(out: Path, db_path: Path) -> None:
    """Fail before any work when the output folder or the database folder cannot be written."""
    for folder in dict.fromkeys([out, db_path.parent]):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / f".press-events-write-test-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise BatchError(f"cannot write to {folder}: {exc.strerror or exc}; choose another --out (or --db) "
                             f"or fix the folder's permissions") from None


@contextmanager
def run_lock(db_path: Path):
    """One `run` at a time per database: a second one stops at once with a clear message."""
    lock_path = db_path.with_name(db_path.name + ".lock")
    handle = open(lock_path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise BatchError(f"{db_path} is in use by another press-events run ({holder}); wait for it to finish, "
                         f"or give this run another --out or --db") from None
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def open_store(db_path: Path, wait_seconds: float = 10.0):
    """The run's database, checked writable up front: one held by another process (a long review
    export, a sqlite3 shell) stops the run before any work, not half-way through the batch."""
    import sqlite3

    from pipeline.store import Store

    try:
        store = Store(db_path)
        store.conn.execute(f"PRAGMA busy_timeout = {int(wait_seconds * 1000)}")
        store.conn.execute("BEGIN IMMEDIATE")
        store.conn.execute("ROLLBACK")
        store.conn.execute("PRAGMA busy_timeout = 30000")
        return store
    except sqlite3.OperationalError as exc:
        raise BatchError(f"{db_path} is locked by another process ({exc}); close it (review server, sqlite3 "
                         f"shell) and run again, or give this run another --db") from None


class _Stop:
    requested = False


@contextmanager
def stop_on_interrupt():
    """Ctrl-C asks the batch to stop after the article in hand (saved whole), instead of killing it.
    A second Ctrl-C stops at once; either way what is saved stays saved and a rerun resumes."""
    stop = _Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def ask(signum, frame):
        if stop.requested:
            raise KeyboardInterrupt
        stop.requested = True

    previous = signal.signal(signal.SIGINT, ask)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


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
