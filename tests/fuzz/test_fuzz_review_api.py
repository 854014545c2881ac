"""Property-based fuzzing of the review API (pipeline.review.server over real HTTP on 127.0.0.1).

For every POST endpoint, random JSON bodies (and random event, mention, article and entity ids) get an
answer below 500: 200 when the request happens to be a valid decision, else a 4xx; and a rejected
request leaves the database exactly as it was (a dump of every table before and after).
"""
from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fuzz_strategies import scaled
from pipeline.review.demo import build_demo_db
from pipeline.review.server import start_in_thread

BIG = "__BIG_NUMBER__"  # stands for a number literal json.dumps cannot write: 1e400 (valid JSON, inf in Python)


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    db = build_demo_db(tmp_path_factory.mktemp("fuzz-review") / "review.db")
    srv, thread = start_in_thread(db, reviewer="fuzz")
    conn = sqlite3.connect(db)
    ids = {
        "events": [r[0] for r in conn.execute("SELECT event_id FROM events ORDER BY event_id")],
        "mentions": [r[0] for r in conn.execute("SELECT mention_id FROM mentions ORDER BY mention_id")],
        "articles": [r[0] for r in conn.execute("SELECT article_id FROM articles ORDER BY article_id")],
        "entities": [r[0] for r in conn.execute("SELECT DISTINCT entity_id FROM mentions WHERE entity_id != '' "
                                                "ORDER BY entity_id")],
    }
    conn.close()
    yield srv, db, ids
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=5)


def dump(db) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def post(srv, path: str, raw: bytes) -> tuple[int, object]:
    req = urllib.request.Request(srv.url.rstrip("/") + path, data=raw, method="POST",
                                 headers={"Content-Type": "application/json", "X-Review-Token": srv.token})
    try:
        with urllib.request.urlopen(req, timeout=20) as res:
            return res.status, strict_json(res.read())
    except urllib.error.HTTPError as err:
        return err.code, strict_json(err.read() or b"{}")


def strict_json(raw: bytes):
    """What a browser's JSON.parse accepts: no NaN or Infinity (Python's json would write them)."""
    def refuse(name):
        raise AssertionError(f"the answer holds {name}, which is not JSON: {raw[:300]!r}")
    return json.loads(raw, parse_constant=refuse)


# -- random bodies ------------------------------------------------------------------------------------------
scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=2**63 - 2, max_value=2**70)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20) | st.just(BIG))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=10)
small_versions = st.integers(-1, 4) | st.sampled_from(["1", "2", 1.0, 1.5, "un", BIG, -(2**70)])
actions = st.sampled_from(["accept", "reject", "correct", "reset", "", "ACCEPT", "delete"]) | json_values
reviewers = st.sampled_from(["mona", "Rémi"]) | st.sampled_from(["", "   ", "a\x00b", "x" * 81]) | json_values
event_slots = st.sampled_from(["type", "participants", "date", "amount", "initiator", "counterpart", "location",
                               "country", "trigger", "currency", "cameo", "review_status", "version", "nope"])
slot_values = (json_values | st.sampled_from(["2025-04-13", "2025-W53", "2025-02-30", "2025-13", "9999-12-31/0001-01-01",
                                              "2025-04/2025-03", "MEETING", "PARTY", "EUR", "euros", "LY", "1 500",
                                              "-3", "1e400", "inf", "nan", "٣", "", " | ", ["A", "B"]]))
mention_slots = st.sampled_from(["label", "start", "end", "norm", "text", "entity_id", "nope"])
mention_values = json_values | st.sampled_from(["PER", "LOC", "DATE", "per", 0, 3, 10**6, -1, "5", BIG, 2**63])


def body(fields: dict) -> st.SearchStrategy:
    """A JSON object with any of these fields (plausible or random values), a reviewer, and random extras;
    or a JSON value that is not an object at all."""
    structured = st.fixed_dictionaries(
        {"reviewer": reviewers}, optional=fields).flatmap(
        lambda d: st.dictionaries(st.text(max_size=8), json_values, max_size=2).map(lambda extra: {**extra, **d}))
    return st.one_of(structured, structured, structured, json_values)


def encode(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False).replace(f'"{BIG}"', "1e400").encode("utf-8")


def path_id(ids: list, strategy) -> st.SearchStrategy:
    return st.sampled_from(ids) | strategy


@st.composite
def requests(draw, ids):
    kind = draw(st.sampled_from(["event", "group", "mention", "accept_mentions", "rename", "merge", "undo", "other"]))
    text_ids = st.text(max_size=20)
    if kind == "event":
        eid = draw(path_id(ids["events"], text_ids))
        return f"/api/events/{quote(str(eid), safe='')}/decision", draw(body(
            {"action": actions, "version": small_versions,
             "changes": st.dictionaries(event_slots, slot_values, max_size=4) | json_values}))
    if kind == "group":
        versions = st.dictionaries(path_id(ids["events"], text_ids), small_versions, max_size=4) | json_values
        return "/api/groups/decision", draw(body({"action": actions, "versions": versions}))
    if kind == "mention":
        mid = draw(path_id(ids["mentions"], st.integers() | st.integers(2**63, 2**80) | text_ids))
        return f"/api/mentions/{quote(str(mid), safe='')}/decision", draw(body(
            {"action": actions, "version": small_versions,
             "changes": st.dictionaries(mention_slots, mention_values, max_size=4) | json_values}))
    if kind == "accept_mentions":
        aid = draw(text_ids)  # a real article would be accepted (200): both are fine, random ones are 4xx
        return f"/api/articles/{quote(aid, safe='')}/accept-mentions", draw(body({}))
    if kind == "rename":
        return "/api/entities/rename", draw(body({"entity_id": path_id(ids["entities"], json_values),
                                                  "name": json_values | st.sampled_from(["", "  ", "Nouveau nom"])}))
    if kind == "merge":
        ent = path_id(ids["entities"], json_values)
        return "/api/entities/merge", draw(body({"source_id": ent, "target_id": ent}))
    if kind == "undo":
        return "/api/undo", draw(body({"event_id": path_id(ids["events"], json_values),
                                       "group_id": st.integers(-2, 50) | json_values}))
    return "/api/" + quote(draw(text_ids), safe="/"), draw(body({}))


def check(srv, db, path: str, payload) -> None:
    before = dump(db)
    status, answer = post(srv, path, encode(payload))
    assert status < 500, (status, path, payload, answer)
    assert status == 200 or 400 <= status < 500, (status, path, payload)
    if status != 200:
        assert isinstance(answer, dict) and answer.get("error"), answer
        assert dump(db) == before, f"a rejected request ({status}) changed the database: {path} {payload!r}"


@settings(max_examples=scaled(400))
@given(data=st.data())
def test_random_bodies_are_4xx_and_change_nothing(review, data):
    srv, db, ids = review
    path, payload = data.draw(requests(ids), label="request")
    check(srv, db, path, payload)
