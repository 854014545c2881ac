"""The `run` job: ingest a batch, skip what is unchanged, process the rest, store per article, export.

An unchanged rerun does next to nothing: no spaCy import, no model load, no ingest of a file whose bytes
(and the code and options that read them) are those of its last run, no table or report rewritten when the
database has not changed since they were written. Each shortcut is checked against the database, so it only
ever skips what a full rerun would have found unchanged.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

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
    The spaCy model is only loaded when at least one article needs processing (`pipeline_factory` is
    called then, once; a pipeline with a `close()` method is closed at the end of the run).
    """
    out = Path(out)
    db_path = Path(db) if db else out / "press_events.sqlite"
    check_writable(out, db_path)
    with run_lock(db_path), stop_on_interrupt() as stop:
        store = open_store(db_path)
        press = None
        summary = BatchSummary()
        started = time.perf_counter()
        try:
            code = code_fingerprint()
            version = current_pipeline_version(store, code)
            listing = list_inputs(inputs, store, code)
            total = estimate_items(inputs, listing)
            tick = progress(total) if progress else (lambda _id: None)
            seen = 0
            ingested: list[tuple[str, str, list]] = []  # files read in full this run, remembered at the end

            def unchanged(article_id: str) -> None:
                nonlocal seen
                seen += 1
                summary.skipped += 1
                tick(article_id)

            def pending() -> Iterator[Article | IngestFailure]:
                """Articles stream from the readers to the writer: only the ones not already current."""
                nonlocal seen
                for item in ingest_items(inputs, published=published, lang_check=lang_check, store=store,
                                         version=version, code=code, force=force, on_unchanged=unchanged,
                                         log=ingested, listing=listing):
                    seen += 1
                    if isinstance(item, Article) and not force and store.is_current(item.id, content_hash(item), version):
                        summary.skipped += 1
                        tick(item.id)
                        continue
                    yield item

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
            remember_sources(store, ingested, version)
            finalize_outputs(store, out, formats, summary, code=code)
        finally:
            try:
                if press is not None and hasattr(press, "close"):
                    press.close()
            finally:
                store.close()
    summary.seconds = time.perf_counter() - started
    return summary


def ingest_items(inputs: Iterable[str | Path], published: date | None = None, lang_check: bool = False,
                 store=None, version: str = "", code: str = "", force: bool = False,
                 on_unchanged: Callable[[str], None] | None = None, log: list | None = None,
                 listing: tuple[list[Path], list[IngestFailure]] | None = None) -> Iterator[Article | IngestFailure]:
    """What `pipeline.ingest.read_articles` yields, the same items with the same ids in the same order, except
    that a file ingested before from the same bytes with the same code and options, whose every article is
    still stored as processed from that content by `version`, is not read again: `on_unchanged(article_id)`
    is called for each of its articles instead (never with `force`). Each file read in full is appended to
    `log` as (path, fingerprint, [(raw id, article id, content hash or None for a failure), ...]).
    `listing` is `collect_paths(inputs)` when the caller has it. Ingest is imported only to read a file."""
    if listing is None:
        from pipeline.ingest import collect_paths

        listing = collect_paths(inputs)
    paths, missing = listing
    yield from missing
    seen: dict[str, int] = {}  # ids met so far: a repeated id becomes `id~2`, `id~3` ... as read_articles does
    options = f"{code}|{published.isoformat() if published else ''}|{int(bool(lang_check))}"
    for path in paths:
        fingerprint = file_fingerprint(path, options) if store is not None else None
        if fingerprint and not force:
            known = store.source_items(str(path), fingerprint, version)
            if known is not None:
                counts: Counter = Counter()
                ids = []
                for raw, _ in known:
                    n = seen.get(raw, 0) + counts[raw]
                    counts[raw] += 1
                    ids.append(f"{raw}~{n + 1}" if n else raw)
                if ids == [article_id for _, article_id in known]:
                    for raw, n in counts.items():
                        seen[raw] = seen.get(raw, 0) + n
                    for article_id in ids:
                        (on_unchanged or (lambda _id: None))(article_id)
                    continue
        from pipeline.ingest import finish_article, foreign_or_article
        from pipeline.ingest.readers import read_path

        items = []
        for item in read_path(path):
            raw = item.id
            count = seen.get(raw, 0)
            seen[raw] = count + 1
            if count:
                item.id = f"{raw}~{count + 1}"
            if isinstance(item, Article):
                finish_article(item, published)
                if lang_check:
                    item = foreign_or_article(item)
            items.append((raw, item.id, content_hash(item) if isinstance(item, Article) else None))
            yield item
        if fingerprint and log is not None:
            log.append((str(path), fingerprint, items))


RACY_NS = 2_000_000_000  # a folder changed this close to its listing may change again unseen: not remembered


def list_inputs(inputs: Iterable[str | Path], store, code: str) -> tuple[list[Path], list[IngestFailure]]:
    """`pipeline.ingest.collect_paths(inputs)`, remembered in the database and reused while every folder under
    the inputs keeps its modification time (adding, removing or renaming a file changes its folder's), so an
    unchanged rerun does not even import the readers. Globs and missing inputs are listed again every time."""
    inputs = [str(i) for i in inputs]
    last = store.state("listing")
    if isinstance(last, dict) and last.get("inputs") == inputs and last.get("code") == code \
            and _folder_times(last["folders"]) == last["folders"] and all(os.path.isfile(f) for f in last["files"]):
        return [Path(p) for p in last["paths"]], []
    from pipeline.ingest import collect_paths

    taken = time.time_ns()
    paths, missing = collect_paths(inputs)
    folders: dict[str, int] = {}
    files: list[str] = []
    fixed = bool(inputs) and not missing
    for raw in inputs if fixed else ():
        if os.path.isdir(raw):
            for folder, _dirs, _files in os.walk(raw, followlinks=True):
                folders[folder] = 0
        elif os.path.isfile(raw):
            files.append(raw)
        else:
            fixed = False  # a glob: listed again every time
            break
    folders = _folder_times(folders)
    if fixed and all(0 <= t < taken - RACY_NS for t in folders.values()):
        store.set_state("listing", {"inputs": inputs, "code": code, "folders": folders, "files": files,
                                    "paths": [str(p) for p in paths]})
    return paths, missing


def _folder_times(folders: dict[str, int]) -> dict[str, int]:
    times = {}
    for folder in folders:
        try:
            times[folder] = os.stat(folder).st_mtime_ns
        except OSError:
            times[folder] = -1
    return times


def file_fingerprint(path: Path, options: str) -> str | None:
    """The file's bytes, its path (part of every article's hash) and what else decides its ingest."""
    digest = hashlib.sha256(f"{path}|{options}|".encode())
    try:
        with open(path, "rb") as handle:  # in blocks: a JSONL export may be larger than memory
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()[:32]


def remember_sources(store, ingested: list[tuple[str, str, list]], version: str) -> None:
    """Files read in full whose articles are all stored and current now are skipped unread next time; a
    file with a failure (or left undone by Ctrl-C) is forgotten, so the next run reads it again."""
    for path, fingerprint, items in ingested:
        if items and all(h is not None for _raw, _id, h in items):
            store.remember_source(path, fingerprint, [(raw, aid, h) for raw, aid, h in items], version)
        else:
            store.forget_source(path)


def code_fingerprint() -> str:
    """Everything a run's output can depend on besides its inputs and the database: the package's files
    (code, templates, models/) and the installed distributions' names and versions. Cheap: no import."""
    from pipeline.paths import MODELS_DIR, PACKAGE_DIR

    digest = hashlib.sha256()  # the package's __init__.py, with its version, is one of the files
    for root in (PACKAGE_DIR, MODELS_DIR):
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                path = Path(folder, name)
                try:
                    data = path.read_bytes()
                except OSError:
                    continue
                digest.update(f"{path.relative_to(root)}|{len(data)}|".encode())
                digest.update(data)
    for entry in sys.path:
        if entry and os.path.isdir(entry):
            digest.update("|".join(sorted(n for n in os.listdir(entry) if n.endswith(".dist-info"))).encode())
    return digest.hexdigest()[:32]


def current_pipeline_version(store, code: str) -> str:
    """`pipeline.nlp.pipeline_version()`, remembered in the database for this `code_fingerprint`: computing
    it imports spaCy (a second or two), which an unchanged rerun never needs."""
    cached = store.state("pipeline_version")
    if isinstance(cached, dict) and cached.get("code") == code:
        return cached["version"]
    from pipeline.nlp import pipeline_version

    version = pipeline_version.__wrapped__()  # computed now, not a value cached earlier in this process
    if code_fingerprint() == code:  # remembered only when no file changed meanwhile
        store.set_state("pipeline_version", {"code": code, "version": version})
    return version


def takewhile_failures(items: Iterator[Article | IngestFailure]) -> Iterator[Article | IngestFailure]:
    """Items up to and including the first Article (all of them when there is none)."""
    for item in items:
        yield item
        if isinstance(item, Article):
            return


def estimate_items(inputs: Iterable[str | Path], listing: tuple[list[Path], list] | None = None) -> int:
    """How many articles the inputs hold, cheaply, for the progress bar: files, JSONL lines, CSV rows."""
    if listing is None:
        from pipeline.ingest import collect_paths

        listing = collect_paths(inputs)
    paths, missing = listing
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


def finalize_outputs(store, out: Path, formats: Iterable[str], summary: BatchSummary, code: str | None = None) -> None:
    """Tables for people (CSV and friends), the clusters across articles, the timeline and static report.

    With `code` (the code_fingerprint), outputs that this code wrote from the database as it still is, into
    the same folder, in the same formats, and that nobody touched since, are left as they are."""
    formats = tuple(dict.fromkeys(formats))
    if code is not None:
        kept = current_outputs(store, out, formats, code)
        if kept is not None:
            summary.outputs.extend(kept)
            return
    from pipeline.events import write_timeline
    from pipeline.review import write_static_report

    refresh_clusters(store)
    summary.outputs.extend(store.export_tables(out, formats))
    summary.outputs.append(write_timeline(store.all_events(), out / "timeline.html"))
    summary.outputs.append(write_static_report(store, out))
    if code is not None:
        store.set_state("exports", {"changes": store.changes(), "code": code, "out": str(Path(out).resolve()),
                                    "formats": sorted(formats),
                                    "files": _file_stats(Path(p).absolute() for p in summary.outputs)})


def current_outputs(store, out: Path, formats: tuple[str, ...], code: str) -> list[Path] | None:
    """The outputs written last, if writing them again would give the same files: same database state (its
    change counter), same code, same folder and formats, each file as it was left. Else None."""
    last = store.state("exports")
    if not isinstance(last, dict) or last.get("changes") != store.changes() or last.get("code") != code \
            or last.get("out") != str(Path(out).resolve()) or last.get("formats") != sorted(formats):
        return None
    files = last.get("files") or {}
    if not files or _file_stats([Path(p) for p in files]) != files:
        return None
    return [Path(p) for p in files]


def _file_stats(paths: Iterable[Path]) -> dict[str, list[int]]:
    """Size and modification time of each file (each file of a folder, for partitioned Parquet)."""
    stats: dict[str, list[int]] = {}
    for path in paths:
        path = Path(path)
        for p in sorted(path.rglob("*")) if path.is_dir() else [path]:
            try:
                st = p.stat()
            except OSError:
                stats[str(p)] = [-1, -1]
                continue
            if not p.is_dir():
                stats[str(p)] = [st.st_size, st.st_mtime_ns]
    return stats
