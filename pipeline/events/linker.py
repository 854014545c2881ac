"""A learned argument linker for the main participant, the place and the date of each event.

The rules fill an event's slots; the mentions of its sentence (and the rules' own choice, and "none" for
the place and the date) are the candidates.  The main participant is the initiator, else the first
participant (the scorer's reading); its candidates are the event's parties and the sentence's people,
organisations and states. A logistic model trained on gold (`press-events train events`)
scores each candidate from the parse (the candidate's case marker and dependency relation, its path
to the trigger, which side of the trigger it stands, how far), its kind (country, city, date grain)
and whether the rules chose it; the best-scored candidate fills the slot. The rules stay a feature,
so the model overrules them only where the training data says they go wrong.

The main participant's right answer is often the same party at another grain: the guidelines want the
supplier state of "des drones turcs", the state of the minister who "a annoncé" an exercise, or the
minister named two sentences earlier when "la Mauritanie a signé". So, given the article's parties
(`ArticleParties`), the main slot's candidates are the rules' choice, the state it stands for (a title's
demonym, the gazetteer), the states the sentence's demonyms name and the person who stands for the state the
rules chose; which party leads stays the rules' call (letting the model pick among all the sentence's parties
won on cross-validation but undid 'selon l'AFP' and 'conclu avec la France'). The date also gets the latest
earlier event's date (`scene`). Each derived candidate carries its kind and the features of the mention or
event it comes from. A slot ships only when the model beats the rules on cross-validation (`fit_slot_model`).

The model is a JSON asset (models/events/slot_model.json) applied without scikit-learn.
"""
from __future__ import annotations

from pipeline.text import text_of

import copy
import json
import math
import re
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
    kind: str = "mention"    # mention, or how a derived candidate was found: state, demonym, delegate, previous
    source: Event | None = None  # for 'previous': the earlier event whose place or date it repeats


DERIVED_KINDS = ("state", "demonym", "delegate", "previous")
BOUNDING = re.compile(r"\b(?:depuis|avant|jusqu['’]|d['’]ici)\s*(?:(?:le|la|les|l['’]|à|au|aux|en|fin|début|mi-?)\s*)*$", re.I)
SCENE_SLOTS = ("date",)  # the place too was tried: more places filled where gold has none (heldout3 75.5 -> 71.4)
SCENE_REACH = 3000  # characters back an earlier event's place or date may still be the scene of this one


@dataclass
class ArticleParties:
    """What the main slot's derived candidates need from the whole article, built once per Doc."""
    state_of: dict[str, str]          # person or organisation norm -> the state it stands for (a country of the article)
    delegate_of: dict[str, str]       # state -> the article's most named person of that state
    demonym_states: dict[int, str]    # token index of a demonym adjective -> its state (a country of the article)
    counts: dict[str, int]            # norm -> mentions in the article
    speech_lemmas: frozenset[str] = frozenset()


def article_parties(doc: Doc, mentions: list[Mention], lexicon) -> ArticleParties | None:
    """States of the article's people and organisations (title demonym, norm demonym, gazetteer country),
    and who speaks for each state; only states the article names, since a slot holds the article's norms."""
    if lexicon is None:
        return None
    countries = {m.norm for m in mentions if m.label == "LOC" and m.entity_id.startswith("loc:country") and m.norm}

    def demonym_state(words: str) -> str:
        for w in words.lower().replace("'", " ").replace("’", " ").split():
            d = lexicon.demonym(w)
            if d and d[0] in countries:
                return d[0]
        return ""

    counts: dict[str, int] = {}
    state_of: dict[str, str] = {}
    for m in mentions:
        if m.label not in ("PER", "ORG") or not m.norm:
            continue
        counts[m.norm] = counts.get(m.norm, 0) + 1
        if state_of.get(m.norm):
            continue
        state = demonym_state(m.title) if m.label == "PER" and m.title else ""
        state = state or (demonym_state(m.norm) if m.label == "ORG" else "")
        if not state and m.country:
            state = lexicon.country_of_code.get(m.country.upper(), "")
            state = state if state in countries else ""
        state_of[m.norm] = state
    for m in mentions:
        if m.label == "LOC" and m.norm:
            counts[m.norm] = counts.get(m.norm, 0) + 1
    delegate_of: dict[str, str] = {}
    for name, state in state_of.items():
        if state and name in {m.norm for m in mentions if m.label == "PER"}:
            if counts[name] > counts.get(delegate_of.get(state, ""), 0):
                delegate_of[state] = name
    demonym_states = {t.i: d for t in doc if t.pos_ == "ADJ" and t.is_lower
                      for d in [demonym_state(t.text)] if d}
    return ArticleParties(state_of={k: v for k, v in state_of.items() if v}, delegate_of=delegate_of,
                          demonym_states=demonym_states, counts=counts, speech_lemmas=lexicon.cue("speech_verbs"))


@dataclass
class SlotModel:
    weights: dict[str, dict[str, float]]   # slot -> feature -> weight
    intercepts: dict[str, float]
    trained_on: dict = field(default_factory=dict)
    version: str = "1"
    # slot -> how much more probable than the rules' choice the model's pick must be to replace it (set by
    # cross-validation: where the model is unsure, the rules, written from other texts, stay)
    margins: dict[str, float] = field(default_factory=dict)

    def score(self, slot: str, features: dict[str, float]) -> float:
        w = self.weights.get(slot, {})
        z = self.intercepts.get(slot, 0.0) + sum(w.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-35.0, min(35.0, z))))

    def to_json(self) -> str:
        return json.dumps({"version": self.version, "trained_on": self.trained_on, "intercepts": self.intercepts,
                           "margins": self.margins,
                           "weights": {s: dict(sorted(w.items())) for s, w in self.weights.items()}},
                          ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "SlotModel":
        raw = json.loads(text)
        return cls(weights={s: {k: float(v) for k, v in w.items()} for s, w in raw["weights"].items()},
                   intercepts={s: float(v) for s, v in raw["intercepts"].items()},
                   trained_on=raw.get("trained_on", {}), version=str(raw.get("version", "1")),
                   margins={s: float(v) for s, v in raw.get("margins", {}).items()})

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


def candidates(event: Event, slot: str, mentions: list[Mention], parties: ArticleParties | None = None,
               doc: Doc | None = None, scene: list[Event] | None = None) -> list[Candidate]:
    """The slot's candidates: every mention of the right kind in the event's sentence, the rules'
    choice (even when it lies outside the sentence) and, for place and date, 'none'; one per value.
    With `parties` (and the Doc), the main slot also gets the derived candidates of the module docstring;
    with `scene` (the article's events as the rules left them), place and date also get the latest earlier
    event's."""
    out: dict[str, Candidate] = {} if slot == "main" else {NONE: Candidate(NONE, None)}
    text = text_of(doc) if doc is not None else ""
    for m in mentions:
        if not (event.sentence_start <= m.start < event.sentence_end and m.norm):
            continue
        if slot == "date" and text and not event.planned and BOUNDING.search(text[max(0, m.start - 16):m.start]):
            continue  # "fournit depuis janvier": a date that only bounds a past or ongoing event is not its date
        if slot == "main" and m.label in PARTY_LABELS and _could_be_a_party(m, event) \
                or slot != "main" and m.label == LABEL_OF[slot]:
            out.setdefault(m.norm, Candidate(m.norm, m))
    if slot == "main":
        for p in event.participants:
            out.setdefault(p, Candidate(p, None))
    chosen = current_value(event, slot)
    if chosen and chosen not in out:
        out[chosen] = Candidate(chosen, None)
    if slot in SCENE_SLOTS and scene:
        # "Il s'est entretenu ce matin avec ...": the date of the scene the article is telling
        before = [e for e in scene if e.sentence_start < event.sentence_start
                  and event.sentence_start - e.sentence_start <= SCENE_REACH and current_value(e, slot)]
        if before:
            last = max(before, key=lambda e: e.sentence_start)
            value = current_value(last, slot)
            if value not in out:
                out[value] = Candidate(value, None, "previous", last)
    if slot == "main" and parties is not None:
        # which party leads stays the rules' call (their syntax knows 'selon l'AFP', 'conclu avec la France');
        # the linker decides at what grain: the person, the organisation or the state of that party
        out = {k: c for k, c in out.items() if k == chosen}
        if chosen in parties.state_of and parties.state_of[chosen] not in out:  # "a indiqué M. X": his state
            state = parties.state_of[chosen]
            out[state] = Candidate(state, out[chosen].mention if chosen in out else None, "state")
        if doc is not None:  # "des drones turcs", "l'armée malaisienne": the state a demonym names
            first = doc.char_span(event.sentence_start, event.sentence_end, alignment_mode="expand")
            for t in first if first is not None else ():
                state = parties.demonym_states.get(t.i, "")
                if state and state not in out:
                    out[state] = Candidate(state, Mention("", t.idx, t.idx + len(t.text), t.text, "LOC", state), "demonym")
        # "La Mauritanie a signé": the person of the article who stands for the state the rules chose
        person = parties.delegate_of.get(chosen, "")
        if person and person not in out:
            out[person] = Candidate(person, out[chosen].mention if chosen in out else None, "delegate")
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


def candidate_features(event: Event, slot: str, cand: Candidate, doc: Doc, n_cands: int,
                       parties: ArticleParties | None = None) -> dict[str, float]:
    f: dict[str, float] = {"bias_" + ("none" if cand.value == NONE else "value"): 1.0,
                           f"type={event.type}|{'none' if cand.value == NONE else 'value'}": 1.0,
                           f"n_candidates={min(n_cands, 5)}": 1.0}
    chosen = current_value(event, slot)
    f["rule_choice"] = 1.0 if (cand.value == chosen) or (cand.value == NONE and not chosen) else 0.0
    if cand.value == NONE:
        f["planned|none"] = float(event.planned)
        return f
    if slot == "main" and parties is not None:
        n = parties.counts.get(cand.value, 0)
        f[f"article_mentions={'0' if not n else '1' if n == 1 else '2-3' if n < 4 else '4+'}"] = 1.0
        f[f"type={event.type}|state_known={cand.value in parties.delegate_of}"] = 1.0
    if cand.kind != "mention":
        # a derived candidate: its kind, and the parse features of the mention it comes from, marked as such
        f[f"kind={cand.kind}"] = 1.0
        f[f"type={event.type}|kind={cand.kind}"] = 1.0
        f[f"type={event.type}|kind={cand.kind}|is_participant={cand.value in event.participants}"] = 1.0
        if cand.source is not None:
            f.update(_scene_features(event, slot, cand.source, doc))
        if cand.mention is None:
            return f
        source = candidate_features(event, slot, Candidate(cand.mention.norm, cand.mention), doc, n_cands, parties)
        f.update({f"{cand.kind}:{k}": v for k, v in source.items()
                  if k.startswith(("dep=", "case=", "voice=", "type=", "before_trigger", "child_of", "speech", "label="))})
        return f
    if cand.mention is None and slot != "main":
        f["outside_sentence"] = 1.0
        return f
    if slot == "main":
        f["is_participant"] = 1.0 if cand.value in event.participants else 0.0
        f["is_initiator"] = 1.0 if cand.value == event.initiator and event.initiator else 0.0
        if cand.mention is None:  # the rules found it elsewhere ("La délégation est menée par X" a sentence later)
            f["outside_sentence"] = 1.0
            f[f"outside_sentence|type={event.type}"] = 1.0
            f[f"outside_sentence|rule_choice={f['rule_choice']}"] = 1.0
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
                if parties is not None and root.dep_ in ("nsubj", "nsubj:pass") and root.head.lemma_ in parties.speech_lemmas:
                    f[f"speech_subject|type={event.type}"] = 1.0  # "a indiqué M. X": who reports, not who acts
            length = _path_length(root, t) if root.sent == t.sent else 9
            f[f"path={length}"] = 1.0
            f["child_of_trigger"] = 1.0 if root.head.i == t.i else 0.0
            if slot == "main" and root.dep_ in ("nmod", "appos") and root.head.i != t.i and root.head.pos_ == "NOUN":
                f[f"inside_other_noun|type={event.type}"] = 1.0  # "sur invitation du maréchal": a noun's complement
            f["sibling_of_trigger"] = 1.0 if root.head.i == t.head.i and root.i != t.i else 0.0
            f["in_paren"] = 1.0 if text_of(doc)[max(0, m.start - 2):m.start].strip().endswith("(") else 0.0
    return f


def _scene_features(event: Event, slot: str, earlier: Event, doc: Doc) -> dict[str, float]:
    """How close the earlier event is, and whether it is the same occasion told on."""
    gap = event.sentence_start - earlier.sentence_start
    between = text_of(doc)[earlier.sentence_end:event.sentence_start]
    own = sum(1 for m in (doc._.mentions or ()) if event.sentence_start <= m.start < event.sentence_end
              and m.label == LABEL_OF[slot])
    f = {f"scene_gap<{next(b for b in (300, 1000, 10**9) if gap < b)}": 1.0,
         f"scene_paragraph_break={chr(10) in between}": 1.0,
         f"scene_same_type={earlier.type == event.type}": 1.0,
         f"scene_same_main={current_value(earlier, 'main') == current_value(event, 'main')}": 1.0,
         f"scene_own_{slot}s={min(own, 2)}": 1.0,
         f"scene_rule_empty={not current_value(event, slot)}": 1.0,
         f"type={event.type}|scene_rule_empty={not current_value(event, slot)}": 1.0}
    other = "date" if slot == "location" else "location"
    mine, theirs = current_value(event, other), current_value(earlier, other)
    f[f"scene_{other}={'same' if mine and mine == theirs else 'none' if not mine else 'differs'}"] = 1.0
    return f


def apply_linker(model: SlotModel, events: list[Event], doc: Doc, mentions: list[Mention], lexicon=None) -> list[Event]:
    """Each shipped slot of each event becomes the linker's best candidate."""
    parties = article_parties(doc, mentions, lexicon) if "main" in model.weights and events else None
    scene = [copy.copy(e) for e in events]  # the rules' slots: the linker learned from those, not from its own
    for event in events:
        for slot in SLOTS:
            if slot not in model.weights:
                continue
            cands = candidates(event, slot, mentions, parties, doc, scene)
            if len(cands) < 2:
                continue
            scores = [model.score(slot, candidate_features(event, slot, c, doc, len(cands), parties)) for c in cands]
            best = cands[max(range(len(cands)), key=scores.__getitem__)]
            chosen = current_value(event, slot) or NONE
            rules = [sc for c, sc in zip(cands, scores) if c.value == chosen]
            if rules and max(scores) - rules[0] <= model.margins.get(slot, 0.0):
                continue
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
    if cand.source is not None:  # the earlier event's place or date, as it holds them
        if slot == "location":
            event.location, event.country = cand.source.location, cand.source.country
        else:
            event.date, event.date_start, event.date_end = cand.source.date, cand.source.date_start, cand.source.date_end
        return
    if slot == "location":
        event.location = "" if cand.value == NONE else cand.value
        event.country = "" if m is None else (m.country or event.country)
    else:
        if cand.value == NONE or m is None:
            event.date = event.date_start = event.date_end = ""
        else:
            event.date, event.date_start, event.date_end = m.norm, m.date_start, m.date_end
