"""evaluate(): reports from hand-made predictions, the baseline, and one real run on a 2-article gold."""
import json
import re
from datetime import date

import pytest

from pipeline.evaluate.baseline import Baseline, date_mentions, stock_pipe_names
from pipeline.evaluate.report import format_summary, render_html, render_markdown, svg_bar_chart, write_reports
from pipeline.evaluate.runner import article_from_gold, compare, evaluate
from pipeline.records import Article, Event, Mention

T1 = (
    "Le président turc Recep Tayyip Erdogan a reçu mardi à Ankara le maréchal Khalifa Haftar, "
    "commandant de l'Armée nationale libyenne (ANL). Les deux hommes ont signé un accord de 2 milliards de dollars."
)
T2 = (
    "Une délégation russe conduite par le vice-ministre de la Défense Iounous-Bek Evkourov est arrivée "
    "le 3 mars 2025 à Benghazi. Moscou a promis près de 300 millions d'euros d'équipements <sic> & plus."
)


def _span(text: str, surface: str, label: str, norm: str, **kw) -> dict:
    start = text.index(surface)
    return {"start": start, "end": start + len(surface), "label": label, "norm": norm, "text": surface, **kw}


def _event(text: str, etype: str, trigger: str, participants: list[str], **kw) -> dict:
    t = text.index(trigger)
    end = text.index(".", t) + 1
    return {"type": etype, "trigger": trigger, "trigger_start": t, "trigger_end": t + len(trigger),
            "participants": participants, "initiator": participants[0], "evidence_start": 0, "evidence_end": end, **kw}


GOLD = [
    {
        "text": T1,
        "meta": {"id": "t1", "published": "2024-05-16", "synthetic": True, "split": "test", "url": "", "title": "Haftar à Ankara"},
        "spans": [
            _span(T1, "Recep Tayyip Erdogan", "PER", "Recep Tayyip Erdogan"),
            _span(T1, "mardi", "DATE", "2024-05-14", date_start="2024-05-14", date_end="2024-05-14", grain="day"),
            _span(T1, "Ankara", "LOC", "Ankara"),
            _span(T1, "Khalifa Haftar", "PER", "Khalifa Haftar"),
            _span(T1, "Armée nationale libyenne", "ORG", "Armée nationale libyenne"),
            _span(T1, "ANL", "ORG", "Armée nationale libyenne"),
            _span(T1, "2 milliards de dollars", "MONEY", "2000000000 USD", amount=2000000000, currency="USD", qualifier=""),
        ],
        "events": [_event(T1, "VISIT", "reçu", ["Khalifa Haftar", "Recep Tayyip Erdogan"], location="Ankara", date="2024-05-14")],
    },
    {
        "text": T2,
        "meta": {"id": "t2", "published": "2025-03-05", "synthetic": True, "split": "test"},
        "spans": [
            _span(T2, "Iounous-Bek Evkourov", "PER", "Iounous-Bek Evkourov"),
            _span(T2, "3 mars 2025", "DATE", "2025-03-03", date_start="2025-03-03", date_end="2025-03-03", grain="day"),
            _span(T2, "Benghazi", "LOC", "Benghazi"),
            _span(T2, "Moscou", "LOC", "Moscou"),
            _span(T2, "300 millions d'euros", "MONEY", "300000000 EUR", amount=300000000, currency="EUR", qualifier="about"),
        ],
        "events": [_event(T2, "DELEGATION", "délégation", ["Iounous-Bek Evkourov"], location="Benghazi", date="2025-03-03")],
    },
]


def _mention(doc_id: str, text: str, surface: str, label: str, norm: str = "", **kw) -> Mention:
    start = text.index(surface)
    return Mention(doc_id, start, start + len(surface), surface, label, norm=norm or surface, **kw)


@pytest.fixture
def hand_scores() -> dict:
    """Scores of hand-written predictions: no model involved."""
    ours = {
        "t1": (
            [
                _mention("t1", T1, "Recep Tayyip Erdogan", "PER"),
                _mention("t1", T1, "mardi", "DATE", "2024-05-14"),
                _mention("t1", T1, "Ankara", "LOC"),
                _mention("t1", T1, "maréchal Khalifa Haftar", "PER", "Khalifa Haftar"),
                _mention("t1", T1, "ANL", "ORG", "ANL"),  # wrong norm
                _mention("t1", T1, "2 milliards de dollars", "MONEY", amount=2e9, currency="USD"),
            ],
            [Event("e1", "t1", "VISIT", participants=["Khalifa Haftar"], initiator="Khalifa Haftar", location="Ankara",
                   date="2024-05-14", sentence_start=0, sentence_end=50)],
        ),
        "t2": ([_mention("t2", T2, "Benghazi", "ORG")], []),  # wrong label
    }
    base = {"t1": ([_mention("t1", T1, "Ankara", "LOC")], []), "t2": ([], [])}
    return compare(GOLD, ours, base, gold="hand", split="test")


def test_compare_numbers(hand_scores):
    o = hand_scores["ours"]["spans"]["labels"]
    assert o["MONEY"]["strict"]["f1"] == pytest.approx(2 / 3)  # 1 of 1 predicted, 1 of 2 gold
    assert (o["ORG"]["strict"]["precision"], o["ORG"]["strict"]["recall"]) == (0.5, 0.5)  # ANL right, Benghazi not ORG
    assert o["PER"]["partial"]["partial"] == 1
    assert hand_scores["ours"]["normalization"]["ORG:name"]["correct"] == 0
    assert hand_scores["ours"]["events"]["tuples"]["slot"]["tp"] == 1
    assert hand_scores["comparison"]["MONEY"]["strict"]["baseline"] is None
    assert hand_scores["comparison"]["LOC"]["strict"]["baseline"] == pytest.approx(0.5)
    kinds = {e["kind"] for e in hand_scores["ours"]["errors"]}
    assert {"false_negative", "wrong_label", "boundary", "wrong_norm", "event_missed"} <= kinds


def test_html_is_escaped_and_has_the_chart(hand_scores, tmp_path):
    html = render_html(hand_scores)
    calibrated = bool(((hand_scores["ours"].get("events") or {}).get("calibration") or {}).get("ece") is not None)
    assert html.count("<svg") == 2 + calibrated and 'class="bar ours"' in html and 'class="bar baseline"' in html
    assert ('class="reliability"' in html) == calibrated
    assert "<sic>" not in html and "&lt;sic&gt;" in html  # article text never reaches the page raw
    assert re.search(r'<mark class="g">Benghazi</mark>|<mark class="gp">Benghazi</mark>', html)
    assert "t2 — " in html and "Strict F1 per label" in html
    paths = write_reports(hand_scores, tmp_path / "r")
    assert all(p.exists() for p in paths.values())
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["meta"]["n_articles"] == 2


def test_chart_bar_heights_follow_f1(hand_scores):
    svg = svg_bar_chart(hand_scores, "strict")
    bars = {
        title: float(height)
        for height, title in re.findall(r'<rect [^>]*height="([\d.]+)"[^>]*class="bar \w+"><title>([^<]+)</title>', svg)
    }
    plot_h = 320 - 62 - 40  # default chart height minus top and bottom margins
    assert bars["MONEY ours strict F1 0.667"] == pytest.approx(plot_h * 2 / 3, abs=0.1)
    assert bars["LOC ours strict F1 0.500"] == pytest.approx(plot_h / 2, abs=0.1)
    assert not any(t.startswith("MONEY baseline") for t in bars) and "n/a" in svg


def test_markdown_and_summary(hand_scores):
    md = render_markdown(hand_scores)
    assert "| MONEY | 2 |" in md and "## Errors (ours)" in md and "nervaluate" in md
    summary = format_summary(hand_scores)
    for label in ("PER", "LOC", "ORG", "DATE", "MONEY", "overall"):
        assert label in summary


def test_dateparser_baseline_offsets():
    art = Article("d", "Le ministre est arrivé le 3 mars 2025 à Alger.", published=date(2025, 3, 5))
    found = date_mentions(art)
    assert found, "dateparser found no date"
    for m in found:
        assert art.text[m.start:m.end] == m.text
    assert any(m.norm == "2025-03-03" for m in found)


def test_article_from_gold_uses_meta_date():
    from pipeline.evaluate.gold import GoldDoc

    art = article_from_gold(GoldDoc.from_dict(GOLD[0]))
    assert (art.id, art.published, art.published_source) == ("t1", date(2024, 5, 16), "field")


# ---------------------------------------------------------------- with the real pipeline


def test_baseline_on_shared_model_is_stock_ner(press):
    """Our components are separate pipes: with them disabled, the shared model gives stock NER."""
    import spacy

    art = Article("x", T1 + " " + T2)
    shared = [(m.start, m.end, m.label) for m in Baseline(press.nlp).ner_mentions([art])[0]]
    stock = [(m.start, m.end, m.label) for m in Baseline(spacy.load("fr_core_news_md")).ner_mentions([art])[0]]
    assert shared == stock
    assert set(Baseline(press.nlp).enabled) <= set(stock_pipe_names())


def test_evaluate_end_to_end(press, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in GOLD), encoding="utf-8")
    before = list(press.nlp.pipe_names)
    scores = evaluate(gold, "test", tmp_path / "eval", pipeline=press)
    assert press.nlp.pipe_names == before  # the baseline left our components enabled
    for name in ("report.md", "report.html", "scores.json"):
        assert (tmp_path / "eval" / name).exists()
    saved = json.loads((tmp_path / "eval" / "scores.json").read_text(encoding="utf-8"))
    assert {"meta", "ours", "baseline", "comparison"} <= set(saved)
    assert {"spans", "normalization", "events", "errors"} <= set(saved["ours"])
    assert set(saved["ours"]["spans"]["labels"]) == {"PER", "LOC", "ORG", "DATE", "MONEY"}
    assert saved["meta"]["n_articles"] == 2 and saved["meta"]["n_gold_spans"] == 12
    html = (tmp_path / "eval" / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "F1 per label" in html
    assert scores["baseline"]["spans"]["labels"]["MONEY"]["n_pred"] == 0


def test_reliability_plot_and_table_when_events_carry_confidence(hand_scores):
    import copy

    from pipeline.evaluate.report import render_markdown
    from pipeline.evaluate.scoring import calibration

    scores = copy.deepcopy(hand_scores)
    scores["ours"].setdefault("events", {}).update(
        calibration=calibration([(0.9, 1), (0.85, 1), (0.8, 0), (0.3, 0), (0.25, 1)]))
    html = render_html(scores)
    assert 'class="reliability"' in html and "Expected calibration error" in html
    md = render_markdown(scores)
    assert "Confidence calibration" in md and "| 0.8-1.0 | 3 |" in md
