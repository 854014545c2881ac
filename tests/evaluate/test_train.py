"""Training the event model: it learns what separates real events from the rest, the threshold comes from
held-out folds, and the same seed gives the same model."""
from __future__ import annotations

import random

from pipeline.evaluate.scoring import calibration
from pipeline.evaluate.train import TrainingSet, detection_f1, expected_calibration_error, fit_event_model


def _synthetic(n: int = 200, seed: int = 3) -> TrainingSet:
    rnd = random.Random(seed)
    features, labels = [], []
    for _ in range(n):
        negated = rnd.random() < 0.3
        has_place = rnd.random() < 0.6
        real = (not negated) and (has_place or rnd.random() < 0.5)
        features.append({"cue_negation": float(negated), "has_location": float(has_place), "rule_confidence": rnd.random()})
        labels.append(int(real))
    return TrainingSet(features, labels, n_gold=sum(labels) + 10, n_articles=20)


def test_the_model_learns_the_signal_and_is_deterministic():
    data = _synthetic()
    model = fit_event_model(data, seed=0)
    assert model.weights["cue_negation"] < -1.0 and model.weights["has_location"] > 0.0
    assert 0.0 <= model.threshold <= 0.6
    assert model.trained_on["cv_detection_f1_model"] >= model.trained_on["cv_detection_f1_rules"]
    assert fit_event_model(data, seed=0).to_json() == model.to_json()


def test_detection_f1_and_calibration_helpers():
    assert detection_f1([0.9, 0.2, 0.8], [1, 0, 1], n_gold=2, threshold=0.5) == 1.0
    assert detection_f1([0.9, 0.2, 0.8], [1, 0, 1], n_gold=2, threshold=0.0) == 0.8
    assert expected_calibration_error([1.0, 1.0, 0.0, 0.0], [1, 1, 0, 0]) == 0.0
    assert abs(expected_calibration_error([0.9, 0.9], [0, 0]) - 0.9) < 1e-9
    cal = calibration([(0.95, 1), (0.9, 0), (0.1, 0)])
    assert cal["n"] == 3 and cal["bins"][0]["n"] == 1 and cal["bins"][-1]["accuracy"] == 0.5
    assert abs(cal["ece"] - (0.1 + 2 * abs(0.925 - 0.5)) / 3) < 1e-3


def test_training_on_a_sealed_split_is_refused(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).parent / "press-events"
    done = subprocess.run([str(exe), "train", "events", "--splits", "train,sealede", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "sealed" in done.stderr and not any(tmp_path.iterdir())


def test_the_shipped_event_model_was_trained_on_open_splits_only():
    from pipeline.events.confidence import EventModel
    from pipeline.evaluate.runner import is_sealed
    from pipeline.paths import MODELS_DIR

    model = EventModel.load(MODELS_DIR / "events")
    assert model is not None and 0.0 <= model.threshold <= 0.6
    assert model.trained_on["splits"] and not any(is_sealed(s) for s in model.trained_on["splits"])
