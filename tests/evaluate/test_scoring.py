"""The scorer on tiny hand-made cases whose answers are worked out by hand."""
import pytest

from pipeline.evaluate.scoring import (
    DocPair,
    EventRec,
    align_spans,
    event_scores,
    fold_name,
    iso_bounds,
    score,
    sentence_bounds,
    span_scores,
)
from pipeline.records import Mention

TEXT = (
    "Le maréchal Khalifa Haftar a rencontré mardi 3 mars 2026 à Moscou des responsables "
    "de Rosoboronexport. Un contrat de 2 milliards de dollars serait en jeu."
)


def span(start: int, end: int, label: str, text: str = "", **kw) -> Mention:
    return Mention("a1", start, end, text, label, **kw)


def sp(label: str, surface: str, occurrence: int = 0, **kw) -> Mention:
    """A span on TEXT found by its surface string, so no offset is typed by hand."""
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(surface, start + 1)
    return span(start, start + len(surface), label, surface, **kw)


GOLD = [
    sp("PER", "Khalifa Haftar", norm="Khalifa Haftar"),
    sp("DATE", "mardi 3 mars 2026", norm="2026-03-03", date_start="2026-03-03", date_end="2026-03-03"),
    sp("LOC", "Moscou", norm="Moscou"),
    sp("ORG", "Rosoboronexport", norm="Rosoboronexport"),
    sp("MONEY", "2 milliards de dollars", norm="2000000000 USD", amount=2e9, currency="USD"),
]
PRED = [
    sp("PER", "maréchal Khalifa Haftar", norm="Khalifa Haftar"),  # boundary too wide, name right
    sp("DATE", "mardi 3 mars 2026", norm="2026-03-04"),  # exact span, wrong day
    sp("LOC", "Moscou", norm="moscou"),  # exact, name equal after folding
    sp("LOC", "Rosoboronexport", norm="Rosoboronexport"),  # wrong label
    sp("PER", "responsables"),  # spurious
    # MONEY missing
]


@pytest.fixture
def doc() -> DocPair:
    return DocPair(id="a1", text=TEXT, gold=list(GOLD), pred=list(PRED))


def test_strict_per_label(doc):
    s = span_scores([doc])["labels"]
    assert s["PER"]["strict"]["correct"] == 0
    assert s["PER"]["strict"]["incorrect"] == 1
    assert s["PER"]["strict"]["spurious"] == 1
    assert (s["PER"]["strict"]["precision"], s["PER"]["strict"]["recall"], s["PER"]["strict"]["f1"]) == (0, 0, 0)
    assert s["DATE"]["strict"]["f1"] == 1.0
    assert s["LOC"]["strict"]["precision"] == 0.5
    assert s["LOC"]["strict"]["recall"] == 1.0
    assert s["LOC"]["strict"]["f1"] == pytest.approx(2 / 3)
    assert s["ORG"]["strict"]["missed"] == 1 and s["ORG"]["strict"]["f1"] == 0
    assert s["MONEY"]["strict"]["missed"] == 1 and s["MONEY"]["strict"]["recall"] == 0
    assert s["PER"]["n_gold"] == 1 and s["PER"]["n_pred"] == 2


def test_partial_counts_half_and_fuzzy_counts_full(doc):
    s = span_scores([doc])["labels"]["PER"]
    assert s["partial"]["partial"] == 1
    assert s["partial"]["precision"] == pytest.approx(0.25)
    assert s["partial"]["recall"] == pytest.approx(0.5)
    assert s["partial"]["f1"] == pytest.approx(1 / 3)
    assert s["fuzzy"]["precision"] == pytest.approx(0.5)
    assert s["fuzzy"]["recall"] == pytest.approx(1.0)
    assert s["fuzzy"]["f1"] == pytest.approx(2 / 3)


def test_overall_is_micro_over_labels(doc):
    o = span_scores([doc])["overall"]
    # strict: 2 correct, 1 incorrect, 2 spurious, 2 missed -> actual 5, possible 5
    assert (o["strict"]["correct"], o["strict"]["incorrect"], o["strict"]["spurious"], o["strict"]["missed"]) == (2, 1, 2, 2)
    assert o["strict"]["precision"] == pytest.approx(0.4)
    assert o["strict"]["recall"] == pytest.approx(0.4)
    # partial: (2 + 0.5) / 5
    assert o["partial"]["f1"] == pytest.approx(0.5)


def test_wrong_label_is_a_miss_and_a_spurious_per_label(doc):
    s = span_scores([doc])["labels"]
    assert s["ORG"]["partial"]["missed"] == 1
    assert s["LOC"]["partial"]["spurious"] == 1


def test_adjacent_spans_do_not_overlap():
    # exclusive offsets: [0, 5) and [5, 12) touch but share no character
    text = "ParisLondres"
    d = DocPair("x", text, gold=[span(0, 5, "LOC")], pred=[span(5, 12, "LOC")])
    s = span_scores([d])["labels"]["LOC"]["partial"]
    assert (s["partial"], s["missed"], s["spurious"], s["f1"]) == (0, 1, 1, 0)


def test_alignment_kinds(doc):
    kinds = sorted(m.kind for m in align_spans(doc.gold, doc.pred))
    assert kinds == ["boundary", "exact", "exact", "label", "missed", "spurious"]


def test_alignment_does_not_depend_on_order(doc):
    a = [(m.kind, m.gold, m.pred) for m in align_spans(doc.gold, doc.pred)]
    b = [(m.kind, m.gold, m.pred) for m in align_spans(doc.gold[::-1], doc.pred[::-1])]
    assert a == b


def test_normalization_accuracy(doc):
    n = score([doc], with_events=False)["normalization"]
    assert n["PER:name"] == {"n": 1, "correct": 1, "accuracy": 1.0}  # boundary match, right name
    assert n["LOC:name"]["accuracy"] == 1.0  # "moscou" == "Moscou" once folded
    assert n["date_value"] == {"n": 1, "correct": 0, "accuracy": 0.0}
    assert n["date_bounds"]["correct"] == 0  # 2026-03-04 does not meet 2026-03-03
    assert "ORG:name" not in n  # wrong-label pairs are not scored for norms


def test_money_needs_amount_and_currency():
    text = "2 milliards de dollars et 300 millions d'euros"
    gold = [
        span(0, 22, "MONEY", amount=2e9, currency="USD"),
        span(26, 46, "MONEY", amount=3e8, currency="EUR"),
    ]
    pred = [
        span(0, 22, "MONEY", amount=2e9, currency="EUR"),  # right amount, wrong currency
        span(26, 46, "MONEY", amount=3e8, currency="EUR"),
    ]
    n = score([DocPair("m", text, gold, pred)], with_events=False)["normalization"]
    assert n["money"] == {"n": 2, "correct": 1, "accuracy": 0.5}


def test_date_bounds_overlap_counts_a_coarser_right_answer():
    text = "début octobre 2016"
    gold = [span(0, 18, "DATE", norm="2016-10-01/2016-10-10")]
    pred = [span(0, 18, "DATE", norm="2016-10")]
    n = score([DocPair("d", text, gold, pred)], with_events=False)["normalization"]
    assert n["date_value"]["correct"] == 0
    assert n["date_bounds"]["correct"] == 1


def test_error_list(doc):
    errors = score([doc], with_events=False)["errors"]
    kinds = sorted(e["kind"] for e in errors)
    assert kinds == ["boundary", "false_negative", "false_positive", "wrong_label", "wrong_norm"]
    fn = next(e for e in errors if e["kind"] == "false_negative")
    assert fn["label"] == "MONEY"
    assert fn["sentence"]["text"] == "Un contrat de 2 milliards de dollars serait en jeu."
    fp = next(e for e in errors if e["kind"] == "false_positive")
    assert fp["pred"]["text"] == "responsables"
    assert fp["sentence"]["text"].startswith("Le maréchal")


def test_empty_system_scores_zero_without_crashing(doc):
    empty = DocPair("a1", TEXT, gold=list(GOLD), pred=[])
    s = span_scores([empty])
    assert s["overall"]["strict"]["missed"] == 5
    assert s["overall"]["strict"]["f1"] == 0


def test_fold_name_and_iso_bounds():
    assert fold_name("Abdel Fattah al-Sissi") == fold_name("abdel fattah Al Sissi")
    assert fold_name("Égypte") == "egypte"
    assert iso_bounds("2024-02") == ("2024-02-01", "2024-02-29")
    assert iso_bounds("2019-W19") == ("2019-05-06", "2019-05-12")
    assert iso_bounds("2025-06/2025-08") == ("2025-06-01", "2025-08-31")
    assert iso_bounds("") is None


def test_sentence_bounds_cut_on_full_stop_and_newline():
    text = "Première phrase. Deuxième phrase ici.\nTroisième."
    i = text.index("Deuxième")
    s, e = sentence_bounds(text, i, i + 8)
    assert text[s:e] == "Deuxième phrase ici."
    text = "Il a reçu M. Sergueï Choïgou. Puis il est parti."
    i = text.index("Sergueï")
    assert text[slice(*sentence_bounds(text, i, i + 7))] == "Il a reçu M. Sergueï Choïgou."


# ---------------------------------------------------------------- events

G_EVENTS = [
    EventRec("VISIT", main="Khalifa Haftar", participants=("Khalifa Haftar",), location="Moscou", date="2026-03-03", evidence_start=0, evidence_end=100),
    EventRec("AGREEMENT", main="Rosoboronexport", participants=("Rosoboronexport", "Khalifa Haftar"), evidence_start=102, evidence_end=150),
]
P_EVENTS = [
    EventRec("VISIT", main="khalifa haftar", participants=("Khalifa Haftar", "Moscou"), location="Moscou", date="2026-03-04", evidence_start=0, evidence_end=100),
    EventRec("MEETING", main="Khalifa Haftar", evidence_start=0, evidence_end=100),
]


def test_event_scores():
    d = DocPair("a1", TEXT, [], [], gold_events=list(G_EVENTS), pred_events=list(P_EVENTS))
    e = event_scores([d])
    assert (e["detection"]["tp"], e["detection"]["precision"], e["detection"]["recall"]) == (1, 0.5, 0.5)
    assert e["slots"]["main"] == {"n": 1, "correct": 1, "accuracy": 1.0}
    assert e["slots"]["location"]["accuracy"] == 1.0
    assert e["slots"]["date"] == {"n": 1, "correct": 0, "accuracy": 0.0}
    assert e["tuples"]["type"]["f1"] == 0.5
    assert e["tuples"]["type_participant"]["f1"] == 0.5
    assert e["tuples"]["slot"]["f1"] == 0  # the VISIT has the wrong day
    # participants of the aligned VISIT: 1 shared out of 2 predicted, 1 gold
    assert (e["participants"]["precision"], e["participants"]["recall"]) == (0.5, 1.0)


def test_event_errors():
    d = DocPair("a1", TEXT, [], [], gold_events=list(G_EVENTS), pred_events=list(P_EVENTS))
    errors = score([d])["errors"]
    assert sorted(x["kind"] for x in errors) == ["event_missed", "event_slot", "event_spurious"]
    slot = next(x for x in errors if x["kind"] == "event_slot")
    assert "date" in slot["detail"] and "main" not in slot["detail"]


def test_events_of_other_type_never_align():
    g = [EventRec("VISIT", main="A", evidence_start=0, evidence_end=10)]
    p = [EventRec("MEETING", main="A", evidence_start=0, evidence_end=10)]
    e = event_scores([DocPair("x", "", [], [], g, p)])
    assert e["detection"]["tp"] == 0
    assert e["tuples"]["type_participant"]["tp"] == 0


def test_symmetric_event_any_gold_participant_is_main():
    # a joint exercise: gold names no initiator, so "Turquie" first or "Qatar" first is the same event
    g = [EventRec("EXERCISE", main="Qatar", participants=("Qatar", "Turquie"), location="Qatar", evidence_start=0, evidence_end=10)]
    p = [EventRec("EXERCISE", main="Turquie", participants=("Turquie",), location="Qatar", evidence_start=0, evidence_end=10)]
    e = event_scores([DocPair("x", "", [], [], g, p)])
    assert e["slots"]["main"]["correct"] == 1
    assert e["tuples"]["slot"]["f1"] == 1.0


def test_initiator_must_match_when_gold_names_one():
    g = [EventRec("VISIT", main="Khalifa Haftar", initiator="Khalifa Haftar", participants=("Khalifa Haftar", "Recep Tayyip Erdogan"), evidence_start=0, evidence_end=10)]
    p = [EventRec("VISIT", main="Recep Tayyip Erdogan", participants=("Recep Tayyip Erdogan",), evidence_start=0, evidence_end=10)]
    e = event_scores([DocPair("x", "", [], [], g, p)])
    assert e["slots"]["main"] == {"n": 1, "correct": 0, "accuracy": 0.0}
    assert e["tuples"]["type"]["tp"] == 1 and e["tuples"]["type_participant"]["tp"] == 0


def test_tuple_matching_is_one_to_one():
    # two predicted copies of one gold visit: one true positive, one false positive
    g = [EventRec("VISIT", main="A", initiator="A", location="Rome", date="2024-01-02")]
    p = [EventRec("VISIT", main="A", initiator="A", location="Rome", date="2024-01-02")] * 2
    t = event_scores([DocPair("x", "", [], [], g, p)])["tuples"]["slot"]
    assert (t["tp"], t["precision"], t["recall"]) == (1, 0.5, 1.0)


def test_event_of_the_wrong_type_is_reported_as_such():
    g = [EventRec("MEETING", main="A", evidence_start=0, evidence_end=40)]
    p = [EventRec("VISIT", main="A", evidence_start=0, evidence_end=40)]
    d = DocPair("x", "Le ministre A a été reçu mardi à Moscou.", [], [], g, p)
    errors = score([d])["errors"]
    assert [x["kind"] for x in errors] == ["event_wrong_type"]
    assert event_scores([d])["detection"]["tp"] == 0  # still a miss and a spurious in the numbers


def test_slot_fills_give_partial_credit_per_slot():
    # G_EVENTS/P_EVENTS: the VISIT aligns (type, main, location right; date wrong);
    # the gold AGREEMENT is missed (type + main = 2 fills), the MEETING is spurious (2 fills)
    d = DocPair("a1", TEXT, [], [], gold_events=list(G_EVENTS), pred_events=list(P_EVENTS))
    f = event_scores([d])["slot_fills"]
    assert (f["tp"], f["n_pred"], f["n_gold"]) == (3, 6, 6)
    assert f["f1"] == 0.5


def test_slot_fills_an_empty_slot_on_both_sides_counts_nowhere():
    g = [EventRec("MEETING", main="A", evidence_start=0, evidence_end=10)]
    p = [EventRec("MEETING", main="A", location="Rome", evidence_start=0, evidence_end=10)]
    f = event_scores([DocPair("x", "", [], [], g, p)])["slot_fills"]
    assert (f["tp"], f["n_pred"], f["n_gold"]) == (2, 3, 2)  # the extra place costs precision only


def test_a_person_spelled_two_ways_is_one_party_but_two_people_are_not():
    """Annotators pick their own canonical spelling for people the gazetteer does not know."""
    g = [EventRec("VISIT", main="Viktor Goremykine", initiator="Viktor Goremykine",
                  participants=("Viktor Goremykine", "Niger"), evidence_start=0, evidence_end=10)]
    same = [EventRec("VISIT", main="Victor Goremykin", initiator="Victor Goremykin",
                     participants=("Victor Goremykin", "Niger"), evidence_start=0, evidence_end=10)]
    other = [EventRec("VISIT", main="Viktor Sokolov", initiator="Viktor Sokolov",
                      participants=("Viktor Sokolov", "Niger"), evidence_start=0, evidence_end=10)]
    e = event_scores([DocPair("x", "", [], [], g, same)])
    assert e["slots"]["main"]["correct"] == 1 and e["participants"]["tp"] == 2
    e = event_scores([DocPair("x", "", [], [], g, other)])
    assert e["slots"]["main"]["correct"] == 0 and e["participants"]["tp"] == 1
