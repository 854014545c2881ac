"""Scoring of predicted mentions and events against gold, with no spaCy needed.

Definitions (they are also written into every report):

* **strict**: a prediction counts only with the exact character boundaries and the
  gold label (nervaluate ``strict`` = SemEval-2013 "strict", HIPE "strict").
* **partial**: per label, a prediction that overlaps a gold span of the same label
  counts 0.5, an exact one counts 1 (nervaluate ``partial`` run per label, so the
  label must agree; SemEval-2013 "partial"). P = (COR + 0.5 PAR) / ACT.
* **fuzzy**: per label, any overlap with a gold span of the same label counts 1
  (nervaluate ``ent_type`` run per label = HIPE "fuzzy").
* *overall* rows are micro sums of the per-label counts, so the label always has to
  agree (nervaluate's own overall ``partial`` ignores labels; we do not use it).

The counts come from nervaluate (with exclusive offsets turned into its inclusive
ones). A separate one-to-one alignment (exact first, then largest overlap) pairs
gold and predicted spans for the normalization scores and the error list.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from itertools import combinations
from typing import Any, Iterable, Sequence

from nervaluate import Evaluator
from nervaluate.entities import EvaluationResult

from pipeline.events.cluster import same_person
from pipeline.records import LABELS, Mention
from pipeline.text import ascii_key

NAME_LABELS = ("PER", "ORG", "LOC")
SCHEMES = ("strict", "partial", "fuzzy")
_NERVALUATE_SCHEME = {"strict": "strict", "partial": "partial", "fuzzy": "ent_type"}


# ---------------------------------------------------------------- records


def get_field(obj: Any, name: str, default: Any = None) -> Any:
    """Read a field from a dataclass, an object or a dict alike (gold and predictions differ)."""
    if isinstance(obj, dict):
        value = obj.get(name, default)
    else:
        value = getattr(obj, name, default)
    return default if value is None else value


def _amount(value: Any) -> float | None:
    return float(value) if value not in ("", None) else None


def scored_mention(obj: Any, text: str = "") -> Mention:
    """The mention as the scorer reads it: a records.Mention with its surface filled in from the article
    text when empty, amounts as floats and empty strings for missing values.

    `obj` is a Mention (gold, from pipeline.evaluate.gold, or predicted) or a gold JSON span dict.
    A Mention keeps its other fields (entity_id, date_grain, ...); the input is not modified."""
    start, end = int(get_field(obj, "start")), int(get_field(obj, "end"))
    base = obj if isinstance(obj, Mention) else Mention(str(get_field(obj, "article_id", "")), start, end, "", "")
    return replace(
        base,
        start=start,
        end=end,
        label=str(get_field(obj, "label")),
        text=str(get_field(obj, "text", "")) or text[start:end],
        norm=str(get_field(obj, "norm", "")),
        date_start=str(get_field(obj, "date_start", "")),
        date_end=str(get_field(obj, "date_end", "")),
        amount=_amount(get_field(obj, "amount")),
        amount_max=_amount(get_field(obj, "amount_max")),
        currency=str(get_field(obj, "currency", "")),
        qualifier=str(get_field(obj, "qualifier", "")),
    )


def overlap(a: Mention, b: Mention) -> int:
    """Characters two spans share."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def brief(span: Mention) -> dict:
    """What the error list shows of a span."""
    return {"start": span.start, "end": span.end, "label": span.label, "text": span.text, "norm": span.norm}


@dataclass(frozen=True)
class EventRec:
    """An event reduced to the slots we score."""

    type: str
    main: str = ""
    participants: tuple[str, ...] = ()
    initiator: str = ""
    location: str = ""
    date: str = ""
    evidence_start: int = 0
    evidence_end: int = 0
    trigger: str = ""
    trigger_start: int = 0
    trigger_end: int = 0
    confidence: float | None = None  # predictions only: the pipeline's probability that the event is real
    story: str = ""    # gold only: the same real-world event in other articles (GUIDELINES "story=")
    cluster: str = ""  # predictions only: the cross-article cluster the batch put the event in

    @classmethod
    def of(cls, obj: Any) -> "EventRec":
        """Build from a GoldEvent, a records.Event or a gold JSON dict.

        The main participant is the initiator, else the first participant; see main_agrees.
        Evidence offsets: gold ``evidence_start/end``, predictions ``sentence_start/end``.
        """
        participants = get_field(obj, "participants", [])
        if isinstance(participants, str):
            participants = [p.strip() for p in participants.split("|") if p.strip()]
        participants = tuple(str(p) for p in participants)
        initiator = str(get_field(obj, "initiator", ""))
        main = initiator or (participants[0] if participants else "")
        ev_start = get_field(obj, "evidence_start", None)
        ev_end = get_field(obj, "evidence_end", None)
        if ev_start is None or ev_end is None:
            ev_start, ev_end = get_field(obj, "sentence_start", 0), get_field(obj, "sentence_end", 0)
        return cls(
            type=str(get_field(obj, "type", "")),
            main=main,
            participants=participants,
            initiator=initiator,
            location=str(get_field(obj, "location", "")),
            date=str(get_field(obj, "date", "")),
            evidence_start=int(ev_start),
            evidence_end=int(ev_end),
            trigger=str(get_field(obj, "trigger", "")),
            trigger_start=int(get_field(obj, "trigger_start", 0)),
            trigger_end=int(get_field(obj, "trigger_end", 0)),
            confidence=get_field(obj, "confidence", None),
            story=str(get_field(obj, "story", "") or ""),
            cluster=str(get_field(obj, "cluster_id", "") or ""),
        )

    def brief(self) -> dict:
        d = asdict(self)
        d["participants"] = list(self.participants)
        return d


@dataclass
class DocPair:
    """Gold and predicted annotations of one article."""

    id: str
    text: str
    gold: list[Mention]  # as scored_mention() makes them
    pred: list[Mention]
    gold_events: list[EventRec] = field(default_factory=list)
    pred_events: list[EventRec] = field(default_factory=list)
    stories_marked: bool = False  # annotated under the story= convention (cluster gold)


# ---------------------------------------------------------------- helpers


def fold_name(name: str) -> str:
    """Canonical-name comparison key: case, accents, hyphens, apostrophes and punctuation ignored.

    "Khalifa Haftar" == "khalifa haftar", "Al-Sissi" == "al Sissi", "Égypte" == "Egypte".
    """
    return ascii_key(name)


def prf(tp: float, n_pred: float, n_gold: float) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "n_pred": n_pred, "n_gold": n_gold, "precision": p, "recall": r, "f1": f}


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def iso_bounds(value: str) -> tuple[str, str] | None:
    """Day bounds of an ISO 8601 value at its precision (day, month, year, week, a/b interval)."""
    import calendar
    from datetime import date, timedelta

    value = (value or "").strip()
    if not value:
        return None
    if "/" in value:
        a, b = value.split("/", 1)
        ba, bb = iso_bounds(a), iso_bounds(b)
        if ba is None or bb is None:
            return None
        return ba[0], bb[1]
    if m := _ISO_DAY.match(value):
        d = value[:10]
        return d, d
    if m := _ISO_MONTH.match(value):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            return None
        last = calendar.monthrange(y, mo)[1]
        return f"{y:04d}-{mo:02d}-01", f"{y:04d}-{mo:02d}-{last:02d}"
    if m := _ISO_YEAR.match(value):
        return f"{m[1]}-01-01", f"{m[1]}-12-31"
    if m := _ISO_WEEK.match(value):
        try:
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
        return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
    return None


def span_bounds(span: Mention) -> tuple[str, str] | None:
    """The day bounds a DATE span states, or derives from its norm."""
    if span.date_start and span.date_end:
        return span.date_start[:10], span.date_end[:10]
    return iso_bounds(span.norm)


def _amount_equal(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


# ---------------------------------------------------------------- span scores


def _nervaluate_docs(docs: Sequence[DocPair], attr: str) -> list[list[dict]]:
    # nervaluate's overlap test treats `end` as inclusive; ours are exclusive offsets.
    return [
        [{"label": s.label, "start": s.start, "end": s.end - 1} for s in sorted(getattr(d, attr), key=lambda s: (s.start, s.end))]
        for d in docs
    ]


def _result_dict(res: EvaluationResult) -> dict:
    return {
        "correct": res.correct,
        "incorrect": res.incorrect,
        "partial": res.partial,
        "missed": res.missed,
        "spurious": res.spurious,
        "actual": res.actual,
        "possible": res.possible,
        "precision": res.precision,
        "recall": res.recall,
        "f1": res.f1,
    }


def span_scores(docs: Sequence[DocPair], labels: Sequence[str] = LABELS) -> dict:
    """P/R/F1 per label and overall under the strict, partial and fuzzy schemes (nervaluate)."""
    labels = list(labels)
    per_label: dict[str, dict[str, EvaluationResult]] = {
        lab: {s: EvaluationResult() for s in SCHEMES} for lab in labels
    }
    if docs:
        ev = Evaluator(_nervaluate_docs(docs, "gold"), _nervaluate_docs(docs, "pred"), tags=labels, loader="dict")
        results = ev.evaluate()["entities"]
        for lab, by_scheme in results.items():
            for scheme in SCHEMES:
                per_label[lab][scheme] = by_scheme[_NERVALUATE_SCHEME[scheme]]
    out: dict[str, Any] = {"labels": {}, "overall": {}}
    for lab in labels:
        out["labels"][lab] = {}
        for scheme in SCHEMES:
            res = per_label[lab][scheme]
            res.compute_metrics(partial_or_type=scheme != "strict")
            out["labels"][lab][scheme] = _result_dict(res)
    for scheme in SCHEMES:
        total = EvaluationResult()
        for lab in labels:
            r = per_label[lab][scheme]
            total.correct += r.correct
            total.incorrect += r.incorrect
            total.partial += r.partial
            total.missed += r.missed
            total.spurious += r.spurious
        total.compute_metrics(partial_or_type=scheme != "strict")
        out["overall"][scheme] = _result_dict(total)
    for lab in labels:
        out["labels"][lab]["n_gold"] = sum(1 for d in docs for s in d.gold if s.label == lab)
        out["labels"][lab]["n_pred"] = sum(1 for d in docs for s in d.pred if s.label == lab)
    return out


# ---------------------------------------------------------------- alignment


@dataclass
class SpanMatch:
    """One outcome of the alignment: kind is exact | boundary | label | spurious | missed."""

    kind: str
    gold: Mention | None
    pred: Mention | None


def align_spans(gold: Sequence[Mention], pred: Sequence[Mention]) -> list[SpanMatch]:
    """One-to-one alignment: exact span+label, then same-label overlap, then other-label overlap.

    Within each pass the largest overlap wins, ties go to the earliest span, so the
    result does not depend on input order.
    """
    gold = sorted(gold, key=lambda s: (s.start, s.end, s.label))
    pred = sorted(pred, key=lambda s: (s.start, s.end, s.label))
    free_g, free_p = set(range(len(gold))), set(range(len(pred)))
    out: list[SpanMatch] = []

    def take(kind: str, ok) -> None:
        cands = [
            (-overlap(gold[i], pred[j]), i, j)
            for i in free_g
            for j in free_p
            if overlap(gold[i], pred[j]) > 0 and ok(gold[i], pred[j])
        ]
        for _neg, i, j in sorted(cands):
            if i in free_g and j in free_p:
                free_g.discard(i)
                free_p.discard(j)
                out.append(SpanMatch(kind, gold[i], pred[j]))

    take("exact", lambda g, p: (g.start, g.end, g.label) == (p.start, p.end, p.label))
    take("boundary", lambda g, p: g.label == p.label)
    take("label", lambda g, p: g.label != p.label)
    out.extend(SpanMatch("spurious", None, pred[j]) for j in sorted(free_p))
    out.extend(SpanMatch("missed", gold[i], None) for i in sorted(free_g))
    out.sort(key=lambda m: ((m.gold or m.pred).start, (m.gold or m.pred).end))
    return out


# ---------------------------------------------------------------- normalization


def norm_checks(g: Mention, p: Mention) -> dict[str, bool]:
    """Which normalization checks apply to a matched pair, and whether each passed."""
    checks: dict[str, bool] = {}
    if g.label == "DATE":
        checks["date_value"] = (g.norm or "").strip() == (p.norm or "").strip()
        gb = span_bounds(g)
        if gb is not None:
            pb = span_bounds(p)
            checks["date_bounds"] = pb is not None and pb[0] <= gb[1] and gb[0] <= pb[1]
    elif g.label == "MONEY":
        checks["money"] = _amount_equal(g.amount, p.amount) and g.currency.upper() == p.currency.upper()
        checks["money_qualifier"] = (g.qualifier or "") == (p.qualifier or "")
    elif g.label in NAME_LABELS:
        checks["name"] = fold_name(g.norm or g.text) == fold_name(p.norm or p.text)
    return checks


NORM_METRICS = {
    "date_value": "DATE value exact",
    "date_bounds": "DATE bounds overlap",
    "money": "MONEY amount + currency",
    "money_qualifier": "MONEY qualifier",
    "name": "canonical name",
}


def norm_scores(matches: Iterable[SpanMatch]) -> dict:
    """Accuracy of each normalization check over exact and same-label overlapping matches."""
    n: Counter = Counter()
    ok: Counter = Counter()
    for m in matches:
        if m.kind not in ("exact", "boundary"):
            continue
        for check, passed in norm_checks(m.gold, m.pred).items():
            key = f"{m.gold.label}:{check}" if check == "name" else check
            n[key] += 1
            ok[key] += int(passed)
            if m.kind == "exact":
                n[key + "@strict"] += 1
                ok[key + "@strict"] += int(passed)
    return {k: {"n": n[k], "correct": ok[k], "accuracy": ok[k] / n[k] if n[k] else None} for k in sorted(n)}


# ---------------------------------------------------------------- events


def _date_key(d: str) -> str:
    return (d or "").strip()[:10] if "/" not in (d or "") else d.strip()


def same_party(gold: str, pred: str) -> bool:
    """One party under two spellings: equal once folded, or one person's name in two transliterations
    ('Viktor Goremykine' / 'Victor Goremykin': each annotator picks a canonical spelling for a person the
    gazetteer does not know, and that choice is not what an event table is judged on)."""
    a, b = fold_name(gold), fold_name(pred)
    return bool(a) and (a == b or same_person(gold, pred))


def main_agrees(g: EventRec, p: EventRec) -> bool | None:
    """Predicted main participant = gold one (None when both are empty).

    When the gold event names no initiator (a meeting, a joint exercise: nobody leads),
    the order of its participants means nothing, so any gold participant counts.
    """
    a, b = fold_name(g.main), fold_name(p.main)
    if not a and not b:
        return None
    if a and same_party(g.main, p.main):
        return True
    return bool(b) and not g.initiator and any(same_party(x, p.main) for x in g.participants)


def _participant_tp(gold: Sequence[str], pred: Sequence[str]) -> int:
    """Participants in common, one to one, spelling-tolerant for people (`same_party`)."""
    left = list(pred)
    tp = 0
    for g in gold:
        hit = next((i for i, p in enumerate(left) if same_party(g, p)), None)
        if hit is not None:
            tp += 1
            del left[hit]
    return tp


def _slot_agreement(g: EventRec, p: EventRec) -> dict[str, bool | None]:
    """Slot-by-slot agreement; None when both sides leave the slot empty (not scored)."""
    out: dict[str, bool | None] = {"main": main_agrees(g, p)}
    for slot, a, b in (
        ("location", fold_name(g.location), fold_name(p.location)),
        ("date", _date_key(g.date), _date_key(p.date)),
    ):
        out[slot] = None if not a and not b else a == b
    return out


EVENT_TUPLES = {
    "type": ("type",),
    "type_participant": ("type", "main"),
    "slot": ("type", "main", "location", "date"),
}


def tuple_match(g: EventRec, p: EventRec, slots: Sequence[str]) -> bool:
    """Every slot of the tuple agrees (an empty slot on both sides agrees)."""
    if "type" in slots and g.type != p.type:
        return False
    agreement = _slot_agreement(g, p)
    return all(agreement[s] is not False for s in slots if s != "type")


def max_matching(gold: Sequence[EventRec], pred: Sequence[EventRec], ok) -> int:
    """Size of a maximum one-to-one matching under the predicate ok(g, p) (augmenting paths)."""
    adj = [[j for j, p in enumerate(pred) if ok(g, p)] for g in gold]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(augment(i, set()) for i in range(len(gold)))


def align_events(gold: Sequence[EventRec], pred: Sequence[EventRec]) -> tuple[list[tuple[EventRec, EventRec]], list[EventRec], list[EventRec]]:
    """Pair events of one article: same type and overlapping evidence, else same type and a shared slot.

    Pairs are taken greedily by (evidence overlap, number of agreeing slots).
    """
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if g.type != p.type:
                continue
            ev_overlap = max(0, min(g.evidence_end, p.evidence_end) - max(g.evidence_start, p.evidence_start))
            agree = sum(1 for v in _slot_agreement(g, p).values() if v)
            if ev_overlap <= 0 and agree == 0:
                continue
            cands.append((-(ev_overlap > 0), -agree, -ev_overlap, i, j))
    used_g, used_p, pairs = set(), set(), []
    for *_k, i, j in sorted(cands):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((gold[i], pred[j]))
    missed = [g for i, g in enumerate(gold) if i not in used_g]
    spurious = [p for j, p in enumerate(pred) if j not in used_p]
    return pairs, missed, spurious


SLOT_FILLS = ("type", "main", "location", "date")


def slot_fill_counts(gold: Sequence[EventRec], pred: Sequence[EventRec]) -> tuple[int, int, int]:
    """MUC-style slot filling: each filled slot of each event is scored on its own.

    Returns (correct fills, predicted fills, gold fills). A missed or spurious event
    counts all its fills as missed or spurious; an aligned pair scores a fill correct
    when both sides fill the slot and agree. Partial credit that the tuple F1 withholds.
    """
    def filled(e: EventRec) -> int:
        return sum(1 for s in SLOT_FILLS if getattr(e, s))

    pairs, missed, spurious = align_events(gold, pred)
    tp = n_pred = n_gold = 0
    for g, p in pairs:
        n_gold += filled(g)
        n_pred += filled(p)
        agreement = {"type": g.type == p.type, **_slot_agreement(g, p)}
        tp += sum(1 for s in SLOT_FILLS if agreement[s])
    n_gold += sum(filled(g) for g in missed)
    n_pred += sum(filled(p) for p in spurious)
    return tp, n_pred, n_gold


def event_scores(docs: Sequence[DocPair]) -> dict:
    """Event detection, per-slot accuracy on aligned events, and tuple F1s.

    Tuple F1s count, per article, a maximum one-to-one matching of gold and predicted
    events whose (type), (type, main participant) or (type, main participant, location,
    date) all agree; independent of the evidence-based alignment.
    """
    tuple_counts = {name: [0, 0, 0] for name in EVENT_TUPLES}  # tp, pred, gold
    n_pairs = n_gold = n_pred = 0
    slot_n: Counter = Counter()
    slot_ok: Counter = Counter()
    part_tp = part_pred = part_gold = 0
    fills = [0, 0, 0]
    judged: list[tuple[float, int]] = []  # (confidence, 1 when a gold event stands behind it)
    for d in docs:
        for k, v in enumerate(slot_fill_counts(d.gold_events, d.pred_events)):
            fills[k] += v
        for name, slots in EVENT_TUPLES.items():
            tuple_counts[name][0] += max_matching(d.gold_events, d.pred_events, lambda g, p, s=slots: tuple_match(g, p, s))
            tuple_counts[name][1] += len(d.pred_events)
            tuple_counts[name][2] += len(d.gold_events)
        pairs, _missed, _spurious = align_events(d.gold_events, d.pred_events)
        aligned = {id(p) for _g, p in pairs}
        judged += [(float(p.confidence), int(id(p) in aligned)) for p in d.pred_events if p.confidence is not None]
        n_pairs += len(pairs)
        n_gold += len(d.gold_events)
        n_pred += len(d.pred_events)
        for g, p in pairs:
            for slot, v in _slot_agreement(g, p).items():
                if v is not None:
                    slot_n[slot] += 1
                    slot_ok[slot] += int(v)
            part_tp += _participant_tp(g.participants, p.participants)
            part_pred += len(p.participants)
            part_gold += len(g.participants)
    return {
        "detection": prf(n_pairs, n_pred, n_gold),
        "slots": {
            s: {"n": slot_n[s], "correct": slot_ok[s], "accuracy": slot_ok[s] / slot_n[s] if slot_n[s] else None}
            for s in ("main", "location", "date")
        },
        "participants": prf(part_tp, part_pred, part_gold),
        "tuples": {name: prf(*c) for name, c in tuple_counts.items()},
        "slot_fills": prf(*fills),
        "calibration": calibration(judged),
        "clusters": cluster_scores(docs),
    }


def cluster_scores(docs: Sequence[DocPair]) -> dict | None:
    """Pairwise precision and recall of the cross-article clusters against the gold stories.

    A gold pair is two events of different articles with the same `story`; a predicted pair is two events of
    different articles with the same `cluster`.  Precision is over the predicted pairs whose two events both
    align with gold events (a spurious event's join cannot be judged); recall is over every gold pair, a pair
    with a missed event counting as not found.  Only articles annotated under the story convention are
    judged (their unmarked rows are told once), when the split has any.  None when the split marks no story."""
    docs = [d for d in docs if d.stories_marked] or list(docs)
    gold_of: dict[int, tuple[str, int]] = {}  # id(pred event) -> (doc id, index of its gold event)
    stories: dict[tuple[str, int], str] = {}
    preds: list[tuple[str, EventRec]] = []
    for d in docs:
        index = {id(g): i for i, g in enumerate(d.gold_events)}
        for i, g in enumerate(d.gold_events):
            if g.story:
                stories[(d.id, i)] = g.story
        pairs, _missed, _spurious = align_events(d.gold_events, d.pred_events)
        for g, p in pairs:
            gold_of[id(p)] = (d.id, index[id(g)])
        preds += [(d.id, p) for p in d.pred_events]
    gold_pairs = {frozenset((a, b)) for a, b in combinations(sorted(stories), 2)
                  if a[0] != b[0] and stories[a] == stories[b]}
    if not gold_pairs:
        return None
    by_cluster: dict[str, list[tuple[str, EventRec]]] = {}
    for doc_id, p in preds:
        if p.cluster:
            by_cluster.setdefault(p.cluster, []).append((doc_id, p))
    judged = right = 0
    found: set[frozenset] = set()
    for members in by_cluster.values():
        for (da, pa), (db, pb) in combinations(members, 2):
            if da == db or id(pa) not in gold_of or id(pb) not in gold_of:
                continue
            judged += 1
            pair = frozenset((gold_of[id(pa)], gold_of[id(pb)]))
            if pair in gold_pairs:
                right += 1
                found.add(pair)
    out = prf(right, judged, len(gold_pairs))
    out["recall"] = len(found) / len(gold_pairs)
    pr, rc = out["precision"], out["recall"]
    out["f1"] = 2 * pr * rc / (pr + rc) if pr and rc else 0.0
    out.update(gold_pairs=len(gold_pairs), judged_pairs=judged, stories=len(set(stories.values())))
    return out


def calibration(judged: Sequence[tuple[float, int]], bins: int = 5) -> dict:
    """How far the events' confidence is from how often they are right: the expected calibration error
    (size-weighted mean gap over equal-width bins) and the bins themselves, for a reliability plot."""
    table, gap = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, y) for c, y in judged if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if inside:
            mean_conf = sum(c for c, _ in inside) / len(inside)
            accuracy = sum(y for _, y in inside) / len(inside)
            gap += abs(mean_conf - accuracy) * len(inside)
            table.append({"from": lo, "to": hi, "n": len(inside), "confidence": round(mean_conf, 3),
                          "accuracy": round(accuracy, 3)})
    return {"n": len(judged), "ece": round(gap / len(judged), 4) if judged else None, "bins": table}


# ---------------------------------------------------------------- errors


_SENT_END = re.compile(r"(?<=[.!?…»])\s+(?=[«\"A-ZÀ-ÖØ-Þ0-9])|\n+")


_ABBREV = re.compile(r"(?:^|[\s(])(?:M|MM|Mme|Mmes|Mlle|Dr|Pr|Me|Mgr|St|Ste|gén|col|lt|[A-Z])\.$")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around [start, end): cut at . ! ? followed by a capital, or a newline.

    Not after a title abbreviation or an initial ("M. Poutine", "J. Biden").
    """
    s, e = 0, len(text)
    for m in _SENT_END.finditer(text):
        if m.group().strip() == "" and "\n" not in m.group() and _ABBREV.search(text[max(0, m.start() - 6):m.start()]):
            continue
        if m.end() <= start:
            s = m.end()
        elif m.start() >= end:
            e = m.start()
            break
    return s, e


def _error(doc: DocPair, kind: str, g: Mention | None, p: Mention | None, detail: str = "") -> dict:
    lo = min(x.start for x in (g, p) if x is not None)
    hi = max(x.end for x in (g, p) if x is not None)
    s, e = sentence_bounds(doc.text, lo, hi)
    return {
        "article": doc.id,
        "kind": kind,
        "label": (g or p).label,
        "gold": brief(g) if g else None,
        "pred": brief(p) if p else None,
        "detail": detail,
        "sentence": {"start": s, "end": e, "text": doc.text[s:e]},
    }


def span_errors(doc: DocPair, matches: Sequence[SpanMatch] | None = None) -> list[dict]:
    """Every non-exact outcome and every wrong norm, each with its sentence."""
    if matches is None:
        matches = align_spans(doc.gold, doc.pred)
    errors = []
    for m in matches:
        if m.kind == "spurious":
            errors.append(_error(doc, "false_positive", None, m.pred))
        elif m.kind == "missed":
            errors.append(_error(doc, "false_negative", m.gold, None))
        elif m.kind == "label":
            errors.append(_error(doc, "wrong_label", m.gold, m.pred, f"{m.gold.label} predicted as {m.pred.label}"))
        if m.kind == "boundary":
            errors.append(_error(doc, "boundary", m.gold, m.pred))
        if m.kind in ("exact", "boundary"):
            failed = [c for c, ok in norm_checks(m.gold, m.pred).items() if not ok and c != "money_qualifier"]
            if failed:
                if m.gold.label == "MONEY":
                    detail = f"gold {m.gold.amount} {m.gold.currency} / predicted {m.pred.amount} {m.pred.currency}"
                else:
                    detail = f"gold {m.gold.norm!r} / predicted {m.pred.norm!r}"
                errors.append(_error(doc, "wrong_norm", m.gold, m.pred, f"{', '.join(failed)}: {detail}"))
    return errors


def event_errors(doc: DocPair) -> list[dict]:
    """Missed and spurious events, and aligned events whose slots disagree."""
    pairs, missed, spurious = align_events(doc.gold_events, doc.pred_events)
    out = []

    def entry(kind: str, g: EventRec | None, p: EventRec | None, detail: str = "") -> dict:
        ref = g or p
        s, e = ref.evidence_start, ref.evidence_end
        if e <= s:
            s, e = 0, 0
        return {
            "article": doc.id,
            "kind": kind,
            "type": ref.type,
            "gold": g.brief() if g else None,
            "pred": p.brief() if p else None,
            "detail": detail,
            "sentence": {"start": s, "end": e, "text": doc.text[s:e]},
        }

    # Left-overs whose evidence overlaps are one event typed differently: say so rather than miss + spurious.
    retyped = []
    for g in list(missed):
        for p in spurious:
            if min(g.evidence_end, p.evidence_end) > max(g.evidence_start, p.evidence_start):
                retyped.append((g, p))
                missed.remove(g)
                spurious.remove(p)
                break
    for g, p in retyped:
        out.append(entry("event_wrong_type", g, p, f"gold {g.type} / predicted {p.type} (counts as missed + spurious)"))
    for g in missed:
        out.append(entry("event_missed", g, None))
    for p in spurious:
        out.append(entry("event_spurious", None, p))
    for g, p in pairs:
        bad = [
            f"{slot}: gold {getattr(g, slot)!r} / predicted {getattr(p, slot)!r}"
            for slot, v in _slot_agreement(g, p).items()
            if v is False
        ]
        if bad:
            out.append(entry("event_slot", g, p, "; ".join(bad)))
    return out


# ---------------------------------------------------------------- all together


def score(docs: Sequence[DocPair], labels: Sequence[str] = LABELS, with_events: bool = True) -> dict:
    """Span, normalization and (optionally) event scores plus the error list of one system."""
    all_matches: list[SpanMatch] = []
    errors: list[dict] = []
    kinds: Counter = Counter()
    for d in docs:
        matches = align_spans(d.gold, d.pred)
        all_matches.extend(matches)
        kinds.update(m.kind for m in matches)
        errors.extend(span_errors(d, matches))
        if with_events:
            errors.extend(event_errors(d))
    result = {
        "spans": span_scores(docs, labels),
        "alignment": dict(kinds),
        "normalization": norm_scores(all_matches),
        "errors": errors,
    }
    if with_events:
        result["events"] = event_scores(docs)
    return result
