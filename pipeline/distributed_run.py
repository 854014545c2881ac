"""`run --dask`: the same spaCy pipeline on a Dask cluster, past one machine.

`DaskPipeline` has the interface of `PressPipeline.process` (articles in, results out in input order, ingest
failures passed through), so the `run` job (pipeline.batch) stays the same: the same reading, skipping of
unchanged articles, single SQLite writer, failure records, Ctrl-C handling and outputs. Only the spaCy work
moves: articles go to the workers in partitions of `partition_size`, each worker loads the pipeline once
(a worker plugin at registration, a module-level cache in the worker process), and the results come back
to this process, which writes them.

A partition whose task fails as a whole (its worker died, the scheduler lost it) is recorded as failed
article by article, with the reason, and the batch goes on; a rerun retries those articles. An article that
fails inside the pipeline fails alone, as in a local run (PressPipeline isolates it).
"""
from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from distributed.diagnostics.plugin import WorkerPlugin

from pipeline.records import Article, ArticleResult, IngestFailure

PARTITION_SIZE = 16        # articles per task: small enough to spread, large enough for nlp.pipe batches
PARTITIONS_PER_WORKER = 3  # tasks in flight per worker: results stream back while the next ones run
CONNECT_TIMEOUT = "20s"

_pipeline = None           # this worker process's PressPipeline, loaded once
_loads = 0
_lock = threading.Lock()


class DaskRunError(Exception):
    """A Dask run that cannot start (scheduler unreachable, workers running other code): one line says why."""


def worker_pipeline():
    """The PressPipeline of this process, loaded on first use and kept for every later task."""
    global _pipeline, _loads
    with _lock:
        if _pipeline is None:
            from pipeline.annotate import PressPipeline

            _pipeline = PressPipeline()
            _loads += 1
    return _pipeline


def worker_state() -> dict:
    """What the client checks on each worker: how often it loaded the pipeline, and which version it runs."""
    from pipeline.nlp import pipeline_version

    return {"pid": os.getpid(), "loads": _loads, "pipeline_version": pipeline_version()}


def process_partition(articles: list[Article]) -> list[tuple[list, list, IngestFailure | None]]:
    """Run on a worker: (mentions, events, failure) per article, in order. The articles themselves do not
    travel back; the client pairs each result with its own copy."""
    press = worker_pipeline()
    results = list(press.process(articles))
    return [(r.mentions, r.events, r.failure) for r in results]


class PressPipelinePlugin(WorkerPlugin):
    """Loads the pipeline on each worker when it is registered (and on a worker that joins later), in a
    thread, so the worker keeps answering the scheduler meanwhile."""

    name = "press-events-pipeline"

    async def setup(self, worker):
        await asyncio.to_thread(worker_pipeline)


@contextmanager
def _workers_ignore_ctrl_c():
    """Worker processes started meanwhile inherit SIGINT ignored: Ctrl-C in the terminal reaches the whole
    process group, and it is the run (this process) that stops, after the article in hand, not the workers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class DaskPipeline:
    """The spaCy pipeline on a Dask cluster: a LocalCluster of `workers` processes (one thread each), or the
    scheduler at `scheduler` ("tcp://host:8786"). Use as `PressPipeline`: `process(items)`, then `close()`."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None, partition_size: int = PARTITION_SIZE):
        from distributed import Client, LocalCluster

        from pipeline.nlp import pipeline_version

        self.partition_size = max(1, partition_size)
        self.cluster = None
        self.client = None
        try:
            if scheduler:
                try:
                    self.client = Client(scheduler, timeout=CONNECT_TIMEOUT)
                except (OSError, TimeoutError, ValueError) as exc:
                    raise DaskRunError(f"cannot reach the Dask scheduler at {scheduler} ({type(exc).__name__}: "
                                       f"{str(exc).splitlines()[0] if str(exc) else ''}); start it with `dask scheduler` "
                                       f"and `dask worker {scheduler}`, or run without an address for a local cluster") from None
            else:
                with _workers_ignore_ctrl_c():
                    self.cluster = LocalCluster(n_workers=max(1, workers or os.cpu_count() or 1), threads_per_worker=1,
                                                processes=True, dashboard_address=None, silence_logs=logging.ERROR)
                self.client = Client(self.cluster)
            if not self.client.scheduler_info().get("workers"):
                self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            self.client.register_plugin(PressPipelinePlugin())
            self.worker_states = self.client.run(worker_state)
            expected = pipeline_version()  # what the database records: the workers must run the same
            other = {s["pipeline_version"] for s in self.worker_states.values()} - {expected}
            if other:
                raise DaskRunError(f"Dask worker(s) run another press-events pipeline ({', '.join(sorted(other))}; "
                                   f"this run: {expected}): install the same press-events and models on every worker")
        except BaseException:
            self.close()
            raise
        self.n_workers = len(self.worker_states)

    def process(self, items: Iterable[Article | IngestFailure]) -> Iterator[ArticleResult]:
        """Results in input order: partitions are submitted ahead (a few per worker) and read back in order."""
        queue: deque = deque()  # (future, articles) or (None, failure), in input order
        partition: list[Article] = []
        ahead = max(1, PARTITIONS_PER_WORKER * self.n_workers)

        def submit():
            nonlocal partition
            if partition:
                queue.append((self.client.submit(process_partition, partition, pure=False), partition))
                partition = []

        def ready(keep: int) -> Iterator[ArticleResult]:
            """Everything at the head of the queue that is done (or must be waited for, past `keep` in flight)."""
            while queue:
                future, payload = queue[0]
                in_flight = sum(1 for f, _ in queue if f is not None)
                if future is not None and not future.done() and in_flight <= keep:
                    return
                queue.popleft()
                yield from self._results(future, payload)

        for item in items:
            if isinstance(item, IngestFailure):
                submit()
                queue.append((None, item))
            else:
                partition.append(item)
                if len(partition) >= self.partition_size:
                    submit()
            yield from ready(ahead)
        submit()
        yield from ready(0)

    @staticmethod
    def _results(future, payload) -> Iterator[ArticleResult]:
        if future is None:
            yield ArticleResult(article=None, failure=payload)
            return
        try:
            rows = future.result()
        except Exception as exc:  # noqa: BLE001 - the partition's task failed whole: each article says why
            reason = str(exc).splitlines()[0] if str(exc) else ""
            for article in payload:
                yield ArticleResult(article=None, failure=IngestFailure(
                    article.id, article.source_path, f"failed in stage dask: {type(exc).__name__}: {reason}".rstrip(": ")))
            return
        finally:
            future.release()
        for article, (mentions, events, failure) in zip(payload, rows):
            if failure is not None:
                yield ArticleResult(article=None, failure=failure)
            else:
                yield ArticleResult(article=article, mentions=mentions, events=events)

    def close(self) -> None:
        """Disconnect; a cluster started here is shut down (an existing one keeps running)."""
        client, cluster, self.client, self.cluster = self.client, self.cluster, None, None
        try:
            if client is not None:
                try:  # what each worker did, for the record: how many times it loaded the pipeline
                    self.worker_states = client.run(worker_state)
                except Exception:  # noqa: BLE001 - a cluster already gone has nothing to say
                    pass
                client.close()
        finally:
            if cluster is not None:
                cluster.close()
