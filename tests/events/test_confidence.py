"""The learned event model: features from an event and its Doc, a JSON asset, probabilities and a threshold."""
from __future__ import annotations

from datetime import date

from pipeline.events.confidence import DEFAULT_CUES, EventModel, apply_model, event_features
from pipeline.records import Article


def _doc_and_events(press, text: str):
    [(_, doc)] = list(press.docs([Article("conf", text, published=date(2024, 4, 10))]))
    return doc, list(doc._.events)


def test_features_read_the_parse_and_the_cues(press):
    doc, events = _doc_and_events(press, "Selon un communiqué, le ministre tchadien de la Défense a rencontré mardi à Doha "
                                         "son homologue qatari, qui n'était pas attendu.")
    assert events, "the rules propose the meeting"
    f = event_features(events[0], doc, events, DEFAULT_CUES)
    assert f[f"type={events[0].type}"] == 1.0
    assert f["cue_negation"] == 1.0 and f["cue_reported"] == 1.0
    assert 0.0 <= f["position"] <= 1.0 and f["lead"] == 1.0
    plain_doc, plain = _doc_and_events(press, "Le ministre tchadien de la Défense a rencontré mardi à Doha son homologue qatari.")
    g = event_features(plain[0], plain_doc, plain, DEFAULT_CUES)
    assert g["cue_negation"] == 0.0 and g["cue_reported"] == 0.0


def test_model_json_round_trip_and_probability():
    model = EventModel(weights={"cue_negation": -3.0, "has_location": 1.0}, intercept=0.5, threshold=0.3)
    again = EventModel.from_json(model.to_json())
    assert again.weights == model.weights and again.threshold == 0.3 and again.cues == DEFAULT_CUES
    assert again.probability({"cue_negation": 1.0}) < again.probability({}) < again.probability({"has_location": 1.0})
    assert 0.0 < again.probability({"cue_negation": 1000.0}) < 1e-10  # no overflow


def test_apply_model_sets_confidence_and_drops_what_is_under_the_threshold(press):
    doc, events = _doc_and_events(press, "Le président sénégalais a reçu jeudi à Dakar le chef de la diplomatie marocaine. "
                                         "Les deux pays n'ont signé aucun accord, a démenti un porte-parole.")
    assert len(events) >= 1
    keep_all = EventModel(weights={}, intercept=0.0, threshold=0.0)
    kept = apply_model(keep_all, [e for e in events], doc)
    assert len(kept) == len(events) and all(e.confidence == 0.5 for e in kept)
    no_negated = EventModel(weights={"cue_negation": -10.0}, intercept=2.0, threshold=0.5)
    kept = apply_model(no_negated, list(events), doc)
    negated = [e for e in events if event_features(e, doc, events, DEFAULT_CUES)["cue_negation"]]
    assert len(kept) == len(events) - len(negated)
