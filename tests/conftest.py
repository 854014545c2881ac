"""Shared fixtures: the real fr_core_news_md pipeline with our components, loaded once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SEEDS = sorted((CORPUS / "articles").glob("00*.txt"))
PEER_SUITES = REPO.parent / "shared" / "peer-suites"


@pytest.fixture(scope="session")
def press():
    """The whole PressPipeline (spaCy + normalize + events); loading fr_core_news_md takes seconds, so once."""
    from pipeline.annotate import PressPipeline

    return PressPipeline()


@pytest.fixture(scope="session")
def nlp(press):
    return press.nlp


@pytest.fixture(scope="session")
def seed_results(press):
    """Every seed article through ingest and the pipeline, keyed by the file name's number ('000' ...)."""
    from pipeline.ingest import read_articles

    articles = list(read_articles([CORPUS / "articles" / p.name for p in SEEDS]))
    return {r.article.id[:3]: r for r in press.process(articles)}
