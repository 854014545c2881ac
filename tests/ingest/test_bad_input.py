"""Each kind of bad input is recorded with a reason that says what to do, and the batch goes on."""
import json
import os

import pytest

from pipeline.ingest import read_articles
from pipeline.records import Article, IngestFailure

GOOD = "Le président nigérien a reçu lundi à Niamey une délégation russe conduite par le vice-ministre de la Défense."


def _batch(tmp_path, bad_name: str, bad_bytes: bytes):
    (tmp_path / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / bad_name).write_bytes(bad_bytes)
    (tmp_path / "z_good.txt").write_text(GOOD, encoding="utf-8")
    return list(read_articles([tmp_path]))


def _failures(items):
    return [i for i in items if isinstance(i, IngestFailure)]


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"   \n\n  ", "empty"),
    ("scan.txt", b"%PDF-1.7\x00\x00\x01\x02binary", "binary"),
    ("broken.txt", bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 20, "not valid UTF-8"),
    ("lot.jsonl", b'{"id": "ok1", "text": "Alger a accueilli la r\\u00e9union."}\n{"id": "bad", "text": \n', "invalid JSON"),
    ("lot2.jsonl", b'{"id": "sans_texte", "title": "Visite"}\n', "'text'"),
    ("lot3.jsonl", b'["pas", "un", "objet"]\n', "JSON object"),
    ("export.csv", b"id,titre\n1,Visite\n", "without a 'text' column"),
], ids=["empty", "blank", "binary", "non-utf8", "jsonl-invalid", "jsonl-no-text", "jsonl-not-object", "csv-no-text"])
def test_bad_input_is_recorded_and_batch_continues(tmp_path, name, data, reason):
    items = _batch(tmp_path, name, data)
    failures = _failures(items)
    assert failures, f"{name} should fail"
    assert any(reason in f.error for f in failures), [f.error for f in failures]
    good = [i for i in items if isinstance(i, Article) and i.text == GOOD]
    assert len(good) == 2  # the files before and after the bad one are both there


def test_unreadable_file(tmp_path):
    (tmp_path / "a_good.txt").write_text(GOOD, encoding="utf-8")
    locked = tmp_path / "locked.txt"
    if os.geteuid() == 0:
        locked.symlink_to("/proc/self/mem")  # root reads any mode bits; this file answers reads with EIO
    else:
        locked.write_text(GOOD, encoding="utf-8")
        locked.chmod(0)
    items = list(read_articles([tmp_path]))
    [failure] = _failures(items)
    assert failure.id == "locked" and "unreadable file" in failure.error
    assert [i.id for i in items if isinstance(i, Article)] == ["a_good"]


def test_cp1252_and_latin1_are_decoded_not_failed(tmp_path):
    text = "Le général Haftar a signé à Moscou un contrat de 4 000 € – « historique »."
    (tmp_path / "cp.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "latin.txt").write_bytes("Réunion à Alger, été 2016.".encode("latin-1"))
    items = {i.id: i for i in read_articles([tmp_path])}
    assert items["cp"].text == text
    assert items["latin"].text == "Réunion à Alger, été 2016."


def test_malformed_csv_row_is_one_failure_among_good_rows(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('id,text\nr1,"Accord signé à Ankara."\nr2,Trop,de,valeurs\nr3,"Manœuvres conjointes en mer."\n', encoding="utf-8")
    items = list(read_articles([path]))
    assert [i.id for i in items if isinstance(i, Article)] == ["r1", "r3"]
    assert "more values than columns" in _failures(items)[0].error


def test_a_bad_date_field_is_a_warning_not_a_failure(tmp_path):
    """The article is processed without that date; the warning says what was ignored and what to write."""
    items = _batch(tmp_path, "dates.jsonl", b'{"id": "d1", "text": "Rencontre au Caire mardi.", "published": "hier soir"}\n')
    assert not _failures(items)
    [article] = [i for i in items if isinstance(i, Article) and i.id == "d1"]
    assert article.published_source != "field"
    assert "hier soir" in article.warning and "YYYY-MM" in article.warning
