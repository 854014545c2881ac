"""Train the event model on gold: which events the rules propose are real.

For every article of the training splits, the pipeline runs with the model off; each proposed event
is labelled by the scorer's own alignment (`align_events`: a gold event of the same type whose
evidence overlaps); a logistic regression learns from the features in `pipeline.events.confidence`.
The threshold under which an event is dropped is chosen on cross-validated probabilities, so it is
not fitted on the very predictions it filters. Deterministic for a given seed.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.events.confidence import DEFAULT_CUES, EventModel, event_features
from pipeline.events.linker import NONE, SLOTS, SlotModel, article_parties, candidate_features, candidates, current_value
from pipeline.evaluate.runner import article_from_gold, gold_events, gold_id, load_gold_docs
from pipeline.evaluate.scoring import EventRec, _slot_agreement, align_events, calibration

MIN_GAIN = 0.01  # share of held-out events a slot model must win over the rules to ship
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.0, 0.65, 0.05))
MARGINS = tuple(round(x, 2) for x in np.arange(0.0, 0.55, 0.05))  # how far the linker must beat the rules' choice


@dataclass
class TrainingSet:
    features: list[dict[str, float]]
    labels: list[int]
    n_gold: int          # gold events of the articles (recall's denominator)
    n_articles: int
    # slot -> one group per aligned event: [(candidate features, 1 when the scorer would call it right)]
    slot_groups: dict[str, list[list[tuple[dict[str, float], int]]]] | None = None


def training_set(gold: Path, splits: tuple[str, ...], press, cues=DEFAULT_CUES) -> TrainingSet:
    """Proposed events of the splits' articles with their features and whether gold stands behind them."""
    docs = [d for split in splits for d in load_gold_docs(Path(gold), split)]
    component = press.nlp.get_pipe("press_events")
    was = component.use_model
    component.use_model = False
    try:
        by_id = {gold_id(d): d for d in docs}
        features, labels, n_gold = [], [], 0
        groups: dict[str, list] = {slot: [] for slot in SLOTS}
        for article, doc in press.docs([article_from_gold(d) for d in docs]):
            events = list(doc._.events or [])
            gold_recs = gold_events(by_id[article.id])
            n_gold += len(gold_recs)
            preds = [EventRec.of(e) for e in events]
            pairs, _missed, _spurious = align_events(gold_recs, preds)
            aligned = {id(p) for _g, p in pairs}
            for event, rec in zip(events, preds):
                features.append(event_features(event, doc, events, cues))
                labels.append(1 if id(rec) in aligned else 0)
            mentions = list(doc._.mentions or [])
            parties = article_parties(doc, mentions, component.lexicon)
            by_pred = {id(p): g for g, p in pairs}
            for event, rec in zip(events, preds):
                if id(rec) in by_pred:
                    for slot in SLOTS:
                        group = slot_group(event, rec, by_pred[id(rec)], slot, doc, mentions, parties, events)
                        if group:
                            groups[slot].append(group)
    finally:
        component.use_model = was
    return TrainingSet(features, labels, n_gold, len(docs), slot_groups=groups)


def slot_group(event, rec: EventRec, gold: EventRec, slot: str, doc, mentions,
               parties=None, scene=None) -> list[tuple[dict[str, float], int]]:
    """The candidates of one slot of one aligned event, each labelled as the scorer would judge it;
    empty when no candidate is right (nothing to learn from that event)."""
    cands = candidates(event, slot, mentions, parties, doc, scene)
    rows = []
    for cand in cands:
        value = "" if cand.value == NONE else cand.value
        trial = EventRec(**{**rec.__dict__, slot: value})
        right = _slot_agreement(gold, trial)[slot]
        rows.append((candidate_features(event, slot, cand, doc, len(cands), parties), int(right is None or right)))
    return rows if any(y for _, y in rows) and len(rows) >= 2 else []


def detection_f1(probabilities, labels, n_gold: int, threshold: float) -> float:
    kept = [y for p, y in zip(probabilities, labels) if p >= threshold]
    return 2 * sum(kept) / (len(kept) + n_gold) if kept or n_gold else 0.0


def expected_calibration_error(probabilities, labels, bins: int = 10) -> float:
    """The scorer's expected calibration error (scoring.calibration) over equal-width bins."""
    ece = calibration([(float(p), int(y)) for p, y in zip(probabilities, labels)], bins=bins)["ece"]
    return ece if ece is not None else 0.0


def fit_event_model(data: TrainingSet, seed: int = 0, c: float = 0.5, trained_on: dict | None = None) -> EventModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    vectorizer = DictVectorizer(sparse=False)
    x = vectorizer.fit_transform(data.features)
    y = np.asarray(data.labels)
    model = LogisticRegression(C=c, max_iter=5000, random_state=seed)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    held_out = cross_val_predict(model, x, y, cv=folds, method="predict_proba")[:, 1]
    best = max(THRESHOLDS, key=lambda t: (round(detection_f1(held_out, data.labels, data.n_gold, t), 4), -t))
    model.fit(x, y)
    rule_conf = [f.get("rule_confidence", 0.0) for f in data.features]
    report = dict(trained_on or {}, seed=seed, c=c, n_articles=data.n_articles, n_events=len(y),
                  n_real=int(y.sum()), n_gold=data.n_gold,
                  cv_detection_f1_rules=round(detection_f1([1.0] * len(y), data.labels, data.n_gold, 0.5), 4),
                  cv_detection_f1_model=round(detection_f1(held_out, data.labels, data.n_gold, best), 4),
                  cv_ece_rules=round(expected_calibration_error(rule_conf, data.labels), 4),
                  cv_ece_model=round(expected_calibration_error(held_out, data.labels), 4))
    weights = {name: round(float(w), 6) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0])}
    return EventModel(weights=weights, intercept=round(float(model.intercept_[0]), 6), threshold=float(best),
                      cues={k: list(v) for k, v in DEFAULT_CUES.items()}, trained_on=report)


def train_event_models(gold: Path, splits: tuple[str, ...], out: Path, seed: int = 0,
                       press=None, validate: tuple[str, ...] = ()) -> tuple[EventModel, SlotModel]:
    """Both learned parts, written into the folder `out` (models/events: the pipeline reads them there).

    `validate`: splits (not trained on) where each slot model must also beat the rules to ship: text by
    other writers, so a slot that only fits the training articles' style stays with the rules."""
    from pipeline.events.confidence import MODEL_FILE as EVENT_FILE
    from pipeline.events.linker import MODEL_FILE as SLOT_FILE

    if press is None:
        from pipeline.annotate import PressPipeline

        press = PressPipeline()
    component = press.nlp.get_pipe("press_events")
    saved = component.slot_model
    component.slot_model = None  # the linker learns from what the rules alone choose
    try:
        data = training_set(gold, splits, press)
        check = training_set(gold, validate, press) if validate else None
    finally:
        component.slot_model = saved
    source = {"splits": list(splits), "gold": str(gold)}
    events = fit_event_model(data, seed=seed, trained_on=source)
    slots = fit_slot_model(data, seed=seed, trained_on={**source, "validated_on": list(validate)}, check=check)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / EVENT_FILE).write_text(events.to_json() + "\n", encoding="utf-8")
    (out / SLOT_FILE).write_text(slots.to_json() + "\n", encoding="utf-8")
    return events, slots


def _right_on(groups, weights: dict[str, float], intercept: float, margin: float = 0.0) -> tuple[int, int]:
    """(rules right, model right) over candidate groups: the model's pick is its best-scored candidate,
    when it beats the rules' choice by more than `margin` in probability."""
    rules = model = 0
    for group in groups:
        scores = [1.0 / (1.0 + np.exp(-(intercept + sum(weights.get(k, 0.0) * v for k, v in f.items())))) for f, _ in group]
        rule = [(sc, y) for (f, y), sc in zip(group, scores) if f.get("rule_choice")]
        rule_ok = bool(rule) and rule[0][1] == 1
        rules += int(rule_ok)
        best = int(np.argmax(scores))
        model += int(group[best][1] == 1) if not rule or scores[best] - rule[0][0] > margin else int(rule_ok)
    return rules, model


def fit_slot_model(data: TrainingSet, seed: int = 0, c: float = 0.5, trained_on: dict | None = None,
                   check: TrainingSet | None = None) -> SlotModel:
    """One pointwise logistic model per slot; cross-validated by event, the report compares how often
    the rules' choice and the model's best candidate are right on events the model never saw.  A slot
    ships when it wins there, and also on `check` (other splits' events) when given."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    weights, intercepts, margins, report = {}, {}, {}, dict(trained_on or {}, seed=seed, c=c)
    for slot, groups in (data.slot_groups or {}).items():
        if len(groups) < 10:
            continue
        rows = [(f, y, g) for g, group in enumerate(groups) for f, y in group]
        vectorizer = DictVectorizer(sparse=False)
        x = vectorizer.fit_transform([f for f, _, _ in rows])
        y = np.asarray([y for _, y, _ in rows])
        gid = np.asarray([g for _, _, g in rows])
        held = np.zeros(len(rows))
        for train_idx, test_idx in GroupKFold(n_splits=5).split(x, y, gid):
            fold = LogisticRegression(C=c, max_iter=5000, random_state=seed).fit(x[train_idx], y[train_idx])
            held[test_idx] = fold.predict_proba(x[test_idx])[:, 1]
        rule_right = 0
        right_at = dict.fromkeys(MARGINS, 0)  # margin -> events right when the model must beat the rules by it
        for g in range(len(groups)):
            idx = np.flatnonzero(gid == g)
            rule = [i for i in idx if rows[i][0].get("rule_choice")]
            rule_ok = bool(rule) and y[rule[0]] == 1
            rule_right += int(rule_ok)
            pick = idx[np.argmax(held[idx])]
            for margin in MARGINS:
                overrides = not rule or held[pick] - held[rule[0]] > margin
                right_at[margin] += int(y[pick] == 1) if overrides else int(rule_ok)
        margin = max(MARGINS, key=lambda m: (right_at[m], m))  # a tie keeps the rules more often
        model_right = right_at[margin]
        report[slot] = {"events": len(groups), "cv_rules_right": round(rule_right / len(groups), 4),
                        "cv_model_right": round(model_right / len(groups), 4), "margin": margin}
        # a slot ships only when, on events it never saw, the model is right more often than the rules
        shipped = model_right >= rule_right + MIN_GAIN * len(groups)
        model = LogisticRegression(C=c, max_iter=5000, random_state=seed).fit(x, y)
        w = {n: round(float(v), 6) for n, v in zip(vectorizer.get_feature_names_out(), model.coef_[0])}
        b = round(float(model.intercept_[0]), 6)
        other = (check.slot_groups or {}).get(slot, []) if check is not None else []
        if other:
            rules_v, model_v = _right_on(other, w, b, margin)
            report[slot].update(validation_events=len(other), validation_rules_right=round(rules_v / len(other), 4),
                                validation_model_right=round(model_v / len(other), 4))
            shipped = shipped and model_v > rules_v  # a tie on other writers' text is no evidence
        report[slot]["shipped"] = shipped
        if shipped:
            weights[slot], intercepts[slot], margins[slot] = w, b, margin
    return SlotModel(weights=weights, intercepts=intercepts, trained_on=report, margins=margins)
