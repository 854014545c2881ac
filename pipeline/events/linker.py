"""A learned argument linker for the main participant, the place and the date of each event.

The rules fill an event's slots; the mentions of its sentence (and the rules' own choice, and "none" for
the place and the date) are the candidates.  The main participant is the initiator, else the first
participant (the scorer's reading); its candidates are the event's parties and the sentence's people,
organisations and states. A logistic model trained on gold (`press-events train events`)
scores each candidate from the parse (the candidate's case marker and dependency relation, its path
to the trigger, which side of the trigger it stands, how far), its kind (country, city, date grain)
and whether the rules chose it; the best-scored candidate fills the slot. The rules stay a feature,
so the model overrules them only where the training data says they go wrong.

The model is a JSON asset (models/events/slot_model.json) applied without scikit-learn.
"""
from __future__ import annotations

from pipeline.text import text_of

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Token

from pipeline.records import Event, Mention

MODEL_FILE = "slot_model.json"
SLOTS = ("main", "location", "date")
LABEL_OF = {"location": "LOC", "date": "DATE"}
PARTY_LABELS = ("PER", "ORG", "LOC")
CASES = ("à", "au", "aux", "en", "de", "du", "des", "d'", "par", "avec", "pour", "dans", "vers", "chez", "depuis",
         "le", "la", "les", "l'", "lors", "sur", "entre", "jusqu'", "dès")
DEPS = ("nsubj", "nsubj:pass", "obj", "obl", "obl:mod", "obl:arg", "obl:agent", "nmod", "appos", "conj", "root", "advmod",
        "acl", "amod", "iobj", "flat:name")
NONE = "<none>"


@dataclass
class Candidate:
    value: str               # the mention's norm, or NONE
    mention: Mention | None  # None for NONE or a rules' choice found outside the sentence


@dataclass
class SlotModel:
    weights: dict[str, dict[str, float]]   # slot -> feature -> weight
    intercepts: dict[str, float]
    trained_on: dict = field(default_factory=dict)
    version: str = "1"

    def score(self, slot: str, features: dict[str, float]) -> float:
        w = self.weights.get(slot, {})
        z = self.intercepts.get(slot, 0.0) + sum(w.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-35.0, min(35.0, z))))

    def to_json(self) -> str:
        return json.dumps({"version": self.version, "trained_on": self.trained_on, "intercepts": self.intercepts,
                           "weights": {s: dict(sorted(w.items())) for s, w in self.weights.items()}},
                          ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "SlotModel":
        raw = json.loads(text)
        return cls(weights={s: {k: float(v) for k, v in w.items()} for s, w in raw["weights"].items()},
                   intercepts={s: float(v) for s, v in raw["intercepts"].items()},
                   trained_on=raw.get("trained_on", {}), version=str(raw.get("version", "1")))

    @classmethod
    def load(cls, folder: Path | str) -> "SlotModel | None":
        path = Path(folder) / MODEL_FILE
        return cls.from_json(path.read_text(encoding="utf-8")) if path.exists() else None


def current_value(event: Event, slot: str) -> str:
    if slot == "main":
        return event.initiator or (event.participants[0] if event.participants else "")
    return event.location if slot == "location" else event.date


def _could_be_a_party(m: Mention, event: Event) -> bool:
    """A person, an organisation, or a state (a country, or a place the rules already made a party)."""
    if m.label in ("PER", "ORG"):
        return True
    return m.label == "LOC" and (m.entity_id.startswith("loc:country") or m.norm in event.participants)


def candidates(event: Event, slot: str, mentions: list[Mention]) -> list[Candidate]:
    """The slot's candidates: every mention of the right kind in the event's sentence, the rules'
    choice (even when it lies outside the sentence) and, for place and date, 'none'; one per value."""
    out: dict[str, Candidate] = {} if slot == "main" else {NONE: Candidate(NONE, None)}
    for m in mentions:
        if not (event.sentence_start <= m.start < event.sentence_end and m.norm):
            continue
        if slot == "main" and m.label in PARTY_LABELS and _could_be_a_party(m, event) \
                or slot != "main" and m.label == LABEL_OF[slot]:
            out.setdefault(m.norm, Candidate(m.norm, m))
    if slot == "main":
        for p in event.participants:
            out.setdefault(p, Candidate(p, None))
    chosen = current_value(event, slot)
    if chosen and chosen not in out:
        out[chosen] = Candidate(chosen, None)
    return list(out.values())


def _root(doc: Doc, m: Mention) -> Token | None:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _case(tok: Token) -> str:
    for child in tok.children:
        if child.dep_ == "case":
            return child.lower_ if child.lower_ in CASES else "other"
    return "none"


def _path_length(a: Token, b: Token) -> int:
    """Edges between two tokens of one sentence through their lowest common ancestor (capped)."""
    up_a = [a] + list(a.ancestors)
    depth = {t.i: n for n, t in enumerate(up_a)}
    for n, t in enumerate([b] + list(b.ancestors)):
        if t.i in depth:
            return min(depth[t.i] + n, 8)
    return 9


def candidate_features(event: Event, slot: str, cand: Candidate, doc: Doc, n_cands: int) -> dict[str, float]:
    f: dict[str, float] = {"bias_" + ("none" if cand.value == NONE else "value"): 1.0,
                           f"type={event.type}|{'none' if cand.value == NONE else 'value'}": 1.0,
                           f"n_candidates={min(n_cands, 5)}": 1.0}
    chosen = current_value(event, slot)
    f["rule_choice"] = 1.0 if (cand.value == chosen) or (cand.value == NONE and not chosen) else 0.0
    if cand.value == NONE:
        f["planned|none"] = float(event.planned)
        return f
    if cand.mention is None:
        f["outside_sentence"] = 1.0
        return f
    if slot == "main":
        f["is_participant"] = 1.0 if cand.value in event.participants else 0.0
        f["is_initiator"] = 1.0 if cand.value == event.initiator and event.initiator else 0.0
        if cand.mention is None:
            f["outside_sentence"] = 1.0
            return f
        f[f"label={cand.mention.label}"] = 1.0
        f[f"type={event.type}|label={cand.mention.label}"] = 1.0
    m = cand.mention
    trigger = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    root = _root(doc, m)
    f["before_trigger"] = 1.0 if m.end <= event.trigger_start else 0.0
    gap = (event.trigger_start - m.end) if m.end <= event.trigger_start else (m.start - event.trigger_end)
    f[f"char_gap<{next(b for b in (20, 60, 150, 10**9) if gap < b)}"] = 1.0
    if slot == "location":
        kind = "country" if m.entity_id.startswith("loc:country") else "known" if m.country else "unknown"
        f[f"kind={kind}"] = 1.0
    elif slot == "main":
        pass
    else:
        f[f"grain={m.date_grain or 'none'}"] = 1.0
        f["unresolved"] = 0.0 if m.norm else 1.0
    if root is not None:
        case, dep = _case(root), root.dep_.lower() if root.dep_.lower() in DEPS else "other"
        f[f"case={case}"] = 1.0
        f[f"dep={dep}"] = 1.0
        f[f"type={event.type}|case={case}"] = 1.0
        if slot == "main":
            f[f"type={event.type}|dep={dep}"] = 1.0
            f[f"type={event.type}|dep={dep}|case={case}"] = 1.0
            f[f"before_trigger|type={event.type}"] = f["before_trigger"]
        if trigger is not None and len(trigger):
            t = trigger.root
            if slot == "main":
                passive = any(c.dep_ in ("aux:pass", "nsubj:pass") for c in t.children)
                f[f"voice={'passive' if passive else 'active'}|dep={dep}"] = 1.0
                f[f"type={event.type}|voice={'passive' if passive else 'active'}|dep={dep}"] = 1.0
                f[f"trigger_pos={t.pos_}|dep={dep}"] = 1.0
            length = _path_length(root, t) if root.sent == t.sent else 9
            f[f"path={length}"] = 1.0
            f["child_of_trigger"] = 1.0 if root.head.i == t.i else 0.0
            f["sibling_of_trigger"] = 1.0 if root.head.i == t.head.i and root.i != t.i else 0.0
            f["in_paren"] = 1.0 if text_of(doc)[max(0, m.start - 2):m.start].strip().endswith("(") else 0.0
    return f


def apply_linker(model: SlotModel, events: list[Event], doc: Doc, mentions: list[Mention]) -> list[Event]:
    """Each event's place and date become the linker's best candidate."""
    for event in events:
        for slot in SLOTS:
            if slot not in model.weights:
                continue
            cands = candidates(event, slot, mentions)
            if len(cands) < 2:
                continue
            best = max(cands, key=lambda c: model.score(slot, candidate_features(event, slot, c, doc, len(cands))))
            if best.value != (current_value(event, slot) or NONE):
                fill(event, slot, best)
    return events


def fill(event: Event, slot: str, cand: Candidate) -> None:
    m = cand.mention
    if slot == "main":  # the scorer's main: the initiator when the event has one, else the first participant
        parts = [p for p in event.participants if p != cand.value]
        event.participants = [cand.value, *parts]
        if event.initiator:
            if event.counterpart == cand.value:
                event.counterpart = event.initiator
            event.initiator = cand.value
        return
    if slot == "location":
        event.location = "" if cand.value == NONE else cand.value
        event.country = "" if m is None else (m.country or event.country)
    else:
        if cand.value == NONE or m is None:
            event.date = event.date_start = event.date_end = ""
        else:
            event.date, event.date_start, event.date_end = m.norm, m.date_start, m.date_end
