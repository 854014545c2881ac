"""Regressions found by tests/fuzz: request values the API must refuse with a 4xx, not a 500, changing nothing.

JSON allows 1e400 (infinity once parsed) and integers beyond 64 bits; `changes` may be any JSON value.
"""
from __future__ import annotations

import sqlite3

import pytest


def _dump(db) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _post_raw(c, path: str, raw: bytes):
    import json
    import urllib.error
    import urllib.request

    req = urllib.request.Request(c.base + path, data=raw, method="POST",
                                 headers={"Content-Type": "application/json", "X-Review-Token": c.srv.token})
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status, json.loads(res.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


@pytest.mark.parametrize("path, raw, status", [
    ("/api/events/demo-002-e1/decision", b'{"action": "reject", "version": 1e400, "reviewer": "lea"}', 400),
    ("/api/events/demo-002-e1/decision", b'{"action": "accept", "version": 18446744073709551616, "reviewer": "lea"}', 400),
    ("/api/groups/decision", b'{"action": "reject", "versions": {"demo-002-e1": -1e400}, "reviewer": "lea"}', 400),
    ("/api/mentions/340282366920938463463374607431768211456/decision",
     b'{"action": "accept", "version": 1, "reviewer": "lea"}', 404),
    ("/api/mentions/{mid}/decision", b'{"action": "correct", "version": 1, "changes": {"end": 1e400}, "reviewer": "lea"}', 400),
    ("/api/mentions/{mid}/decision", b'{"action": "correct", "version": 1, "changes": [["end", 4]], "reviewer": "lea"}', 400),
    ("/api/events/demo-002-e1/decision", b'{"action": "correct", "version": 1, "changes": 7, "reviewer": "lea"}', 400),
    ("/api/events/demo-002-e1/decision", b'{"action": "correct", "version": 1, "changes": [{}], "reviewer": "lea"}', 400),
    ("/api/events/demo-002-e1/decision",
     b'{"action": "correct", "version": 1, "changes": {"amount": 2e999}, "reviewer": "lea"}', 400),
    ("/api/events/demo-002-e1/decision",
     b'{"action": "correct", "version": 1, "changes": {"amount": "-inf"}, "reviewer": "lea"}', 400),
])
def test_out_of_range_and_misshapen_values_are_refused(demo_db, serve_db, path, raw, status):
    c = serve_db(demo_db)
    conn = sqlite3.connect(demo_db)
    mid = conn.execute("SELECT MIN(mention_id) FROM mentions").fetchone()[0]
    conn.close()
    before = _dump(demo_db)
    got, answer = _post_raw(c, path.format(mid=mid), raw)
    assert got == status and answer.get("error"), (got, answer)
    assert _dump(demo_db) == before


def test_a_valid_correction_still_works(demo_db, serve_db):
    c = serve_db(demo_db)
    got, answer = _post_raw(c, "/api/events/demo-002-e1/decision",
                            b'{"action": "correct", "version": 1, "changes": {"amount": "2,5e9"}, "reviewer": "lea"}')
    assert got == 200 and answer["event"]["amount"] == 2.5e9
