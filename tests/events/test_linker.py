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


# --- derived candidates of the main slot, the scene of earlier events, the margin over the rules ---------------

BRIEF = ("Le ministre burundais de la Défense, Aloys Ndikumwami, est arrivé lundi à Ankara pour une visite de trois jours. "
         "Le Burundi a signé mardi avec la Turquie un accord de coopération militaire. "
         "Il s'est ensuite entretenu avec des industriels. "
         "Des blindés turcs doivent être livrés au Burundi en mars, a indiqué M. Ndikumwami.")


def _brief(press):
    import copy

    from pipeline.events.linker import article_parties

    [(_, doc)] = list(press.docs([Article("lk2", BRIEF, published=date(2024, 6, 14))]))
    events, mentions = list(doc._.events), list(doc._.mentions)
    parties = article_parties(doc, mentions, press.nlp.get_pipe("press_events").lexicon)
    return doc, events, mentions, parties, [copy.copy(e) for e in events]


def _of(events, kind):
    found = [e for e in events if e.type == kind]
    assert found, [e.type for e in events]
    return found[0]


def test_article_parties_tie_people_and_demonyms_to_the_states_the_article_names(press):
    doc, _events, _mentions, parties, _scene = _brief(press)
    assert parties.state_of["Aloys Ndikumwami"] == "Burundi"  # from his title, "ministre burundais"
    assert parties.delegate_of == {"Burundi": "Aloys Ndikumwami"}
    assert {doc[i].text: s for i, s in parties.demonym_states.items()}["turcs"] == "Turquie"


def test_the_main_slot_weighs_the_grain_of_the_party_the_rules_chose(press):
    doc, events, mentions, parties, scene = _brief(press)
    visit = _of(events, "VISIT")
    assert ("Burundi", "state") in {(c.value, c.kind) for c in candidates(visit, "main", mentions, parties, doc, scene)}
    agreement = _of(events, "AGREEMENT")
    assert agreement.initiator == "Burundi" or agreement.participants[0] == "Burundi"
    kinds = {(c.value, c.kind) for c in candidates(agreement, "main", mentions, parties, doc, scene)}
    assert ("Aloys Ndikumwami", "delegate") in kinds
    assert "Turquie" not in {v for v, _ in kinds}  # which party leads stays the rules' call
    # without the article's parties, the sentence's mentions and the rules' choice compete, as before
    assert {"Burundi", "Turquie"} <= {c.value for c in candidates(agreement, "main", mentions)}


def test_the_date_may_come_from_the_scene_of_the_event_before(press):
    doc, events, mentions, parties, scene = _brief(press)
    meeting = _of(events, "MEETING")
    previous = [c for c in candidates(meeting, "date", mentions, parties, doc, scene) if c.kind == "previous"]
    assert [c.value for c in previous] == ["2024-06-11"] and previous[0].source.type == "AGREEMENT"
    feats = candidate_features(meeting, "date", previous[0], doc, 3, parties)
    assert feats["kind=previous"] == 1.0 and feats["scene_gap<300"] == 1.0
    assert not [c for c in candidates(meeting, "location", mentions, parties, doc, scene) if c.kind == "previous"]
    model = SlotModel(weights={"date": {"kind=previous": 9.0}}, intercepts={"date": -3.0})
    apply_linker(model, events, doc, mentions)
    assert meeting.date == "2024-06-11" and (meeting.date_start, meeting.date_end) == ("2024-06-11", "2024-06-11")


def test_a_date_that_only_bounds_a_past_event_is_no_candidate(press):
    text = "La Turquie fournit depuis mars des drones à l'armée nigérienne, selon des sources concordantes."
    [(_, doc)] = list(press.docs([Article("lk3", text, published=date(2024, 9, 2))]))
    event = next(e for e in doc._.events if e.type == "ARMS_TRANSFER")
    assert not event.planned and [c.value for c in candidates(event, "date", list(doc._.mentions), None, doc)] == [NONE]
    assert "2024-03" in {c.value for c in candidates(event, "date", list(doc._.mentions))}  # without the text: as before


def test_a_derived_candidate_can_replace_the_state_the_rules_chose(press):
    doc, events, mentions, _parties, _scene = _brief(press)
    lexicon = press.nlp.get_pipe("press_events").lexicon
    model = SlotModel(weights={"main": {"kind=delegate": 8.0}}, intercepts={"main": -4.0})
    apply_linker(model, events, doc, mentions, lexicon)
    assert _of(events, "AGREEMENT").participants[0] == "Aloys Ndikumwami"   # the state the rules chose gave way
    assert _of(events, "VISIT").initiator == "Aloys Ndikumwami"             # a person has no delegate


def test_the_model_must_beat_the_rules_by_its_margin(press):
    doc, events, mentions = _one(press)
    event = events[0]
    prefer_far = SlotModel(weights={"location": {"bias_value": 1.0, "char_gap<20": -3.0}}, intercepts={"location": 0.0},
                           margins={"location": 0.99})
    apply_linker(prefer_far, events, doc, mentions)
    assert event.location == "Ankara"  # the stopover scores higher, but not by the margin: the rules' place stays
    assert SlotModel.from_json(prefer_far.to_json()).margins == {"location": 0.99}


def test_cross_validation_sets_the_margin_and_reports_it():
    groups = []
    for k in range(60):
        right_case, wrong_case = ("à", "de") if k % 5 else ("de", "à")
        groups.append([({"case=" + right_case: 1.0, "rule_choice": float(k % 2 == 0)}, 1),
                       ({"case=" + wrong_case: 1.0, "rule_choice": float(k % 2 == 1)}, 0)])
    model = fit_slot_model(TrainingSet([], [], 0, 0, slot_groups={"location": groups}), seed=0)
    report = model.trained_on["location"]
    assert report["margin"] in model.margins.values() or not report["shipped"]
    assert 0.0 <= report["margin"] <= 0.5 and report["cv_model_right"] >= report["cv_rules_right"]
