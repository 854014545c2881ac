"""Fixtures for the review tests: a store filled with the hand-made demo batch, a live server on a free port."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from pipeline.review.demo import build_demo_db
from pipeline.review.server import start_in_thread


@pytest.fixture
def demo_db(tmp_path):
    return build_demo_db(tmp_path / "review.db")


class Client:
    """Tiny JSON client over urllib: real HTTP against the real server.

    Every POST carries `reviewer` (the name a page sends with each decision) unless the body names one
    or the client has none (`as_(None)`)."""

    def __init__(self, srv, reviewer="analyst"):
        self.srv, self.base, self.reviewer = srv, srv.url.rstrip("/"), reviewer

    def as_(self, reviewer):
        """The same server, seen by another reviewer (another browser)."""
        return Client(self.srv, reviewer)

    def request(self, method, path, body=None, token=True, headers=None):
        data = None if body is None else json.dumps(body).encode()
        h = {"Content-Type": "application/json"} if body is not None else {}
        if token:
            h["X-Review-Token"] = self.srv.token
        h.update(headers or {})
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=10) as res:
                raw = res.read()
                return res.status, (json.loads(raw) if res.headers.get_content_type() == "application/json" else raw)
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"{}")

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        body = (dict(body) if isinstance(body, dict) else body) if body is not None else {}
        if self.reviewer is not None and isinstance(body, dict):
            body.setdefault("reviewer", self.reviewer)
        return self.request("POST", path, body, **kw)


@pytest.fixture
def serve_db():
    """Start servers on 127.0.0.1:<free port>; all are shut down at the end of the test."""
    started = []

    def start(db, reviewer="analyst"):
        srv, thread = start_in_thread(db, reviewer=reviewer)
        started.append((srv, thread))
        return Client(srv, reviewer)

    yield start
    for srv, thread in started:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)
