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


def test_jsonl_is_read_a_line_at_a_time_each_line_decoded_on_its_own(tmp_path):
    """A large export is streamed: one line saved in cp1252 by another tool neither fails the file nor the
    lines around it, and a broken line is a failure that names its line."""
    path = tmp_path / "export.jsonl"
    good = '{"id": "a1", "text": "Le ministre a reçu mardi à Lomé son homologue béninois."}\n'.encode("utf-8")
    legacy = '{"id": "a2", "text": "La délégation est arrivée à Cotonou."}\n'.encode("cp1252")
    broken = b'{"id": "a3", "text": \n'
    last = '{"id": "a4", "text": "Deux patrouilleurs seront livrés en décembre."}\n'.encode("utf-8")
    path.write_bytes(good + legacy + broken + last)
    items = list(read_articles([path]))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "IngestFailure", "Article"]
    assert items[1].text == "La délégation est arrivée à Cotonou."
    assert "line 3" in items[2].error and items[3].id == "a4"
