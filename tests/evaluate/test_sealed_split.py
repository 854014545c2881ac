"""A sealed split keeps its errors unread: aggregates only by default, a loud override, nothing per article leaks.

The gold here is written for the test (its own sentences, never corpus/ text), in a temp dir, and named
as a sealed split. The real heldout2 is never read or run here.
"""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.evaluate.report import format_summary, render_html, render_markdown
from pipeline.evaluate.runner import SEALED_SPLITS, compare, evaluate, is_sealed, resolve_policy, seal

SEALED = sorted(SEALED_SPLITS)[0]
S1 = ("Le ministre malien des Mines Zoubeir Kantara a rencontré jeudi à Bamako l'ambassadeur "
      "du Qatar Hamid Sabri. Ils ont parlé d'un prêt de 40 millions d'euros.")
S2 = "La frégate espagnole Almirante Dorado a fait escale le 7 juin 2024 à Tanger."
OPEN = "Le général Faris Oulmane est arrivé lundi à Niamey pour une visite de deux jours."


def _span(text, surface, label, norm=None, **kw):
    i = text.index(surface)
    return {"start": i, "end": i + len(surface), "label": label, "norm": norm or surface, "text": surface, **kw}


def _doc(did, text, split, spans, events=()):
    return {"text": text, "meta": {"id": did, "published": "2024-06-10", "split": split, "synthetic": True},
            "spans": spans, "events": list(events)}


def _gold():
    return [
        _doc("sx1", S1, SEALED, [_span(S1, "Zoubeir Kantara", "PER"), _span(S1, "Bamako", "LOC"),
                                 _span(S1, "Hamid Sabri", "PER"), _span(S1, "Qatar", "LOC")],
             [{"type": "MEETING", "trigger": "rencontré", "trigger_start": S1.index("rencontré"),
               "trigger_end": S1.index("rencontré") + 9, "participants": ["Zoubeir Kantara", "Hamid Sabri"],
               "initiator": "Zoubeir Kantara", "location": "Bamako", "evidence_start": 0,
               "evidence_end": S1.index(".") + 1}]),
        _doc("sx2", S2, SEALED, [_span(S2, "Tanger", "LOC"),
                                 _span(S2, "7 juin 2024", "DATE", "2024-06-07", date_start="2024-06-07",
                                       date_end="2024-06-07", grain="day")]),
        _doc("op1", OPEN, "dev", [_span(OPEN, "Faris Oulmane", "PER"), _span(OPEN, "Niamey", "LOC")]),
    ]


def _write(tmp_path, docs):
    path = tmp_path / "gold" / f"{SEALED}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


PRIVATE = ("Kantara", "Sabri", "Almirante", "Tanger", "Bamako", "sx1", "sx2")


def _leaks(text: str) -> list[str]:
    return [w for w in PRIVATE if w in text]


def test_sealed_set_is_one_place():
    assert "heldout2" in SEALED_SPLITS and is_sealed("heldout2")
    assert not is_sealed("dev") and not is_sealed(None)
    agg, withheld, note = resolve_policy("heldout2", [], None)
    assert agg and not withheld and "sealed" in note
    assert resolve_policy("dev", [], None)[0] is False
    with pytest.raises(ValueError):
        resolve_policy("heldout2", [], True, show_errors=True)


def test_seal_removes_every_per_article_item():
    docs = _gold()[:2]
    scores = compare(docs, {}, {}, gold="g", split=SEALED,
                     failures=[{"id": "sx1", "error": "boom on Kantara"}])
    assert scores["ours"]["errors"]  # nothing predicted: every gold span is an error
    n = len(scores["ours"]["errors"])
    seal(scores)
    dumped = json.dumps(scores, ensure_ascii=False)
    assert not _leaks(dumped), _leaks(dumped)
    assert scores["ours"]["errors"] == [] and sum(scores["ours"]["error_counts"].values()) == n
    assert scores["meta"]["n_failures"] == 1 and scores["meta"]["aggregates_only"]
    for text in (render_markdown(scores), render_html(scores), format_summary(scores)):
        assert not _leaks(text), _leaks(text)
        assert "false negative" in text  # the per-kind counts stay


def test_evaluate_sealed_split_defaults_to_aggregates(press, tmp_path):
    gold = _write(tmp_path, _gold())
    out = tmp_path / "eval"
    scores = evaluate(gold, SEALED, out, pipeline=press)
    assert scores["meta"]["aggregates_only"] and scores["meta"]["n_articles"] == 2
    assert scores["ours"]["spans"]["overall"]["strict"]["f1"] > 0  # the scores are there
    for name in ("scores.json", "report.md", "report.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert not _leaks(text), (name, _leaks(text))
    assert "Aggregates only" in (out / "report.html").read_text(encoding="utf-8")
    assert "Aggregates only" in format_summary(scores)


def test_mixed_run_withholds_only_the_sealed_articles(press, tmp_path):
    gold = _write(tmp_path, _gold())
    scores = evaluate(gold, None, tmp_path / "eval", pipeline=press, write=False)
    arts = {e["article"] for e in scores["ours"]["errors"]}
    assert arts <= {"op1"}
    assert scores["meta"]["n_articles_withheld"] == 2 and not scores["meta"].get("aggregates_only")


def test_cli_sealed_split_prints_aggregates_and_override_is_loud(press, tmp_path, monkeypatch):
    from pipeline import annotate
    from pipeline.cli import app

    monkeypatch.setattr(annotate, "PressPipeline", lambda *a, **k: press)
    gold = _write(tmp_path, _gold())
    runner = CliRunner()
    out = tmp_path / "cli"
    res = runner.invoke(app, ["evaluate", "--gold", str(gold), "--split", SEALED, "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "Aggregates only" in res.output and not _leaks(res.output)
    for name in ("scores.json", "report.md", "report.html"):
        assert not _leaks((out / name).read_text(encoding="utf-8")), name

    shown = tmp_path / "shown"
    res = runner.invoke(app, ["evaluate", "--gold", str(gold), "--split", SEALED, "--out", str(shown), "--show-errors"])
    assert res.exit_code == 0, res.output
    assert "WARNING" in res.output and "SEALED SPLIT ERRORS SHOWN" in res.output
    html = (shown / "report.html").read_text(encoding="utf-8")
    assert 'class="loud"' in html and "SEALED SPLIT ERRORS SHOWN" in html
    assert _leaks(html)  # the override really writes the errors, so the leak check above means something
    assert json.loads((shown / "scores.json").read_text(encoding="utf-8"))["meta"]["sealed_errors_shown"]

    res = runner.invoke(app, ["evaluate", "--gold", str(gold), "--split", SEALED, "--out", str(shown),
                              "--show-errors", "--aggregates-only"])
    assert res.exit_code != 0


def test_aggregates_only_flag_on_an_open_split(press, tmp_path):
    docs = _gold()
    gold = _write(tmp_path, docs)
    scores = evaluate(gold, "dev", tmp_path / "e", pipeline=press, aggregates_only=True)
    assert scores["meta"]["aggregates_only"] and scores["ours"]["errors"] == []
    assert "Oulmane" not in (tmp_path / "e" / "report.html").read_text(encoding="utf-8")
