"""Regressions found by tests/fuzz: a broken byte-order mark and a multi-record file without records."""
from __future__ import annotations

import codecs

from pipeline.ingest import read_articles
from pipeline.records import Article, IngestFailure


def test_utf16_bom_then_invalid_bytes_is_a_failure(tmp_path):
    path = tmp_path / "depeche.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Dépêche".encode("utf-16-le") + b"\x00\xdc")  # a lone low surrogate
    (item,) = read_articles([path])
    assert isinstance(item, IngestFailure) and "UTF-16" in item.error and "UTF-8" in item.error


def test_utf8_bom_then_invalid_bytes_is_a_failure(tmp_path):
    path = tmp_path / "depeche.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"Conf\xe9rence \xff\xfe de presse")
    (item,) = read_articles([path])
    assert isinstance(item, IngestFailure) and "byte-order mark" in item.error


def test_jsonl_of_blank_lines_is_a_failure_not_silence(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text("\u00a0\n   \n\u2028\n", encoding="utf-8")
    (item,) = read_articles([path])
    assert isinstance(item, IngestFailure) and "blank lines" in item.error and item.source_path == str(path)


def test_csv_header_without_rows_is_a_failure_not_silence(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("id,text,published\n", encoding="utf-8")
    (item,) = read_articles([path])
    assert isinstance(item, IngestFailure) and "no rows" in item.error


def test_csv_with_rows_is_unchanged(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('id,text\nx1,"Le ministre a visité Oran mardi."\n', encoding="utf-8")
    (item,) = read_articles([path])
    assert isinstance(item, Article) and item.id == "x1"
