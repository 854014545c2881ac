"""SQLite store: per-article transactions, failures recorded, rerun skip, reviewed rows kept, exports."""
from __future__ import annotations

import copy
import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pipeline.records import Article, ArticleResult, Event, IngestFailure, Mention
from pipeline.review import service as sv
from pipeline.review.demo import demo_results
from pipeline.store import ENTITY_COLUMNS, EVENT_COLUMNS, ARTICLE_COLUMNS, Store, connect

CHECK_CONTRACT = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "check-contract"


def _small(aid: str = "t-001") -> ArticleResult:
    text = "Le ministre Ahmed Attaf s'est rendu jeudi à Niamey pour rencontrer le général Abdourahamane Tiani."
    def m(surface, label, norm, **kw):
        s = text.index(surface)
        return Mention(aid, s, s + len(surface), surface, label, norm, **kw)
    ms = [m("Ahmed Attaf", "PER", "Ahmed Attaf", entity_id="per:ahmed-attaf"),
          m("jeudi", "DATE", "2024-03-07", date_start="2024-03-07", date_end="2024-03-07", date_grain="day"),
          m("Niamey", "LOC", "Niamey", entity_id="loc:niamey", country="NE"),
          m("Abdourahamane Tiani", "PER", "Abdourahamane Tiani", entity_id="per:abdourahamane-tiani")]
    ev = Event(f"{aid}-e1", aid, "VISIT", cameo="042", participants=["Ahmed Attaf", "Abdourahamane Tiani"],
               location="Niamey", country="NE", date="2024-03-07", date_start="2024-03-07", date_end="2024-03-07",
               trigger="rendu", evidence=text, sentence_start=0, sentence_end=len(text), confidence=0.8)
    art = Article(aid, text, published=date(2024, 3, 8), published_source="field", title="Attaf à Niamey")
    return ArticleResult(art, mentions=ms, events=[ev])


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "run.db")
    yield s
    s.close()


def _count(store, sql, *args):
    return store.conn.execute(sql, args).fetchone()[0]


def test_reopen_is_safe_and_wal(tmp_path):
    Store(tmp_path / "a.db").close()
    s = Store(tmp_path / "a.db")
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s.close()


def test_save_and_rerun_skip(store):
    r = _small()
    assert not store.is_current("t-001", "h1", "v1")
    store.save_result(r, "h1", "v1")
    assert store.is_current("t-001", "h1", "v1")
    assert not store.is_current("t-001", "h2", "v1")      # changed input
    assert not store.is_current("t-001", "h1", "v2")      # changed pipeline
    assert _count(store, "SELECT COUNT(*) FROM mentions") == 4
    store.save_result(r, "h1", "v1")                       # re-save replaces, never duplicates
    assert _count(store, "SELECT COUNT(*) FROM mentions") == 4
    assert _count(store, "SELECT COUNT(*) FROM events") == 1
    assert store.conn.execute("SELECT text FROM articles").fetchone()[0] == r.article.text


def test_one_transaction_per_article(store):
    store.save_result(_small("t-001"), "h1", "v1")
    bad = _small("t-002")
    bad.mentions.append(Mention("t-002", 0, 2, "Le", "PER"))
    bad.mentions[-1].start = None     # NOT NULL violated after the article row and 4 mentions are written
    with pytest.raises(Exception):
        store.save_result(bad, "h2", "v1")
    # nothing of t-002 was written, t-001 untouched
    assert _count(store, "SELECT COUNT(*) FROM articles WHERE article_id = 't-002'") == 0
    assert _count(store, "SELECT COUNT(*) FROM mentions WHERE article_id = 't-002'") == 0
    assert _count(store, "SELECT COUNT(*) FROM mentions WHERE article_id = 't-001'") == 4


def test_failed_article_recorded_without_losing_others(store):
    store.save_result(_small("t-001"), "h1", "v1")
    store.save_result(ArticleResult(None, failure=IngestFailure("t-009", "in/x.txt", "binary file: not text")), "hx", "v1")
    rows = {r["article_id"]: dict(r) for r in store.conn.execute("SELECT * FROM articles")}
    assert rows["t-009"]["status"] == "failed" and rows["t-009"]["error"] == "binary file: not text"
    assert rows["t-009"]["text"] is None
    assert rows["t-001"]["status"] == "ok"
    assert _count(store, "SELECT COUNT(*) FROM mentions WHERE article_id = 't-001'") == 4
    assert not store.is_current("t-009", "hx", "v1")       # failures are retried on the next run


def test_reviewed_event_survives_resave(store):
    r = _small()
    store.save_result(r, "h1", "v1")
    sv.decide_event(store.conn, "t-001-e1", 1, "correct", {"date": "2024-03-06"}, "ana")
    mid = store.conn.execute("SELECT mention_id FROM mentions WHERE label = 'LOC'").fetchone()[0]
    sv.decide_mention(store.conn, mid, 1, "reject", {}, "ana")

    # same extraction again: reviewed rows kept, nothing duplicated
    store.save_result(r, "h2", "v2")
    ev = store.conn.execute("SELECT * FROM events").fetchall()
    assert len(ev) == 1 and ev[0]["review_status"] == "corrected" and ev[0]["date"] == "2024-03-06"
    loc = store.conn.execute("SELECT * FROM mentions WHERE label = 'LOC'").fetchall()
    assert len(loc) == 1 and loc[0]["review_status"] == "rejected"
    assert _count(store, "SELECT COUNT(*) FROM mentions") == 4

    # a different extraction with the same id: new pending suggestion beside the reviewed one
    r2 = copy.deepcopy(r)
    r2.events[0].type, r2.events[0].cameo = "MEETING", "040"
    store.save_result(r2, "h3", "v3")
    rows = {e["event_id"]: e for e in store.conn.execute("SELECT * FROM events")}
    assert rows["t-001-e1"]["review_status"] == "corrected" and rows["t-001-e1"]["type"] == "VISIT"
    sugg = [e for e in rows.values() if e["suggestion_for"] == "t-001-e1"]
    assert len(sugg) == 1 and sugg[0]["type"] == "MEETING" and sugg[0]["review_status"] == "pending"
    # and a rerun of that changed extraction replaces the pending suggestion, never stacks them
    store.save_result(r2, "h3", "v3")
    assert _count(store, "SELECT COUNT(*) FROM events") == 2
    assert len(sv.history(store.conn, kind="event", target_id="t-001-e1")) >= 2


def test_entity_merge_is_reapplied_on_rerun(store):
    results = demo_results()
    for r in results:
        store.save_result(r, "h", "v1")
    sv.merge_entities(store.conn, "per:younous-bek-yevkourov", "per:iounous-bek-ievkourov", "ana")
    store.save_result(results[2], "h-new", "v2")   # rerun of the article spelling "Yevkourov"
    ids = {r[0] for r in store.conn.execute("SELECT entity_id FROM mentions WHERE text LIKE '%kourov'")}
    assert ids == {"per:iounous-bek-ievkourov"}
    parts = json.loads(store.conn.execute("SELECT participants FROM events WHERE event_id = 'demo-003-e1'").fetchone()[0])
    assert parts[0] == "Iounous-Bek Ievkourov"


def test_export_contract_columns_and_formats(store, tmp_path):
    for r in demo_results():
        store.save_result(r, "h", "v1")
    sv.decide_event(store.conn, "demo-002-e1", 1, "accept", {}, "ana")
    out = tmp_path / "out"
    paths = store.export_tables(out, ("csv", "parquet", "xlsx"))
    names = {p.name for p in paths}
    assert {"articles.csv", "entities.csv", "events.csv", "event_clusters.csv", "articles.parquet",
            "events.parquet", "tables.xlsx"} <= names
    for name, cols in (("articles.csv", ARTICLE_COLUMNS), ("entities.csv", ENTITY_COLUMNS), ("events.csv", EVENT_COLUMNS)):
        with open(out / name, encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert header[:len(cols)] == cols, name
    events = pd.read_csv(out / "events.csv", keep_default_na=False)
    row = events.set_index("event_id").loc["demo-002-e1"]
    assert row["review_status"] == "accepted"
    assert row["participants"] == "Iounous-Bek Ievkourov | Khalifa Haftar"
    ents = pd.read_csv(out / "entities.csv", keep_default_na=False)
    money = ents[(ents.article_id == "demo-001") & (ents.label == "MONEY")].iloc[0]
    assert str(money["amount"]) == "4000000000" and money["currency"] == "USD"
    arts = pd.read_csv(out / "articles.csv", keep_default_na=False).set_index("article_id")
    assert arts.loc["demo-006", "status"] == "failed" and "empty" in arts.loc["demo-006", "error"]
    # parquet and xlsx hold the same rows
    assert len(pd.read_parquet(out / "events.parquet")) == len(events)
    sheets = pd.read_excel(out / "tables.xlsx", sheet_name=None)
    assert set(sheets) == {"articles", "entities", "events", "event_clusters"}
    assert len(sheets["entities"]) == len(ents)
    clusters = pd.read_csv(out / "event_clusters.csv", keep_default_na=False)
    assert clusters.iloc[0]["n_articles"] == 2
    if CHECK_CONTRACT.exists():
        res = subprocess.run([sys.executable, str(CHECK_CONTRACT), str(out)], capture_output=True, text=True)
        assert res.returncode == 0, res.stdout + res.stderr


def test_no_clusters_no_cluster_table(store, tmp_path):
    store.save_result(_small(), "h", "v1")
    names = {p.name for p in store.export_tables(tmp_path / "o")}
    assert names == {"articles.csv", "entities.csv", "events.csv"}


def test_concurrent_connection_sees_committed_rows(store):
    store.save_result(_small(), "h", "v1")
    other = connect(store.path)
    assert other.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == 4
    other.close()


def test_linked_to_names_a_mention_id_of_the_same_article(store, tmp_path):
    """A converted amount points at the row of the amount it converts, in the table's own id space."""
    results = demo_results()
    for r in results:
        store.save_result(r, "h", "v1")
    store.save_result(results[0], "h2", "v2")  # a rerun gives new ids: the links follow them
    ents = pd.read_csv(store.export_tables(tmp_path / "out", ("csv",))[0].parent / "entities.csv",
                       keep_default_na=False)
    linked = ents[ents["linked_to"] != ""]
    assert len(linked) >= 1
    by_id = ents.set_index("mention_id")
    for _, row in linked.iterrows():
        target = by_id.loc[int(row["linked_to"])]
        assert target["article_id"] == row["article_id"] and target["label"] == "MONEY"
    eur = linked[linked["text"] == "3 milliards d'euros"].iloc[0]
    assert by_id.loc[int(eur["linked_to"]), "text"] == "4 milliards de dollars"


def test_version_1_database_links_are_migrated(tmp_path):
    """A database written before links were ids opens with its links re-pointed, not left wrong."""
    path = tmp_path / "old.sqlite"
    store = Store(path)
    store.save_result(demo_results()[0], "h", "v1")
    rows = store.conn.execute("SELECT mention_id, idx, linked_to FROM mentions ORDER BY idx").fetchall()
    linked = [r for r in rows if r["linked_to"] is not None]
    target_id = linked[0]["linked_to"]
    target_idx = next(r["idx"] for r in rows if r["mention_id"] == target_id)
    store.conn.execute("UPDATE mentions SET linked_to = ? WHERE mention_id = ?", (target_idx, linked[0]["mention_id"]))
    store.conn.execute("PRAGMA user_version = 1")
    store.conn.close()
    reopened = Store(path)
    got = reopened.conn.execute("SELECT linked_to FROM mentions WHERE mention_id = ?", (linked[0]["mention_id"],)).fetchone()
    assert got["linked_to"] == target_id


def test_write_clusters_only_writes_the_given_assignment(store, tmp_path):
    for r in demo_results():
        store.save_result(r, "h", "v1")
    assert store.write_clusters({"demo-001-e1": "c1", "demo-002-e1": "c1"}) == 2
    got = dict(store.conn.execute("SELECT event_id, cluster_id FROM events WHERE cluster_id != ''").fetchall())
    assert got == {"demo-001-e1": "c1", "demo-002-e1": "c1"}
    store.write_clusters({})
    assert _count(store, "SELECT COUNT(*) FROM events WHERE cluster_id != ''") == 0


def test_store_does_not_import_the_events_stage():
    """The store only persists: what clusters with what is decided by the batch (pipeline.events)."""
    code = "import sys, pipeline.store; print(any(m.startswith('pipeline.events') for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    source = (Path(__file__).resolve().parent.parent / "pipeline" / "store.py").read_text(encoding="utf-8")
    assert "pipeline.events" not in source


def test_version_2_database_gains_grain_warning_and_skipped_without_losing_rows(tmp_path):
    path = tmp_path / "v2.sqlite"
    store = Store(path)
    store.save_result(_small("t-001"), "h", "v1")
    n_mentions = store.conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
    c = store.conn  # put the articles table back as version 2 wrote it
    c.execute("PRAGMA foreign_keys = OFF")
    c.execute("CREATE TABLE old AS SELECT article_id, source_path, url, title, published, published_source, n_chars, "
              "status, error, text, skip_regions, content_hash, pipeline_version, processed_at FROM articles")
    c.execute("DROP TABLE articles")
    c.execute("ALTER TABLE old RENAME TO articles")
    c.execute("PRAGMA user_version = 2")
    c.close()
    reopened = Store(path)
    cols = {r["name"] for r in reopened.conn.execute("PRAGMA table_info(articles)")}
    assert {"published_grain", "warning"} <= cols
    assert reopened.conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == n_mentions
    row = reopened.conn.execute("SELECT published, published_grain FROM articles").fetchone()
    assert (row["published"], row["published_grain"]) == ("2024-03-08", "day")
    reopened.conn.execute("UPDATE articles SET status = 'skipped'")  # the widened check accepts it


def test_partial_publication_date_is_written_at_its_precision(store, tmp_path):
    result = _small("t-002")
    result.article.published, result.article.published_grain = date(2019, 5, 1), "month"
    result.article.warning = "row 3: unreadable 'published' value 'demain' ignored"
    store.save_result(result, "h", "v1")
    arts = pd.read_csv(store.export_tables(tmp_path / "out", ("csv",))[0].parent / "articles.csv",
                       keep_default_na=False, dtype=str).set_index("article_id")
    assert arts.loc["t-002", "published"] == "2019-05" and arts.loc["t-002", "published_grain"] == "month"
    assert "demain" in arts.loc["t-002", "warning"] and arts.loc["t-002", "status"] == "ok"
