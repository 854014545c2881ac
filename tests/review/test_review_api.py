"""Review app over real HTTP on 127.0.0.1: token, concurrency, persistence, entity merge, undo, export."""
from __future__ import annotations

import json

from pipeline.records import ArticleResult
from pipeline.review import export_review, write_static_report
from pipeline.review.demo import demo_results
from pipeline.store import Store


def test_page_and_token(demo_db, serve_db):
    c = serve_db(demo_db)
    status, page = c.get("/")
    assert status == 200
    assert f'<meta name="review-token" content="{c.srv.token}">'.encode() in page
    assert c.srv.server_address[0] == "127.0.0.1"
    # POST without token or with a wrong one: 403, nothing written
    status, body = c.post("/api/events/demo-001-e1/decision", {"action": "accept", "version": 1}, token=False)
    assert status == 403 and "token" in body["error"]
    status, _ = c.post("/api/events/demo-001-e1/decision", {"action": "accept", "version": 1},
                       token=False, headers={"X-Review-Token": "guess"})
    assert status == 403
    status, ev = c.get("/api/events/demo-001-e1")
    assert ev["event"]["review_status"] == "pending"
    # a foreign Host (DNS rebinding) and paths out of the static table are refused
    assert c.get("/api/events", headers={"Host": "evil.example:80"})[0] == 403
    assert c.get("/static/../../store.py")[0] == 404
    assert c.get("/static/report.html.j2")[0] == 404


def test_list_filters_and_counts(demo_db, serve_db):
    c = serve_db(demo_db)
    _, data = c.get("/api/events")
    assert data["counts"]["pending"] == 12 and data["total"] == 12
    _, data = c.get("/api/events?country=LY&type=MEETING")
    assert [e["event_id"] for e in data["events"]] == ["demo-002-e1"]
    _, data = c.get("/api/events?date_from=2025-04-15&date_to=2025-06-30")
    assert {e["event_id"] for e in data["events"]} == {"demo-003-e1", "demo-002-e3"}
    _, data = c.get("/api/events?min_conf=0.85")
    assert all(e["confidence"] >= 0.85 for e in data["events"]) and len(data["events"]) == 3
    _, data = c.get("/api/events?article=demo-004")
    assert len(data["events"]) == 1


def test_stale_version_gets_409(demo_db, serve_db):
    c = serve_db(demo_db)
    _, d = c.get("/api/events/demo-002-e1")
    v = d["event"]["version"]
    s1, r1 = c.post("/api/events/demo-002-e1/decision", {"action": "correct", "version": v, "changes": {"date": "2025-04-13"}})
    assert s1 == 200 and r1["event"]["version"] == v + 1
    # the second tab still holds version v
    s2, r2 = c.post("/api/events/demo-002-e1/decision", {"action": "reject", "version": v})
    assert s2 == 409 and "another tab" in r2["error"] and "reload" in r2["error"]
    _, d = c.get("/api/events/demo-002-e1")
    assert d["event"]["review_status"] == "corrected" and d["event"]["date"] == "2025-04-13"
    assert d["event"]["date_start"] == "2025-04-13"


def test_invalid_corrections_are_400(demo_db, serve_db):
    c = serve_db(demo_db)
    for changes in ({"date": "13 avril"}, {"type": "PARTY"}, {"participants": []}, {"currency": "euros"},
                    {"amount": "beaucoup"}):
        s, r = c.post("/api/events/demo-001-e1/decision", {"action": "correct", "version": 1, "changes": changes})
        assert s == 400, changes
    s, r = c.post("/api/mentions/1/decision", {"action": "correct", "version": 1, "changes": {"end": 10_000}})
    assert s == 400


def test_decisions_persist_across_restart(demo_db, serve_db):
    c = serve_db(demo_db, reviewer="mona")
    assert c.post("/api/events/demo-001-e1/decision", {"action": "accept", "version": 1})[0] == 200
    assert c.post("/api/events/demo-001-e2/decision", {"action": "reject", "version": 1})[0] == 200
    assert c.post("/api/events/demo-002-e1/decision",
                  {"action": "correct", "version": 1, "changes": {"date": "2025-04-13", "amount": "1 500"}})[0] == 200
    _, d = c.get("/api/events/demo-001-e1")
    mid = next(m for m in d["mentions"] if m["text"] == "mardi 3 février")["mention_id"]
    s, m = c.post(f"/api/mentions/{mid}/decision",
                  {"action": "correct", "version": 1, "changes": {"start": 38 + 6, "norm": "2026-02-03"}})
    assert s == 200 and m["mention"]["text"] == "3 février" and m["mention"]["review_status"] == "corrected"
    c.srv.shutdown(); c.srv.server_close()

    c2 = serve_db(demo_db, reviewer="mona")
    assert c2.srv.token != c.srv.token                      # a new session, a new token
    _, data = c2.get("/api/events")
    st = {e["event_id"]: e for e in data["events"]}
    assert st["demo-001-e1"]["review_status"] == "accepted" and st["demo-001-e1"]["reviewed_by"] == "mona"
    assert st["demo-001-e2"]["review_status"] == "rejected"
    assert st["demo-002-e1"]["review_status"] == "corrected" and st["demo-002-e1"]["amount"] == 1500
    assert data["counts"] == {"pending": 9, "accepted": 1, "corrected": 1, "rejected": 1}
    _, hist = c2.get("/api/history")
    fields = {(h["target_id"], h["field"], json.dumps(h["new_value"])) for h in hist["decisions"]}
    assert ("demo-002-e1", "date", '"2025-04-13"') in fields
    # the old session's token no longer opens the door
    assert c2.post("/api/undo", {}, token=False, headers={"X-Review-Token": c.srv.token})[0] == 403

    # and a rerun of `run` on the same articles leaves the decisions alone
    with Store(demo_db) as store:
        for r in demo_results():
            aid = r.article.id if r.article else r.failure.id
            store.save_result(r, f"rerun-{aid}", "v-next")
    _, data = c2.get("/api/events")
    st = {e["event_id"]: e for e in data["events"]}
    assert st["demo-002-e1"]["date"] == "2025-04-13" and st["demo-001-e2"]["review_status"] == "rejected"
    assert len(st) == 12


def test_undo(demo_db, serve_db):
    c = serve_db(demo_db)
    c.post("/api/events/demo-003-e1/decision", {"action": "correct", "version": 1, "changes": {"location": "Tripoli, Libye"}})
    s, r = c.post("/api/undo", {"event_id": "demo-003-e1"})
    assert s == 200 and r["target_id"] == "demo-003-e1" and r["action"] == "correct"
    assert {"field": "location", "from": "Tripoli, Libye", "to": "Tripoli"}.items() <= next(
        ch for ch in r["changes"] if ch["field"] == "location").items()  # it says what it undid
    _, d = c.get("/api/events/demo-003-e1")
    assert d["event"]["location"] == "Tripoli" and d["event"]["review_status"] == "pending"
    assert d["event"]["version"] == 3    # undo is a change too: stale tabs get a 409
    assert c.post("/api/undo", {"event_id": "demo-003-e1"})[0] == 404  # nothing left to undo
    assert c.post("/api/undo", {})[0] == 400  # undo needs the event in view


def test_merge_entities_every_row_follows(demo_db, serve_db):
    c = serve_db(demo_db)
    _, ents = c.get("/api/entities?q=kourov")
    assert {e["entity_id"] for e in ents["entities"]} == {"per:iounous-bek-ievkourov", "per:younous-bek-yevkourov"}
    s, r = c.post("/api/entities/merge", {"source_id": "per:younous-bek-yevkourov", "target_id": "per:iounous-bek-ievkourov"})
    assert s == 200 and r["mentions"] == 1 and r["events"] == 1
    _, ents = c.get("/api/entities?q=kourov")
    assert len(ents["entities"]) == 1 and set(ents["entities"][0]["variants"]) == {"Iounous-Bek Ievkourov", "Younous-Bek Yevkourov"}
    _, d = c.get("/api/events/demo-003-e1")
    assert d["event"]["participants"][0] == "Iounous-Bek Ievkourov" and d["event"]["initiator"] == "Iounous-Bek Ievkourov"
    # rename follows too, across both articles
    s, r = c.post("/api/entities/rename", {"entity_id": "per:iounous-bek-ievkourov", "name": "Iounous-Bek Evkourov"})
    assert s == 200 and r["events"] == 3
    _, d = c.get("/api/events/demo-002-e2")
    assert "Iounous-Bek Evkourov" in d["event"]["participants"]
    assert all(m["norm"] == "Iounous-Bek Evkourov" for m in d["mentions"] if m["entity_id"] == "per:iounous-bek-ievkourov")
    assert c.post("/api/entities/merge", {"source_id": "x", "target_id": "x"})[0] == 400


def test_export_gold_jsonl(demo_db, serve_db, tmp_path):
    c = serve_db(demo_db)
    c.post("/api/events/demo-002-e1/decision", {"action": "correct", "version": 1, "changes": {"date": "2025-04-13"}})
    c.post("/api/events/demo-002-e2/decision", {"action": "accept", "version": 1})
    c.post("/api/events/demo-002-e3/decision", {"action": "reject", "version": 1})
    assert c.post("/api/articles/demo-002/accept-mentions")[1]["accepted"] == 10
    paths = export_review(demo_db, tmp_path / "exp")
    names = {p.name for p in paths}
    assert {"gold.jsonl", "events.csv", "entities.csv", "articles.csv", "tables.xlsx", "decisions.csv"} <= names
    gold = [json.loads(line) for line in (tmp_path / "exp" / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [g["meta"]["id"] for g in gold] == ["demo-002"]
    g = gold[0]
    assert set(g) == {"text", "meta", "spans", "events"}
    assert set(g["meta"]) == {"id", "published", "url", "title"} and g["meta"]["published"] == "2025-04-15"
    assert len(g["spans"]) == 10
    for sp in g["spans"]:
        assert set(sp) == {"start", "end", "label", "norm"}
    assert {(g["text"][s["start"]:s["end"]], s["label"]) for s in g["spans"]} >= {("Khalifa Haftar", "PER"), ("juin", "DATE")}
    assert [e["type"] for e in g["events"]] == ["MEETING", "AGREEMENT"]   # the rejected exercise is out
    ev = g["events"][0]
    assert set(ev) == {"type", "participants", "initiator", "counterpart", "location", "date", "amount", "currency",
                       "trigger", "trigger_start", "trigger_end", "evidence_start", "evidence_end"}
    assert ev["date"] == "2025-04-13" and g["text"][ev["trigger_start"]:ev["trigger_end"]] == ev["trigger"]


def test_static_report_escapes_and_needs_no_server(demo_db, tmp_path):
    path = write_static_report(demo_db, tmp_path / "run")
    html = path.read_text(encoding="utf-8")
    assert path.name == "index.html"
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html                      # no script at all: opens from disk as is
    assert "PER" in html and "#aa9cfc" in html and "Légende" in html  # French by default, from the catalogue
    assert '<html lang="fr">' in html and "en attente" in html
    english = write_static_report(demo_db, tmp_path / "run-en", lang="en").read_text(encoding="utf-8")
    assert "Legend" in english and '<html lang="en">' in english and "pending" in english
    assert "empty file: no text after decoding" in html  # the failed article says why


def test_static_report_accepts_an_open_store(tmp_path):
    with Store(tmp_path / "s.db") as store:
        for r in demo_results()[:2]:
            store.save_result(r, "h", "v")
        path = write_static_report(store, tmp_path / "out")
    assert "Haftar reçu à Islamabad" in path.read_text(encoding="utf-8")


def test_static_report_of_a_large_batch_shows_the_latest_articles_and_counts_them_all(tmp_path):
    from pipeline.review.report import report_context

    with Store(tmp_path / "s.db") as store:
        results = demo_results()
        for r in results:
            store.save_result(r, "h", "v")
        whole = report_context(store)
        capped = report_context(store, max_articles=2)
    assert len(whole["articles"]) == len(results) and len(capped["articles"]) == 2
    assert capped["n_articles"] == whole["n_articles"] == len(results)
    assert capped["n_events"] == whole["n_events"] == len(whole["events"]) > len(capped["events"])
    assert capped["label_counts"] == whole["label_counts"] and capped["n_ok"] == whole["n_ok"]
    shown = {a["article_id"] for a in capped["articles"]}
    assert {e["article_id"] for e in capped["events"]} <= shown


def test_timeline_of_many_events_keeps_the_latest_and_says_so(tmp_path):
    from pipeline.events.timeline import write_timeline

    events = [e for r in demo_results() for e in r.events]
    html = write_timeline(events, tmp_path / "t.html", max_events=3, lang="en").read_text(encoding="utf-8")
    assert f"the 3 most recent of {len(events)}" in html


def test_sort_by_confidence_and_progress(demo_db, serve_db):
    c = serve_db(demo_db)
    _, data = c.get("/api/events?sort=conf")
    confs = [e["confidence"] for e in data["events"]]
    assert confs == sorted(confs) and len(confs) == 12
    _, data = c.get("/api/events?sort=conf_desc")
    assert [e["confidence"] for e in data["events"]] == sorted(confs, reverse=True)
    assert c.get("/api/events?sort=nonsense")[0] == 400
    assert data["progress"] == {"reviewed_today": 0, "remaining": 12, "total": 12}
    _, ev = c.get("/api/events/demo-003-e2")
    c.post("/api/events/demo-003-e2/decision", {"action": "reject", "version": ev["event"]["version"]})
    assert c.get("/api/progress")[1] == {"reviewed_today": 1, "remaining": 11, "total": 12}
    c.post("/api/undo", {"event_id": "demo-003-e2"})
    assert c.get("/api/progress")[1]["reviewed_today"] == 0


def test_titles_and_missing_values(demo_db, serve_db, tmp_path):
    from pipeline.review.service import headline

    assert headline("\n\n  Titre de l'article  \nCorps.") == "Titre de l'article"
    assert headline("date 2026-02-04\nLe titre", [(0, 15)]) == "Le titre"  # boilerplate is skipped
    long = "mot " * 60
    assert headline(long).endswith("…") and len(headline(long)) <= 111
    c = serve_db(demo_db)
    _, d = c.get("/api/events/demo-007-e1")  # a .txt file: no title field, its first line is the headline
    assert d["article"]["title"] == "Le ministre tunisien de la Défense en visite à Alger"
    assert d["article"]["title_source"] == "headline"
    _, data = c.get("/api/events?article=demo-007")
    assert {e["article_title"] for e in data["events"]} == {"Le ministre tunisien de la Défense en visite à Alger"}
    assert any(a["title"].startswith("Le ministre tunisien") for a in data["facets"]["articles"])
    _, data = c.get("/api/events?missing=date")
    assert {e["event_id"] for e in data["events"]} == {"demo-001-e2", "demo-003-e2"}
    _, data = c.get("/api/events?missing=place")
    assert {e["event_id"] for e in data["events"]} == {"demo-001-e2", "demo-003-e2"}
    _, data = c.get("/api/events?missing=place&type=OTHER")
    assert [e["event_id"] for e in data["events"]] == ["demo-003-e2"]
    assert c.get("/api/events?missing=nonsense")[0] == 400
    html = write_static_report(demo_db, tmp_path / "r").read_text(encoding="utf-8")
    assert "Le ministre tunisien de la Défense en visite à Alger" in html and "date inconnue" in html


def test_group_of_one_sentence_decided_at_once(demo_db, serve_db):
    c = serve_db(demo_db)
    _, data = c.get("/api/events?article=demo-007")
    group = {e["event_id"]: e for e in data["events"]}
    assert set(group) == {"demo-007-e1", "demo-007-e2"}
    assert len({e["group_id"] for e in group.values()}) == 1 and all(e["group_size"] == 2 for e in group.values())
    _, d = c.get("/api/events/demo-002-e1")
    assert len(d["group"]) == 1  # its sentence holds no other event
    _, d = c.get("/api/events/demo-007-e1")
    assert [g["event_id"] for g in d["group"]] == ["demo-007-e1", "demo-007-e2"]
    versions = {g["event_id"]: g["version"] for g in d["group"]}
    # events of two sentences, or a stale version: refused, nothing written
    assert c.post("/api/groups/decision", {"action": "accept", "versions": {**versions, "demo-002-e1": 1}})[0] == 400
    assert c.post("/api/groups/decision", {"action": "accept", "versions": {**versions, "demo-007-e2": 99}})[0] == 409
    status, r = c.post("/api/groups/decision", {"action": "accept", "versions": versions})
    assert status == 200 and {e["review_status"] for e in r["events"]} == {"accepted"}
    assert c.get("/api/progress")[1]["reviewed_today"] == 2
    undone = c.post("/api/undo", {"event_id": "demo-007-e2"})[1]  # one undo reverts the whole group
    assert undone["action"] == "group-accept"
    _, data = c.get("/api/events?article=demo-007")
    assert {e["review_status"] for e in data["events"]} == {"pending"}


def test_two_reviewers_on_one_server(demo_db, serve_db):
    """Each decision is recorded under the name its page sent, whatever the server's default name."""
    srv = serve_db(demo_db, reviewer="default-name")
    alice, bob = srv.as_("Alice Martin"), srv.as_("Bob")
    assert alice.post("/api/events/demo-001-e1/decision", {"action": "accept", "version": 1})[0] == 200
    assert bob.post("/api/events/demo-002-e1/decision", {"action": "reject", "version": 1})[0] == 200
    assert bob.post("/api/events/demo-001-e2/decision", {"action": "accept", "version": 1})[0] == 200
    _, data = srv.get("/api/events")
    st = {e["event_id"]: e for e in data["events"]}
    assert st["demo-001-e1"]["reviewed_by"] == "Alice Martin"
    assert st["demo-002-e1"]["reviewed_by"] == "Bob" and st["demo-001-e2"]["reviewed_by"] == "Bob"
    _, hist = srv.get("/api/history")
    assert {(h["target_id"], h["reviewer"]) for h in hist["decisions"]} == {
        ("demo-001-e1", "Alice Martin"), ("demo-002-e1", "Bob"), ("demo-001-e2", "Bob")}
    assert "default-name" not in json.dumps(hist)

    # Alice's undo on an event Bob decided: nothing of hers there, Bob's decision stands
    s, r = alice.post("/api/undo", {"event_id": "demo-002-e1"})
    assert s == 404 and "Alice Martin" in r["error"]
    assert srv.get("/api/events/demo-002-e1")[1]["event"]["review_status"] == "rejected"
    # Alice's undo on her event undoes hers only
    s, r = alice.post("/api/undo", {"event_id": "demo-001-e1"})
    assert s == 200 and r["target_id"] == "demo-001-e1" and r["reviewer"] == "Alice Martin"
    assert srv.get("/api/events/demo-001-e1")[1]["event"]["review_status"] == "pending"
    for eid in ("demo-002-e1", "demo-001-e2"):
        assert srv.get(f"/api/events/{eid}")[1]["event"]["reviewed_by"] == "Bob"
    # Bob cannot undo Alice's decision by naming its group either
    s, _ = alice.post("/api/events/demo-003-e1/decision", {"action": "accept", "version": 1})
    g = srv.get("/api/history")[1]["decisions"][0]["group_id"]
    assert bob.post("/api/undo", {"group_id": g})[0] == 400
    assert srv.get("/api/events/demo-003-e1")[1]["event"]["review_status"] == "accepted"

    # a decision must name its reviewer: no silent fallback to the server's name
    nobody = srv.as_(None)
    for body in ({"action": "accept", "version": 1}, {"action": "accept", "version": 1, "reviewer": "  "},
                 {"action": "accept", "version": 1, "reviewer": 7}, {"action": "accept", "version": 1, "reviewer": "x" * 81}):
        s, r = nobody.post("/api/events/demo-004-e1/decision", body)
        assert s == 400, body
    assert srv.get("/api/events/demo-004-e1")[1]["event"]["review_status"] == "pending"
    assert srv.get("/api/session")[1]["default_reviewer"] == "default-name"


def test_undo_stays_on_the_event_in_view(demo_db, serve_db):
    """Undo on event A never undoes a later decision of the same reviewer on event B; nothing is deleted."""
    c = serve_db(demo_db).as_("camille")
    assert c.post("/api/events/demo-001-e1/decision", {"action": "accept", "version": 1})[0] == 200      # A
    assert c.post("/api/events/demo-002-e1/decision",                                                  # B, later
                  {"action": "correct", "version": 1, "changes": {"date": "2025-04-13"}})[0] == 200
    with Store(demo_db) as store:
        n_before = store.conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0]
    s, r = c.post("/api/undo", {"event_id": "demo-001-e1"})
    assert s == 200 and r["target_id"] == "demo-001-e1" and r["action"] == "accept"
    assert r["changes"][0] == {"kind": "event", "target_id": "demo-001-e1", "field": "review_status",
                               "from": "accepted", "to": "pending"}
    assert c.get("/api/events/demo-001-e1")[1]["event"]["review_status"] == "pending"
    b = c.get("/api/events/demo-002-e1")[1]["event"]
    assert b["review_status"] == "corrected" and b["date"] == "2025-04-13"  # the later decision on B stands
    # a second decision then undo on A: walks back A's own history only
    assert c.post("/api/events/demo-001-e1/decision", {"action": "reject", "version": 3})[0] == 200
    assert c.post("/api/undo", {"event_id": "demo-001-e1"})[1]["action"] == "reject"
    assert c.post("/api/undo", {"event_id": "demo-001-e1"})[0] == 404
    assert c.get("/api/events/demo-002-e1")[1]["event"]["review_status"] == "corrected"
    # the history keeps every decision: undone rows are flagged, never deleted
    with Store(demo_db) as store:
        rows = [dict(r) for r in store.conn.execute("SELECT * FROM decisions ORDER BY id")]
    assert len(rows) > n_before
    undone = {r["target_id"] for r in rows if r["undone_at"]}
    assert undone == {"demo-001-e1"} and all(r["undone_by"] == "camille" for r in rows if r["undone_at"])
    assert {(r["target_id"], r["action"]) for r in rows if r["field"] == "review_status"} == {
        ("demo-001-e1", "accept"), ("demo-001-e1", "reject"), ("demo-002-e1", "correct")}
    _, hist = c.get("/api/history")
    assert sum(1 for h in hist["decisions"] if h["undone_at"]) == 2


def test_map_points_and_place_filter(demo_db, serve_db, tmp_path):
    """/api/map: shipped outlines and one point per located event; ?place= filters the list; the report has the map."""
    c = serve_db(demo_db)
    _, m = c.get("/api/map")
    assert len(m["countries"]) > 50 and m["width"] == 1000
    pts = {p["event_id"]: p for p in m["points"]}
    assert len(pts) == 10 and m["off_map"] == 2   # demo-001-e2 and demo-003-e2 have no place
    assert pts["demo-002-e3"]["planned"] and pts["demo-002-e3"]["colour"] == "#d62728"
    assert abs(pts["demo-007-e1"]["lat"] - 36.75) < 1e-6   # Alger, from its LOC mention
    assert all(0 <= p["x"] <= m["width"] and 0 <= p["y"] <= m["height"] for p in pts.values())
    _, m2 = c.get("/api/map?type=VISIT&place=Alger")  # the map ignores the place filter, keeps the others
    assert {p["type"] for p in m2["points"]} == {"VISIT"} and len(m2["points"]) > 1
    _, data = c.get("/api/events?place=Benghazi")
    assert {e["event_id"] for e in data["events"]} == {"demo-002-e1", "demo-002-e2"}
    html = write_static_report(demo_db, tmp_path / "r").read_text(encoding="utf-8")
    assert 'class="map"' in html and html.count('<circle class="pt') == 10 and 'stroke-dasharray="3 2"' in html
    assert "http://" not in html.split('class="map"')[1].split("</svg>")[0]
