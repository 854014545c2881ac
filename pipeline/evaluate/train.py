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
from pipeline.evaluate.runner import article_from_gold, gold_events, gold_id, load_gold_docs
from pipeline.evaluate.scoring import EventRec, align_events

THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.0, 0.65, 0.05))


@dataclass
class TrainingSet:
    features: list[dict[str, float]]
    labels: list[int]
    n_gold: int          # gold events of the articles (recall's denominator)
    n_articles: int


def training_set(gold: Path, splits: tuple[str, ...], press, cues=DEFAULT_CUES) -> TrainingSet:
    """Proposed events of the splits' articles with their features and whether gold stands behind them."""
    docs = [d for split in splits for d in load_gold_docs(Path(gold), split)]
    component = press.nlp.get_pipe("press_events")
    was = component.use_model
    component.use_model = False
    try:
        by_id = {gold_id(d): d for d in docs}
        features, labels, n_gold = [], [], 0
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
    finally:
        component.use_model = was
    return TrainingSet(features, labels, n_gold, len(docs))


def detection_f1(probabilities, labels, n_gold: int, threshold: float) -> float:
    kept = [y for p, y in zip(probabilities, labels) if p >= threshold]
    return 2 * sum(kept) / (len(kept) + n_gold) if kept or n_gold else 0.0


def expected_calibration_error(probabilities, labels, bins: int = 10) -> float:
    """Mean gap between confidence and accuracy over equal-width bins, weighted by their size."""
    p, y = np.asarray(probabilities, dtype=float), np.asarray(labels, dtype=float)
    if not len(p):
        return 0.0
    which = np.minimum((p * bins).astype(int), bins - 1)
    return float(sum(abs(p[which == b].mean() - y[which == b].mean()) * (which == b).sum()
                     for b in range(bins) if (which == b).any()) / len(p))


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


def train_event_model(gold: Path, splits: tuple[str, ...], out: Path, seed: int = 0, press=None) -> EventModel:
    if press is None:
        from pipeline.annotate import PressPipeline

        press = PressPipeline()
    data = training_set(gold, splits, press)
    model = fit_event_model(data, seed=seed, trained_on={"splits": list(splits), "gold": str(gold)})
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(model.to_json() + "\n", encoding="utf-8")
    return model
