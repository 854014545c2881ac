"""Property-based fuzzing of ingest (pipeline.ingest.read_articles) on files of random bytes.

Whatever the bytes and the suffix, read_articles never raises; every file gives at least one item, and
every item is an Article (non-blank text, an id, the file as its source) or an IngestFailure with a
non-empty error.
"""
from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from fuzz_strategies import french_text, scaled
from pipeline.ingest import read_articles
from pipeline.records import Article, IngestFailure

SUFFIXES = [".txt", ".jsonl", ".csv", ".html"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
record = st.fixed_dictionaries(
    {}, optional={"id": json_values | st.text(max_size=10), "text": french_text | json_values,
                  "published": st.sampled_from(["2023-08-22", "2025-09", "2017", "0001-01-01", "9999-12-31",
                                                "31/02/2024", "hier", ""]) | json_values,
                  "url": json_values, "title": json_values},
)
jsonl_bytes = st.lists(st.one_of(record.map(json.dumps), st.text(max_size=30), json_values.map(json.dumps)),
                       max_size=5).map(lambda lines: "\n".join(lines).encode("utf-8"))


def _csv_line(cells: list[str]) -> str:
    return ",".join(cells)


csv_bytes = st.tuples(
    st.lists(st.sampled_from(["id", "text", "published", "url", "title", "", '"text"', "x"]), min_size=0, max_size=5),
    st.lists(st.lists(st.one_of(french_text.map(lambda s: s[:60]), st.text(alphabet='",\n\r ab1é', max_size=10)),
                      max_size=6), max_size=4),
).map(lambda t: "\n".join([_csv_line(t[0])] + [_csv_line(r) for r in t[1]]).encode("utf-8"))

html_bytes = st.tuples(st.sampled_from(["", "<html><head><title>", "<!DOCTYPE html><html><body><article><p>",
                                        "<meta name='date' content='2024-02-30'>", "<<<>", "<p>"]),
                       french_text, st.sampled_from(["", "</p></article></body></html>", "</title>", "<script>", "]]>"]),
                       ).map(lambda t: "".join(t).encode("utf-8"))

text_bytes = st.tuples(french_text, st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])).map(
    lambda t: t[0].encode(t[1], errors="replace"))

file_bytes = st.one_of(st.binary(max_size=600), text_bytes, jsonl_bytes, csv_bytes, html_bytes)


def check_items(items, paths: list[Path]) -> None:
    by_path: dict[str, int] = {str(p): 0 for p in paths}
    for item in items:
        assert isinstance(item, (Article, IngestFailure)), type(item)
        if isinstance(item, IngestFailure):
            assert isinstance(item.error, str) and item.error.strip(), item
            assert item.status in ("failed", "skipped")
        else:
            assert isinstance(item.text, str) and item.text.strip()
            assert isinstance(item.id, str) and item.id
            assert item.published is None or isinstance(item.published, date)
            for s, e in item.skip_regions:
                assert 0 <= s <= e <= len(item.text)
        assert item.source_path in by_path, (item.source_path, list(by_path))
        by_path[item.source_path] += 1
    silent = [p for p, n in by_path.items() if n == 0]
    assert not silent, f"inputs that became neither an article nor a failure: {silent}"


@settings(max_examples=scaled(150))
@given(data=file_bytes, suffix=st.sampled_from(SUFFIXES), lang_check=st.booleans())
@example(data=b"\xc2\xa0\n \n", suffix=".jsonl", lang_check=False)
@example(data=b"id,text\n", suffix=".csv", lang_check=False)
@example(data=b"\xff\xfe\x00\xd8", suffix=".txt", lang_check=False)  # UTF-16 BOM then a lone surrogate
@example(data=b'{"text": "le 3 mars", "published": "9999-12-31"}', suffix=".jsonl", lang_check=True)
def test_read_articles_on_random_bytes(data, suffix, lang_check):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        items = list(read_articles([path], lang_check=lang_check))
        check_items(items, [path])


@settings(max_examples=scaled(25))
@given(files=st.lists(st.tuples(file_bytes, st.sampled_from(SUFFIXES)), min_size=1, max_size=4),
       published=st.none() | st.dates())
def test_read_articles_on_a_folder_of_random_files(files, published):
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, (data, suffix) in enumerate(files):
            path = Path(tmp) / f"f{i}{suffix}"
            path.write_bytes(data)
            paths.append(path)
        items = list(read_articles([tmp], published=published))
        check_items(items, paths)
