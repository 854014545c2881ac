"""Decisions made in the review page survive a server restart and a rerun of `run` with the real pipeline."""
from pathlib import Path

from pipeline.batch import run_batch

SEEDS = Path(__file__).resolve().parents[2] / "corpus" / "articles"


def test_reviewed_events_survive_restart_and_forced_rerun(tmp_path, press, serve_db):
    inputs = [SEEDS / "000_d8916bfa71391091.txt", SEEDS / "002_b67420481be86f31.txt"]
    out = tmp_path / "out"
    run_batch(inputs, out, pipeline_factory=lambda: press)
    db = out / "press_events.sqlite"

    client = serve_db(db, reviewer="camille")
    _, listing = client.get("/api/events")
    first, second, third = listing["events"][:3]
    assert client.post(f"/api/events/{first['event_id']}/decision", {"action": "accept", "version": first["version"]})[0] == 200
    assert client.post(f"/api/events/{second['event_id']}/decision", {"action": "reject", "version": second["version"]})[0] == 200
    status, _ = client.post(f"/api/events/{third['event_id']}/decision",
                            {"action": "correct", "version": third["version"], "changes": {"date": "2026-01-30"}})
    assert status == 200
    client.srv.shutdown()
    client.srv.server_close()

    summary = run_batch(inputs, out, pipeline_factory=lambda: press, force=True)  # reprocess everything
    assert summary.processed == 2

    _, after = serve_db(db, reviewer="camille").get("/api/events")
    by_id = {e["event_id"]: e for e in after["events"]}
    assert by_id[first["event_id"]]["review_status"] == "accepted"
    assert by_id[second["event_id"]]["review_status"] == "rejected"
    assert by_id[third["event_id"]]["review_status"] == "corrected"
    assert by_id[third["event_id"]]["date"] == "2026-01-30"
    assert by_id[first["event_id"]]["reviewed_by"] == "camille"
