"""`press-events evaluate` as a library: gold in, our pipeline and the baseline scored, reports out."""
from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

from pipeline.evaluate.baseline import BASELINE_LABELS, Baseline
from pipeline.evaluate.scoring import SCHEMES, DocPair, EventRec, get_field, score, scored_mention
from pipeline.records import LABELS, Article, Mention

# Splits whose per-article errors nobody reads: their reports hold aggregates only unless told otherwise
# (heldout3 and sealedb were opened for error analysis on 2026-12-02 evening, once spent; sealedc replaced them,
# and sealedd, written on 2026-12-03, replaces sealedc, read three times, as the measure; sealede and sealedf,
# written blind on 2026-12-03, replace sealedc and sealedd, both read three times and opened for error analysis;
# sealedg, written blind on 2026-12-03 in the night session, was read twice; sealedh (n*.ann), written blind on
# 2026-12-03 in the evening session, is the one for the next closing measure).
# This is the one place that names them (the CLI, the reports and the tests read it from here).
SEALED_SPLITS: frozenset[str] = frozenset({"heldout2", "sealede", "sealedf", "sealedg", "sealedh"})
PER_ARTICLE_KEYS = ("errors",)  # the per-system lists that name articles and quote their text

DEFINITIONS = {
    "strict": "Exact character boundaries and same label (nervaluate 'strict', HIPE strict)",
    "partial": "Same label; exact match counts 1, overlapping match 0.5; P=(COR+0.5*PAR)/ACT, "
    "R=(COR+0.5*PAR)/POS (nervaluate 'partial' run per label, SemEval-2013 partial)",
    "fuzzy": "Same label and any overlap counts 1 (nervaluate 'ent_type' run per label, HIPE fuzzy)",
    "overall": "The overall row is the micro sum of the per-label counts (the label always has to agree)",
    "normalization": "Accuracy over gold/predicted pairs with the same label and exact or overlapping "
    "boundaries (one-to-one alignment, exact first then largest overlap); '@strict' keys in scores.json use exact pairs only",
    "date_value": "DATE norm string equal to the gold ISO value",
    "date_bounds": "DATE day interval [date_start, date_end] (or derived from norm) overlaps the gold one",
    "money": "MONEY amount equal (relative 1e-6) and ISO 4217 currency equal",
    "name": "PER/ORG/LOC canonical name equal ignoring case, accents, hyphens, apostrophes and punctuation",
    "events": "An event aligns with a gold event of the same article and type whose evidence overlaps "
    "(else sharing a slot); slot accuracy is over aligned events where either side fills the slot; "
    "main participant = initiator, else first participant; when gold names no initiator "
    "(symmetric meetings, joint exercises) any gold participant counts",
    "event_tuples": "F1 of a per-article maximum one-to-one matching of events whose (type), "
    "(type, main participant) or (type, main participant, location, date) agree; names folded as for 'name'. "
    "Slot fills (MUC style): every filled type/main/location/date slot of every event counts once; a fill "
    "is right when its aligned event fills it with the same value; missed and spurious events count all their fills",
}


# ---------------------------------------------------------------- gold


def load_gold_docs(gold: Path, split: str | None = None) -> list[Any]:
    """Gold articles via pipeline.evaluate.gold.load_gold; plain JSONL dicts if that module is absent."""
    try:
        from pipeline.evaluate.gold import load_gold
    except ImportError:
        load_gold = None
    if load_gold is not None:
        return list(load_gold(Path(gold), split=split))
    gold = Path(gold)
    files = sorted(gold.glob("*.jsonl")) if gold.is_dir() else [gold]
    docs = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                if split is None or (d.get("meta") or {}).get("split") == split:
                    docs.append(d)
    return docs


def _meta(doc: Any) -> dict:
    meta = get_field(doc, "meta", {})
    return meta if isinstance(meta, dict) else vars(meta)


def gold_id(doc: Any) -> str:
    return str(get_field(doc, "id", "") or _meta(doc).get("id", ""))


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def article_from_gold(doc: Any) -> Article:
    """The Article `run` would make: published from meta ('field'); boilerplate marked by ingest.

    When meta has no publication date, ingest's own header/text/inference rules apply,
    exactly as for a file without one.
    """
    from pipeline.ingest.published import parse_published

    meta = _meta(doc)
    raw = get_field(doc, "published", None) or meta.get("published")
    published, grain = parse_published(raw) or (_as_date(raw), "day")
    art = Article(
        id=gold_id(doc),
        text=str(get_field(doc, "text")),
        published=published,
        published_grain=grain,
        published_source="field" if published else "unknown",
        url=str(meta.get("url") or ""),
        title=str(meta.get("title") or ""),
        source_path=str(meta.get("source_path") or ""),
    )
    try:
        from pipeline.ingest import finish_article
    except ImportError:
        return art
    return finish_article(art)


def gold_spans(doc: Any) -> list[Mention]:
    """The gold mentions of one doc, as the scorer reads them."""
    text = str(get_field(doc, "text"))
    return [scored_mention(s, text) for s in get_field(doc, "spans", [])]


def gold_events(doc: Any) -> list[EventRec]:
    return [EventRec.of(e) for e in get_field(doc, "events", [])]


# ---------------------------------------------------------------- run


def _pairs(docs: list[Any], preds: dict[str, tuple[list, list]]) -> list[DocPair]:
    out = []
    for d in docs:
        did, text = gold_id(d), str(get_field(d, "text"))
        mentions, events = preds.get(did, ([], []))
        out.append(
            DocPair(
                id=did,
                text=text,
                gold=gold_spans(d),
                pred=[scored_mention(m, text) for m in mentions if m.label in LABELS],
                gold_events=gold_events(d),
                pred_events=[EventRec.of(e) for e in events],
                stories_marked=bool(_meta(d).get("stories_marked")),
            )
        )
    return out


def run_ours(pipeline, articles: list[Article]) -> tuple[dict[str, tuple[list, list]], list[dict]]:
    preds, failures = {}, []
    for result in pipeline.process(articles):
        art = result.article
        if result.failure is not None or art is None:
            failures.append({"id": getattr(result.failure, "id", ""), "error": getattr(result.failure, "error", "")})
            continue
        preds[art.id] = (list(result.mentions), list(result.events))
    # cross-article clusters over the whole split, as the batch makes them over a corpus
    from pipeline.events import cluster_events

    cluster_events([e for _mentions, events in preds.values() for e in events], getattr(pipeline, "gazetteer", None))
    return preds, failures


def compare(
    docs: list[Any],
    preds: dict[str, tuple[list, list]],
    base_preds: dict[str, tuple[list, list]],
    *,
    gold: str = "",
    split: str | None = None,
    failures: list[dict] | None = None,
) -> dict:
    """The scores dict of our predictions and the baseline's against the gold docs.

    preds / base_preds: article id -> (mentions, events); a missing id predicts nothing.
    """
    failures = failures or []
    ours_pairs = _pairs(docs, preds)
    base_pairs = _pairs(docs, base_preds)
    label_counts = Counter(s.label for p in ours_pairs for s in p.gold)
    splits = Counter(str(_meta(d).get("split") or "") for d in docs)
    scores = {
        "meta": {
            "gold": gold,
            "split": split,
            "splits": dict(splits),
            "generated": datetime.now().isoformat(timespec="seconds"),
            "n_articles": len(docs),
            "n_synthetic": sum(1 for d in docs if _meta(d).get("synthetic")),
            "n_gold_spans": sum(label_counts.values()),
            "gold_spans_per_label": {lab: label_counts.get(lab, 0) for lab in LABELS},
            "n_gold_events": sum(len(p.gold_events) for p in ours_pairs),
            "labels": list(LABELS),
            "baseline_labels": list(BASELINE_LABELS),
            "baseline": "fr_core_news_md NER (PER/LOC/ORG, MISC dropped) + dateparser.search.search_dates(languages=['fr']) for DATE; no MONEY",
            "definitions": DEFINITIONS,
            "failures": failures,
        },
        "ours": score(ours_pairs, LABELS, with_events=True),
        "baseline": score(base_pairs, LABELS, with_events=False),
    }
    for system in ("ours", "baseline"):
        scores[system]["error_counts"] = error_counts(scores[system]["errors"])

    def f1(system: str, lab: str, scheme: str) -> float:
        spans = scores[system]["spans"]
        return (spans["overall"] if lab == "overall" else spans["labels"][lab])[scheme]["f1"]

    scores["comparison"] = {
        lab: {
            scheme: {
                "ours": f1("ours", lab, scheme),
                "baseline": f1("baseline", lab, scheme) if lab in BASELINE_LABELS or lab == "overall" else None,
            }
            for scheme in SCHEMES
        }
        for lab in (*LABELS, "overall")
    }
    return scores


# ---------------------------------------------------------------- sealed splits


def doc_split(doc: Any) -> str:
    return str(_meta(doc).get("split") or "")


def is_sealed(split: str | None) -> bool:
    return bool(split) and split in SEALED_SPLITS


def sealed_ids(docs: Iterable[Any]) -> set[str]:
    """Ids of the gold articles that belong to a sealed split."""
    return {gold_id(d) for d in docs if is_sealed(doc_split(d))}


def error_counts(errors: Iterable[dict]) -> dict[str, int]:
    return dict(sorted(Counter(e["kind"] for e in errors).items()))


def seal(scores: dict, withheld: set[str] | None = None) -> dict:
    """Remove per-article content from the scores, in place; returns them.

    withheld None: every per-article error list and failure goes (aggregates only). A set of article
    ids: only those articles' errors and failures go (a mixed run that includes a sealed split).
    Per-kind error counts stay (``<system>.error_counts``), computed before anything is removed.
    """
    meta = scores["meta"]
    for system in ("ours", "baseline"):
        part = scores.get(system) or {}
        if "errors" not in part:
            continue
        part.setdefault("error_counts", error_counts(part["errors"]))
        kept = [] if withheld is None else [e for e in part["errors"] if e.get("article") not in withheld]
        part["n_errors_withheld"] = part.get("n_errors_withheld", 0) + len(part["errors"]) - len(kept)
        part["errors"] = kept
    failures = meta.get("failures") or []
    kept_f = [] if withheld is None else [f for f in failures if f.get("id") not in withheld]
    meta["n_failures"] = meta.get("n_failures", len(failures))
    meta["failures"] = kept_f
    if withheld is None:
        meta["aggregates_only"] = True
    else:
        meta["n_articles_withheld"] = len(withheld)
    return scores


def resolve_policy(split: str | None, docs: list[Any], aggregates_only: bool | None,
                   show_errors: bool = False) -> tuple[bool, set[str], str]:
    """(aggregates only?, article ids whose errors are withheld, a line saying why) for one evaluation.

    A sealed split defaults to aggregates only; a run over several splits withholds the sealed
    articles' errors. ``show_errors`` overrides both (and the caller must say so loudly).
    """
    sealed = sealed_ids(docs)
    if show_errors:
        if aggregates_only:
            raise ValueError("--aggregates-only and --show-errors contradict each other")
        note = ""
        if is_sealed(split) or sealed:
            note = (f"SEALED SPLIT ERRORS SHOWN: per-article errors of {len(sealed)} sealed article(s) "
                    f"({', '.join(sorted(SEALED_SPLITS))}) are in this report; the split is no longer blind")
        return False, set(), note
    if aggregates_only or (aggregates_only is None and is_sealed(split)):
        why = f"split {split} is sealed" if is_sealed(split) else "--aggregates-only"
        return True, set(), f"aggregates only ({why}): no per-article errors written"
    if aggregates_only is None and sealed:
        return False, sealed, (f"errors of {len(sealed)} sealed article(s) ({', '.join(sorted(SEALED_SPLITS))}) "
                               "withheld; their scores count in the aggregates")
    return False, set(), ""


# ---------------------------------------------------------------- evaluate


def evaluate(
    gold: Path,
    split: str | None = None,
    out: Path = Path("reports/eval"),
    pipeline=None,
    nlp=None,
    *,
    write: bool = True,
    aggregates_only: bool | None = None,
    show_errors: bool = False,
) -> dict:
    """Score our pipeline and the baseline on the gold; write report.md, report.html, scores.json into `out`.

    pipeline: a PressPipeline (built here when None). nlp: the spaCy model the baseline
    runs on; defaults to ``pipeline.nlp`` with only the stock components enabled.
    aggregates_only: True writes scores without any per-article error or text; None (default) means
    True for a sealed split (SEALED_SPLITS) and "withhold the sealed articles' errors" for a run that
    mixes splits; ``show_errors=True`` overrides the default (meta.sealed_errors_shown records it).
    Returns the scores dict (the content of scores.json).
    """
    docs = load_gold_docs(Path(gold), split)
    only_aggregates, withheld, note = resolve_policy(split, docs, aggregates_only, show_errors)
    articles = [article_from_gold(d) for d in docs]
    if pipeline is None:
        from pipeline.annotate import PressPipeline

        pipeline = PressPipeline()
    preds, failures = run_ours(pipeline, articles)
    baseline = Baseline(nlp if nlp is not None else getattr(pipeline, "nlp", None))
    base_preds = {art.id: (mentions, []) for art, mentions in baseline.process(articles)}

    scores = compare(docs, preds, base_preds, gold=str(gold), split=split, failures=failures)
    if only_aggregates:
        seal(scores)
    elif withheld:
        seal(scores, withheld)
    elif show_errors and note:
        scores["meta"]["sealed_errors_shown"] = True
    scores["meta"]["policy"] = note
    scores["meta"]["sealed"] = is_sealed(split)
    if write:
        from pipeline.evaluate.report import write_reports

        write_reports(scores, Path(out))
    return scores


def format_summary(scores: dict) -> str:
    """The terminal table (re-exported from report for the CLI)."""
    from pipeline.evaluate.report import format_summary as _fs

    return _fs(scores)


ABLATION_MEASURES = (("entity F1", ("spans", "overall", "strict", "f1")), ("detection F1", ("events", "detection", "f1")),
                     ("slot F1", ("events", "tuples", "slot", "f1")), ("slot-fill F1", ("events", "slot_fills", "f1")))


def ablate(gold: Path, split: str | None, pipeline=None) -> list[dict]:
    """Each rule family switched off in turn, and the learned models: what each is worth on the split.

    Rows: the full pipeline, then one row per entity name-shape family off (press_entity_fixes), the bare
    times of day kept as dates, one row per event rule family off, then the learned models off; each with
    the entity and event measures and their change from the full pipeline. Aggregates only, whatever the split."""
    from pipeline.components.name_shapes import NAME_SHAPE_RULES
    from pipeline.events.rules import families

    if pipeline is None:
        from pipeline.annotate import PressPipeline

        pipeline = PressPipeline()
    component = pipeline.nlp.get_pipe("press_events")
    fixer = pipeline.nlp.get_pipe("press_entity_fixes")
    dates = pipeline.nlp.get_pipe("press_dates")

    def measure() -> dict:
        scores = evaluate(Path(gold), split, Path("."), pipeline=pipeline, write=False, aggregates_only=True)
        out = {}
        for name, path in ABLATION_MEASURES:
            value = scores["ours"]
            for key in path:
                value = value[key]
            out[name] = value
        return out

    rows = [{"layer": "everything on", **measure()}]
    for family in NAME_SHAPE_RULES:
        fixer.disabled_rules = frozenset({family})
        try:
            rows.append({"layer": f"entities: {family} off", **measure()})
        finally:
            fixer.disabled_rules = frozenset()
    dates.bare_times = True
    try:
        rows.append({"layer": "dates: bare times kept", **measure()})
    finally:
        dates.bare_times = False
    for family in sorted(families()):
        component.disabled_rules = frozenset({family})
        try:
            rows.append({"layer": f"rules: {family} off", **measure()})
        finally:
            component.disabled_rules = frozenset()
    if component.model is not None or component.slot_model is not None:
        component.use_model = False
        try:
            rows.append({"layer": "learned models off", **measure()})
        finally:
            component.use_model = True
    base = rows[0]
    for row in rows[1:]:
        for name, _ in ABLATION_MEASURES:
            row[f"{name} change"] = row[name] - base[name]
    return rows
