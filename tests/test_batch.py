"""The `run` job end to end: tables per the output contract, reruns that do no work twice, bad input kept."""
import csv
import subprocess
import sys
from pathlib import Path

from pipeline.batch import run_batch

CORPUS_ARTICLES = Path(__file__).resolve().parent.parent / "corpus" / "articles"
CHECK_CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "tools" / "check-contract"


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_corpus_twice_second_run_processes_nothing(tmp_path, press):
    out = tmp_path / "out"
    first = run_batch([CORPUS_ARTICLES], out, pipeline_factory=lambda: press)
    n_articles = len(list(CORPUS_ARTICLES.rglob("*.txt")))
    assert first.processed == n_articles and first.failed == 0
    second = run_batch([CORPUS_ARTICLES], out, pipeline_factory=lambda: press)
    assert second.processed == 0 and second.skipped == n_articles
    entities = _rows(out / "entities.csv")
    assert {r["label"] for r in entities} == {"PER", "LOC", "ORG", "DATE", "MONEY"}
    assert len(_rows(out / "articles.csv")) == n_articles
    for name in ("events.csv", "index.html", "timeline.html", "press_events.sqlite"):
        assert (out / name).exists(), name
    if CHECK_CONTRACT.exists():
        check = subprocess.run([sys.executable, str(CHECK_CONTRACT), str(out)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_bad_article_recorded_batch_continues_nothing_lost(tmp_path, press):
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "a.txt").write_text("date 2024-03-08 Le ministre turc de la Défense est arrivé jeudi à Tripoli.", encoding="utf-8")
    out = tmp_path / "out"
    run_batch([articles], out, pipeline_factory=lambda: press)
    (articles / "b.txt").write_bytes(b"")
    (articles / "c.txt").write_bytes("Le général a été reçu à Alger le 3 mars 2017.".encode("cp1252"))
    summary = run_batch([articles], out, pipeline_factory=lambda: press)
    assert summary.failed == 1 and summary.processed == 1 and summary.skipped == 1
    rows = {r["article_id"]: r for r in _rows(out / "articles.csv")}
    assert rows["a"]["status"] == "ok" and rows["a"]["published"] == "2024-03-08"  # earlier result kept
    assert rows["b"]["status"] == "failed" and "empty" in rows["b"]["error"]
    assert rows["c"]["status"] == "ok"
    dates = [r for r in _rows(out / "entities.csv") if r["article_id"] == "a" and r["label"] == "DATE"]
    assert [d["norm"] for d in dates] == ["2024-03-07"]


def test_cli_exit_code_and_help(tmp_path):
    exe = Path(sys.executable).parent / "press-events"
    help_text = subprocess.run([str(exe), "run", "--help"], capture_output=True, text=True).stdout
    assert "--out" in help_text and "Exit code 1" in help_text
    (tmp_path / "vide.txt").write_bytes(b"")
    done = subprocess.run([str(exe), "run", str(tmp_path), "--out", str(tmp_path / "out"), "--quiet"],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "empty file" in done.stderr and "1 failed" in done.stdout


def test_refresh_clusters_decides_in_the_batch_and_the_store_writes(tmp_path):
    """Clustering (pipeline.events) is decided by the batch; rejected events are left out of every cluster."""
    from pipeline.batch import refresh_clusters
    from pipeline.events import cluster_events
    from pipeline.review import service as sv
    from pipeline.review.demo import demo_results
    from pipeline.store import Store

    with Store(tmp_path / "s.sqlite") as store:
        for r in demo_results():
            store.save_result(r, "h", "v1")
        live = [e for e in store.all_events() if e.review_status != "rejected"]
        expected = {eid: c.cluster_id for c in cluster_events(live) for eid in c.event_ids}
        assert refresh_clusters(store) == len({*expected.values()})
        got = dict(store.conn.execute("SELECT event_id, cluster_id FROM events WHERE cluster_id != ''").fetchall())
        assert got == expected
        sv.decide_event(store.conn, "demo-002-e1", 1, "reject", {}, "ana")
        refresh_clusters(store)
        assert store.conn.execute("SELECT cluster_id FROM events WHERE event_id = 'demo-002-e1'").fetchone()[0] == ""


def test_partial_and_unreadable_publication_dates_never_fail_an_article(tmp_path, press):
    import json

    articles = tmp_path / "in"
    articles.mkdir()
    rows = [
        {"id": "mois", "published": "2023-09", "text": "Le chef de la diplomatie sera reçu le 28 septembre à Rabat."},
        {"id": "annee", "published": "2022", "text": "Une délégation turque a rencontré le 3 mars 2022 les autorités de Niamey."},
        {"id": "illisible", "published": "la semaine prochaine", "text": "Le président a inauguré lundi 6 mai 2024 une base à Gao."},
    ]
    (articles / "lot.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch([articles], out, pipeline_factory=lambda: press)
    assert summary.failed == 0 and summary.processed == 3
    arts = {r["article_id"]: r for r in _rows(out / "articles.csv")}
    assert (arts["mois"]["published"], arts["mois"]["published_grain"]) == ("2023-09", "month")
    assert (arts["annee"]["published"], arts["annee"]["published_grain"]) == ("2022", "year")
    assert arts["illisible"]["status"] == "ok" and "la semaine prochaine" in arts["illisible"]["warning"]
    dates = {(r["article_id"], r["text"]): r["norm"] for r in _rows(out / "entities.csv") if r["label"] == "DATE"}
    assert dates[("mois", "28 septembre")] == "2023-09-28"
    assert dates[("annee", "3 mars 2022")] == "2022-03-03"
    if CHECK_CONTRACT.exists():
        check = subprocess.run([sys.executable, str(CHECK_CONTRACT), str(out)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_two_workers_give_the_same_tables_row_for_row(tmp_path, press):
    """`run --workers 2`: the spaCy pipeline in two processes, the same rows in the same order."""
    from pipeline.annotate import PressPipeline

    articles = sorted(CORPUS_ARTICLES.rglob("*.txt"))[:12]
    tables = {}
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        summary = run_batch(articles, out, pipeline_factory=lambda: PressPipeline(nlp=press.nlp, n_process=workers, batch_size=2))
        assert summary.processed == 12 and summary.failed == 0
        tables[workers] = {name: [{k: v for k, v in r.items() if k not in ("processed_at", "created_at")}
                                  for r in _rows(out / name)] for name in ("articles.csv", "entities.csv", "events.csv")}
    assert tables[1] == tables[2]
    assert len(tables[2]["entities.csv"]) > 100 and len(tables[2]["events.csv"]) > 10
