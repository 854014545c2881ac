"""Speed and memory of our pipeline against plain fr_core_news_md on the same texts, in one process.

Machines here are noisy, so the figure that matters is the ratio measured in one run, with the two
pipelines interleaved over several rounds and the best round of each kept.
"""
from __future__ import annotations

import gc
import resource
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest import read_articles
from pipeline.records import Article

STOCK_PIPES = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner")


@dataclass
class BenchResult:
    articles: int
    words: int
    rounds: int
    stock_seconds: float
    ours_seconds: float
    rules_seconds: float
    normalize_seconds: float
    events_seconds: float
    peak_rss_mb: float
    load_seconds: float

    @property
    def overhead(self) -> float:
        return self.ours_seconds / self.stock_seconds - 1.0

    def report(self) -> str:
        wps = lambda s: self.words / s if s else 0.0  # noqa: E731
        return "\n".join([
            f"texts: {self.articles} articles, {self.words:,} words, best of {self.rounds} interleaved rounds",
            f"model load (fr_core_news_md + our components): {self.load_seconds:.2f} s",
            f"plain fr_core_news_md nlp.pipe : {self.stock_seconds:.3f} s  ({wps(self.stock_seconds):,.0f} words/s)",
            f"our spaCy pipeline (all pipes) : {self.ours_seconds:.3f} s  ({wps(self.ours_seconds):,.0f} words/s)",
            f"  of which our rule components : {self.rules_seconds:.3f} s (DATE, MONEY, gazetteer, fixes, aliases)",
            f"normalize stage (mentions)     : {self.normalize_seconds:.3f} s",
            f"events stage                   : {self.events_seconds:.3f} s",
            f"ratio ours / plain             : {self.ours_seconds / self.stock_seconds:.3f}  (overhead {self.overhead:+.1%})",
            f"tagging + normalizing overhead : {(self.rules_seconds + self.normalize_seconds) / self.stock_seconds:+.1%}"
            "  (our components + normalize, timed alone, over plain nlp.pipe)",
            f"whole job / plain              : {(self.ours_seconds + self.normalize_seconds + self.events_seconds) / self.stock_seconds:.3f}",
            f"peak RSS of this process       : {self.peak_rss_mb:,.0f} MB",
        ])


def _time_pipe(nlp, make_docs, disable=()) -> tuple[float, list]:
    gc.collect()
    start = time.perf_counter()
    with nlp.select_pipes(disable=list(disable)):
        docs = list(nlp.pipe(make_docs(), batch_size=16))
    return time.perf_counter() - start, docs


def run_bench(inputs: list[str | Path], rounds: int = 3, multiply: int = 4) -> BenchResult:
    """`multiply` repeats the corpus so that one round lasts long enough to time."""
    from pipeline.annotate import PressPipeline

    articles = [a for a in read_articles(inputs) if isinstance(a, Article)] * multiply
    load_start = time.perf_counter()
    press = PressPipeline()
    load_seconds = time.perf_counter() - load_start
    nlp = press.nlp
    ours = [name for name in nlp.pipe_names if name not in STOCK_PIPES]
    make_docs = lambda: (press.make_doc(a) for a in articles)  # noqa: E731
    _time_pipe(nlp, make_docs)  # warm-up
    stock_best = ours_best = float("inf")
    docs: list = []
    for _ in range(rounds):
        seconds, _docs = _time_pipe(nlp, make_docs, disable=ours)
        stock_best = min(stock_best, seconds)
        seconds, docs = _time_pipe(nlp, make_docs)
        ours_best = min(ours_best, seconds)
    rules_best = float("inf")
    stock_docs = list(nlp.pipe(make_docs(), batch_size=16, disable=ours))
    for _ in range(rounds):
        copies = [d.copy() for d in stock_docs]
        start = time.perf_counter()
        for doc in copies:
            for name in ours:
                doc = nlp.get_pipe(name)(doc)
        rules_best = min(rules_best, time.perf_counter() - start)
    from pipeline.annotate import doc_to_mentions
    from pipeline.events import extract_events

    normalize_best = events_best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        mentions = [doc_to_mentions(doc, article) for article, doc in zip(articles, docs)]
        normalize_best = min(normalize_best, time.perf_counter() - start)
        start = time.perf_counter()
        for article, doc, found in zip(articles, docs, mentions):
            extract_events(doc, found, article)
        events_best = min(events_best, time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return BenchResult(
        articles=len(articles), words=sum(len(a.text.split()) for a in articles), rounds=rounds,
        stock_seconds=stock_best, ours_seconds=ours_best, rules_seconds=rules_best,
        normalize_seconds=normalize_best, events_seconds=events_best, peak_rss_mb=peak, load_seconds=load_seconds,
    )
