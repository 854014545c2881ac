"""Ingest: files, folders and globs in; Articles (with publication date and skip regions) or failures out."""
from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from pipeline.ingest.boilerplate import find_skip_regions
from pipeline.ingest.language import detect_language
from pipeline.ingest.published import infer_published, published_from_dateline, published_from_header, published_from_text
from pipeline.ingest.readers import SUPPORTED_SUFFIXES, read_path
from pipeline.records import Article, IngestFailure

# Folders that hold annotations, not articles: never ingested when a parent folder is given.
SKIPPED_FOLDERS = {"gold", ".git", "__pycache__"}


def collect_paths(inputs: Iterable[str | Path]) -> tuple[list[Path], list[IngestFailure]]:
    """Expand files, folders (recursively) and glob patterns; a missing input is a failure, not a crash."""
    paths: list[Path] = []
    missing: list[IngestFailure] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            paths.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not SKIPPED_FOLDERS.intersection(p.relative_to(path).parts[:-1])
                and not p.name.startswith(".")
            )
        elif path.exists():
            paths.append(path)
        else:
            matches = sorted(Path(m) for m in glob.glob(str(raw), recursive=True))
            if matches:
                paths.extend(m for m in matches if m.is_file())
            else:
                missing.append(IngestFailure(path.stem or str(raw), str(raw), "no such file, folder or glob match"))
    unique = list(dict.fromkeys(paths))
    return unique, missing


def read_articles(inputs: Iterable[str | Path], published: date | None = None,
                  lang_check: bool = False) -> Iterator[Article | IngestFailure]:
    """Every article of every input, each with its publication date settled and boilerplate marked.

    With `lang_check`, an article the language model is sure is not French comes out as a `skipped`
    IngestFailure saying which language it is and how to process it anyway."""
    paths, missing = collect_paths(inputs)
    yield from missing
    seen: dict[str, int] = {}
    for path in paths:
        for item in read_path(path):
            count = seen.get(item.id, 0)
            seen[item.id] = count + 1
            if count:
                item.id = f"{item.id}~{count + 1}"
            if isinstance(item, Article):
                finish_article(item, published)
                if lang_check:
                    item = foreign_or_article(item)
            yield item


def finish_article(article: Article, cli_published: date | None = None) -> Article:
    """Mark boilerplate and settle the publication date in DESIGN.md's order of trust."""
    article.skip_regions = find_skip_regions(article.text)
    if cli_published:
        article.published, article.published_grain, article.published_source = cli_published, "day", "cli"
    elif article.published is None:
        for finder, source in ((published_from_header, "header"), (published_from_text, "text"),
                               (published_from_dateline, "dateline")):
            found = finder(article.text)
            if found:
                (article.published, article.published_grain), article.published_source = found, source
                break
        else:
            inferred = infer_published(article.text, article.skip_regions)
            if inferred:
                article.published, article.published_source = inferred, "inferred"
    return article


def foreign_or_article(article: Article) -> Article | IngestFailure:
    """The article, with its language noted; or, when it is surely not French, a `skipped` record."""
    guess = detect_language(article.text)
    article.language = guess.language
    if guess.is_french:
        return article
    return IngestFailure(article.id, article.source_path, status="skipped",
                         error=f"not French: language '{guess.language}' (confidence {guess.confidence:.2f}); "
                               f"to process it anyway, run with --lang-check off")
