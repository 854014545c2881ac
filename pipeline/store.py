"""SQLite store: one transaction per article, reruns that never overwrite a reviewed row, table exports.

Why SQLite: one file next to the run output, safe to kill mid-run (WAL + a transaction per article),
and the review app reads and writes the same file. Review decisions live in their own table
(`decisions`: who, when, what, old value, new value) so nothing a person decided is lost or silent.

Rerun rules (see `save_result`):
- an article's row, its *pending* mentions and its *pending* events are replaced;
- reviewed rows (accepted, corrected, rejected) are kept as they are;
- a new extraction equal to a reviewed one is dropped (the reviewed row already stands for it);
- a different extraction that reuses a reviewed event id comes in as a new pending suggestion
  (`event_id~<hash>`, `suggestion_for` = the reviewed id) beside the reviewed one;
- entity renames/merges made in review are re-applied to what a rerun brings in.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.records import ArticleResult, Event, Mention

if TYPE_CHECKING:  # pandas is imported where a table is built: a rerun with nothing to export never pays for it
    import pandas as pd

DEFAULT_DB_NAME = "press_events.sqlite"  # the name `run` uses inside its output folder
SCHEMA_VERSION = 4  # 2: mentions.linked_to holds a mention_id; 3: articles.published_grain, warning, 'skipped';
# 4: run_state, sources and source_articles (what lets an unchanged rerun skip ingest and exports), change counter
REVIEWED = ("accepted", "corrected", "rejected")

# Output contract of DESIGN.md: these columns first, in this order; extras follow.
ARTICLE_COLUMNS = ["article_id", "source_path", "url", "title", "published", "published_source",
                   "n_chars", "status", "error"]
ENTITY_COLUMNS = ["article_id", "start", "end", "text", "label", "norm", "entity_id", "date_start",
                  "date_end", "date_grain", "amount", "amount_max", "currency", "qualifier", "country",
                  "lat", "lon", "title"]
EVENT_COLUMNS = ["event_id", "article_id", "type", "cameo", "date", "date_start", "date_end", "location",
                 "country", "participants", "initiator", "counterpart", "amount", "currency", "trigger",
                 "evidence", "sentence_start", "sentence_end", "confidence", "review_status"]
CLUSTER_COLUMNS = ["cluster_id", "type", "date", "location", "country", "participants", "n_events",
                   "n_articles", "event_ids", "article_ids", "review_statuses"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    source_path TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL DEFAULT '',
    published_source TEXT NOT NULL DEFAULT 'unknown',
    n_chars INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'skipped')),
    error TEXT NOT NULL DEFAULT '',
    published_grain TEXT NOT NULL DEFAULT '',
    warning TEXT NOT NULL DEFAULT '',
    text TEXT,
    skip_regions TEXT NOT NULL DEFAULT '[]',
    content_hash TEXT NOT NULL DEFAULT '',
    pipeline_version TEXT NOT NULL DEFAULT '',
    processed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mentions (
    mention_id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    idx INTEGER NOT NULL DEFAULT 0,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL,
    norm TEXT NOT NULL DEFAULT '',
    entity_id TEXT NOT NULL DEFAULT '',
    date_start TEXT NOT NULL DEFAULT '',
    date_end TEXT NOT NULL DEFAULT '',
    date_grain TEXT NOT NULL DEFAULT '',
    amount REAL,
    amount_max REAL,
    currency TEXT NOT NULL DEFAULT '',
    qualifier TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    lat REAL,
    lon REAL,
    title TEXT NOT NULL DEFAULT '',
    time TEXT NOT NULL DEFAULT '',
    linked_to INTEGER,
    source TEXT NOT NULL DEFAULT '',
    review_status TEXT NOT NULL DEFAULT 'pending',
    version INTEGER NOT NULL DEFAULT 1,
    orig_start INTEGER NOT NULL,
    orig_end INTEGER NOT NULL,
    orig_label TEXT NOT NULL,
    reviewed_by TEXT NOT NULL DEFAULT '',
    reviewed_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id, start_char);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);
CREATE TABLE IF NOT EXISTS events (
    event_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    cameo TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    date_start TEXT NOT NULL DEFAULT '',
    date_end TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    participants TEXT NOT NULL DEFAULT '[]',
    initiator TEXT NOT NULL DEFAULT '',
    counterpart TEXT NOT NULL DEFAULT '',
    amount REAL,
    currency TEXT NOT NULL DEFAULT '',
    trigger TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    sentence_start INTEGER NOT NULL DEFAULT 0,
    sentence_end INTEGER NOT NULL DEFAULT 0,
    confidence REAL NOT NULL DEFAULT 0,
    review_status TEXT NOT NULL DEFAULT 'pending',
    trigger_start INTEGER NOT NULL DEFAULT 0,
    trigger_end INTEGER NOT NULL DEFAULT 0,
    planned INTEGER NOT NULL DEFAULT 0,
    cluster_id TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    extraction_hash TEXT NOT NULL DEFAULT '',
    suggestion_for TEXT NOT NULL DEFAULT '',
    reviewed_by TEXT NOT NULL DEFAULT '',
    reviewed_at TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
-- Entity renames and merges decided in review, re-applied to every later save.
CREATE TABLE IF NOT EXISTS entity_overrides (
    entity_id TEXT PRIMARY KEY,
    name TEXT,
    merged_into TEXT
);
-- Every review decision, one row per changed field. A group is one user action, undone together.
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('event', 'mention', 'entity')),
    target_id TEXT NOT NULL,
    action TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    undone_at TEXT,
    undone_by TEXT
);
CREATE INDEX IF NOT EXISTS decisions_target ON decisions(kind, target_id);
CREATE INDEX IF NOT EXISTS decisions_group ON decisions(group_id);
-- What the `run` job remembers between runs: cached values (key -> JSON) and the change counter.
CREATE TABLE IF NOT EXISTS run_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT OR IGNORE INTO run_state (key, value) VALUES ('changes', '0');
-- Each input file last ingested whole and fine: the fingerprint of its bytes (and of the code and options
-- that read it) and the articles it gave. A rerun that finds the same fingerprint, and each of those
-- articles still current, skips the file without reading it again.
CREATE TABLE IF NOT EXISTS sources (
    source_path TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS source_articles (
    source_path TEXT NOT NULL REFERENCES sources(source_path) ON DELETE CASCADE,
    pos INTEGER NOT NULL,
    raw_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    PRIMARY KEY (source_path, pos)
);
"""
# Tables whose rows the exports show: any write to them (a run, a review decision, a migration) bumps
# run_state.changes, so `run` knows when the tables and reports it wrote last are still those of the database.
_COUNTED_TABLES = ("articles", "mentions", "events", "entity_overrides", "decisions")
_CHANGE_TRIGGERS = [
    f"CREATE TRIGGER IF NOT EXISTS count_{table}_{op.lower()} AFTER {op} ON {table} BEGIN "
    f"UPDATE run_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'changes'; END"
    for table in _COUNTED_TABLES for op in ("INSERT", "UPDATE", "DELETE")
]

# Mention fields copied from records.Mention into the mentions table (column renames for SQL keywords).
_MENTION_FIELDS = ["idx", "start_char", "end_char", "text", "label", "norm", "entity_id", "date_start",
                   "date_end", "date_grain", "amount", "amount_max", "currency", "qualifier", "country",
                   "lat", "lon", "title", "time", "linked_to", "source"]
_EVENT_FIELDS = ["event_id", "article_id", "type", "cameo", "date", "date_start", "date_end", "location",
                 "country", "participants", "initiator", "counterpart", "amount", "currency", "trigger",
                 "evidence", "sentence_start", "sentence_end", "confidence", "review_status",
                 "trigger_start", "trigger_end", "planned", "cluster_id"]


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection with the settings every user of the store needs (WAL, FKs, waits on locks)."""
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def extraction_hash(event: Event) -> str:
    """Fingerprint of what the extractor said (not of review state): equal hash = same extraction."""
    row = event.as_row()
    for key in ("review_status", "cluster_id", "confidence"):
        row.pop(key, None)
    blob = json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


class Store:
    """The run's SQLite database. Safe to reopen; each `save_result` is one transaction."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = connect(self.path)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self._migrate()

    # -- schema ---------------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"{self.path}: schema version {version} is newer than this code ({SCHEMA_VERSION})")
        if 0 < version < 3:
            self._rebuild_articles()
        if version < SCHEMA_VERSION:
            with self._tx():
                for stmt in _SCHEMA.split(";"):
                    if stmt.strip():
                        self.conn.execute(stmt)
                for stmt in _CHANGE_TRIGGERS:
                    self.conn.execute(stmt)
                if version == 1:  # positions written by version 1 become the ids of the rows they meant
                    self.conn.execute(
                        "UPDATE mentions SET linked_to = (SELECT t.mention_id FROM mentions t WHERE "
                        "t.article_id = mentions.article_id AND t.idx = mentions.linked_to) WHERE linked_to IS NOT NULL")
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _rebuild_articles(self) -> None:
        """Version 3 widens the status check and adds two columns: SQLite rebuilds the table for that.
        Foreign keys are off meanwhile, so the mentions and events of every article stay."""
        self.conn.execute("PRAGMA foreign_keys = OFF")
        try:
            with self._tx():
                old = [r["name"] for r in self.conn.execute("PRAGMA table_info(articles)")]
                create = _SCHEMA[_SCHEMA.index("CREATE TABLE IF NOT EXISTS articles"):].split(";")[0]
                self.conn.execute(create.replace("IF NOT EXISTS articles", "articles_v3"))
                cols = ", ".join(old)
                self.conn.execute(f"INSERT INTO articles_v3 ({cols}) SELECT {cols} FROM articles")
                self.conn.execute("UPDATE articles_v3 SET published_grain = 'day' WHERE published != ''")
                self.conn.execute("DROP TABLE articles")
                self.conn.execute("ALTER TABLE articles_v3 RENAME TO articles")
        finally:
            self.conn.execute("PRAGMA foreign_keys = ON")

    def _tx(self):
        return _Transaction(self.conn)

    # -- writes ---------------------------------------------------------------------------------
    def is_current(self, article_id: str, content_hash: str, pipeline_version: str) -> bool:
        """True when this article was already processed OK from the same content by the same pipeline.

        Failed articles are never current, so a rerun retries them (the failure may have been fixed)."""
        row = self.conn.execute(
            "SELECT content_hash, pipeline_version, status FROM articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return bool(row) and row["status"] == "ok" and row["content_hash"] == content_hash \
            and row["pipeline_version"] == pipeline_version

    def save_result(self, result: ArticleResult, content_hash: str, pipeline_version: str) -> None:
        """Replace one article's row, pending mentions and pending events in a single transaction."""
        art, fail = result.article, result.failure
        article_id = art.id if art is not None else fail.id
        stamp = now_iso()
        with self._tx():
            c = self.conn
            base = dict(
                article_id=article_id,
                source_path=(art.source_path if art else "") or (fail.source_path if fail else ""),
                url=art.url if art else "", title=art.title if art else "",
                published=art.published_text if art else "",
                published_grain=art.published_grain if art and art.published else "",
                published_source=art.published_source if art else "unknown",
                warning=art.warning if art else "",
                n_chars=art.n_chars if art else 0,
                status=fail.status if fail else "ok", error=fail.error if fail else "",
                text=art.text if art is not None and not fail else None,
                skip_regions=json.dumps([list(r) for r in art.skip_regions]) if art else "[]",
                content_hash=content_hash, pipeline_version=pipeline_version, processed_at=stamp,
            )
            cols = list(base)
            c.execute(
                f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
                f"ON CONFLICT(article_id) DO UPDATE SET "
                + ", ".join(f"{k} = excluded.{k}" for k in cols if k != "article_id"),
                [base[k] for k in cols],
            )
            c.execute("DELETE FROM mentions WHERE article_id = ? AND review_status = 'pending'", (article_id,))
            c.execute("DELETE FROM events WHERE article_id = ? AND review_status = 'pending'", (article_id,))
            if fail:
                return
            entity_map, name_map = self._entity_overrides(result.mentions)
            self._insert_mentions(article_id, result.mentions, entity_map)
            self._insert_events(article_id, result.events, name_map, stamp)

    def _entity_overrides(self, mentions: Iterable[Mention]) -> tuple[dict[str, tuple[str, str | None]], dict[str, str]]:
        """entity_id -> (final id, final name or None) for ids renamed/merged in review, and old name -> new name."""
        rows = {r["entity_id"]: r for r in self.conn.execute("SELECT * FROM entity_overrides")}
        if not rows:
            return {}, {}
        entity_map, name_map = {}, {}
        for m in mentions:
            eid = m.entity_id
            if not eid or eid not in rows:
                continue
            seen, final = set(), eid
            while final in rows and rows[final]["merged_into"] and final not in seen:
                seen.add(final)
                final = rows[final]["merged_into"]
            name = rows[final]["name"] if final in rows and rows[final]["name"] else None
            if name is None and final != eid:
                got = self.conn.execute(
                    "SELECT norm FROM mentions WHERE entity_id = ? AND norm != '' "
                    "GROUP BY norm ORDER BY COUNT(*) DESC LIMIT 1", (final,)).fetchone()
                name = got["norm"] if got else None
            entity_map[eid] = (final, name)
            if name and m.norm and m.norm != name:
                name_map[m.norm] = name
        return entity_map, name_map

    def _insert_mentions(self, article_id: str, mentions: Sequence[Mention], entity_map) -> None:
        """Insert the article's mentions; `linked_to` goes in as the target's global mention_id.

        The extractor links a converted amount by its position in the article's list; a table reader
        needs the id of a row, so positions are translated once every row of the article has its id."""
        kept = {(r["orig_start"], r["orig_end"], r["orig_label"]): r["mention_id"] for r in self.conn.execute(
            "SELECT orig_start, orig_end, orig_label, mention_id FROM mentions WHERE article_id = ?", (article_id,))}
        cols = ["article_id", *_MENTION_FIELDS, "orig_start", "orig_end", "orig_label"]
        sql = f"INSERT INTO mentions ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        ids: list[int] = []
        for i, m in enumerate(mentions):
            key = (m.start, m.end, m.label)
            if key in kept:
                ids.append(kept[key])  # a reviewed mention already stands for this span
                continue
            row = m.as_row()
            row["idx"], row["start_char"], row["end_char"] = i, m.start, m.end
            row["linked_to"] = None
            if m.entity_id in entity_map:
                final, name = entity_map[m.entity_id]
                row["entity_id"] = final
                if name:
                    row["norm"] = name
            values = [article_id] + [row.get(k) for k in _MENTION_FIELDS] + [m.start, m.end, m.label]
            ids.append(self.conn.execute(sql, values).lastrowid)
        links = [(ids[m.linked_to], ids[i]) for i, m in enumerate(mentions)
                 if m.linked_to is not None and 0 <= m.linked_to < len(ids) and (m.start, m.end, m.label) not in kept]
        self.conn.executemany("UPDATE mentions SET linked_to = ? WHERE mention_id = ?", links)

    def _insert_events(self, article_id: str, events: Sequence[Event], name_map: dict[str, str], stamp: str) -> None:
        reviewed = {r["event_id"]: r["extraction_hash"] for r in self.conn.execute(
            "SELECT event_id, extraction_hash FROM events WHERE article_id = ?", (article_id,))}
        reviewed_hashes = set(reviewed.values())
        cols = [*_EVENT_FIELDS, "version", "extraction_hash", "suggestion_for", "created_at"]
        sql = (f"INSERT INTO events ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
               "ON CONFLICT(event_id) DO NOTHING")
        for ev in events:
            h = extraction_hash(ev)
            if h in reviewed_hashes:
                continue  # the reviewed event already stands for this extraction
            row = ev.as_row()
            row["article_id"] = article_id
            row["participants"] = json.dumps(_rename_list(ev.participants, name_map), ensure_ascii=False)
            for k in ("initiator", "counterpart", "location"):
                row[k] = name_map.get(row[k], row[k])
            row["review_status"] = "pending"
            row["planned"] = int(bool(ev.planned))
            suggestion_for = ""
            if ev.event_id in reviewed:
                suggestion_for = ev.event_id
                row["event_id"] = f"{ev.event_id}~{h[:8]}"
            values = [row.get(k) for k in _EVENT_FIELDS] + [1, h, suggestion_for, stamp]
            self.conn.execute(sql, values)

    # -- what the run job remembers between runs ----------------------------------------------------
    def state(self, key: str, default=None):
        """A value the run job stored (JSON), or `default`."""
        row = self.conn.execute("SELECT value FROM run_state WHERE key = ?", (key,)).fetchone()
        return json.loads(row["value"]) if row else default

    def set_state(self, key: str, value) -> None:
        with self._tx():
            self.conn.execute("INSERT INTO run_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                              "value = excluded.value", (key, json.dumps(value)))

    def changes(self) -> int:
        """A counter every write to an exported table moves (triggers): equal counts, equal tables."""
        row = self.conn.execute("SELECT value FROM run_state WHERE key = 'changes'").fetchone()
        return int(row["value"]) if row else -1

    def source_items(self, source_path: str, fingerprint: str, pipeline_version: str) -> list[tuple[str, str]] | None:
        """(raw id, article id) of each article the file gave when last ingested with this fingerprint, if
        every one of them is still stored as processed from that same content by `pipeline_version`; else None."""
        row = self.conn.execute("SELECT fingerprint FROM sources WHERE source_path = ?", (source_path,)).fetchone()
        if not row or row["fingerprint"] != fingerprint:
            return None
        items = self.conn.execute(
            "SELECT s.raw_id, s.article_id, a.content_hash = s.content_hash AND a.status = 'ok' "
            "AND a.pipeline_version = ? AS current FROM source_articles s LEFT JOIN articles a "
            "ON a.article_id = s.article_id WHERE s.source_path = ? ORDER BY s.pos", (pipeline_version, source_path)).fetchall()
        if not items or not all(r["current"] for r in items):
            return None
        return [(r["raw_id"], r["article_id"]) for r in items]

    def forget_source(self, source_path: str) -> None:
        with self._tx():
            self.conn.execute("DELETE FROM sources WHERE source_path = ?", (source_path,))

    def remember_source(self, source_path: str, fingerprint: str, items: Sequence[tuple[str, str, str]],
                        pipeline_version: str) -> bool:
        """Record a file whose articles ((raw id, article id, content hash) each) are all stored as processed
        by `pipeline_version` from that content; a file with any article not so stored is forgotten instead."""
        with self._tx():
            c = self.conn
            c.execute("DELETE FROM sources WHERE source_path = ?", (source_path,))
            current = [c.execute("SELECT 1 FROM articles WHERE article_id = ? AND status = 'ok' AND content_hash = ? "
                                 "AND pipeline_version = ?", (aid, h, pipeline_version)).fetchone() is not None
                       for _raw, aid, h in items]
            if not items or not all(current):
                return False
            c.execute("INSERT INTO sources (source_path, fingerprint) VALUES (?, ?)", (source_path, fingerprint))
            c.executemany("INSERT INTO source_articles (source_path, pos, raw_id, article_id, content_hash) "
                          "VALUES (?, ?, ?, ?, ?)", [(source_path, i, *item) for i, item in enumerate(items)])
        return True

    # -- clusters ---------------------------------------------------------------------------------
    def all_events(self) -> list[Event]:
        """Every stored event as a record, with its current review status (rejected ones included)."""
        fields = {f for f in Event.__dataclass_fields__}
        out = []
        for r in self.conn.execute("SELECT * FROM events ORDER BY article_id, sentence_start, event_id"):
            d = {k: r[k] for k in r.keys() if k in fields}
            d["participants"] = json.loads(d["participants"] or "[]")
            d["planned"] = bool(d["planned"])
            out.append(Event(**d))
        return out

    def write_clusters(self, assignment: Mapping[str, str]) -> int:
        """Store a cluster assignment (event_id -> cluster_id) decided elsewhere; every other event gets none.

        Clusters are recomputed as a whole after a batch, so they are not part of the review versioning.
        Returns the number of events given a cluster."""
        with self._tx():
            self.conn.execute("UPDATE events SET cluster_id = ''")
            self.conn.executemany("UPDATE events SET cluster_id = ? WHERE event_id = ?",
                                  [(cid, eid) for eid, cid in assignment.items()])
        return len(assignment)

    # -- reads and exports -----------------------------------------------------------------------
    def articles_frame(self) -> pd.DataFrame:
        import pandas as pd

        df = pd.read_sql_query(
            "SELECT article_id, source_path, url, title, published, published_source, n_chars, status, error, "
            "published_grain, warning, "
            "content_hash, pipeline_version, processed_at FROM articles ORDER BY article_id", self.conn)
        return df

    def entities_frame(self) -> pd.DataFrame:
        import pandas as pd

        df = pd.read_sql_query(
            "SELECT article_id, start_char AS start, end_char AS \"end\", text, label, norm, entity_id, "
            "date_start, date_end, date_grain, amount, amount_max, currency, qualifier, country, lat, lon, title, "
            "time, linked_to, source, mention_id, review_status, reviewed_by, reviewed_at "
            "FROM mentions ORDER BY article_id, start_char, end_char, mention_id", self.conn)
        df["linked_to"] = df["linked_to"].astype("Int64")
        return df

    def events_frame(self) -> pd.DataFrame:
        import pandas as pd

        df = pd.read_sql_query(
            f"SELECT {', '.join(_EVENT_FIELDS)}, suggestion_for, version, reviewed_by, reviewed_at "
            "FROM events ORDER BY article_id, sentence_start, event_id", self.conn)
        df["participants"] = df["participants"].map(lambda s: " | ".join(json.loads(s or "[]")))
        df["planned"] = df["planned"].astype(bool)
        return df[EVENT_COLUMNS + [c for c in df.columns if c not in EVENT_COLUMNS]]

    def clusters_frame(self, events: pd.DataFrame | None = None) -> pd.DataFrame:
        import pandas as pd

        ev = self.events_frame() if events is None else events
        ev = ev[ev["cluster_id"].astype(str) != ""]
        rows = []
        for cid, grp in ev.groupby("cluster_id", sort=True):
            live = grp[grp["review_status"] != "rejected"]
            src = live if len(live) else grp
            people: list[str] = []
            for p in src["participants"]:
                for name in filter(None, (x.strip() for x in p.split("|"))):
                    if name not in people:
                        people.append(name)
            rows.append(dict(
                cluster_id=cid, type=_mode(src["type"]), date=_mode(src["date"]), location=_mode(src["location"]),
                country=_mode(src["country"]), participants=" | ".join(people), n_events=len(grp),
                n_articles=grp["article_id"].nunique(), event_ids=" | ".join(grp["event_id"]),
                article_ids=" | ".join(dict.fromkeys(grp["article_id"])),
                review_statuses=" | ".join(grp["review_status"]),
            ))
        return pd.DataFrame(rows, columns=CLUSTER_COLUMNS)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The contract tables as frames (event_clusters only when clusters exist)."""
        events = self.events_frame()
        out = {"articles": self.articles_frame(), "entities": self.entities_frame(), "events": events}
        clusters = self.clusters_frame(events)
        if len(clusters):
            out["event_clusters"] = clusters
        return out

    def export_tables(self, outdir: Path, formats: Sequence[str] = ("csv",)) -> list[Path]:
        """Write the contract tables: CSV always-on by default; 'parquet' and 'xlsx' on request."""
        return write_tables(self.tables(), Path(outdir), formats)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def write_tables(tables: dict[str, pd.DataFrame], outdir: Path, formats: Sequence[str]) -> list[Path]:
    """Write frames as CSV (UTF-8, header), Parquet (one file per table) and/or one XLSX with a sheet each."""
    import pandas as pd

    unknown = set(formats) - {"csv", "parquet", "xlsx"}
    if unknown:
        raise ValueError(f"unknown export format(s): {sorted(unknown)} (use csv, parquet, xlsx)")
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if "csv" in formats:
        for name, df in tables.items():
            p = outdir / f"{name}.csv"
            df.to_csv(p, index=False, encoding="utf-8", float_format="%.15g")
            written.append(p)
    if "parquet" in formats:
        for name, df in tables.items():
            written.append(write_parquet_parts(df, outdir / f"{name}.parquet"))
    if "xlsx" in formats:
        p = outdir / "tables.xlsx"
        with pd.ExcelWriter(p, engine="openpyxl") as xw:
            for name, df in tables.items():
                df.to_excel(xw, sheet_name=name[:31], index=False)
        written.append(p)
    return written


PARQUET_PART_ROWS = 100_000


def write_parquet_parts(df: pd.DataFrame, folder: Path, part_rows: int = PARQUET_PART_ROWS) -> Path:
    """One table as a partitioned Parquet dataset: `folder/part.00000.parquet`, ... of at most `part_rows`
    rows each, in table order, one schema for all (pandas.read_parquet(folder), dask.dataframe.read_parquet
    and pyarrow read it whole). Written beside and swapped in whole; a single-file table of an older run
    with the same name is replaced."""
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for n, start in enumerate(range(0, max(table.num_rows, 1), part_rows)):
        pq.write_table(table.slice(start, part_rows), tmp / f"part.{n:05d}.parquet")
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder)
    elif folder.exists() or folder.is_symlink():
        folder.unlink()
    tmp.rename(folder)
    return folder


def _rename_list(names: Sequence[str], name_map: dict[str, str]) -> list[str]:
    out: list[str] = []
    for n in names:
        n = name_map.get(n, n)
        if n not in out:
            out.append(n)
    return out


def _mode(values: pd.Series) -> str:
    vals = [v for v in values.astype(str) if v and v != "nan"]
    return Counter(vals).most_common(1)[0][0] if vals else ""


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT/ROLLBACK: a writer takes the lock up front so version checks are atomic."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
        return False


def transaction(conn: sqlite3.Connection) -> _Transaction:
    return _Transaction(conn)
