"""Evaluation reports: report.md, report.html (self-contained, inline SVG chart) and scores.json.

report.html comes from templates/report.html.j2 (Jinja2, autoescaping on: article text is untrusted),
with its CSS and the SVG chart as templates beside it.

Everything here reads the scores dict made by runner.evaluate; nothing is recomputed.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import jinja2

from pipeline.evaluate.scoring import NORM_METRICS
from pipeline.records import LABELS

ROWS = (*LABELS, "overall")
KIND_TITLES = {
    "false_positive": "false positive",
    "false_negative": "false negative",
    "wrong_label": "wrong label",
    "boundary": "boundary",
    "wrong_norm": "wrong norm",
    "event_missed": "event missed",
    "event_spurious": "event spurious",
    "event_slot": "event slot",
    "event_wrong_type": "event type",
}
SLOT_TITLES = {"main": "main participant", "location": "location", "date": "date"}
OURS_COLOR, BASE_COLOR = "#2b6cb0", "#c9a227"


# ---------------------------------------------------------------- accessors


def _row(scores: dict, system: str, lab: str, scheme: str) -> dict:
    spans = scores[system]["spans"]
    return spans["overall"][scheme] if lab == "overall" else spans["labels"][lab][scheme]


def _has_baseline(scores: dict, lab: str) -> bool:
    return lab == "overall" or lab in scores["meta"].get("baseline_labels", LABELS)


def _gold_n(scores: dict, lab: str) -> int:
    per = scores["meta"]["gold_spans_per_label"]
    return sum(per.values()) if lab == "overall" else per.get(lab, 0)


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}"


def _delta(a: float, b: float | None) -> str:
    return "—" if b is None else f"{100 * (a - b):+.1f}"


def _norm_rows(scores: dict) -> list[tuple[str, dict | None, dict | None]]:
    ours, base = scores["ours"]["normalization"], scores["baseline"]["normalization"]
    rows = []
    for key in sorted(set(ours) | set(base), key=_norm_order):
        if "@" in key:  # exact-span-only variants stay in scores.json
            continue
        rows.append((key, ours.get(key), base.get(key)))
    return rows


def _norm_order(key: str) -> tuple:
    base, _, strict = key.partition("@")
    lab, _, check = base.rpartition(":")
    order = ["date_value", "date_bounds", "money", "money_qualifier", "name"]
    return (order.index(check) if check in order else 99, LABELS.index(lab) if lab in LABELS else -1, strict)


def _norm_title(key: str) -> str:
    base, _, strict = key.partition("@")
    lab, _, check = base.rpartition(":")
    title = NORM_METRICS.get(check, check)
    if lab:
        title = f"{lab} {title}"
    return title + (" (exact spans only)" if strict else "")


def _acc(d: dict | None) -> str:
    if not d or d["accuracy"] is None:
        return "—"
    return f"{100 * d['accuracy']:.1f} ({d['correct']}/{d['n']})"


def _counts(scores: dict, system: str = "ours") -> dict[str, int]:
    """Errors per kind: the stored counts (kept when the per-article list is withheld), else counted."""
    part = scores[system]
    return part.get("error_counts") or dict(Counter(e["kind"] for e in part["errors"]))


def _n_failures(m: dict) -> int:
    return m.get("n_failures", len(m.get("failures") or []))


def withheld_note(scores: dict) -> str:
    """One sentence on what this report leaves out of its per-article errors ('' when nothing)."""
    m = scores["meta"]
    if m.get("aggregates_only"):
        why = f"split {m['split']} is sealed" if m.get("sealed") else "--aggregates-only"
        return (f"Aggregates only ({why}): per-article errors and article text are not in this report "
                "nor in scores.json.")
    if m.get("n_articles_withheld"):
        return (f"The errors of {m['n_articles_withheld']} article(s) of a sealed split are withheld "
                f"({scores['ours'].get('n_errors_withheld', 0)} errors); their scores count in the aggregates.")
    return ""


def shown_warning(scores: dict) -> str:
    """The loud line of a report that shows a sealed split's errors on request ('' otherwise)."""
    m = scores["meta"]
    return m.get("policy", "") if m.get("sealed_errors_shown") else ""


# ---------------------------------------------------------------- terminal


def format_summary(scores: dict) -> str:
    """A fixed-width table for the terminal: per label P/R/F1 strict, F1 partial, ours vs baseline."""
    m = scores["meta"]
    lines = [
        f"Gold: {m['gold']}  split: {m['split'] or 'all'}  articles: {m['n_articles']}  "
        f"spans: {m['n_gold_spans']}  events: {m['n_gold_events']}",
        "",
        f"{'label':<8}{'gold':>6} | {'ours strict P':>13}{'R':>7}{'F1':>7} | {'base F1':>8} | "
        f"{'ours partial F1':>16}{'base':>7}",
    ]
    lines.append("-" * len(lines[-1]))
    for lab in ROWS:
        o, b = _row(scores, "ours", lab, "strict"), _row(scores, "baseline", lab, "strict")
        op, bp = _row(scores, "ours", lab, "partial"), _row(scores, "baseline", lab, "partial")
        has_b = _has_baseline(scores, lab)
        lines.append(
            f"{lab:<8}{_gold_n(scores, lab):>6} | {_pct(o['precision']):>13}{_pct(o['recall']):>7}{_pct(o['f1']):>7} | "
            f"{_pct(b['f1'] if has_b else None):>8} | {_pct(op['f1']):>16}{_pct(bp['f1'] if has_b else None):>7}"
        )
    lines.append("")
    norm = scores["ours"]["normalization"]
    parts = [f"{_norm_title(k)} {_acc(norm[k])}" for k in sorted(norm, key=_norm_order) if "@" not in k]
    if parts:
        lines.append("Normalization (ours): " + "; ".join(parts))
    ev = scores["ours"].get("events")
    if ev and m["n_gold_events"]:
        t = ev["tuples"]
        lines.append(
            f"Events: detection F1 {_pct(ev['detection']['f1'])}, type F1 {_pct(t['type']['f1'])}, "
            f"type+participant F1 {_pct(t['type_participant']['f1'])}, slot F1 {_pct(t['slot']['f1'])}"
            + (f", slot-fill F1 {_pct(ev['slot_fills']['f1'])}" if "slot_fills" in ev else "")
        )
        if ev.get("clusters"):
            lines.append("Clusters: " + _cluster_line(ev["clusters"]))
        cal = ev.get("calibration") or {}
        if cal.get("ece") is not None:
            lines.append(f"Confidence: expected calibration error {cal['ece']:.3f} over {cal['n']} events "
                         + "(" + ", ".join(f"{b['from']:.1f}-{b['to']:.1f}: {b['n']} at {b['accuracy']:.0%} right"
                                           for b in cal["bins"]) + ")")
    n_err = _counts(scores)
    lines.append("Errors (ours): " + (", ".join(f"{KIND_TITLES.get(k, k)} {n}" for k, n in sorted(n_err.items())) or "none"))
    if _n_failures(m):
        lines.append(f"Pipeline failures: {_n_failures(m)}")
    if withheld_note(scores):
        lines.append(withheld_note(scores))
    if shown_warning(scores):
        lines.append("!!! " + shown_warning(scores) + " !!!")
    return "\n".join(lines)


def _cluster_line(cl: dict) -> str:
    return (f"pairwise precision {_pct(cl['precision'])} ({cl['judged_pairs']} joined pairs), recall {_pct(cl['recall'])} "
            f"({cl['gold_pairs']} gold pairs, {cl['stories']} stories), F1 {_pct(cl['f1'])}")


# ---------------------------------------------------------------- markdown


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _span_table_rows(scores: dict, scheme: str) -> list[list[str]]:
    rows = []
    for lab in ROWS:
        o, b = _row(scores, "ours", lab, scheme), _row(scores, "baseline", lab, scheme)
        has_b = _has_baseline(scores, lab)
        rows.append(
            [
                f"**{lab}**" if lab == "overall" else lab,
                str(_gold_n(scores, lab)),
                _pct(o["precision"]),
                _pct(o["recall"]),
                _pct(o["f1"]),
                _pct(b["precision"] if has_b else None),
                _pct(b["recall"] if has_b else None),
                _pct(b["f1"] if has_b else None),
                _delta(o["f1"], b["f1"] if has_b else None),
            ]
        )
    return rows


SPAN_HEADER = ["label", "gold", "ours P", "ours R", "ours F1", "base P", "base R", "base F1", "Δ F1"]


def _event_rows(ev: dict) -> list[list[str]]:
    rows = [["event detection (type + evidence)", _pct(ev["detection"]["precision"]), _pct(ev["detection"]["recall"]), _pct(ev["detection"]["f1"])]]
    names = {"type": "type", "type_participant": "type + main participant", "slot": "event slot (type + participant + location + date)"}
    for key, title in names.items():
        t = ev["tuples"][key]
        rows.append([title + " tuples", _pct(t["precision"]), _pct(t["recall"]), _pct(t["f1"])])
    if "slot_fills" in ev:
        f = ev["slot_fills"]
        rows.append(["slot fills, each scored on its own (MUC style)", _pct(f["precision"]), _pct(f["recall"]), _pct(f["f1"])])
    p = ev["participants"]
    rows.append(["participants of aligned events", _pct(p["precision"]), _pct(p["recall"]), _pct(p["f1"])])
    return rows


def render_markdown(scores: dict) -> str:
    m = scores["meta"]
    out = [
        "# press-events evaluation",
        "",
        f"Generated {m['generated']} from `{m['gold']}`, split **{m['split'] or 'all'}**: "
        f"{m['n_articles']} articles ({m['n_synthetic']} synthetic), {m['n_gold_spans']} gold spans, "
        f"{m['n_gold_events']} gold events.",
        "",
        "Gold spans per label: " + ", ".join(f"{k} {v}" for k, v in m["gold_spans_per_label"].items()) + ".",
        "",
        f"Baseline: {m['baseline']}.",
        "",
    ]
    if shown_warning(scores):
        out += [f"> **⚠ {shown_warning(scores)}.**", ""]
    if _n_failures(m):
        out += [f"**Pipeline failures: {_n_failures(m)}** (their predictions count as empty).", ""]
    for scheme, title in (("strict", "Strict"), ("partial", "Partial"), ("fuzzy", "Fuzzy")):
        out += [f"## Spans, {title.lower()}", "", f"> {m['definitions'][scheme]}. {m['definitions']['overall']}.", "", _md_table(SPAN_HEADER, _span_table_rows(scores, scheme)), ""]
    out += ["## Normalization accuracy", "", f"> {m['definitions']['normalization']}. Names: {m['definitions']['name']}. "
            f"DATE bounds: {m['definitions']['date_bounds']}. MONEY: {m['definitions']['money']}.", ""]
    out.append(
        _md_table(["metric", "ours % (correct/n)", "baseline % (correct/n)"], [[_norm_title(k), _acc(o), _acc(b)] for k, o, b in _norm_rows(scores)])
    )
    out.append("")
    ev = scores["ours"].get("events")
    out += ["## Events", "", f"> {m['definitions']['events']}. Tuples: {m['definitions']['event_tuples']}.", ""]
    if ev:
        out += [_md_table(["measure", "P", "R", "F1"], _event_rows(ev)), ""]
        out.append(_md_table(["slot on aligned events", "accuracy % (correct/n)"], [[SLOT_TITLES.get(k, k), _acc(v)] for k, v in ev["slots"].items()]))
        out.append("")
        cl = ev.get("clusters")
        if cl:
            out += [f"Cross-article clusters against the gold stories: {_cluster_line(cl)}", ""]
        cal = ev.get("calibration") or {}
        if cal.get("ece") is not None:
            out += [f"Confidence calibration: expected calibration error **{cal['ece']:.3f}** over {cal['n']} events "
                    "(a well-calibrated confidence of 0.7 is right 70 % of the time).", ""]
            out.append(_md_table(["confidence", "events", "mean confidence", "share right"],
                                 [[f"{b['from']:.1f}-{b['to']:.1f}", str(b["n"]), f"{b['confidence']:.2f}", f"{b['accuracy']:.0%}"]
                                  for b in cal["bins"]]))
            out.append("")
    out += ["## Errors (ours)", ""]
    errors = scores["ours"]["errors"]
    counts = _counts(scores)
    out.append(", ".join(f"{KIND_TITLES.get(k, k)}: {n}" for k, n in sorted(counts.items())) or "No errors.")
    out.append("")
    if withheld_note(scores):
        out += [f"*{withheld_note(scores)}*", ""]
    for art, errs in _group(errors).items():
        out += [f"### {art} ({len(errs)})", ""]
        for e in errs:
            out.append(f"- **{KIND_TITLES.get(e['kind'], e['kind'])}** {_md_cell(_what(e))}")
            if e["sentence"]["text"]:
                out.append(f"  > {_md_cell(e['sentence']['text'])}")
        out.append("")
    return "\n".join(out)


def _group(errors: list[dict]) -> dict[str, list[dict]]:
    by_art: dict[str, list[dict]] = defaultdict(list)
    for e in errors:
        by_art[e["article"]].append(e)
    return dict(sorted(by_art.items()))


def _span_str(s: dict | None) -> str:
    if not s:
        return "∅"
    norm = f" → {s['norm']}" if s.get("norm") and s["norm"] != s.get("text") else ""
    return f"{s['label']} “{s['text']}” [{s['start']}:{s['end']}]{norm}"


def _event_str(e: dict | None) -> str:
    if not e:
        return "∅"
    bits = [e["type"], e.get("main") or "?"]
    if e.get("location"):
        bits.append("@ " + e["location"])
    if e.get("date"):
        bits.append(e["date"])
    return " ".join(bits)


def _what(e: dict) -> str:
    if e["kind"].startswith("event"):
        text = f"gold {_event_str(e['gold'])} / predicted {_event_str(e['pred'])}"
    else:
        text = f"gold {_span_str(e['gold'])} / predicted {_span_str(e['pred'])}"
    return text + (f" — {e['detail']}" if e.get("detail") else "")


# ---------------------------------------------------------------- html


def _env() -> jinja2.Environment:
    """Templates ship as package data (pipeline/evaluate/templates); autoescaping is on for every value."""
    return jinja2.Environment(loader=jinja2.PackageLoader("pipeline.evaluate", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined)


def chart_context(scores: dict, scheme: str = "strict", width: int = 480, height: int = 320) -> dict:
    """Geometry of the F1 bar chart (numbers formatted as they appear in the SVG)."""
    left, right, top, bottom = 40, 10, 62, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    group_w = plot_w / len(ROWS)
    bar_w = group_w * 0.34
    grid = []
    for i in range(6):
        v = i / 5
        y = top + plot_h * (1 - v)
        grid.append({"y": f"{y:.1f}", "text_y": f"{y + 4:.1f}", "value": f"{v:.1f}"})
    groups = []
    for g, lab in enumerate(ROWS):
        x0 = left + g * group_w + group_w * 0.14
        bars = []
        for k, (system, color) in enumerate((("ours", OURS_COLOR), ("baseline", BASE_COLOR))):
            x = x0 + k * (bar_w + group_w * 0.04)
            if system == "baseline" and not _has_baseline(scores, lab):
                bars.append({"na": True, "mid": f"{x + bar_w / 2:.1f}"})
                continue
            f1 = _row(scores, system, lab, scheme)["f1"]
            h = plot_h * f1
            y = top + plot_h - h
            bars.append({"na": False, "name": system, "color": color, "x": f"{x:.1f}", "y": f"{y:.1f}",
                         "h": f"{h:.1f}", "f1": f"{f1:.3f}", "mid": f"{x + bar_w / 2:.1f}",
                         "val_y": f"{y - 4:.1f}", "value": f"{100 * f1:.0f}"})
        groups.append({"label": lab, "bars": bars, "mid": f"{left + g * group_w + group_w / 2:.1f}"})
    legend, lx = [], left
    for name, color in (("ours", OURS_COLOR), ("baseline (fr_core_news_md + dateparser)", BASE_COLOR)):
        legend.append({"name": name, "color": color, "x": str(lx), "text_x": str(lx + 17)})
        lx += 17 + 6.6 * len(name) + 16
    return {"scheme": scheme, "width": width, "height": height, "left": left, "x_end": width - right,
            "axis_x": left - 6, "axis_y": top + plot_h, "bar_w": f"{bar_w:.1f}", "na_y": f"{top + plot_h - 4:.1f}",
            "label_y": f"{top + plot_h + 18:.1f}", "grid": grid, "groups": groups, "legend": legend}


def svg_bar_chart(scores: dict, scheme: str = "strict", width: int = 480, height: int = 320) -> str:
    """Grouped bars of F1 per label, ours vs baseline, as inline SVG (no plotting dependency)."""
    return _env().get_template("chart.svg.j2").render(chart=chart_context(scores, scheme, width, height))


def _trigger(event: dict | None) -> dict | None:
    """An event's trigger as a span to highlight, when its offsets are known."""
    if not event or event.get("trigger_end", 0) <= event.get("trigger_start", 0):
        return None
    return {"start": event["trigger_start"], "end": event["trigger_end"]}


def sentence_segments(sentence: dict, spans: list[dict | None]) -> list[tuple[str, str]]:
    """The sentence cut into (class, text) runs: gold (g), predicted (p), both (gp) or unmarked ('')."""
    text, base = sentence["text"], sentence["start"]
    flags = [0] * len(text)
    for bit, s in zip((1, 2), spans):
        if not s:
            continue
        for i in range(max(0, s["start"] - base), min(len(text), s["end"] - base)):
            flags[i] |= bit
    out, i = [], 0
    cls = {0: "", 1: "g", 2: "p", 3: "gp"}
    while i < len(text):
        j = i
        while j < len(text) and flags[j] == flags[i]:
            j += 1
        out.append((cls[flags[i]], text[i:j]))
        i = j
    return out


def _delta_class(delta: str) -> str:
    return "pos" if delta.startswith("+") and delta != "+0.0" else "neg" if delta.startswith("-") else ""


def report_context(scores: dict) -> dict:
    """Everything report.html.j2 shows, read from the scores dict (nothing recomputed)."""
    m = scores["meta"]
    d = m["definitions"]
    errors = scores["ours"]["errors"]
    cards = [
        (str(m["n_articles"]), "articles"),
        (str(m["n_gold_spans"]), "gold spans"),
        (str(m["n_gold_events"]), "gold events"),
        (_pct(scores["ours"]["spans"]["overall"]["strict"]["f1"]), "ours strict F1"),
        (_pct(scores["baseline"]["spans"]["overall"]["strict"]["f1"]), "baseline strict F1"),
        (str(len(errors)), "errors listed"),
    ]
    span_tables = []
    for scheme in ("strict", "partial", "fuzzy"):
        rows = [{"label": r[0].strip("*"), "cells": r[1:-1], "delta": r[-1], "delta_class": _delta_class(r[-1])}
                for r in _span_table_rows(scores, scheme)]
        span_tables.append({"name": scheme, "definition": d[scheme], "rows": rows})
    ev = scores["ours"].get("events")
    events = None
    if ev:
        events = {"rows": _event_rows(ev), "slots": [[SLOT_TITLES.get(k, k), _acc(v)] for k, v in ev["slots"].items()],
                  "calibration": ev.get("calibration") if (ev.get("calibration") or {}).get("ece") is not None else None}
    counts = _counts(scores)
    groups = []
    for art, errs in _group(errors).items():
        items = []
        for e in errs:
            if e["kind"].startswith("event"):
                sentence = sentence_segments(e["sentence"], [_trigger(e["gold"]), _trigger(e["pred"])])
            else:
                sentence = sentence_segments(e["sentence"], [e["gold"], e["pred"]])
            items.append({"kind": e["kind"], "title": KIND_TITLES.get(e["kind"], e["kind"]), "what": _what(e),
                          "sentence": sentence})
        groups.append({"id": art, "errors": items})
    return {
        "split": m["split"] or "all", "generated": m["generated"], "gold": m["gold"],
        "n_articles": m["n_articles"], "n_synthetic": m["n_synthetic"], "cards": cards,
        "gold_spans_per_label": m["gold_spans_per_label"], "baseline": m["baseline"],
        "n_failures": _n_failures(m), "definitions": d,
        "withheld": withheld_note(scores), "shown_warning": shown_warning(scores),
        "ours_color": OURS_COLOR, "base_color": BASE_COLOR,
        "charts": [chart_context(scores, "strict"), chart_context(scores, "partial")],
        "span_tables": span_tables,
        "norm_rows": [[_norm_title(k), _acc(o), _acc(b)] for k, o, b in _norm_rows(scores)],
        "events": events,
        "error_counts": [(k, KIND_TITLES.get(k, k), n) for k, n in sorted(counts.items())],
        "error_groups": groups,
    }


def render_html(scores: dict) -> str:
    return _env().get_template("report.html.j2").render(**report_context(scores))


def write_reports(scores: dict, out: Path) -> dict[str, Path]:
    """Write report.md, report.html and scores.json into `out` (created)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {"md": out / "report.md", "html": out / "report.html", "json": out / "scores.json"}
    paths["md"].write_text(render_markdown(scores), encoding="utf-8")
    paths["html"].write_text(render_html(scores), encoding="utf-8")
    paths["json"].write_text(json.dumps(scores, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return paths
