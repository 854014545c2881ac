"""Gold annotations: typed records, loading, validation and interchange formats.

Gold files are JSONL, one article a line, shaped like a Prodigy/spaCy task
(``{"text", "meta", "spans", "events"}``) so annotation tools can read them. The
records here are what the scorer and the CLI (`press-events gold import/export`)
work with; every offset is a character offset into ``text`` exactly as ingested.

Interchange:
* doccano sequence-labelling JSONL: ``{"text", "label": [[start, end, "LABEL"], ...], ...meta}``;
  the normal forms travel in an extra ``"spans"`` key, which doccano keeps on export.
* Label Studio tasks: ``{"data": {"text", "meta"}, "annotations": [{"result": [...]}]}``
  with one ``labels`` region per span and, for each region, a ``textarea`` result
  (``from_name="norm"``) on the same region id carrying the norm, so norms survive
  a round trip through the Label Studio UI; the other detail fields ride in ``meta``.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from pipeline.records import EVENT_TYPES, LABELS, Mention

SPLITS = ("train", "dev", "test", "heldout", "heldout2", "heldout3", "sealedb", "sealedc", "sealedd", "sealede", "sealedf", "sealedg", "sealedh")  # sealed: see runner.SEALED_SPLITS
GRAINS = ("", "day", "week", "month", "season", "year", "interval")
QUALIFIERS = ("", "more_than", "less_than", "about")
FORMATS = ("jsonl", "doccano", "label-studio")

# ISO 8601 at any precision, intervals with "/" (same shape as the contract checker).
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?)?|-W\d{2})?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PUBLISHED = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")  # a publication date may be partial


# A gold span is a records.Mention: the record pipeline output, the scorer and the store also use.
# Keys of one item of a gold doc's "spans" -> Mention fields (the files say "grain" for date_grain).
SPAN_KEYS = {"start": "start", "end": "end", "label": "label", "norm": "norm", "text": "text",
             "date_start": "date_start", "date_end": "date_end", "grain": "date_grain",
             "amount": "amount", "amount_max": "amount_max", "currency": "currency", "qualifier": "qualifier",
             "linked_to": "linked_to"}  # linked_to: index in the doc's span list of the amount this one converts


def span_from_dict(d: dict, article_id: str = "") -> Mention:
    """One gold span read from its JSON form; keys other than the gold ones are ignored."""
    kw = {SPAN_KEYS[k]: v for k, v in d.items() if k in SPAN_KEYS}
    kw.setdefault("text", "")
    return Mention(article_id=article_id, **kw)


def span_to_dict(span: Mention) -> dict:
    """Compact JSON of a gold span: label-specific keys only where they apply."""
    d: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label, "norm": span.norm, "text": span.text}
    if span.label == "DATE":
        d.update(date_start=span.date_start, date_end=span.date_end, grain=span.date_grain)
    if span.label == "MONEY":
        d.update(amount=_num(span.amount), amount_max=_num(span.amount_max), currency=span.currency,
                 qualifier=span.qualifier, linked_to=span.linked_to)
    return d


def gold_span(start: int, end: int, label: str, norm: str = "", text: str = "", *, article_id: str = "",
              grain: str = "", **fields: Any) -> Mention:
    """A gold span made by hand (builders, tests), in the argument order of the gold files."""
    fields.setdefault("date_grain", grain)
    return Mention(article_id, start, end, text, label, norm=norm, **fields)


class GoldSpan(Mention):
    """Deprecated adapter, kept for callers that still build spans the old way (corpus/gold/build_gold.py).

    A records.Mention with the old constructor (start, end, label, norm, text, ...) and `grain` read and
    written as `date_grain`. New code uses `gold_span()`; `load_gold` returns plain Mentions."""

    def __init__(self, start: int, end: int, label: str, norm: str = "", text: str = "", **fields: Any):
        if "grain" in fields:
            fields["date_grain"] = fields.pop("grain")
        fields.setdefault("article_id", "")
        super().__init__(start=start, end=end, label=label, norm=norm, text=text, **fields)

    @property
    def grain(self) -> str:
        return self.date_grain

    @grain.setter
    def grain(self, value: str) -> None:
        self.date_grain = value


@dataclass
class GoldEvent:
    """One gold event; names are canonical (the norms of the spans)."""

    type: str
    trigger: str = ""
    trigger_start: int = 0
    trigger_end: int = 0
    participants: list[str] = field(default_factory=list)
    initiator: str = ""
    counterpart: str = ""
    location: str = ""
    date: str = ""
    amount: float | None = None
    currency: str | None = None
    planned: bool = False
    cameo: str = ""
    evidence_start: int = 0
    evidence_end: int = 0
    # the same real-world event told by other articles carries the same story id (cluster gold)
    story: str = ""

    @classmethod
    def from_dict(cls, d: dict) -> "GoldEvent":
        known = {f.name for f in fields(cls)}
        out = cls(**{k: v for k, v in d.items() if k in known})
        out.initiator = out.initiator or ""
        out.counterpart = out.counterpart or ""
        out.location = out.location or ""
        out.date = out.date or ""
        return out

    def to_dict(self) -> dict:
        d = asdict(self)
        d["amount"] = _num(self.amount)
        if not self.story:  # most events are told once; keep the files as they were
            del d["story"]
        return d


@dataclass
class GoldDoc:
    """One annotated article."""

    text: str
    meta: dict
    spans: list[Mention] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)

    def __post_init__(self) -> None:
        for span in self.spans:  # a span knows its article, as every Mention does
            if not span.article_id:
                span.article_id = self.id

    @property
    def id(self) -> str:
        return str(self.meta.get("id", ""))

    @property
    def split(self) -> str:
        return str(self.meta.get("split", ""))

    @classmethod
    def from_dict(cls, d: dict) -> "GoldDoc":
        return cls(
            text=d["text"],
            meta=dict(d.get("meta") or {}),
            spans=[span_from_dict(s) for s in d.get("spans") or []],
            events=[GoldEvent.from_dict(e) for e in d.get("events") or []],
        )

    def to_dict(self) -> dict:
        return {"text": self.text, "meta": self.meta, "spans": [span_to_dict(s) for s in self.spans],
                "events": [e.to_dict() for e in self.events]}


def _num(x: float | None) -> int | float | None:
    """Amounts are integers in units whenever they can be: 4e9 -> 4000000000."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() else float(x)


# ---------------------------------------------------------------- load / write


def _jsonl_files(path: Path) -> list[Path]:
    path = Path(path)
    return sorted(path.glob("*.jsonl")) if path.is_dir() else [path]


def load_gold(path: Path, split: str | None = None) -> list[GoldDoc]:
    """Gold docs from a JSONL file or every *.jsonl of a folder, optionally one split."""
    docs: list[GoldDoc] = []
    for f in _jsonl_files(path):
        for n, line in enumerate(Path(f).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                doc = GoldDoc.from_dict(json.loads(line))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{f}:{n}: not a gold record ({exc})") from exc
            if split is None or doc.split == split:
                docs.append(doc)
    return docs


def write_gold(docs: Iterable[GoldDoc], path: Path) -> None:
    """One doc a line, UTF-8, non-ASCII kept readable."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")


# ---------------------------------------------------------------- validation


def _iso_ok(value: str) -> bool:
    return all(_ISO.match(p) for p in value.split("/")) if value else True


def _is_currency(code: str) -> bool:
    import pycountry

    return bool(code) and pycountry.currencies.get(alpha_3=code.upper()) is not None and code == code.upper()


def validate(doc: GoldDoc) -> list[str]:
    """Problems found in one doc (empty list = valid). Checks every offset against the text."""
    problems: list[str] = []
    where = doc.id or "?"
    n = len(doc.text)
    if doc.meta.get("split") not in (None, *SPLITS):
        problems.append(f"{where}: split {doc.meta.get('split')!r}")
    pub = doc.meta.get("published")
    if pub and not _PUBLISHED.match(str(pub)):
        problems.append(f"{where}: published {pub!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    ordered = sorted(enumerate(doc.spans), key=lambda p: (p[1].start, p[1].end))
    for i, s in enumerate(doc.spans):
        at = f"{where} span {i} {s.label} {s.start}-{s.end}"
        if s.label not in LABELS:
            problems.append(f"{at}: label {s.label!r} not in {LABELS}")
        if not (0 <= s.start < s.end <= n):
            problems.append(f"{at}: offsets out of range (text has {n} chars)")
            continue
        surface = doc.text[s.start:s.end]
        if s.text and s.text != surface:
            problems.append(f"{at}: text {s.text!r} != text[start:end] {surface!r}")
        if surface != surface.strip():
            problems.append(f"{at}: span has leading/trailing whitespace {surface!r}")
        if s.label == "DATE":
            if not _iso_ok(s.norm):
                problems.append(f"{at}: DATE norm {s.norm!r} is not ISO 8601")
            for b in (s.date_start, s.date_end):
                if b and not _DAY.match(b):
                    problems.append(f"{at}: DATE bound {b!r} is not an ISO day")
            if s.date_start and s.date_end and s.date_start > s.date_end:
                problems.append(f"{at}: date_start after date_end")
            if s.norm and not (s.date_start and s.date_end):
                problems.append(f"{at}: resolved DATE without day bounds")
            if s.date_grain not in GRAINS:
                problems.append(f"{at}: grain {s.date_grain!r}")
        elif s.label == "MONEY":
            if not _is_currency(s.currency):
                problems.append(f"{at}: currency {s.currency!r} is not ISO 4217")
            if s.amount is None or s.amount < 0:
                problems.append(f"{at}: amount {s.amount!r}")
            if s.amount_max is not None and s.amount is not None and s.amount_max < s.amount:
                problems.append(f"{at}: amount_max < amount")
            if s.qualifier not in QUALIFIERS:
                problems.append(f"{at}: qualifier {s.qualifier!r}")
            if s.norm and s.amount is not None and s.norm != f"{_num(s.amount)} {s.currency}":
                problems.append(f"{at}: norm {s.norm!r} disagrees with amount/currency")
            if s.linked_to is not None and not (0 <= s.linked_to < len(doc.spans) and doc.spans[s.linked_to].label == "MONEY"):
                problems.append(f"{at}: linked_to {s.linked_to} is not a MONEY span")
        elif not s.norm:
            problems.append(f"{at}: {s.label} without norm")
    for (i, a), (j, b) in zip(ordered, ordered[1:]):
        if b.start < a.end:
            problems.append(f"{where}: spans {i} {a.start}-{a.end} and {j} {b.start}-{b.end} overlap")
    for k, e in enumerate(doc.events):
        at = f"{where} event {k} {e.type}"
        if e.type not in EVENT_TYPES:
            problems.append(f"{at}: type {e.type!r}")
        if not (0 <= e.trigger_start < e.trigger_end <= n) or doc.text[e.trigger_start:e.trigger_end] != e.trigger:
            problems.append(f"{at}: trigger {e.trigger!r} does not match its offsets")
        if not (0 <= e.evidence_start <= e.trigger_start and e.trigger_end <= e.evidence_end <= n):
            problems.append(f"{at}: evidence {e.evidence_start}-{e.evidence_end} does not contain the trigger")
        if not _iso_ok(e.date or ""):
            problems.append(f"{at}: date {e.date!r} is not ISO 8601")
        if e.currency and not _is_currency(e.currency):
            problems.append(f"{at}: currency {e.currency!r}")
        if not e.participants:
            problems.append(f"{at}: no participants")
        for role in (e.initiator, e.counterpart):
            if role and role not in e.participants:
                problems.append(f"{at}: {role!r} is not among the participants")
    return problems


# ---------------------------------------------------------------- doccano


def to_doccano(docs: Iterable[GoldDoc]) -> list[dict]:
    """doccano sequence-labelling JSONL records; full spans (norms) kept in an extra key."""
    out = []
    for doc in docs:
        out.append({
            "text": doc.text,
            "label": [[s.start, s.end, s.label] for s in doc.spans],
            "meta": doc.meta,
            "spans": [span_to_dict(s) for s in doc.spans],
            "events": [e.to_dict() for e in doc.events],
        })
    return out


def from_doccano(lines: Iterable[dict | str]) -> list[GoldDoc]:
    """Back from doccano. Labels edited in doccano win; norms are kept for unchanged spans."""
    docs = []
    for rec in lines:
        if isinstance(rec, str):
            if not rec.strip():
                continue
            rec = json.loads(rec)
        text = rec["text"]
        known = {(d["start"], d["end"], d["label"]): d for d in rec.get("spans") or []}
        labels = rec.get("label") or rec.get("labels") or []
        spans = []
        for start, end, label in labels:
            d = dict(known.get((start, end, label), {"start": start, "end": end, "label": label}))
            d["text"] = text[start:end]
            spans.append(span_from_dict(d))
        spans = _remap_links(spans, rec.get("spans") or [])
        meta = rec.get("meta") or {k: v for k, v in rec.items() if k not in ("text", "label", "labels", "spans", "events", "id")}
        docs.append(GoldDoc(text=text, meta=dict(meta), spans=spans,
                            events=[GoldEvent.from_dict(e) for e in rec.get("events") or []]))
    return docs


def _remap_links(spans: list[Mention], original: list[dict]) -> list[Mention]:
    """linked_to indexes the original span list; re-point it after a tool reordered or dropped spans."""
    pos = {(s.start, s.end, s.label): i for i, s in enumerate(spans)}
    for s in spans:
        if s.linked_to is not None:
            target = original[s.linked_to] if 0 <= s.linked_to < len(original) else None
            s.linked_to = pos.get((target["start"], target["end"], target["label"])) if target else None
    return spans


# ---------------------------------------------------------------- Label Studio


def to_label_studio(docs: Iterable[GoldDoc], as_predictions: bool = False) -> list[dict]:
    """Label Studio task list: a ``labels`` region per span plus a ``norm`` textarea on the same region."""
    tasks = []
    for doc in docs:
        result = []
        for i, s in enumerate(doc.spans):
            rid = f"s{i}"
            value = {"start": s.start, "end": s.end, "text": doc.text[s.start:s.end]}
            result.append({"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
                           "value": {**value, "labels": [s.label]}})
            result.append({"id": rid, "from_name": "norm", "to_name": "text", "type": "textarea",
                           "value": {**value, "text": [s.norm]}})
        key = "predictions" if as_predictions else "annotations"
        tasks.append({
            "data": {"text": doc.text, "meta": doc.meta},
            key: [{"result": result}],
            "meta": {"spans": [span_to_dict(s) for s in doc.spans], "events": [e.to_dict() for e in doc.events]},
        })
    return tasks


def from_label_studio(tasks: Iterable[dict]) -> list[GoldDoc]:
    """Back from Label Studio (export JSON). Uses the last annotation, else the last prediction."""
    docs = []
    for task in tasks:
        data = task.get("data") or {}
        text = data["text"]
        extra = task.get("meta") or {}
        known = {(d["start"], d["end"], d["label"]): d for d in extra.get("spans") or []}
        runs = task.get("annotations") or task.get("predictions") or []
        result = runs[-1].get("result", []) if runs else []
        norms = {r["id"]: (r["value"].get("text") or [""])[0] for r in result if r.get("type") == "textarea"}
        spans = []
        for r in result:
            if r.get("type") != "labels":
                continue
            v = r["value"]
            start, end, label = int(v["start"]), int(v["end"]), v["labels"][0]
            d = dict(known.get((start, end, label), {"start": start, "end": end, "label": label}))
            d["text"] = text[start:end]
            if r.get("id") in norms:
                d["norm"] = norms[r["id"]]
            spans.append(span_from_dict(d))
        spans.sort(key=lambda s: (s.start, s.end))
        spans = _remap_links(spans, extra.get("spans") or [])
        docs.append(GoldDoc(text=text, meta=dict(data.get("meta") or {}), spans=spans,
                            events=[GoldEvent.from_dict(e) for e in extra.get("events") or []]))
    return docs


# ---------------------------------------------------------------- CLI helpers


def export_gold(src: Path, fmt: str, out: Path) -> int:
    """Gold JSONL (file or folder) -> ``fmt`` at ``out``; returns the number of docs."""
    docs = load_gold(src)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        write_gold(docs, out)
    elif fmt == "doccano":
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in to_doccano(docs)), encoding="utf-8")
    elif fmt == "label-studio":
        out.write_text(json.dumps(to_label_studio(docs), ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        raise ValueError(f"unknown format {fmt!r}; one of {FORMATS}")
    return len(docs)


def import_gold(src: Path, fmt: str, out: Path) -> int:
    """``fmt`` file at ``src`` -> gold JSONL at ``out`` (validated); returns the number of docs."""
    src = Path(src)
    raw = src.read_text(encoding="utf-8")
    if fmt == "jsonl":
        docs = load_gold(src)
    elif fmt == "doccano":
        docs = from_doccano(raw.splitlines())
    elif fmt == "label-studio":
        docs = from_label_studio(json.loads(raw))
    else:
        raise ValueError(f"unknown format {fmt!r}; one of {FORMATS}")
    problems = [p for d in docs for p in validate(d)]
    if problems:
        raise ValueError("invalid gold:\n" + "\n".join(problems[:50]))
    write_gold(docs, out)
    return len(docs)
