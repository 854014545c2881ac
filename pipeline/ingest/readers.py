"""One reader per input format; each yields Articles or IngestFailures, never raises on bad input."""
from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from pipeline.ingest.decode import DecodeError, decode_article_bytes, looks_binary
from pipeline.records import Article, IngestFailure

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".csv", ".html", ".htm")
Item = Article | IngestFailure


def read_path(path: Path) -> Iterator[Item]:
    """Dispatch on the file suffix; an unreadable or undecodable file becomes one failure."""
    if path.suffix.lower() == ".jsonl":
        yield from _stream_jsonl(path)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield IngestFailure(path.stem, str(path), f"unreadable file: {exc.strerror or exc}; check the path and permissions")
        return
    if not data.strip():
        yield IngestFailure(path.stem, str(path), "empty file: nothing to extract")
        return
    try:
        text, _encoding = decode_article_bytes(data)
    except DecodeError as exc:
        yield IngestFailure(path.stem, str(path), str(exc))
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _at_least_one(read_jsonl(text, path), path, "JSONL file with only blank lines")
    elif suffix == ".csv":
        yield from _at_least_one(read_csv(text, path), path, "CSV file with a header but no rows")
    elif suffix in (".html", ".htm"):
        yield read_html(text, path)
    else:
        yield read_txt(text, path)


def _at_least_one(items: Iterator[Item], path: Path, why: str) -> Iterator[Item]:
    """The items of a multi-record file; one failure when it holds none, so no input is silently dropped."""
    empty = True
    for item in items:
        empty = False
        yield item
    if empty:
        yield IngestFailure(path.stem, str(path), f"{why}: nothing to extract")


def read_txt(text: str, path: Path) -> Item:
    return _article_or_failure(path.stem, text, path, published=None, published_source="unknown")


def read_html(html: str, path: Path) -> Item:
    """Main text and metadata of a saved page; the ingested text is trafilatura's extraction."""
    import trafilatura
    from htmldate import find_date

    try:
        document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    except Exception as exc:  # trafilatura raises various parser errors on broken markup
        return IngestFailure(path.stem, str(path), f"malformed HTML: {exc}")
    body = (getattr(document, "text", None) or "") if document is not None else ""
    if not body.strip():
        return IngestFailure(path.stem, str(path), "HTML page without a main text (is it an index or a login page?)")
    published, source = None, "unknown"
    try:
        found = find_date(html, original_date=True, extensive_search=False)
    except Exception:
        found = None
    if found:
        published, source = date.fromisoformat(found[:10]), "html"
    return _article_or_failure(
        path.stem, body, path, published=published, published_source=source,
        url=getattr(document, "url", "") or "", title=getattr(document, "title", "") or "",
    )


def _stream_jsonl(path: Path) -> Iterator[Item]:
    """A JSONL export read a line at a time, so a file of a million articles never sits in memory whole.
    Each line is decoded on its own (UTF-8, else the legacy French code pages); a file that starts with a
    UTF-16 byte-order mark, or whose first bytes are binary, is judged whole as before."""
    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield IngestFailure(path.stem, str(path), f"unreadable file: {exc.strerror or exc}; check the path and permissions")
        return
    with handle:
        try:
            head = handle.read(4096)
        except OSError as exc:
            yield IngestFailure(path.stem, str(path), f"unreadable file: {exc.strerror or exc}; check the path and permissions")
            return
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or looks_binary(head):
            handle.seek(0)
            data = handle.read()
            try:
                text, _encoding = decode_article_bytes(data)
            except DecodeError as exc:
                yield IngestFailure(path.stem, str(path), str(exc))
                return
            yield from _at_least_one(read_jsonl(text, path), path, "JSONL file with only blank lines")
            return
        handle.seek(0)
        empty, yielded = True, False
        try:
            for line_no, raw in enumerate(handle, start=1):
                if line_no == 1 and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8):]
                if not raw.strip():
                    continue
                empty = False
                try:
                    line, _encoding = decode_article_bytes(raw)
                except DecodeError as exc:
                    yielded = True
                    yield IngestFailure(f"{path.stem}:{line_no}", str(path), f"line {line_no}: {exc}")
                    continue
                for item in read_jsonl(line, path, first_line=line_no):
                    yielded = True
                    yield item
        except OSError as exc:
            yield IngestFailure(path.stem, str(path), f"unreadable file: {exc.strerror or exc}; check the path and permissions")
            return
        if empty:
            yield IngestFailure(path.stem, str(path), "empty file: nothing to extract")
        elif not yielded:  # lines of Unicode spaces only
            yield IngestFailure(path.stem, str(path), "JSONL file with only blank lines: nothing to extract")


def read_jsonl(text: str, path: Path, first_line: int = 1) -> Iterator[Item]:
    for line_no, line in enumerate(text.splitlines(), start=first_line):
        if not line.strip():
            continue
        fallback_id = f"{path.stem}:{line_no}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestFailure(fallback_id, str(path), f"line {line_no}: invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield IngestFailure(fallback_id, str(path), f"line {line_no}: expected a JSON object with a 'text' field")
            continue
        yield _record_to_item(record, fallback_id, path, f"line {line_no}")


def read_csv(text: str, path: Path) -> Iterator[Item]:
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fields = reader.fieldnames or []
        if "text" not in fields:
            yield IngestFailure(path.stem, str(path), f"CSV without a 'text' column (columns: {', '.join(fields) or 'none'}); expected id,text,published,url,title")
            return
        for row_no, row in enumerate(reader, start=2):
            if None in row:
                yield IngestFailure(f"{path.stem}:{row_no}", str(path), f"row {row_no}: more values than columns (unquoted comma?)")
                continue
            yield _record_to_item(row, f"{path.stem}:{row_no}", path, f"row {row_no}")
    except csv.Error as exc:
        yield IngestFailure(path.stem, str(path), f"malformed CSV: {exc}")


def _record_to_item(record: dict, fallback_id: str, path: Path, where: str) -> Item:
    from pipeline.ingest.published import parse_published

    article_id = str(record.get("id") or fallback_id).strip()
    text = record.get("text")
    if not isinstance(text, str):
        return IngestFailure(article_id, str(path), f"{where}: missing or non-text 'text' field")
    raw_published = record.get("published")
    found = parse_published(raw_published)
    # a bad date is not a bad article: it is processed, and the warning says what was ignored
    warning = "" if found or not raw_published else (
        f"{where}: unreadable 'published' value {raw_published!r} ignored (write YYYY-MM-DD, YYYY-MM or YYYY)")
    published, grain = found if found else (None, "day")
    return _article_or_failure(
        article_id, text, path, published=published, published_grain=grain,
        published_source="field" if published else "unknown", warning=warning,
        url=str(record.get("url") or ""), title=str(record.get("title") or ""),
    )


def _article_or_failure(article_id: str, text: str, path: Path, **fields) -> Item:
    if not text.strip():
        return IngestFailure(article_id, str(path), "empty article text")
    return Article(id=article_id, text=text, source_path=str(path), **fields)
