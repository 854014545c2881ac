"""`run --dask`: the same pipeline on a Dask LocalCluster of two worker processes gives the tables of a
one-worker run, row for row; a failure stays the failure of its articles, and the batch goes on."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.batch import run_batch
from pipeline.records import Article

pytest.importorskip("distributed")

EXE = Path(sys.executable).parent / "press-events"
SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpus" / "articles").glob("00*.txt"))
VOLATILE = {"processed_at", "created_at"}

# Short dispatches written for this test (not taken from any outlet).
SYNTHETIC = {
    "dk1_niamey.txt": (
        "date 2025-03-12\n\nNiger : le ministre tchadien de la Défense reçu à Niamey\n\n"
        "NIAMEY, 12 mars - Le ministre tchadien de la Défense, Issakha Malloua Djamous, a été reçu mardi à Niamey "
        "par le général Salifou Mody, son homologue nigérien. Les deux hommes ont évoqué la sécurité dans la zone "
        "du lac Tchad et la création d'une patrouille conjointe le long de la frontière.\n\n"
        "Selon un communiqué du ministère nigérien de la Défense, un accord de coopération militaire de 15 millions "
        "d'euros doit être signé en avril à N'Djamena."),
    "dk2_rabat.txt": (
        "date 2024-11-06\n\nLe chef de la diplomatie mauritanienne attendu à Rabat\n\n"
        "Le ministre mauritanien des Affaires étrangères, Mohamed Salem Ould Merzouk, se rendra jeudi à Rabat pour "
        "rencontrer son homologue marocain Nasser Bourita, a annoncé mercredi l'agence officielle. La visite doit "
        "préparer la commission mixte prévue début décembre à Nouakchott."),
    "dk3_ankara.txt": (
        "date 2023-09-28\n\nDrones : Ankara livre un nouveau lot à Bamako\n\n"
        "La Turquie a livré la semaine dernière au Mali six drones Bayraktar TB2, pour un montant estimé à plus de "
        "40 millions de dollars, a indiqué jeudi une source sécuritaire malienne. Le colonel Assimi Goïta avait "
        "rencontré le président Recep Tayyip Erdogan à Ankara en juillet."),
}


def _tables(out: Path) -> dict[str, list[dict]]:
    tables = {}
    for name in ("articles.csv", "entities.csv", "events.csv"):
        with open(out / name, encoding="utf-8", newline="") as handle:
            tables[name] = [{k: v for k, v in r.items() if k not in VOLATILE} for r in csv.DictReader(handle)]
    return tables


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("dask_in")
    for name, text in SYNTHETIC.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "dk0_vide.txt").write_bytes(b"")  # an input that fails: recorded, and the batch goes on
    return [*SEEDS, *sorted(folder.iterdir())]


def test_dask_local_cluster_gives_the_one_worker_tables_row_for_row(tmp_path, inputs, press):
    one = tmp_path / "one"
    summary = run_batch(inputs, one, pipeline_factory=lambda: press)
    assert summary.processed == len(SEEDS) + len(SYNTHETIC) and summary.failed == 1

    dask_out = tmp_path / "dask"
    done = subprocess.run([str(EXE), "run", *map(str, inputs), "--out", str(dask_out), "--quiet", "--dask",
                           "--workers", "2", "--format", "parquet"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stderr[-3000:]  # exit code 1: the empty file failed, as in any run
    assert f"{len(SEEDS) + len(SYNTHETIC)} processed" in done.stdout and "1 failed" in done.stdout
    assert "empty" in done.stderr

    expected, got = _tables(one), _tables(dask_out)
    assert got == expected
    assert len(got["entities.csv"]) > 150 and len(got["events.csv"]) > 15
    assert {r["article_id"] for r in got["events.csv"]} >= {"dk1_niamey", "dk3_ankara"}

    import pandas as pd  # the partitioned Parquet tables hold the same rows as the CSV ones

    for name in ("entities", "events"):
        parts = sorted((dask_out / f"{name}.parquet").glob("part.*.parquet"))
        assert parts and len(pd.read_parquet(dask_out / f"{name}.parquet")) == len(got[f"{name}.csv"])

    rerun = subprocess.run([str(EXE), "run", *map(str, inputs), "--out", str(dask_out), "--quiet", "--dask",
                            "--workers", "2"], capture_output=True, text=True, timeout=600)
    assert f"0 processed, {len(SEEDS) + len(SYNTHETIC)} unchanged" in rerun.stdout, rerun.stderr[-3000:]


def test_a_failed_partition_fails_its_articles_only_and_each_worker_loads_the_pipeline_once():
    from pipeline.distributed_run import DaskPipeline

    articles = [Article(id=f"a{i}", text=text) for i, text in enumerate(SYNTHETIC.values())]
    broken = Article(id="broken", text=None)  # a malformed record: its whole task raises on the worker
    items = [articles[0], broken, articles[1], articles[2]]
    dask = DaskPipeline(workers=2, partition_size=2)
    try:
        results = list(dask.process(items))
    finally:
        dask.close()
    assert [r.article.id if r.ok else r.failure.id for r in results] == ["a0", "broken", "a1", "a2"]
    assert [r.ok for r in results] == [False, False, True, True]  # a0 shared the broken article's partition
    assert all("failed in stage dask: TypeError" in r.failure.error for r in results[:2])
    assert all(r.mentions for r in results[2:])
    assert len(dask.worker_states) == 2 and {s["loads"] for s in dask.worker_states.values()} == {1}
