"""The batch driver (pipeline/annotate.py): one article's failure, at any stage, stays that article's;
a very long article is processed in pieces with offsets into the whole text."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.annotate import PressPipeline
from pipeline.records import Article

PARAGRAPHS = [
    "Le ministre nigérien de la Défense a reçu mardi à Niamey une délégation turque conduite par un général.",
    "Les deux pays ont signé un accord de coopération militaire d'un montant de 40 millions d'euros.",
    "Selon un communiqué, des manœuvres conjointes sont prévues au mois de mars près d'Agadez.",
    "À Bamako, le chef de la junte malienne a salué jeudi l'arrivée de nouveaux drones.",
]


def _articles(n: int = 3) -> list[Article]:
    return [Article(id=f"a{i}", text=PARAGRAPHS[i % len(PARAGRAPHS)], published=date(2024, 2, 1)) for i in range(n)]


@pytest.mark.parametrize("stage", ["press_dates", "press_mentions", "press_events"])
def test_an_exception_in_one_stage_fails_that_article_only(press, monkeypatch, stage):
    component = press.nlp.get_pipe(stage)
    original = type(component).__call__

    def broken(self, doc):
        if "Agadez" in doc.text:
            raise RuntimeError("injected fault")
        return original(self, doc)

    monkeypatch.setattr(type(component), "__call__", broken)
    results = list(press.process(_articles(4)))
    assert [r.ok for r in results] == [True, True, False, True]  # order kept, the others all there
    failure = results[2].failure
    assert failure.id == "a2" and f"stage {stage}" in failure.error and "injected fault" in failure.error
    assert all(r.mentions for r in results if r.ok)


def test_the_writer_stage_failing_for_one_article_keeps_the_batch(tmp_path, press, monkeypatch):
    from pipeline.batch import run_batch
    from pipeline.store import Store

    folder = tmp_path / "in"
    folder.mkdir()
    for a in _articles(3):
        (folder / f"{a.id}.txt").write_text(a.text, encoding="utf-8")
    original = Store.save_result

    def refuse_a1(self, result, content_hash, version):
        if result.ok and result.article.id == "a1":
            raise OSError("disk refused the write")
        return original(self, result, content_hash, version)

    monkeypatch.setattr(Store, "save_result", refuse_a1)
    summary = run_batch([folder], tmp_path / "out", pipeline_factory=lambda: press)
    assert summary.processed == 2 and summary.failed == 1
    assert "stage writer" in summary.failures[0].error and "disk refused" in summary.failures[0].error


def test_an_article_over_max_length_fails_alone_with_the_reason(press, monkeypatch):
    monkeypatch.setattr(press.nlp, "max_length", 150)
    long = Article(id="long", text=" ".join(PARAGRAPHS), published=date(2024, 2, 1))
    results = list(press.process([_articles(1)[0], long, _articles(2)[1]]))
    assert [r.ok for r in results] == [True, False, True]
    assert "E088" in results[1].failure.error and "stage tokenizer" in results[1].failure.error


def test_a_long_article_is_processed_in_pieces_with_offsets_into_the_whole_text(press):
    text = "\n\n".join(PARAGRAPHS * 6)
    article = Article(id="fleuve", text=text, published=date(2024, 2, 1))
    pieces = PressPipeline(nlp=press.nlp, chunk_chars=400)
    [result] = list(pieces.process([article]))
    [whole] = list(press.process([article]))
    assert result.ok and len(result.mentions) == len(whole.mentions) > 20
    for m in result.mentions:
        assert text[m.start:m.end] == m.text and m.article_id == "fleuve"
    for e in result.events:
        assert e.article_id == "fleuve" and text[e.trigger_start:e.trigger_end] == e.trigger
        assert 0 <= e.sentence_start < e.sentence_end <= len(text)
    assert len({e.event_id for e in result.events}) == len(result.events)
    money = [m for m in result.mentions if m.label == "MONEY"]
    assert len(money) == 6 and {m.norm for m in money} == {"40000000 EUR"}


@pytest.mark.slow
def test_a_one_and_a_half_million_character_article_between_two_good_ones(tmp_path, press):
    """Past spaCy's 1,000,000-character limit: processed in pieces, and the articles around it are kept."""
    from pipeline.batch import run_batch
    from pipeline.bench import long_article

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_before.txt").write_text(PARAGRAPHS[0], encoding="utf-8")
    long = long_article(1500)
    assert len(long) > 1_400_000
    (folder / "b_long.txt").write_text(long, encoding="utf-8")
    (folder / "c_after.txt").write_text(PARAGRAPHS[1], encoding="utf-8")
    summary = run_batch([folder], tmp_path / "out", pipeline_factory=lambda: press)
    assert summary.failed == 0 and summary.processed == 3
    import csv

    with open(tmp_path / "out" / "entities.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_article = {aid: [r for r in rows if r["article_id"] == aid] for aid in ("a_before", "b_long", "c_after")}
    assert by_article["a_before"] and by_article["c_after"] and len(by_article["b_long"]) > 10_000
    assert max(int(r["end"]) for r in by_article["b_long"]) > 1_000_000  # offsets into the whole text
