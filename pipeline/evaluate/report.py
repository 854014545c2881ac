"""Evaluation reports: report.md, report.html (self-contained, inline SVG chart) and scores.json.

Everything here reads the scores dict made by runner.evaluate; nothing is recomputed.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from html import escape
from pathlib import Path

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
    n_err = Counter(e["kind"] for e in scores["ours"]["errors"])
    lines.append("Errors (ours): " + (", ".join(f"{KIND_TITLES.get(k, k)} {n}" for k, n in sorted(n_err.items())) or "none"))
    if m.get("failures"):
        lines.append(f"Pipeline failures: {len(m['failures'])}")
    return "\n".join(lines)


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
    if m.get("failures"):
        out += [f"**Pipeline failures: {len(m['failures'])}** (their predictions count as empty).", ""]
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
    out += ["## Errors (ours)", ""]
    errors = scores["ours"]["errors"]
    counts = Counter(e["kind"] for e in errors)
    out.append(", ".join(f"{KIND_TITLES.get(k, k)}: {n}" for k, n in sorted(counts.items())) or "No errors.")
    out.append("")
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


def svg_bar_chart(scores: dict, scheme: str = "strict", width: int = 480, height: int = 320) -> str:
    """Grouped bars of F1 per label, ours vs baseline, as inline SVG (no plotting dependency)."""
    left, right, top, bottom = 40, 10, 62, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    group_w = plot_w / len(ROWS)
    bar_w = group_w * 0.34
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{scheme} F1 per label, ours vs baseline">',
        f'<title>{escape(scheme)} F1 per label: ours vs baseline</title>',
        f'<text x="{left}" y="20" class="ctitle">{escape(scheme.capitalize())} F1 per label</text>',
    ]
    for i in range(6):
        v = i / 5
        y = top + plot_h * (1 - v)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" class="axis" text-anchor="end">{v:.1f}</text>')
    for g, lab in enumerate(ROWS):
        x0 = left + g * group_w + group_w * 0.14
        for k, (system, color) in enumerate((("ours", OURS_COLOR), ("baseline", BASE_COLOR))):
            x = x0 + k * (bar_w + group_w * 0.04)
            if system == "baseline" and not _has_baseline(scores, lab):
                parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - 4:.1f}" class="na" text-anchor="middle">n/a</text>')
                continue
            f1 = _row(scores, system, lab, scheme)["f1"]
            h = plot_h * f1
            y = top + plot_h - h
            name = "ours" if system == "ours" else "baseline"
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{color}" class="bar {name}">'
                f"<title>{escape(lab)} {name} {scheme} F1 {f1:.3f}</title></rect>"
            )
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" class="val" text-anchor="middle">{100 * f1:.0f}</text>')
        parts.append(
            f'<text x="{left + g * group_w + group_w / 2:.1f}" y="{top + plot_h + 18:.1f}" class="lab" text-anchor="middle">{escape(lab)}</text>'
        )
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" class="axisline"/>')
    lx = left
    for name, color in (("ours", OURS_COLOR), ("baseline (fr_core_news_md + dateparser)", BASE_COLOR)):
        parts.append(f'<rect x="{lx}" y="30" width="12" height="12" fill="{color}"/>')
        parts.append(f'<text x="{lx + 17}" y="40" class="legend">{escape(name)}</text>')
        lx += 17 + 6.6 * len(name) + 16
    parts.append("</svg>")
    return "".join(parts)


def _trigger(event: dict | None) -> dict | None:
    """An event's trigger as a span to highlight, when its offsets are known."""
    if not event or event.get("trigger_end", 0) <= event.get("trigger_start", 0):
        return None
    return {"start": event["trigger_start"], "end": event["trigger_end"]}


def highlight_sentence(sentence: dict, spans: list[dict | None]) -> str:
    """The sentence HTML-escaped, with gold (g), predicted (p) and shared (gp) characters marked."""
    text, base = sentence["text"], sentence["start"]
    flags = [0] * len(text)
    for bit, s in zip((1, 2), spans):
        if not s:
            continue
        for i in range(max(0, s["start"] - base), min(len(text), s["end"] - base)):
            flags[i] |= bit
    out, i = [], 0
    cls = {1: "g", 2: "p", 3: "gp"}
    while i < len(text):
        j = i
        while j < len(text) and flags[j] == flags[i]:
            j += 1
        seg = escape(text[i:j])
        out.append(f'<mark class="{cls[flags[i]]}">{seg}</mark>' if flags[i] else seg)
        i = j
    return "".join(out)


CSS = """
:root{--ours:%s;--base:%s;--ink:#1a202c;--muted:#5a6473;--line:#e2e8f0;--bg:#fbfbfa}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1080px;margin:0 auto;padding:28px 24px 64px}
h1{font-size:28px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:16px;margin:18px 0 6px}.sub{color:var(--muted);margin:0 0 18px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:120px}
.card b{display:block;font-size:22px}.card span{color:var(--muted);font-size:13px}
table{border-collapse:collapse;background:#fff;border:1px solid var(--line);margin:8px 0 4px;font-variant-numeric:tabular-nums}
th,td{padding:5px 10px;border-bottom:1px solid var(--line);text-align:right}th{background:#f4f6f8;font-weight:600}
td:first-child,th:first-child{text-align:left}tr.total td{font-weight:700;background:#f8fafc}
th.ours{color:var(--ours)}th.base{color:#8a6d00}.pos{color:#1f7a3a}.neg{color:#b42318}
.def{color:var(--muted);font-size:13px;margin:4px 0 12px;max-width:900px}
.charts{display:flex;flex-wrap:wrap;gap:18px}.chart{background:#fff;border:1px solid var(--line);border-radius:8px;max-width:100%%;height:auto}
.chart .grid{stroke:#edf0f3}.chart .axisline{stroke:#9aa5b1}.chart text{font:12px system-ui,sans-serif;fill:var(--muted)}
.chart .lab{fill:var(--ink);font-weight:600}.chart .val{fill:var(--ink);font-size:11px}.chart .legend{fill:var(--ink)}.chart .ctitle{fill:var(--ink);font-size:14px;font-weight:700}.chart .na{font-style:italic}
details{background:#fff;border:1px solid var(--line);border-radius:8px;margin:8px 0;padding:6px 12px}summary{cursor:pointer;font-weight:600}
ul.errs{list-style:none;padding:0;margin:6px 0}ul.errs li{padding:8px 0;border-top:1px solid var(--line)}
.kind{display:inline-block;font-size:12px;font-weight:600;border-radius:10px;padding:1px 8px;margin-right:6px;color:#fff;background:#5a6473}
.k-false_positive{background:#b42318}.k-false_negative{background:#c4320a}.k-wrong_label{background:#6941c6}.k-boundary{background:#0e7090}
.k-wrong_norm{background:#a15c07}.k-event_missed,.k-event_spurious,.k-event_slot,.k-event_wrong_type{background:#344054}
.sent{margin:4px 0 0;padding:6px 10px;background:#f8fafc;border-left:3px solid var(--line);font-family:Georgia,serif}
mark.g{background:#fde68a}mark.p{background:#bfdbfe}mark.gp{background:#bbf7d0}
.keys mark{padding:0 4px}footer{margin-top:40px;color:var(--muted);font-size:13px}
""" % (OURS_COLOR, BASE_COLOR)


def _html_span_table(scores: dict, scheme: str) -> str:
    head = (
        '<tr><th>label</th><th>gold</th><th class="ours">ours P</th><th class="ours">ours R</th><th class="ours">ours F1</th>'
        '<th class="base">base P</th><th class="base">base R</th><th class="base">base F1</th><th>Δ F1</th></tr>'
    )
    rows = []
    for r in _span_table_rows(scores, scheme):
        lab = r[0].strip("*")
        delta = r[-1]
        cls = "pos" if delta.startswith("+") and delta != "+0.0" else "neg" if delta.startswith("-") else ""
        cells = [f"<td>{escape(lab)}</td>"] + [f"<td>{escape(c)}</td>" for c in r[1:-1]] + [f'<td class="{cls}">{escape(delta)}</td>']
        rows.append(f'<tr class="{"total" if lab == "overall" else ""}">' + "".join(cells) + "</tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    h = "".join(f"<th>{escape(c)}</th>" for c in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{h}</tr>{body}</table>"


def render_html(scores: dict) -> str:
    m = scores["meta"]
    d = m["definitions"]
    o_strict = scores["ours"]["spans"]["overall"]["strict"]["f1"]
    b_strict = scores["baseline"]["spans"]["overall"]["strict"]["f1"]
    errors = scores["ours"]["errors"]
    cards = [
        (str(m["n_articles"]), "articles"),
        (str(m["n_gold_spans"]), "gold spans"),
        (str(m["n_gold_events"]), "gold events"),
        (_pct(o_strict), "ours strict F1"),
        (_pct(b_strict), "baseline strict F1"),
        (str(len(errors)), "errors listed"),
    ]
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>press-events evaluation — {escape(m['split'] or 'all')} — {escape(m['generated'][:10])}</title>",
        f"<style>{CSS}</style></head><body><main>",
        "<h1>press-events evaluation</h1>",
        f'<p class="sub">Generated {escape(m["generated"].replace("T", " "))} · gold <code>{escape(m["gold"])}</code> · '
        f"split <b>{escape(m['split'] or 'all')}</b> · {m['n_articles']} articles ({m['n_synthetic']} synthetic)</p>",
        '<div class="cards">' + "".join(f'<div class="card"><b>{escape(v)}</b><span>{escape(t)}</span></div>' for v, t in cards) + "</div>",
        "<p>Gold spans per label: " + ", ".join(f"{escape(k)} {v}" for k, v in m["gold_spans_per_label"].items()) + ".</p>",
        f'<p class="def">Baseline: {escape(m["baseline"])}.</p>',
    ]
    if m.get("failures"):
        parts.append(f"<p class=\"neg\"><b>Pipeline failures: {len(m['failures'])}</b> (their predictions count as empty).</p>")
    parts += [
        "<h2>F1 per label, ours vs baseline</h2>",
        '<div class="charts">' + svg_bar_chart(scores, "strict") + svg_bar_chart(scores, "partial") + "</div>",
        '<p class="def">Values are F1 × 100; “n/a”: the baseline has no such label.</p>',
    ]
    for scheme in ("strict", "partial", "fuzzy"):
        parts += [f"<h2>Spans, {scheme}</h2>", f'<p class="def">{escape(d[scheme])}. {escape(d["overall"])}.</p>', _html_span_table(scores, scheme)]
    parts += [
        "<h2>Normalization accuracy</h2>",
        f'<p class="def">{escape(d["normalization"])}. Names: {escape(d["name"])}. DATE bounds: {escape(d["date_bounds"])}. MONEY: {escape(d["money"])}.</p>',
        _html_table(["metric", "ours % (correct/n)", "baseline % (correct/n)"], [[_norm_title(k), _acc(o), _acc(b)] for k, o, b in _norm_rows(scores)]),
        "<h2>Events</h2>",
        f'<p class="def">{escape(d["events"])}. Tuples: {escape(d["event_tuples"])}.</p>',
    ]
    ev = scores["ours"].get("events")
    if ev:
        parts.append(_html_table(["measure", "P", "R", "F1"], _event_rows(ev)))
        parts.append(_html_table(["slot on aligned events", "accuracy % (correct/n)"], [[SLOT_TITLES.get(k, k), _acc(v)] for k, v in ev["slots"].items()]))
    counts = Counter(e["kind"] for e in errors)
    parts += [
        "<h2>Errors (ours)</h2>",
        "<p>" + (" · ".join(f'<span class="kind k-{escape(k)}">{escape(KIND_TITLES.get(k, k))}</span>{n}' for k, n in sorted(counts.items())) or "No errors.") + "</p>",
        '<p class="keys def">In each sentence: <mark class="g">gold only</mark> <mark class="p">predicted only</mark> '
        '<mark class="gp">both</mark>. Baseline errors are in scores.json.</p>',
    ]
    for art, errs in _group(errors).items():
        items = []
        for e in errs:
            if e["kind"].startswith("event"):
                sent = highlight_sentence(e["sentence"], [_trigger(e["gold"]), _trigger(e["pred"])])
            else:
                sent = highlight_sentence(e["sentence"], [e["gold"], e["pred"]])
            items.append(
                f'<li><span class="kind k-{escape(e["kind"])}">{escape(KIND_TITLES.get(e["kind"], e["kind"]))}</span>'
                f"{escape(_what(e))}" + (f'<div class="sent">{sent}</div>' if sent else "") + "</li>"
            )
        parts.append(f"<details open><summary>{escape(art)} — {len(errs)} error{'s' if len(errs) != 1 else ''}</summary><ul class=\"errs\">{''.join(items)}</ul></details>")
    parts += ["<footer>press-events · <code>press-events evaluate</code> · scores.json holds every number on this page.</footer>", "</main></body></html>"]
    return "\n".join(parts)


def write_reports(scores: dict, out: Path) -> dict[str, Path]:
    """Write report.md, report.html and scores.json into `out` (created)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {"md": out / "report.md", "html": out / "report.html", "json": out / "scores.json"}
    paths["md"].write_text(render_markdown(scores), encoding="utf-8")
    paths["html"].write_text(render_html(scores), encoding="utf-8")
    paths["json"].write_text(json.dumps(scores, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return paths
