"""The plain baseline the report compares us with.

* PER / LOC / ORG: the stock ``fr_core_news_md`` NER (MISC dropped). When our
  pipeline's ``nlp`` is passed in, only the model's own components run
  (``nlp.select_pipes``), so no second copy of the model is loaded and none of our
  rules leaks into the baseline.
* DATE: ``dateparser.search.search_dates(text, languages=['fr'])``, anchored on the
  publication date when there is one; each found substring is mapped back to its
  offsets, norm = the parsed date's ISO day.
* No MONEY.
* Spans inside the article's metadata/boilerplate regions are dropped, as our
  pipeline does, so both systems are scored on the same text.

The baseline has no normalizer: a name's norm is its surface text.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime, time
from functools import cache
from pathlib import Path

from pipeline.records import Article, Mention

STOCK_MODEL = "fr_core_news_md"
BASELINE_LABELS = ("PER", "LOC", "ORG", "DATE")
_NER_LABELS = {"PER", "LOC", "ORG"}


@cache
def stock_pipe_names(model: str = STOCK_MODEL) -> tuple[str, ...]:
    """Names of the stock model's components, read from its installed meta.json (no model load)."""
    import importlib.util

    spec = importlib.util.find_spec(model)
    if spec is None or not spec.submodule_search_locations:
        return ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner")
    meta = json.loads((Path(next(iter(spec.submodule_search_locations))) / "meta.json").read_text(encoding="utf-8"))
    return tuple(meta.get("components") or meta["pipeline"])


def _in_regions(start: int, end: int, regions: Iterable[tuple[int, int]]) -> bool:
    return any(start < r_end and r_start < end for r_start, r_end in regions)


class Baseline:
    """Stock NER + dateparser. ``nlp``: an already loaded pipeline built on fr_core_news_md."""

    def __init__(self, nlp=None):
        if nlp is None:
            import spacy

            nlp = spacy.load(STOCK_MODEL)
        self.nlp = nlp
        stock = set(stock_pipe_names())
        # Only the stock components that are active; our own factories never run here.
        self.enabled = [name for name in nlp.pipe_names if name in stock]
        if "ner" not in self.enabled:
            raise ValueError(f"pipeline has no stock 'ner' component: {nlp.pipe_names}")

    def ner_mentions(self, articles: list[Article]) -> list[list[Mention]]:
        out = []
        with self.nlp.select_pipes(enable=self.enabled):
            for art, doc in zip(articles, self.nlp.pipe(a.text for a in articles)):
                out.append(
                    [
                        Mention(art.id, e.start_char, e.end_char, e.text, e.label_, norm=e.text, source="baseline-ner")
                        for e in doc.ents
                        if e.label_ in _NER_LABELS and not _in_regions(e.start_char, e.end_char, art.skip_regions)
                    ]
                )
        return out

    def process(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Mention]]]:
        """(article, baseline mentions sorted by offset) for every article."""
        articles = list(articles)
        for art, ner in zip(articles, self.ner_mentions(articles)):
            mentions = ner + date_mentions(art)
            mentions.sort(key=lambda m: (m.start, m.end))
            yield art, mentions


def date_mentions(article: Article) -> list[Mention]:
    """dateparser's search_dates hits as DATE mentions with offsets into the text."""
    from dateparser.search import search_dates

    settings = {}
    if article.published is not None:
        settings["RELATIVE_BASE"] = datetime.combine(article.published, time())
    try:
        found = search_dates(article.text, languages=["fr"], settings=settings) or []
    except Exception:  # dateparser raises on some odd inputs; the baseline then finds nothing
        found = []
    mentions, cursor = [], 0
    for surface, value in found:
        start = article.text.find(surface, cursor)
        if start < 0:  # hits normally come in text order; fall back to the first occurrence
            start = article.text.find(surface)
        if start < 0 or not surface.strip():
            continue
        end = start + len(surface)
        cursor = end
        if _in_regions(start, end, article.skip_regions):
            continue
        day = value.date().isoformat()
        mentions.append(
            Mention(article.id, start, end, surface, "DATE", norm=day, date_start=day, date_end=day, date_grain="day", source="baseline-dateparser")
        )
    return mentions
