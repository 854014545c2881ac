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


def _no_model():
    raise AssertionError("the pipeline was loaded, but every article is unchanged")


def _age(*folders: Path) -> None:
    """Folders last changed an hour ago, as a corpus usually is (a folder changed seconds ago is listed again)."""
    import os
    import time

    for folder in folders:
        os.utime(folder, (time.time() - 3600, time.time() - 3600))


def _files(out: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.iterdir())
            if p.suffix in (".csv", ".html")}


def test_unchanged_rerun_loads_no_model_reads_no_file_again_and_rewrites_nothing(tmp_path, press):
    """A rerun with nothing new imports neither spaCy nor pandas and leaves the outputs as they are; once the
    database changes (a review decision, a deleted table), the outputs are written again, as a rerun always did."""
    import json

    from pipeline.batch import BatchSummary, finalize_outputs, open_store
    from pipeline.review import service as sv

    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text("date 2024-03-08\n\nLe ministre turc de la Défense est arrivé jeudi à Tripoli où il a "
                               "rencontré le maréchal Khalifa Haftar.", encoding="utf-8")
    (inp / "lot.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "b", "published": "2023-05-02", "text": "Le président nigérien a reçu lundi à Niamey une délégation malienne."},
        {"id": "c", "published": "2023-05-03", "text": "Le chef d'état-major tchadien s'est rendu mardi à Alger."},
    ]) + "\n", encoding="utf-8")
    _age(inp)
    out = tmp_path / "out"
    assert run_batch([inp], out, pipeline_factory=lambda: press).processed == 3
    before = _files(out)

    code = ("import json, sys; from pipeline.batch import run_batch; "
            f"s = run_batch([{str(inp)!r}], {str(out)!r}); "
            "print(json.dumps([s.processed, s.skipped, s.failed, sorted(m for m in ('spacy', 'pandas', 'pipeline.nlp', "
            "'pipeline.annotate', 'pipeline.ingest') if m in sys.modules)]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    processed, skipped, failed, heavy = json.loads(done.stdout.strip().splitlines()[-1])
    assert (processed, skipped, failed) == (0, 3, 0)
    assert heavy == []  # no spaCy, no model, no pandas, not even the readers
    assert _files(out) == before  # same bytes, not even rewritten

    store = open_store(out / "press_events.sqlite")
    event_id = store.conn.execute("SELECT event_id FROM events ORDER BY event_id LIMIT 1").fetchone()[0]
    sv.decide_event(store.conn, event_id, 1, "reject", {}, "ana")
    store.close()
    again = run_batch([inp], out, pipeline_factory=_no_model)
    assert (again.processed, again.skipped) == (0, 3)
    statuses = {r["event_id"]: r["review_status"] for r in _rows(out / "events.csv")}
    assert statuses[event_id] == "rejected"
    (out / "entities.csv").unlink()
    run_batch([inp], out, pipeline_factory=_no_model)
    store = open_store(out / "press_events.sqlite")
    finalize_outputs(store, tmp_path / "full", ("csv",), BatchSummary())  # what a rerun wrote before the shortcuts
    store.close()
    for name in ("articles.csv", "entities.csv", "events.csv", "event_clusters.csv"):
        assert (out / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), name


def test_rerun_reads_again_only_changed_and_new_files_with_the_same_ids(tmp_path, press):
    """Skipping unchanged files keeps read_articles' ids (a repeated id becomes `id~2`) and its order; a changed
    or new file is read and processed, an unreadable one is retried every run."""
    import json

    from pipeline.batch import ingest_items
    from pipeline.ingest import read_articles

    inp = tmp_path / "in"
    (inp / "sub").mkdir(parents=True)
    (inp / "a.txt").write_text("Le ministre malien de la Défense a été reçu le 3 mars 2024 à Dakar.", encoding="utf-8")
    (inp / "sub" / "a.txt").write_text("Le président tunisien s'est rendu le 4 mars 2024 à Alger.", encoding="utf-8")
    (inp / "z.jsonl").write_text(json.dumps({"id": "a", "text": "Une délégation turque est arrivée le 5 mars 2024 à Tripoli."},
                                            ensure_ascii=False) + "\n", encoding="utf-8")
    (inp / "vide.txt").write_bytes(b"")
    _age(inp, inp / "sub")
    ids = [item.id for item in read_articles([inp], lang_check=True)]
    assert sorted(ids) == ["a", "a~2", "a~3", "vide"]
    assert [item.id for item in ingest_items([inp], lang_check=True)] == ids
    out = tmp_path / "out"
    first = run_batch([inp], out, pipeline_factory=lambda: press)
    assert (first.processed, first.failed) == (3, 1)

    second = run_batch([inp], out, pipeline_factory=_no_model)
    assert (second.processed, second.skipped, second.failed) == (0, 3, 1)  # the failure is tried again
    assert {r["article_id"]: r["status"] for r in _rows(out / "articles.csv")} == {
        "a": "ok", "a~2": "ok", "a~3": "ok", "vide": "failed"}

    (inp / "sub" / "a.txt").write_text("Le président tunisien s'est rendu le 6 mars 2024 à Oran.", encoding="utf-8")
    (inp / "b.txt").write_text("Le général nigérien a rencontré le 7 mars 2024 son homologue à Niamey.", encoding="utf-8")
    third = run_batch([inp], out, pipeline_factory=lambda: press)
    assert (third.processed, third.skipped, third.failed) == (2, 2, 1)
    rows = {r["article_id"]: r for r in _rows(out / "articles.csv")}
    assert set(rows) == {"a", "a~2", "a~3", "b", "vide"}
    entities = {(r["article_id"], r["text"]) for r in _rows(out / "entities.csv")}
    assert ("a~2", "Oran") in entities and ("a~2", "Alger") not in entities and ("b", "Niamey") in entities
