"""A learned decision on each event the rules propose: the probability that it is real.

The rules find candidate events; a logistic model trained on gold (`press-events train events`)
reads features of each one (its type, slots, the trigger's place in the parse, cues of negation,
reported speech, mood, where it stands in the article) and gives the probability that a gold event
stands behind it. That probability is the `confidence` column, and events below the model's
threshold are dropped as background, negated or generic statements.

The model is a JSON asset (models/events/event_model.json): weights by feature name, the cue
words the features read, the threshold, and what it was trained on. Applying it needs no
scikit-learn; training does.
"""
from __future__ import annotations

from pipeline.text import text_of

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from pipeline.records import Event

MODEL_FILE = "event_model.json"
TRIGGER_DEPS = ("root", "acl", "acl:relcl", "advcl", "xcomp", "ccomp", "obl", "obl:arg", "obl:mod", "nmod",
                "obj", "nsubj", "nsubj:pass", "conj", "appos")
# the cue lists a new model starts from; a trained model keeps its own copy, so it stays what it was
DEFAULT_CUES = {
    "negation": ["pas", "jamais", "ni", "aucun", "aucune", "démentir", "nier", "annuler", "reporter", "suspendre",
                 "refuser", "renoncer", "démenti", "annulation", "report"],
    "reported": ["selon", "indiquer", "déclarer", "affirmer", "annoncer", "rapporter", "assurer", "estimer",
                 "affirmé", "déclaré"],
    "generic": ["régulièrement", "habituellement", "chaque", "souvent", "plusieurs", "reprises", "traditionnellement",
                "depuis", "historiquement"],
    "hedge": ["pourrait", "envisager", "éventuel", "éventuelle", "possible", "rumeur", "spéculation"],
}


@dataclass
class EventModel:
    weights: dict[str, float]
    intercept: float
    threshold: float
    cues: dict[str, list[str]] = field(default_factory=lambda: {k: list(v) for k, v in DEFAULT_CUES.items()})
    trained_on: dict = field(default_factory=dict)
    version: str = "1"

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-35.0, min(35.0, z))))

    def to_json(self) -> str:
        return json.dumps({"version": self.version, "threshold": self.threshold, "intercept": self.intercept,
                           "trained_on": self.trained_on, "cues": self.cues,
                           "weights": dict(sorted(self.weights.items()))}, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "EventModel":
        raw = json.loads(text)
        return cls(weights={k: float(v) for k, v in raw["weights"].items()}, intercept=float(raw["intercept"]),
                   threshold=float(raw["threshold"]), cues=raw.get("cues") or DEFAULT_CUES,
                   trained_on=raw.get("trained_on", {}), version=str(raw.get("version", "1")))

    @classmethod
    def load(cls, folder: Path | str) -> "EventModel | None":
        path = Path(folder) / MODEL_FILE
        return cls.from_json(path.read_text(encoding="utf-8")) if path.exists() else None


def _bin(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value < edge:
            return f"<{edge}"
    return f">={edges[-1]}"


def event_features(event: Event, doc: Doc, events: list[Event], cues: dict[str, list[str]]) -> dict[str, float]:
    """The features of one event, from the event and its Doc only (so training and use agree)."""
    f: dict[str, float] = {f"type={event.type}": 1.0, "planned": float(event.planned)}
    n_parts = len(event.participants)
    f[f"participants={min(n_parts, 3)}"] = 1.0
    for slot, value in (("initiator", event.initiator), ("counterpart", event.counterpart),
                        ("location", event.location), ("date", event.date), ("amount", event.amount)):
        f[f"has_{slot}"] = 1.0 if value not in (None, "", 0) else 0.0
    f["rule_confidence"] = float(event.confidence)
    text = text_of(doc)  # doc.text rebuilds the string from every token, per call
    text_len = max(1, len(text))
    f["position"] = event.sentence_start / text_len
    f["lead"] = 1.0 if event.sentence_start < 200 else 0.0
    f[f"evidence_len{_bin(event.sentence_end - event.sentence_start, (80, 200, 400))}"] = 1.0
    same = sum(1 for e in events if e.sentence_start == event.sentence_start)
    f[f"same_sentence={min(same, 3)}"] = 1.0
    sentence = doc.char_span(event.sentence_start, event.sentence_end, alignment_mode="expand")
    trigger = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    if trigger is not None and len(trigger):
        tok = trigger.root
        f[f"trigger_pos={tok.pos_ if tok.pos_ in ('NOUN', 'VERB', 'AUX', 'ADJ') else 'other'}"] = 1.0
        dep = tok.dep_.lower() if tok.dep_.lower() in TRIGGER_DEPS else "other"
        f[f"trigger_dep={dep}"] = 1.0
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        morph = str(verb.morph) + "|" + "|".join(str(a.morph) for a in verb.children if a.dep_.startswith("aux"))
        f["conditional"] = 1.0 if "Mood=Cnd" in morph else 0.0
        f["future"] = 1.0 if "Tense=Fut" in morph else 0.0
        f["infinitive"] = 1.0 if "VerbForm=Inf" in str(verb.morph) else 0.0
        f["passive"] = 1.0 if any(c.dep_.endswith(":pass") for c in verb.children) else 0.0
        before = text[max(0, event.sentence_start):event.trigger_start]
        f["in_quotes"] = 1.0 if before.count("«") > before.count("»") else 0.0
    if sentence is not None:
        words = {t.lower_ for t in sentence} | {t.lemma_.lower() for t in sentence}
        for name, cue_words in cues.items():
            f[f"cue_{name}"] = 1.0 if words.intersection(cue_words) else 0.0
    return f


def apply_model(model: EventModel, events: list[Event], doc: Doc) -> list[Event]:
    """Each event's confidence becomes the model's probability; those under its threshold are dropped."""
    kept = []
    for event in events:
        p = model.probability(event_features(event, doc, events, model.cues))
        event.confidence = round(p, 2)
        if p >= model.threshold:
            kept.append(event)
    return kept


