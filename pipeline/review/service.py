"""Review operations on the store: list, decide, correct, merge entities, undo, export.

Pure functions over a sqlite3 connection (no HTTP here), so the web app, the CLI and the tests share them.
Every change goes through `_set`, which logs one `decisions` row per field (old and new value, who, when);
`undo` replays a reviewer's own last group on one event backwards and flags it undone (no decision row is
ever deleted). Events and mentions carry a `version`: a write with a stale version raises `Conflict`
(HTTP 409 in the app) instead of overwriting someone else's change.
"""
from __future__ import annotations

import calendar
import json
import math
import re
import sqlite3
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.records import EVENT_TYPES, LABELS
from pipeline.store import REVIEWED, Store, now_iso, transaction, write_tables

STATUSES = ("pending", "accepted", "corrected", "rejected")
DEFAULT_CAMEO = {"VISIT": "042", "MEETING": "040", "AGREEMENT": "057", "DELEGATION": "042",
                 "EXERCISE": "062", "ARMS_TRANSFER": "072", "OTHER": ""}
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-W\d{2})?$")
EVENT_TEXT_SLOTS = ("initiator", "counterpart", "location", "country", "trigger", "currency")
EVENT_SLOTS = ("type", "participants", "date", "amount", *EVENT_TEXT_SLOTS)
MENTION_SLOTS = ("label", "start", "end", "norm")
_ORDER = "a.published DESC, e.article_id, e.sentence_start, e.event_id"
SORTS = {"": _ORDER, "date": _ORDER,  # newest article first, events in reading order
         "conf": f"e.confidence ASC, {_ORDER}",  # least sure first: the review queue's order
         "conf_desc": f"e.confidence DESC, {_ORDER}"}


class ReviewError(Exception):
    status = 400


class NotFound(ReviewError):
    status = 404


class Conflict(ReviewError):
    status = 409


class Invalid(ReviewError):
    status = 400


# -- helpers ------------------------------------------------------------------------------------
def iso_bounds(value: str) -> tuple[str, str]:
    """Day bounds of an ISO 8601 value at any precision ('2025-04' -> 2025-04-01, 2025-04-30); intervals with '/'."""
    if not value:
        return "", ""
    parts = value.split("/")
    if len(parts) > 2 or not all(ISO.match(p) for p in parts):
        raise Invalid(f"date {value!r} is not ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www or A/B)")

    def lo_hi(p: str) -> tuple[date, date]:
        if "-W" in p:
            y, w = int(p[:4]), int(p[6:])
            start = date.fromisocalendar(y, w, 1)
            return start, start + timedelta(days=6)
        bits = [int(b) for b in p.split("-")]
        if len(bits) == 1:
            return date(bits[0], 1, 1), date(bits[0], 12, 31)
        if len(bits) == 2:
            return date(bits[0], bits[1], 1), date(bits[0], bits[1], calendar.monthrange(bits[0], bits[1])[1])
        d = date(*bits)
        return d, d

    try:
        lo, _ = lo_hi(parts[0])
        _, hi = lo_hi(parts[-1])
    except ValueError as exc:
        raise Invalid(f"date {value!r}: {exc}") from None
    if hi < lo:
        raise Invalid(f"date {value!r}: interval ends before it starts")
    return lo.isoformat(), hi.isoformat()


def parse_amount(value: Any) -> float | None:
    """'' -> None; '4 000 000', '4000000000', '2,5e9' -> float (French decimal comma accepted)."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        f = float(value)
    else:
        s = re.sub(r"[\s\u00a0\u202f]", "", str(value)).replace(",", ".")
        try:
            f = float(s)
        except ValueError:
            raise Invalid(f"amount {value!r} is not a number") from None
    if f < 0 or not math.isfinite(f):
        raise Invalid(f"amount {value!r} must be a positive number")
    return f


def as_int(value: Any, what: str) -> int:
    """An integer argument of a request that SQLite can store (64-bit); else Invalid (HTTP 400).

    int() alone lets 1e400 (OverflowError) and 2**70 (SQLite OverflowError at the query) through as 500s."""
    try:
        n = int(value)
    except (TypeError, ValueError, OverflowError):
        raise Invalid(f"{what} must be an integer") from None
    if not -2**63 <= n < 2**63:
        raise Invalid(f"{what} is out of range")
    return n


def _changes(changes: Any) -> dict:
    """The `changes` of a decision: a JSON object (absent, null or empty: none)."""
    if not changes:
        return {}
    if not isinstance(changes, dict):
        raise Invalid("changes must be a JSON object {slot: value}")
    return changes


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else str(value or "").replace("\n", "|").split("|")
    out: list[str] = []
    for x in items:
        x = str(x).strip()
        if x and x not in out:
            out.append(x[:300])
    return out


def _event_dict(row: sqlite3.Row) -> dict:
    d = dict(row)
    d["participants"] = json.loads(d.get("participants") or "[]")
    d["planned"] = bool(d.get("planned"))
    return d


def headline(text: str, skip_regions: Any = (), limit: int = 110) -> str:
    """The first non-empty line of an article outside its boilerplate regions, cut at a word near `limit`."""
    skips = [tuple(r) for r in (skip_regions or [])]
    pos = 0
    for line in (text or "").split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        kept = "".join(ch for i, ch in enumerate(line, start) if not any(a <= i < b for a, b in skips))
        kept = " ".join(kept.split())
        if kept:
            if len(kept) <= limit:
                return kept
            cut = kept.rfind(" ", 0, limit)
            return kept[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"
    return ""


def display_title(title: str, text: str, skip_regions: Any, article_id: str) -> tuple[str, str]:
    """(what to call an article, where it comes from: 'field', 'headline' or 'id')."""
    if (title or "").strip():
        return title.strip(), "field"
    h = headline(text, skip_regions)
    return (h, "headline") if h else (article_id, "id")


def article_titles(conn: sqlite3.Connection) -> dict[str, str]:
    """article_id -> its title, else its headline (a .txt file has no title field), else its id."""
    out = {}
    for r in conn.execute("SELECT article_id, title, substr(text, 1, 4000) AS head, skip_regions FROM articles"):
        out[r["article_id"]] = display_title(r["title"], r["head"] or "", json.loads(r["skip_regions"] or "[]"),
                                             r["article_id"])[0]
    return out


def _mention_dict(row: sqlite3.Row) -> dict:
    d = dict(row)
    d["start"], d["end"] = d.pop("start_char"), d.pop("end_char")
    return d


def _next_group(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT COALESCE(MAX(group_id), 0) + 1 FROM decisions").fetchone()[0]


_TABLES = {"event": ("events", "event_id"), "mention": ("mentions", "mention_id"),
           "entity": ("entity_overrides", "entity_id")}
_WRITABLE = {
    "event": {"type", "cameo", "participants", "date", "date_start", "date_end", "amount", "review_status",
              "reviewed_by", "reviewed_at", "version", *EVENT_TEXT_SLOTS},
    "mention": {"label", "start_char", "end_char", "text", "norm", "entity_id", "review_status", "reviewed_by",
                "reviewed_at", "version"},
    "entity": {"name", "merged_into"},
}


def _set(conn, group: int, kind: str, target: Any, action: str, changes: dict, reviewer: str, at: str) -> None:
    """Apply column changes to one row and log each changed field as a decision (old -> new)."""
    table, key = _TABLES[kind]
    bad = set(changes) - _WRITABLE[kind]
    if bad:
        raise Invalid(f"cannot change {sorted(bad)} of a {kind}")
    row = conn.execute(f"SELECT * FROM {table} WHERE {key} = ?", (target,)).fetchone()
    if row is None and kind == "entity":
        conn.execute("INSERT INTO entity_overrides (entity_id) VALUES (?)", (target,))
        row = conn.execute(f"SELECT * FROM {table} WHERE {key} = ?", (target,)).fetchone()
    changed = {k: v for k, v in changes.items() if row[k] != v}
    for k, v in changed.items():
        conn.execute(
            "INSERT INTO decisions (group_id, kind, target_id, action, field, old_value, new_value, reviewer, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (group, kind, str(target), action, k, json.dumps(row[k], ensure_ascii=False),
             json.dumps(v, ensure_ascii=False), reviewer, at))
    if changed:
        conn.execute(f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in changed)} WHERE {key} = ?",
                     [*changed.values(), target])


# -- events ---------------------------------------------------------------------------------------
def list_events(conn: sqlite3.Connection, filters: dict[str, str] | None = None) -> dict:
    """Events matching the filters, counts per status (all filters but status) and the filter choices."""
    f = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    where, args = [], []
    if f.get("type"):
        where.append("e.type = ?"); args.append(f["type"])
    if f.get("country"):
        where.append("e.country = ?"); args.append(f["country"])
    if f.get("article"):
        where.append("e.article_id = ?"); args.append(f["article"])
    if f.get("place"):  # a point clicked on the map
        where.append("e.location = ?"); args.append(f["place"])
    if f.get("date_from"):
        where.append("e.date_end != '' AND e.date_end >= ?"); args.append(f["date_from"])
    if f.get("date_to"):
        where.append("e.date_start != '' AND e.date_start <= ?"); args.append(f["date_to"])
    for key, op in (("min_conf", ">="), ("max_conf", "<=")):
        if f.get(key):
            try:
                args.append(float(f[key]))
            except ValueError:
                raise Invalid(f"{key} must be a number") from None
            where.append(f"e.confidence {op} ?")
    if f.get("missing"):
        missing = {"date": "e.date = ''", "place": "e.location = ''",
                   "both": "e.date = '' AND e.location = ''"}.get(f["missing"])
        if missing is None:
            raise Invalid("missing must be date, place or both")
        where.append(f"({missing})")
    if f.get("q"):
        where.append("(e.participants LIKE ? OR e.evidence LIKE ? OR e.location LIKE ? OR a.title LIKE ?)")
        args += [f"%{f['q']}%"] * 4
    base = "FROM events e JOIN articles a USING (article_id)" + (" WHERE " + " AND ".join(where) if where else "")
    counts = {s: 0 for s in STATUSES}
    for r in conn.execute(f"SELECT e.review_status AS s, COUNT(*) AS n {base} GROUP BY e.review_status", args):
        counts[r["s"]] = r["n"]
    status_sql, status_args = "", []
    if f.get("status"):
        status_sql = (" AND " if where else " WHERE ") + "e.review_status = ?"
        status_args = [f["status"]]
    order = SORTS.get(f.get("sort", ""))
    if order is None:
        raise Invalid(f"sort must be one of {', '.join(k for k in SORTS if k)}")
    rows = conn.execute(
        f"SELECT e.*, a.title AS article_title, a.published AS article_published {base}{status_sql} "
        f"ORDER BY {order}", args + status_args).fetchall()
    titles = article_titles(conn)
    facets = {
        "types": list(EVENT_TYPES),
        "statuses": list(STATUSES),
        "countries": [r[0] for r in conn.execute(
            "SELECT DISTINCT country FROM events WHERE country != '' ORDER BY country")],
        "articles": [{**dict(r), "title": titles.get(r["article_id"], r["title"])} for r in conn.execute(
            "SELECT article_id, title, published FROM articles WHERE status = 'ok' ORDER BY published DESC, article_id")],
        "missing": ["date", "place", "both"],
    }
    sizes = {(r["article_id"], r["sentence_start"], r["sentence_end"]): r["n"] for r in conn.execute(
        "SELECT article_id, sentence_start, sentence_end, COUNT(*) AS n FROM events "
        "GROUP BY article_id, sentence_start, sentence_end")}
    events = []
    for r in rows:
        e = _event_dict(r)
        e["article_title"] = titles.get(e["article_id"], e["article_title"])
        e["group_id"] = group_key(e)
        e["group_size"] = sizes.get((e["article_id"], e["sentence_start"], e["sentence_end"]), 1)
        events.append(e)
    return {"events": events, "counts": counts, "total": sum(counts.values()),
            "facets": facets, "progress": progress(conn)}


def today_start_utc(now: datetime | None = None) -> str:
    """Local midnight of today, as the UTC ISO string decisions are stamped with (comparable as text)."""
    local = (now or datetime.now()).astimezone()
    midnight = datetime.combine(local.date(), time(0), tzinfo=local.tzinfo)
    return midnight.astimezone(timezone.utc).isoformat(timespec="seconds")


def progress(conn: sqlite3.Connection, now: datetime | None = None) -> dict:
    """Events decided since local midnight (by anyone; undone ones do not count) and events still pending."""
    since = today_start_utc(now)
    row = conn.execute(
        "SELECT SUM(review_status != 'pending' AND reviewed_at >= ?) AS today, "
        "SUM(review_status = 'pending') AS pending, COUNT(*) AS total FROM events", (since,)).fetchone()
    return {"reviewed_today": row["today"] or 0, "remaining": row["pending"] or 0, "total": row["total"] or 0}


def group_key(event: dict | sqlite3.Row) -> str:
    """Events of one evidence sentence form a group (a visit and its meeting): article:start-end."""
    return f"{event['article_id']}:{event['sentence_start']}-{event['sentence_end']}"


def sentence_group(conn: sqlite3.Connection, event: dict | sqlite3.Row) -> list[dict]:
    """Every event whose evidence is the same sentence of the same article (the event itself included)."""
    return [_event_dict(r) for r in conn.execute(
        "SELECT * FROM events WHERE article_id = ? AND sentence_start = ? AND sentence_end = ? "
        "ORDER BY trigger_start, event_id", (event["article_id"], event["sentence_start"], event["sentence_end"]))]


def decide_group(conn: sqlite3.Connection, versions: dict, action: str, reviewer: str) -> list[dict]:
    """accept | reject | reset several events of one sentence as ONE decision (one undo reverts them all).

    versions: event_id -> the version the reviewer saw; any stale one raises Conflict and nothing is written.
    """
    if action not in ("accept", "reject", "reset"):
        raise Invalid(f"a group decision is accept, reject or reset, not {action!r}")
    if not isinstance(versions, dict) or not versions:
        raise Invalid("a group decision needs {event_id: version} for its events")
    at = now_iso()
    with transaction(conn):
        rows = [_row_to_decide(conn, "event", str(eid), v) for eid, v in versions.items()]
        if len({group_key(r) for r in rows}) != 1:
            raise Invalid("a group decision applies to events of one evidence sentence")
        group = _next_group(conn)
        for row in rows:
            status = {"accept": "accepted", "reject": "rejected", "reset": "pending"}[action]
            if action == "accept" and row["review_status"] == "corrected":
                status = "corrected"
            _set(conn, group, "event", row["event_id"], f"group-{action}",
                 dict(review_status=status, reviewed_by=reviewer if status != "pending" else "",
                      reviewed_at=at if status != "pending" else "", version=row["version"] + 1), reviewer, at)
    return [_event_dict(conn.execute("SELECT * FROM events WHERE event_id = ?", (r["event_id"],)).fetchone())
            for r in rows]


def get_event(conn: sqlite3.Connection, event_id: str) -> dict:
    """One event with its article text, all its article's mentions, sibling events and decision history."""
    row = conn.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone()
    if row is None:
        raise NotFound(f"no event {event_id!r}")
    ev = _event_dict(row)
    art = conn.execute(
        "SELECT article_id, title, url, published, published_source, source_path, text, skip_regions "
        "FROM articles WHERE article_id = ?", (ev["article_id"],)).fetchone()
    article = dict(art)
    article["skip_regions"] = json.loads(article["skip_regions"] or "[]")
    article["title"], article["title_source"] = display_title(article["title"], article["text"] or "",
                                                              article["skip_regions"], article["article_id"])
    mentions = [_mention_dict(r) for r in conn.execute(
        "SELECT * FROM mentions WHERE article_id = ? ORDER BY start_char, end_char DESC", (ev["article_id"],))]
    siblings = [dict(r) for r in conn.execute(
        "SELECT event_id, type, review_status, suggestion_for, sentence_start FROM events WHERE article_id = ? "
        "ORDER BY sentence_start, event_id", (ev["article_id"],))]
    related = [dict(r) for r in conn.execute(
        "SELECT event_id, type, review_status FROM events WHERE suggestion_for = ? OR event_id = ?",
        (ev["event_id"], ev["suggestion_for"] or "\x00"))]
    return {"event": ev, "article": article, "mentions": mentions, "siblings": siblings,
            "related": related, "group": sentence_group(conn, ev), "group_id": group_key(ev),
            "history": history(conn, kind="event", target_id=event_id)}


def decide_event(conn: sqlite3.Connection, event_id: str, version: int, action: str, changes: dict | None,
                 reviewer: str) -> dict:
    """accept | reject | correct (slots in `changes`) | reset; one decision group, version checked."""
    if action not in ("accept", "reject", "correct", "reset"):
        raise Invalid(f"unknown action {action!r}")
    changes = _changes(changes)
    at = now_iso()
    with transaction(conn):
        row = _row_to_decide(conn, "event", event_id, version)
        upd: dict[str, Any] = {}
        if action == "correct":
            upd = _event_corrections(row, changes)
            if not upd:
                raise Invalid("nothing to correct: the values are the ones already stored")
        status = {"accept": "accepted", "reject": "rejected", "correct": "corrected", "reset": "pending"}[action]
        if action == "accept" and row["review_status"] == "corrected":
            status = "corrected"  # accepting a corrected event keeps the correction visible
        upd.update(review_status=status, reviewed_by=reviewer if status != "pending" else "",
                   reviewed_at=at if status != "pending" else "", version=row["version"] + 1)
        _set(conn, _next_group(conn), "event", event_id, action, upd, reviewer, at)
    return _event_dict(conn.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone())


def _row_to_decide(conn: sqlite3.Connection, kind: str, target: Any, version: Any) -> sqlite3.Row:
    """The row a decision is about, checked to exist and to be the version the reviewer saw."""
    table, key = _TABLES[kind]
    row = conn.execute(f"SELECT * FROM {table} WHERE {key} = ?", (target,)).fetchone()
    if row is None:
        raise NotFound(f"no {kind} {target!r}")
    _check_version(row, version, kind)
    return row


def _check_version(row: sqlite3.Row, version: Any, what: str) -> None:
    try:
        v = as_int(version, "version")
    except Invalid:
        raise Invalid(f"a {what} decision needs the version it was made on") from None
    if v != row["version"]:
        raise Conflict(f"this {what} was changed in another tab or by another reviewer "
                       f"(your version {v}, now {row['version']}) — reload to see the current values")


def _event_corrections(row: sqlite3.Row, changes: dict) -> dict:
    unknown = set(changes) - set(EVENT_SLOTS)
    if unknown:
        raise Invalid(f"unknown event slot(s): {sorted(unknown)}")
    upd: dict[str, Any] = {}
    for k, v in changes.items():
        if k == "type":
            if v not in EVENT_TYPES:
                raise Invalid(f"type must be one of {', '.join(EVENT_TYPES)}")
            if v != row["type"]:
                upd["type"], upd["cameo"] = v, DEFAULT_CAMEO[v]
        elif k == "participants":
            names = _names(v)
            if not names:
                raise Invalid("an event needs at least one participant")
            upd["participants"] = json.dumps(names, ensure_ascii=False)
        elif k == "date":
            v = str(v or "").strip()
            upd["date"] = v
            upd["date_start"], upd["date_end"] = iso_bounds(v)
        elif k == "amount":
            upd["amount"] = parse_amount(v)
        elif k == "currency":
            v = str(v or "").strip().upper()
            if v and not re.fullmatch(r"[A-Z]{3}", v):
                raise Invalid("currency must be an ISO 4217 code such as EUR, USD, LYD")
            upd["currency"] = v
        elif k == "country":
            v = str(v or "").strip().upper()
            if v and not re.fullmatch(r"[A-Z]{2}", v):
                raise Invalid("country must be an ISO 3166 alpha-2 code such as LY, PK, RU")
            upd["country"] = v
        else:
            upd[k] = str(v or "").strip()[:500]
    return {k: v for k, v in upd.items() if row[k] != v}


# -- mentions -------------------------------------------------------------------------------------
def decide_mention(conn: sqlite3.Connection, mention_id: int, version: int, action: str, changes: dict | None,
                   reviewer: str) -> dict:
    """accept | reject | correct (label, start, end, norm) | reset a mention; version checked."""
    if action not in ("accept", "reject", "correct", "reset"):
        raise Invalid(f"unknown action {action!r}")
    changes = _changes(changes)
    at = now_iso()
    with transaction(conn):
        row = _row_to_decide(conn, "mention", mention_id, version)
        upd: dict[str, Any] = {}
        if action == "correct":
            unknown = set(changes) - set(MENTION_SLOTS)
            if unknown:
                raise Invalid(f"unknown mention slot(s): {sorted(unknown)}")
            if "label" in changes:
                if changes["label"] not in LABELS:
                    raise Invalid(f"label must be one of {', '.join(LABELS)}")
                upd["label"] = changes["label"]
            if "norm" in changes:
                upd["norm"] = str(changes["norm"] or "").strip()[:500]
            if "start" in changes or "end" in changes:
                text = conn.execute("SELECT text FROM articles WHERE article_id = ?",
                                    (row["article_id"],)).fetchone()["text"] or ""
                s = as_int(changes.get("start", row["start_char"]), "start")
                e = as_int(changes.get("end", row["end_char"]), "end")
                if not 0 <= s < e <= len(text):
                    raise Invalid(f"span {s}-{e} is outside the article (0-{len(text)}) or empty")
                upd.update(start_char=s, end_char=e, text=text[s:e])
            upd = {k: v for k, v in upd.items() if row[k] != v}
            if not upd:
                raise Invalid("nothing to correct: the values are the ones already stored")
        status = {"accept": "accepted", "reject": "rejected", "correct": "corrected", "reset": "pending"}[action]
        if action == "accept" and row["review_status"] == "corrected":
            status = "corrected"
        upd.update(review_status=status, reviewed_by=reviewer if status != "pending" else "",
                   reviewed_at=at if status != "pending" else "", version=row["version"] + 1)
        _set(conn, _next_group(conn), "mention", mention_id, action, upd, reviewer, at)
    return _mention_dict(conn.execute("SELECT * FROM mentions WHERE mention_id = ?", (mention_id,)).fetchone())


def accept_pending_mentions(conn: sqlite3.Connection, article_id: str, reviewer: str) -> int:
    """Accept every pending mention of an article in one (undoable) group; returns how many."""
    at = now_iso()
    with transaction(conn):
        rows = conn.execute("SELECT mention_id, version FROM mentions WHERE article_id = ? AND "
                            "review_status = 'pending'", (article_id,)).fetchall()
        group = _next_group(conn)
        for r in rows:
            _set(conn, group, "mention", r["mention_id"], "accept",
                 dict(review_status="accepted", reviewed_by=reviewer, reviewed_at=at, version=r["version"] + 1),
                 reviewer, at)
    return len(rows)


# -- entities -------------------------------------------------------------------------------------
def list_entities(conn: sqlite3.Connection, q: str = "", label: str = "") -> list[dict]:
    """Canonical entities across articles with their surface variants and counts."""
    where, args = ["m.entity_id != ''"], []
    if label:
        where.append("m.label = ?"); args.append(label)
    if q:
        where.append("(m.norm LIKE ? OR m.text LIKE ? OR m.entity_id LIKE ?)"); args += [f"%{q}%"] * 3
    rows = conn.execute(
        "SELECT m.entity_id, m.label, m.norm, m.text, m.article_id FROM mentions m WHERE "
        + " AND ".join(where) + " ORDER BY m.entity_id", args).fetchall()
    ents: dict[str, dict] = {}
    for r in rows:
        e = ents.setdefault(r["entity_id"], {"entity_id": r["entity_id"], "labels": {}, "names": {},
                                             "variants": [], "articles": set(), "n_mentions": 0})
        e["labels"][r["label"]] = e["labels"].get(r["label"], 0) + 1
        e["names"][r["norm"]] = e["names"].get(r["norm"], 0) + 1
        if r["text"] not in e["variants"]:
            e["variants"].append(r["text"])
        e["articles"].add(r["article_id"])
        e["n_mentions"] += 1
    out = []
    for e in ents.values():
        out.append({"entity_id": e["entity_id"], "label": max(e["labels"], key=e["labels"].get),
                    "name": max(e["names"], key=e["names"].get), "variants": e["variants"],
                    "n_mentions": e["n_mentions"], "n_articles": len(e["articles"]),
                    "article_ids": sorted(e["articles"])})
    out.sort(key=lambda e: (e["label"], e["name"].casefold()))
    return out


def _entity_name(conn: sqlite3.Connection, entity_id: str) -> str | None:
    r = conn.execute("SELECT name FROM entity_overrides WHERE entity_id = ? AND name IS NOT NULL",
                     (entity_id,)).fetchone()
    if r:
        return r["name"]
    r = conn.execute("SELECT norm FROM mentions WHERE entity_id = ? AND norm != '' GROUP BY norm "
                     "ORDER BY COUNT(*) DESC LIMIT 1", (entity_id,)).fetchone()
    return r["norm"] if r else None


def _rewrite_names(conn, group: int, action: str, old_names: set[str], new_name: str, reviewer: str, at: str) -> int:
    """Replace old canonical names by the new one in every event's participants, initiator, counterpart, location."""
    old_names = {n for n in old_names if n and n != new_name}
    if not old_names:
        return 0
    n = 0
    for row in conn.execute("SELECT * FROM events").fetchall():
        parts = json.loads(row["participants"] or "[]")
        upd: dict[str, Any] = {}
        if any(p in old_names for p in parts):
            new_parts: list[str] = []
            for p in parts:
                p = new_name if p in old_names else p
                if p not in new_parts:
                    new_parts.append(p)
            upd["participants"] = json.dumps(new_parts, ensure_ascii=False)
        for k in ("initiator", "counterpart", "location"):
            if row[k] in old_names:
                upd[k] = new_name
        if upd:
            upd["version"] = row["version"] + 1
            _set(conn, group, "event", row["event_id"], action, upd, reviewer, at)
            n += 1
    return n


def rename_entity(conn: sqlite3.Connection, entity_id: str, name: str, reviewer: str) -> dict:
    """Give a canonical entity a new name; its mentions' norm and every event naming it follow."""
    name = (name or "").strip()
    if not name:
        raise Invalid("the new name is empty")
    at = now_iso()
    with transaction(conn):
        rows = conn.execute("SELECT mention_id, norm, version FROM mentions WHERE entity_id = ?", (entity_id,)).fetchall()
        if not rows:
            raise NotFound(f"no entity {entity_id!r}")
        group = _next_group(conn)
        _set(conn, group, "entity", entity_id, "rename", {"name": name}, reviewer, at)
        for r in rows:
            if r["norm"] != name:
                _set(conn, group, "mention", r["mention_id"], "rename",
                     {"norm": name, "version": r["version"] + 1}, reviewer, at)
        n_events = _rewrite_names(conn, group, "rename", {r["norm"] for r in rows}, name, reviewer, at)
    return {"entity_id": entity_id, "name": name, "mentions": len(rows), "events": n_events}


def merge_entities(conn: sqlite3.Connection, source_id: str, target_id: str, reviewer: str) -> dict:
    """Fold `source_id` into `target_id` (e.g. two transliterations of one person): every row follows."""
    if source_id == target_id:
        raise Invalid("choose two different entities to merge")
    at = now_iso()
    with transaction(conn):
        src = conn.execute("SELECT mention_id, norm, version FROM mentions WHERE entity_id = ?", (source_id,)).fetchall()
        if not src:
            raise NotFound(f"no entity {source_id!r}")
        target_name = _entity_name(conn, target_id)
        if target_name is None:
            raise NotFound(f"no entity {target_id!r}")
        group = _next_group(conn)
        _set(conn, group, "entity", source_id, "merge", {"merged_into": target_id}, reviewer, at)
        for r in src:
            _set(conn, group, "mention", r["mention_id"], "merge",
                 {"entity_id": target_id, "norm": target_name, "version": r["version"] + 1}, reviewer, at)
        n_events = _rewrite_names(conn, group, "merge", {r["norm"] for r in src}, target_name, reviewer, at)
    return {"source_id": source_id, "target_id": target_id, "name": target_name, "mentions": len(src),
            "events": n_events}


# -- history and undo -----------------------------------------------------------------------------
def history(conn: sqlite3.Connection, kind: str | None = None, target_id: str | None = None,
            limit: int = 200) -> list[dict]:
    """Decision rows, newest first (optionally for one target)."""
    where, args = ["field NOT IN ('version', 'reviewed_by', 'reviewed_at')"], []
    if kind:
        where.append("kind = ?"); args.append(kind)
    if target_id is not None:
        where.append("target_id = ?"); args.append(str(target_id))
    rows = conn.execute(f"SELECT * FROM decisions WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?",
                        args + [limit]).fetchall()
    out = []
    for r in rows:
        d = dict(r)
        d["old_value"], d["new_value"] = json.loads(d["old_value"]), json.loads(d["new_value"])
        out.append(d)
    return out


def reviewer_name(value: Any) -> str:
    """The name a decision is recorded under, as the page sent it: 1-80 printable characters."""
    name = " ".join(str(value).split()) if isinstance(value, str) else ""
    if not name:
        raise Invalid("choose your reviewer name in the page before deciding (it is recorded with every decision)")
    if len(name) > 80 or any(not ch.isprintable() for ch in name):
        raise Invalid("a reviewer name is at most 80 printable characters")
    return name


def _undo_group(conn: sqlite3.Connection, reviewer: str, event_id: Any, group_id: Any) -> int:
    """Which decision group an undo reverts: this reviewer's latest live one on the event (or the one named)."""
    if group_id not in (None, ""):
        g = as_int(group_id, "group_id")
        rows = conn.execute("SELECT DISTINCT reviewer, undone_at IS NOT NULL AS undone FROM decisions "
                            "WHERE group_id = ?", (g,)).fetchall()
        if not rows:
            raise NotFound(f"no decision {g}")
        if any(r["reviewer"] != reviewer for r in rows):
            raise Invalid(f"decision {g} was made by {rows[0]['reviewer']}: only its author can undo it")
        if any(r["undone"] for r in rows):
            raise Invalid(f"decision {g} is already undone")
        return g
    if not isinstance(event_id, str) or not event_id:
        raise Invalid("undo needs the event in view (event_id) or a decision (group_id)")
    ev = conn.execute("SELECT article_id FROM events WHERE event_id = ?", (event_id,)).fetchone()
    if ev is None:
        raise NotFound(f"no event {event_id!r}")
    # the event's own decisions (alone, as a group, or by a rename) and those on its article's mentions
    g = conn.execute(
        "SELECT MAX(group_id) FROM decisions WHERE reviewer = ? AND undone_at IS NULL AND ("
        "(kind = 'event' AND target_id = ?) OR (kind = 'mention' AND target_id IN "
        "(SELECT CAST(mention_id AS TEXT) FROM mentions WHERE article_id = ?)))",
        (reviewer, event_id, ev["article_id"])).fetchone()[0]
    if g is None:
        raise NotFound(f"nothing of yours to undo on event {event_id} ({reviewer})")
    return g


def undo(conn: sqlite3.Connection, reviewer: str, event_id: str | None = None, group_id: Any = None) -> dict:
    """Revert this reviewer's latest decision on one event (or one named decision group of theirs).

    Only that reviewer's own decisions, only on that event (and its article's mentions): never another
    reviewer's, never another event's. Nothing is deleted: the reverted rows stay in `decisions`, flagged
    `undone_at` / `undone_by`. Refused (409) if someone changed those rows since."""
    at = now_iso()
    with transaction(conn):
        g = _undo_group(conn, reviewer, event_id, group_id)
        rows = conn.execute("SELECT * FROM decisions WHERE group_id = ? ORDER BY id DESC", (g,)).fetchall()
        targets: dict[tuple[str, str], sqlite3.Row] = {}
        for r in rows:  # a row changed since by someone else's later decision cannot be undone blindly
            if r["field"] == "version":
                table, key = _TABLES[r["kind"]]
                cur = conn.execute(f"SELECT version FROM {table} WHERE {key} = ?", (r["target_id"],)).fetchone()
                if cur is None or cur["version"] != json.loads(r["new_value"]):
                    raise Conflict(f"cannot undo: {r['kind']} {r['target_id']} was changed again since — reload")
            targets[(r["kind"], r["target_id"])] = r
        for r in rows:
            if r["field"] == "version":
                continue
            table, key = _TABLES[r["kind"]]
            conn.execute(f"UPDATE {table} SET {r['field']} = ? WHERE {key} = ?",
                         (json.loads(r["old_value"]), r["target_id"]))
        for kind, target in targets:
            if kind == "entity":
                conn.execute("DELETE FROM entity_overrides WHERE entity_id = ? AND name IS NULL AND "
                             "merged_into IS NULL", (target,))
            else:
                table, key = _TABLES[kind]
                conn.execute(f"UPDATE {table} SET version = version + 1 WHERE {key} = ?", (target,))
        conn.execute("UPDATE decisions SET undone_at = ?, undone_by = ? WHERE group_id = ?", (at, reviewer, g))
    first = rows[-1]
    shown = [r for r in reversed(rows) if r["field"] not in ("version", "reviewed_by", "reviewed_at")]
    return {"group_id": g, "action": first["action"], "kind": first["kind"], "target_id": first["target_id"],
            "event_id": event_id or (first["target_id"] if first["kind"] == "event" else ""),
            "reviewer": reviewer, "decided_at": first["at"], "undone_at": at,
            "targets": sorted({f"{r['kind']} {r['target_id']}" for r in rows}),
            "fields": sorted({r["field"] for r in shown}),
            "changes": [{"kind": r["kind"], "target_id": r["target_id"], "field": r["field"],
                         "from": json.loads(r["new_value"]), "to": json.loads(r["old_value"])} for r in shown]}


# -- export ---------------------------------------------------------------------------------------
def gold_records(conn: sqlite3.Connection) -> list[dict]:
    """Accepted/corrected mentions and events per article, in the gold JSONL shape of DESIGN.md."""
    out = []
    for a in conn.execute("SELECT * FROM articles WHERE status = 'ok' ORDER BY article_id").fetchall():
        spans = [{"start": m["start_char"], "end": m["end_char"], "label": m["label"], "norm": m["norm"]}
                 for m in conn.execute("SELECT * FROM mentions WHERE article_id = ? AND review_status IN "
                                       "('accepted', 'corrected') ORDER BY start_char, end_char", (a["article_id"],))]
        events = []
        for e in conn.execute("SELECT * FROM events WHERE article_id = ? AND review_status IN "
                              "('accepted', 'corrected') ORDER BY sentence_start, event_id", (a["article_id"],)):
            events.append({
                "type": e["type"], "participants": json.loads(e["participants"] or "[]"),
                "initiator": e["initiator"], "counterpart": e["counterpart"], "location": e["location"],
                "date": e["date"], "amount": e["amount"], "currency": e["currency"], "trigger": e["trigger"],
                "trigger_start": e["trigger_start"], "trigger_end": e["trigger_end"],
                "evidence_start": e["sentence_start"], "evidence_end": e["sentence_end"],
            })
        if not spans and not events:
            continue
        out.append({"text": a["text"], "meta": {"id": a["article_id"], "published": a["published"],
                                                "url": a["url"], "title": a["title"]},
                    "spans": spans, "events": events})
    return out


def export_review(db_path: Path | str, out_dir: Path | str) -> list[Path]:
    """Reviewed tables (CSV + XLSX, with review columns and the decision log) and gold.jsonl."""
    out_dir = Path(out_dir)
    with Store(Path(db_path)) as store:
        tables = store.tables()
        tables["decisions"] = pd.read_sql_query("SELECT * FROM decisions ORDER BY id", store.conn)
        written = write_tables(tables, out_dir, ("csv", "xlsx"))
        gold = out_dir / "gold.jsonl"
        with gold.open("w", encoding="utf-8") as fh:
            for rec in gold_records(store.conn):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return [*written, gold]


__all__ = ["Conflict", "Invalid", "NotFound", "ReviewError", "REVIEWED", "accept_pending_mentions",
           "decide_event", "decide_group", "decide_mention", "export_review", "get_event", "gold_records", "history",
           "iso_bounds", "list_entities", "list_events", "merge_entities", "progress", "rename_entity",
           "reviewer_name", "undo"]
