"""The learned argument linker: candidates from the event's sentence, features from the parse, a JSON
model that picks the place and the date."""
from __future__ import annotations

from datetime import date

from pipeline.events.linker import NONE, SlotModel, apply_linker, candidate_features, candidates
from pipeline.evaluate.train import TrainingSet, fit_slot_model
from pipeline.records import Article

TEXT = ("Le chef d'état-major nigérien est arrivé mardi à Ankara, a annoncé l'armée turque, "
        "après une escale à Tunis lundi.")


def _one(press):
    [(_, doc)] = list(press.docs([Article("lk", TEXT, published=date(2024, 6, 14))]))
    events = list(doc._.events)
    assert events, "the rules propose the visit"
    return doc, events, list(doc._.mentions)


def test_candidates_are_the_sentence_mentions_the_rules_choice_and_none(press):
    doc, events, mentions = _one(press)
    event = events[0]
    places = {c.value for c in candidates(event, "location", mentions)}
    assert {"Ankara", "Tunis", NONE} <= places
    dates = candidates(event, "date", mentions)
    assert {c.value for c in dates} >= {NONE} and len(dates) >= 3
    feats = [candidate_features(event, "location", c, doc, len(dates)) for c in candidates(event, "location", mentions)]
    by_value = dict(zip([c.value for c in candidates(event, "location", mentions)], feats))
    assert by_value["Ankara"]["case=à"] == 1.0 and by_value["Ankara"]["rule_choice"] == 1.0
    assert by_value["Tunis"]["rule_choice"] == 0.0


def test_the_model_not_the_rules_picks_the_place(press):
    doc, events, mentions = _one(press)
    event = events[0]
    assert event.location == "Ankara"
    prefer_far = SlotModel(weights={"location": {"bias_value": 1.0, "char_gap<20": -3.0}}, intercepts={"location": 0.0})
    apply_linker(prefer_far, events, doc, mentions)
    assert event.location == "Tunis"  # a model that distrusts the place right after the trigger takes the stopover
    keep = SlotModel(weights={"location": {"rule_choice": 5.0}}, intercepts={"location": 0.0})
    apply_linker(keep, events, doc, mentions)
    assert event.location == "Tunis"  # now the rules' choice is what the event holds
    assert SlotModel.from_json(prefer_far.to_json()).weights == prefer_far.weights


def test_fit_slot_model_learns_a_case_preference_deterministically():
    groups = []
    for k in range(40):
        right_case, wrong_case = ("à", "de") if k % 4 else ("de", "à")
        groups.append([({"case=" + right_case: 1.0, "rule_choice": float(k % 3 == 0)}, 1),
                       ({"case=" + wrong_case: 1.0, "rule_choice": float(k % 3 != 0)}, 0),
                       ({"bias_none": 1.0}, 0)])
    data = TrainingSet([], [], 0, 0, slot_groups={"location": groups})
    model = fit_slot_model(data, seed=0)
    assert model.weights["location"]["case=à"] > model.weights["location"]["case=de"]
    report = model.trained_on["location"]
    assert report["cv_model_right"] >= report["cv_rules_right"]
    assert fit_slot_model(data, seed=0).to_json() == model.to_json()
