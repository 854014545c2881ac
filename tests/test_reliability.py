"""A run killed half-way, interrupted, pointed at a folder it cannot write, or started twice on one
database: nothing is lost, nothing is duplicated, and the message says what to do."""
from __future__ import annotations

import csv
import fcntl
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

EXE = Path(sys.executable).parent / "press-events"
CITIES = ["Niamey", "Bamako", "Ouagadougou", "N'Djamena", "Dakar", "Rabat", "Alger", "Tunis", "Nouakchott", "Abuja"]
ROLES = ["ministre de la Défense", "chef d'état-major", "ministre des Affaires étrangères", "président"]
COUNTRIES = ["nigérien", "malien", "burkinabè", "tchadien", "sénégalais", "marocain", "algérien", "tunisien"]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]


def _articles(folder: Path, n: int) -> None:
    """n short dispatches, all different, with a person, a place, a date and an event each."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        city, role, country = CITIES[i % len(CITIES)], ROLES[i % len(ROLES)], COUNTRIES[i % len(COUNTRIES)]
        text = (f"date 2024-0{1 + i % 9}-1{i % 10}\n\nLe {role} {country} a reçu {WEEKDAYS[i % 5]} à {city} une "
                f"délégation turque conduite par le général Ahmet Kaya{'' if i % 3 else ' (dépêche ' + str(i) + ')'}. "
                f"Les deux pays ont signé un accord de {10 + i} millions d'euros.")
        (folder / f"d{i:03d}.txt").write_text(text, encoding="utf-8")


def _saved(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def _start(inp: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([str(EXE), "run", str(inp), "--out", str(out), "--quiet", "--workers", "1", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(db: Path, at_least: int, proc: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.time() + timeout
    while _saved(db) < at_least:
        assert proc.poll() is None, "the run ended before it could be interrupted"
        assert time.time() < deadline, "the run saved nothing in time"
        time.sleep(0.05)


def _tables(out: Path) -> dict[str, list[dict]]:
    volatile = {"processed_at", "created_at"}
    tables = {}
    for name in ("articles.csv", "entities.csv", "events.csv"):
        with open(out / name, encoding="utf-8", newline="") as handle:
            tables[name] = [{k: v for k, v in r.items() if k not in volatile} for r in csv.DictReader(handle)]
    return tables


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """200 generated articles, and the tables of one uninterrupted run over them."""
    root = tmp_path_factory.mktemp("reliability")
    _articles(root / "in", 200)
    done = subprocess.run([str(EXE), "run", str(root / "in"), "--out", str(root / "whole"), "--quiet", "--workers", "1"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    return root, _tables(root / "whole")


@pytest.mark.slow
def test_sigkill_half_way_then_rerun_gives_every_article_once_and_the_same_tables(batch):
    root, whole = batch
    out = root / "killed"
    proc = _start(root / "in", out)
    _wait_for(out / "press_events.sqlite", 30, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    with sqlite3.connect(out / "press_events.sqlite") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        saved = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        orphans = conn.execute("SELECT COUNT(*) FROM mentions WHERE article_id NOT IN (SELECT article_id FROM articles)").fetchone()[0]
    assert 30 <= saved < 200 and orphans == 0
    rerun = subprocess.run([str(EXE), "run", str(root / "in"), "--out", str(out), "--quiet", "--workers", "1"],
                           capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert f"{200 - saved} processed, {saved} unchanged" in rerun.stdout
    resumed = _tables(out)
    ids = [r["article_id"] for r in resumed["articles.csv"]]
    assert len(ids) == len(set(ids)) == 200
    assert resumed == whole


@pytest.mark.slow
def test_ctrl_c_stops_after_the_current_article_and_says_how_to_resume(batch):
    root, whole = batch
    out = root / "interrupted"
    proc = _start(root / "in", out)
    _wait_for(out / "press_events.sqlite", 20, proc)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 130, stderr[-2000:]
    message = " ".join(stderr.split())  # the console wraps long lines
    assert "run the same command again to resume" in message and "Traceback" not in stderr
    with open(out / "articles.csv", encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert 20 <= len(written) < 200 and all(r["status"] == "ok" for r in written)
    rerun = subprocess.run([str(EXE), "run", str(root / "in"), "--out", str(out), "--quiet", "--workers", "1"],
                           capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0 and _tables(out) == whole


def test_an_output_folder_that_cannot_be_written_stops_with_one_line(tmp_path):
    _articles(tmp_path / "in", 2)
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    done = subprocess.run([str(EXE), "run", str(tmp_path / "in"), "--out", str(blocker / "out"), "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    message = " ".join(done.stderr.split())
    assert "cannot write to" in message and "--out" in message and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) <= 3  # one message, wrapped at most
    assert not (blocker.parent / "out").exists()


def test_a_second_run_on_the_same_database_refuses_clearly(tmp_path):
    _articles(tmp_path / "in", 2)
    out = tmp_path / "out"
    out.mkdir()
    with open(out / "press_events.sqlite.lock", "a+") as held:  # as a first run holds it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("pid 4242")
        held.flush()
        done = subprocess.run([str(EXE), "run", str(tmp_path / "in"), "--out", str(out), "--quiet"],
                              capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    message = " ".join(done.stderr.split())
    assert "in use by another press-events run" in message and "pid 4242" in message
    assert not (out / "articles.csv").exists()
    after = subprocess.run([str(EXE), "run", str(tmp_path / "in"), "--out", str(out), "--quiet"],
                           capture_output=True, text=True, timeout=300)
    assert after.returncode == 0, after.stderr[-2000:]


def test_a_database_locked_by_another_process_stops_the_run_with_one_line(tmp_path):
    _articles(tmp_path / "in", 2)
    out = tmp_path / "out"
    first = subprocess.run([str(EXE), "run", str(tmp_path / "in"), "--out", str(out), "--quiet"],
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0
    (tmp_path / "in" / "d000.txt").write_text("Le ministre a reçu lundi à Dakar son homologue gambien.", encoding="utf-8")
    holder = sqlite3.connect(out / "press_events.sqlite", timeout=1)
    holder.execute("BEGIN EXCLUSIVE")  # another process writing, and not letting go
    try:
        done = subprocess.run([str(EXE), "run", str(tmp_path / "in"), "--out", str(out), "--quiet"],
                              capture_output=True, text=True, timeout=300)
    finally:
        holder.rollback()
        holder.close()
    message = " ".join(done.stderr.split())
    assert done.returncode == 2 and "locked by another process" in message and "Traceback" not in done.stderr
    with sqlite3.connect(out / "press_events.sqlite") as conn:  # nothing written half-way: the old row stands
        text = conn.execute("SELECT text FROM articles WHERE article_id = 'd000'").fetchone()[0]
    assert "gambien" not in text
