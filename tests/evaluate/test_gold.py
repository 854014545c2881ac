"""The gold corpus validates offset by offset, matches the article files, and survives interchange round trips."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate.gold import (
    GoldDoc,
    export_gold,
    from_doccano,
    from_label_studio,
    gold_span,
    import_gold,
    load_gold,
    span_to_dict,
    to_doccano,
    to_label_studio,
    validate,
    write_gold,
)

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "corpus" / "gold"
GOLD_FILES = sorted(GOLD.glob("*.jsonl"))


def _spans(doc: GoldDoc) -> list[tuple]:
    return [(s.start, s.end, s.label, s.norm, s.text, s.amount, s.amount_max, s.currency, s.qualifier,
             s.date_start, s.date_end, s.date_grain, s.linked_to) for s in doc.spans]


@pytest.fixture(scope="module")
def docs() -> list[GoldDoc]:
    assert GOLD_FILES, "no gold files in corpus/gold"
    return load_gold(GOLD, "dev") + load_gold(GOLD, "test")


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_every_gold_file_validates(path: Path) -> None:
    problems = [p for d in load_gold(path) for p in validate(d)]
    assert problems == []


def test_text_is_the_article_file_and_offsets_point_at_the_span_text(docs) -> None:
    for d in docs:
        on_disk = (ROOT / d.meta["source_path"]).read_text(encoding="utf-8")
        assert d.text == on_disk, d.id
        for s in d.spans:
            assert d.text[s.start:s.end] == s.text, (d.id, s)
            for a, b in d.meta.get("skip_regions", []):
                assert not (s.start < b and a < s.end), f"{d.id}: span {s.text!r} inside boilerplate"
        for e in d.events:
            assert d.text[e.trigger_start:e.trigger_end] == e.trigger
            assert e.evidence_start <= e.trigger_start < e.trigger_end <= e.evidence_end


def test_splits_are_disjoint_and_sized(docs) -> None:
    dev = {d.id for d in load_gold(GOLD, "dev")}
    test = {d.id for d in load_gold(GOLD, "test")}
    assert dev and test and not dev & test
    assert dev | test == {d.id for d in docs}
    assert len({d.meta["source_path"] for d in docs}) == len(docs)
    assert sum(1 for d in docs if d.meta.get("synthetic")) >= 25
    seeds = [d for d in docs if not d.meta.get("synthetic")]
    assert len(seeds) == 5 and all(d.split == "dev" for d in seeds)


def test_seed_anchors(docs) -> None:
    by_id = {d.id: d for d in docs}
    assert by_id["000_d8916bfa71391091"].meta["published"] == "2026-02-04"
    assert by_id["003_64a2123aff376820"].meta["published"] == "2023-08-23"
    norms = {(s.text, s.norm) for s in by_id["000_d8916bfa71391091"].spans}
    assert ("lundi 2 février", "2026-02-02") in norms
    assert ("4 milliards de dollars", "4000000000 USD") in norms


def test_every_label_and_event_type_is_represented(docs) -> None:
    labels = {s.label for d in docs for s in d.spans}
    assert labels == {"PER", "LOC", "ORG", "DATE", "MONEY"}
    types = {e.type for d in docs for e in d.events}
    assert {"VISIT", "MEETING", "AGREEMENT", "DELEGATION", "EXERCISE", "ARMS_TRANSFER"} <= types


def test_doccano_round_trip_keeps_spans(docs) -> None:
    lines = [json.dumps(r, ensure_ascii=False) for r in to_doccano(docs)]
    back = from_doccano(lines)
    assert [d.text for d in back] == [d.text for d in docs]
    assert [_spans(d) for d in back] == [_spans(d) for d in docs]
    assert [d.meta for d in back] == [d.meta for d in docs]


def test_doccano_without_extra_keys_keeps_offsets_and_labels(docs) -> None:
    plain = [{"text": r["text"], "label": r["label"]} for r in to_doccano(docs[:3])]
    back = from_doccano(plain)
    assert [[(s.start, s.end, s.label) for s in d.spans] for d in back] == \
        [[(s.start, s.end, s.label) for s in d.spans] for d in docs[:3]]


def test_label_studio_round_trip_keeps_spans(docs) -> None:
    tasks = json.loads(json.dumps(to_label_studio(docs), ensure_ascii=False))
    back = from_label_studio(tasks)
    assert [_spans(d) for d in back] == [_spans(d) for d in docs]
    assert [[e.to_dict() for e in d.events] for d in back] == [[e.to_dict() for e in d.events] for d in docs]


def test_label_studio_norm_edited_in_the_ui_is_kept() -> None:
    text = "Le maréchal Hafter est arrivé mardi à Minsk."
    doc = GoldDoc(text=text, meta={"id": "x", "split": "dev"},
                  spans=[gold_span(12, 18, "PER", "Khalifa Hafter", "Hafter"), gold_span(38, 43, "LOC", "Minsk", "Minsk")])
    task = to_label_studio([doc])[0]
    task.pop("meta")  # only what the Label Studio UI itself keeps
    for r in task["annotations"][0]["result"]:
        if r["type"] == "textarea" and r["value"]["start"] == 12:
            r["value"]["text"] = ["Khalifa Haftar"]
    back = from_label_studio([task])[0]
    assert [(s.start, s.end, s.label, s.norm) for s in back.spans] == [(12, 18, "PER", "Khalifa Haftar"), (38, 43, "LOC", "Minsk")]


def test_validate_reports_bad_spans() -> None:
    text = "Accord de 4 milliards de dollars signé à Alger le 22 août."
    doc = GoldDoc(text=text, meta={"id": "bad", "split": "dev"}, spans=[
        gold_span(10, 32, "MONEY", "4000000000 USD", "4 milliards de dollars", amount=4e9, currency="USD"),
        gold_span(30, 35, "LOC", "Alger", "Alger"),  # wrong offsets and overlapping
        gold_span(50, 57, "DATE", "22 août", "22 août"),  # norm not ISO
        gold_span(0, 6, "MISC", "x", "Accord"),
    ])
    problems = "\n".join(validate(doc))
    assert "!= text[start:end]" in problems
    assert "overlap" in problems
    assert "not ISO 8601" in problems
    assert "label 'MISC'" in problems
    money = GoldDoc(text=text, meta={"id": "m"}, spans=[gold_span(10, 32, "MONEY", "4000000000 DOL", amount=4e9, currency="DOL")])
    assert any("ISO 4217" in p for p in validate(money))


def test_export_import_helpers(tmp_path: Path) -> None:
    src = GOLD / "dev.jsonl"
    original = load_gold(src)
    for fmt, name in (("doccano", "dev.doccano.jsonl"), ("label-studio", "dev.ls.json"), ("jsonl", "dev.copy.jsonl")):
        out = tmp_path / name
        assert export_gold(src, fmt, out) == len(original)
        back_path = tmp_path / f"back-{name}.jsonl"
        assert import_gold(out, fmt, back_path) == len(original)
        assert [_spans(d) for d in load_gold(back_path)] == [_spans(d) for d in original]
    with pytest.raises(ValueError):
        export_gold(src, "brat", tmp_path / "x")


@pytest.mark.parametrize("split", ["dev", "test"])
def test_gold_file_format_is_unchanged_by_a_read_write(tmp_path: Path, split: str) -> None:
    """Spans are records.Mention in memory; the file keeps its keys ("grain", compact per label)."""
    src = GOLD / f"{split}.jsonl"
    out = tmp_path / "copy.jsonl"
    write_gold(load_gold(src), out)
    assert [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()] == \
        [json.loads(x) for x in src.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_gold_spans_are_mentions_that_flow_to_scoring_and_the_store(tmp_path: Path, docs) -> None:
    from pipeline.evaluate.runner import gold_spans
    from pipeline.records import Article, ArticleResult, Mention
    from pipeline.store import Store

    doc = next(d for d in docs if any(s.label == "DATE" for s in d.spans))
    assert all(type(s) is Mention and s.article_id == doc.id for s in doc.spans)
    date = next(s for s in doc.spans if s.label == "DATE")
    assert date.date_grain and span_to_dict(date)["grain"] == date.date_grain and "date_grain" not in span_to_dict(date)
    scored = gold_spans(doc)
    assert all(type(s) is Mention for s in scored)
    assert [(s.start, s.end, s.label, s.norm) for s in scored] == [(s.start, s.end, s.label, s.norm) for s in doc.spans]
    with Store(tmp_path / "g.sqlite") as store:
        store.save_result(ArticleResult(Article(doc.id, doc.text), mentions=doc.spans), "h", "gold")
        n = store.conn.execute("SELECT COUNT(*) FROM mentions WHERE article_id = ?", (doc.id,)).fetchone()[0]
    assert n == len(doc.spans)


def test_old_gold_span_constructor_still_builds_a_mention() -> None:
    """corpus/gold/build_gold.py builds spans with GoldSpan(start=, end=, label=, norm=, text=) and sets .grain."""
    from pipeline.evaluate.gold import GoldSpan
    from pipeline.records import Mention

    s = GoldSpan(start=0, end=5, label="DATE", norm="2024-03", text="mars.")
    s.grain = "month"
    assert isinstance(s, Mention) and s.date_grain == "month" and s.grain == "month"
    assert span_to_dict(s)["grain"] == "month"
