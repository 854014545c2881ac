"""Static, read-only report of a batch: one `index.html` that opens from disk with no server.

Rendered server-side with Jinja2 autoescaping (article text is untrusted), with the review app's CSS
inlined and no script at all, so it works from a file:// URL, in a mail attachment or an archive.
"""
from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path

import jinja2

from pipeline.review import geo
from pipeline.review.service import article_titles
from pipeline.store import Store

LABEL_NAMES = {"PER": "person", "ORG": "organisation", "LOC": "place", "DATE": "date", "MONEY": "amount"}
LABELS = tuple(LABEL_NAMES)


def catalogue(lang: str = "fr") -> dict[str, str]:
    """static/messages.json, the one message catalogue of the review page, for `lang` (French by default)."""
    cat = json.loads((resources.files("pipeline.review") / "static" / "messages.json").read_text(encoding="utf-8"))
    return {**cat["fr"], **cat.get(lang, {})}


def highlight_segments(text: str, mentions: list[dict], ranges: list[tuple[int, int, str]]) -> list[dict]:
    """Split the text into pieces: plain runs (with range classes such as 'evidence') and mentions.

    Overlapping mentions: the earliest, then longest, wins (the others stay in the mention table)."""
    chosen, last_end = [], -1
    for m in sorted(mentions, key=lambda m: (m["start"], -(m["end"] - m["start"]))):
        if m["start"] >= last_end and 0 <= m["start"] < m["end"] <= len(text):
            chosen.append(m)
            last_end = m["end"]

    def pieces(a: int, b: int) -> list[dict]:
        cuts = sorted({a, b, *(p for s, e, _ in ranges for p in (s, e) if a < p < b)})
        out = []
        for s, e in zip(cuts, cuts[1:]):
            cls = " ".join(c for rs, re_, c in ranges if rs <= s and re_ >= e)
            out.append({"text": text[s:e], "cls": cls})
        return out

    segs, pos = [], 0
    for m in chosen:
        if m["start"] > pos:
            segs.append({"kind": "text", "pieces": pieces(pos, m["start"])})
        segs.append({"kind": "mention", "label": m["label"], "norm": m.get("norm", ""),
                     "status": m.get("review_status", "pending"), "pieces": pieces(m["start"], m["end"])})
        pos = m["end"]
    if pos < len(text):
        segs.append({"kind": "text", "pieces": pieces(pos, len(text))})
    return segs


def _env(lang: str = "fr") -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    msgs = catalogue(lang)
    env.globals["t"] = lambda key, **kw: msgs.get(key, key).format(**kw) if kw else msgs.get(key, key)
    env.globals["lang"] = lang
    env.filters["amount"] = lambda a, cur="": "" if a is None else f"{a:,.0f} {cur}".replace(",", "\u202f").strip()
    return env


# One page that opens in a browser: past this many articles it shows the most recent ones (failed ones first)
# and says so; the counts above it, the CSV tables and the review app cover the whole batch.
REPORT_ARTICLES = 1000


def report_context(store: Store, max_articles: int = REPORT_ARTICLES) -> dict:
    conn = store.conn
    titles = article_titles(conn)
    total_articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    articles = [{**dict(r), "title": titles.get(r["article_id"], r["title"])}
                for r in conn.execute("SELECT * FROM articles ORDER BY status DESC, published DESC, article_id LIMIT ?",
                                      (max_articles,))]
    shown = {a["article_id"] for a in articles}
    events_by_article: dict[str, list[dict]] = {}
    events = []
    for r in conn.execute("SELECT e.*, a.title AS article_title FROM events e JOIN articles a USING (article_id) "
                          "ORDER BY a.published DESC, e.article_id, e.sentence_start, e.event_id"):
        if total_articles > max_articles and r["article_id"] not in shown:
            continue
        e = dict(r)
        e["participants"] = json.loads(e["participants"] or "[]")
        e["article_title"] = titles.get(e["article_id"], e["article_title"])
        events.append(e)
        events_by_article.setdefault(e["article_id"], []).append(e)
    label_counts: Counter = Counter()
    for a in articles:
        ms = [dict(r) for r in conn.execute(
            "SELECT mention_id, start_char AS start, end_char AS \"end\", text, label, norm, review_status "
            "FROM mentions WHERE article_id = ? ORDER BY start_char", (a["article_id"],))]
        label_counts.update(m["label"] for m in ms if m["review_status"] != "rejected")
        a["events"] = events_by_article.get(a["article_id"], [])
        ranges = [(s, e, "skip") for s, e in json.loads(a["skip_regions"] or "[]")]
        ranges += [(e["sentence_start"], e["sentence_end"], "evidence") for e in a["events"]
                   if e["review_status"] != "rejected" and e["sentence_end"] > e["sentence_start"]]
        ranges += [(e["trigger_start"], e["trigger_end"], "trigger") for e in a["events"]
                   if e["review_status"] != "rejected" and e["trigger_end"] > e["trigger_start"]]
        a["segments"] = highlight_segments(a["text"] or "", ms, ranges) if a["status"] == "ok" else []
        a["n_mentions"] = len(ms)
    status_counts = Counter(dict(conn.execute("SELECT review_status, COUNT(*) FROM events GROUP BY review_status").fetchall()))
    if total_articles > max_articles:  # the counts cover the whole batch, not only the articles shown
        label_counts = Counter(dict(conn.execute(
            "SELECT label, COUNT(*) FROM mentions WHERE review_status != 'rejected' GROUP BY label").fetchall()))
    by_status = dict(conn.execute("SELECT status, COUNT(*) FROM articles GROUP BY status").fetchall())
    points, off_map = geo.map_points(conn, [e for e in events if e["review_status"] != "rejected"])
    base = geo.basemap()
    event_map = {"width": base["width"], "height": base["height"], "countries": base["countries"],
                 "points": points, "off_map": off_map}
    return {
        "articles": articles, "events": events, "label_counts": label_counts, "labels": LABELS,
        "n_ok": by_status.get("ok", 0), "n_failed": by_status.get("failed", 0),
        "n_events": sum(status_counts.values()), "n_articles": total_articles,
        "status_counts": status_counts, "db_name": store.path.name, "map": event_map,
        "css": (resources.files("pipeline.review") / "static" / "app.css").read_text(encoding="utf-8"),
    }


def write_static_report(db: Path | str | Store, out_dir: Path | str, lang: str = "fr") -> Path:
    """Write `out_dir/index.html` (read-only report of the batch in the store, French unless lang="en")."""
    own = not isinstance(db, Store)
    store = Store(Path(db)) if own else db
    try:
        ctx = report_context(store)
    finally:
        if own:
            store.close()
    template = (resources.files("pipeline.review") / "static" / "report.html.j2").read_text(encoding="utf-8")
    html = _env(lang).from_string(template).render(**ctx)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "index.html"
    path.write_text(html, encoding="utf-8")
    return path
