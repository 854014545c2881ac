"""Local review web app: stdlib ThreadingHTTPServer, a JSON API and one page (static files from the package).

Safety, because article text is untrusted input from the web:
- the page builds the DOM with textContent only, and a Content-Security-Policy forbids inline scripts, so a
  `<script>` inside an article stays text even if a bug slipped in;
- every POST needs the per-server-session token (given to the page in a meta tag) and a JSON body, else 403;
- the Host header must name this server (no DNS rebinding from a web page);
- static files come from a fixed in-memory table read at start: no path from the browser reaches the disk;
- binds 127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import html
import json
import secrets
import sqlite3
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from pipeline.review import geo
from pipeline.review import service as sv
from pipeline.store import Store, connect

STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                ".json": "application/json; charset=utf-8",  # messages.json: the page's one message catalogue
                ".svg": "image/svg+xml", ".html": "text/html; charset=utf-8"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
MAX_BODY = 1_000_000


def _load_static() -> dict[str, tuple[bytes, str]]:
    """Read the package's static files once; the request path only ever picks a key of this dict."""
    files: dict[str, tuple[bytes, str]] = {}
    root = resources.files("pipeline.review") / "static"
    for entry in root.iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1]
        if entry.is_file() and suffix in STATIC_TYPES:
            files[entry.name] = (entry.read_bytes(), STATIC_TYPES[suffix])
    return files


class ReviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, db_path: Path, host: str, port: int, reviewer: str):
        self.db_path = Path(db_path)
        Store(self.db_path).close()  # create or migrate the schema before the first request
        # only the name offered to a browser that has none yet: each decision carries its reviewer
        self.reviewer = reviewer
        self.token = secrets.token_urlsafe(32)
        self.static = _load_static()
        super().__init__((host, port), Handler)
        self.allowed_hosts = self._allowed_hosts(host, self.server_address[1])

    def handle_error(self, request, client_address) -> None:
        """A browser that closes a connection early is normal; anything else is printed."""
        import sys
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)

    @staticmethod
    def _allowed_hosts(host: str, port: int) -> set[str]:
        names = {host, "localhost", "127.0.0.1", "[::1]"} if host in ("127.0.0.1", "localhost", "::1") else None
        if names is None:  # bound to another interface on purpose: accept what the user typed
            return set()
        return {f"{n}:{port}" for n in names}

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def page(self) -> bytes:
        body, _ = self.static["index.html"]
        meta = (f'<meta name="review-token" content="{html.escape(self.token)}">\n'
                f'<meta name="default-reviewer" content="{html.escape(self.reviewer)}">\n'
                f'<meta name="db-name" content="{html.escape(self.db_path.name)}">')
        return body.replace(b"<!--META-->", meta.encode("utf-8"))


class Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet by default; errors still go to stderr
        if getattr(self.server, "verbose", False):
            super().log_message(fmt, *args)

    # -- plumbing -------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Security-Policy", CSP)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8"),
                   "application/json; charset=utf-8")

    def _error(self, status: int, message: str) -> None:
        self._json(status, {"error": message, "status": status})

    def _host_ok(self) -> bool:
        allowed = self.server.allowed_hosts
        return not allowed or self.headers.get("Host", "") in allowed

    def _route(self, method: str) -> None:
        if not self._host_ok():
            return self._error(403, "unexpected Host header")
        parts = urlsplit(self.path)
        path = parts.path
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        conn = None
        try:
            conn = connect(self.server.db_path)
            if method == "GET":
                return self._get(conn, path, query)
            return self._post(conn, path)
        except sv.ReviewError as exc:
            return self._error(exc.status, str(exc))
        except sqlite3.OperationalError as exc:
            return self._error(503, f"database busy or unavailable: {exc}")
        except (BrokenPipeError, ConnectionResetError):
            return None
        except Exception as exc:  # keep the server up; say what broke
            print(f"review: {method} {path}: {exc!r}", file=sys.stderr)
            return self._error(500, f"internal error: {type(exc).__name__}")
        finally:
            if conn is not None:
                conn.close()

    def do_GET(self):
        self._route("GET")

    def do_HEAD(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    # -- GET ------------------------------------------------------------------------------------
    def _get(self, conn, path: str, q: dict) -> None:
        if path in ("/", "/index.html"):
            return self._send(200, self.server.page(), "text/html; charset=utf-8")
        if path.startswith("/static/"):
            item = self.server.static.get(path[len("/static/"):])
            if item is None or path.endswith(".html"):
                return self._error(404, "no such file")
            return self._send(200, item[0], item[1])
        if path == "/favicon.ico":
            return self._send(204, b"", "image/x-icon")
        if path == "/api/session":
            return self._json(200, {"default_reviewer": self.server.reviewer, "db": self.server.db_path.name})
        if path == "/api/progress":
            return self._json(200, sv.progress(conn))
        if path == "/api/events":
            return self._json(200, sv.list_events(conn, q))
        if path.startswith("/api/events/"):
            return self._json(200, sv.get_event(conn, unquote(path[len("/api/events/"):])))
        if path == "/api/map":  # every event of the filters but the place: the points one clicks to pick a place
            events = sv.list_events(conn, {k: v for k, v in q.items() if k != "place"})["events"]
            points, off = geo.map_points(conn, events)
            base = geo.basemap()
            return self._json(200, {"width": base["width"], "height": base["height"], "countries": base["countries"],
                                    "points": points, "off_map": off})
        if path == "/api/entities":
            return self._json(200, {"entities": sv.list_entities(conn, q.get("q", ""), q.get("label", ""))})
        if path == "/api/history":
            return self._json(200, {"decisions": sv.history(conn, limit=int(q.get("limit", 100) or 100))})
        return self._error(404, "not found")

    # -- POST -----------------------------------------------------------------------------------
    def _body(self) -> dict:
        if not secrets.compare_digest(self.headers.get("X-Review-Token", ""), self.server.token):
            raise _Forbidden("missing or wrong session token: reload the page")
        if not (self.headers.get("Content-Type", "").split(";")[0].strip() == "application/json"):
            raise _Forbidden("POST bodies must be application/json")
        try:
            n = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            raise sv.Invalid("bad Content-Length") from None
        if n > MAX_BODY:
            raise sv.Invalid("request body too large")
        raw = self.rfile.read(n) if n else b"{}"
        try:
            body = json.loads(raw.decode("utf-8") or "{}")
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise sv.Invalid("body is not valid JSON") from None
        if not isinstance(body, dict):
            raise sv.Invalid("body must be a JSON object")
        return body

    def _post(self, conn, path: str) -> None:
        try:
            body = self._body()
        except _Forbidden as exc:
            # drain what the client sent so the connection stays usable
            try:
                n = int(self.headers.get("Content-Length", "0") or 0)
                if 0 < n <= MAX_BODY:
                    self.rfile.read(n)
            except ValueError:
                pass
            return self._error(403, str(exc))
        if not path.startswith("/api/"):
            return self._error(404, "not found")
        who = sv.reviewer_name(body.get("reviewer"))  # the person who decides, as chosen in their page
        if path.startswith("/api/events/") and path.endswith("/decision"):
            eid = unquote(path[len("/api/events/"):-len("/decision")])
            ev = sv.decide_event(conn, eid, body.get("version"), body.get("action", ""), body.get("changes"), who)
            return self._json(200, {"event": ev})
        if path == "/api/groups/decision":
            return self._json(200, {"events": sv.decide_group(conn, body.get("versions"), body.get("action", ""), who)})
        if path.startswith("/api/mentions/") and path.endswith("/decision"):
            try:
                mid = sv.as_int(path[len("/api/mentions/"):-len("/decision")], "mention id")
            except sv.Invalid:
                raise sv.NotFound("no such mention") from None
            m = sv.decide_mention(conn, mid, body.get("version"), body.get("action", ""), body.get("changes"), who)
            return self._json(200, {"mention": m})
        if path.startswith("/api/articles/") and path.endswith("/accept-mentions"):
            aid = unquote(path[len("/api/articles/"):-len("/accept-mentions")])
            return self._json(200, {"accepted": sv.accept_pending_mentions(conn, aid, who)})
        if path == "/api/entities/rename":
            return self._json(200, sv.rename_entity(conn, str(body.get("entity_id", "")), str(body.get("name", "")), who))
        if path == "/api/entities/merge":
            return self._json(200, sv.merge_entities(conn, str(body.get("source_id", "")),
                                                     str(body.get("target_id", "")), who))
        if path == "/api/undo":
            return self._json(200, sv.undo(conn, who, body.get("event_id"), body.get("group_id")))
        return self._error(404, "not found")


class _Forbidden(Exception):
    pass


def make_server(db_path: Path | str, host: str = "127.0.0.1", port: int = 8765, reviewer: str = "analyst",
                verbose: bool = False) -> ReviewServer:
    """Build the server without serving (port 0 picks a free port); call serve_forever() yourself."""
    srv = ReviewServer(Path(db_path), host, port, reviewer)
    srv.verbose = verbose
    return srv


def serve(db_path: Path | str, host: str = "127.0.0.1", port: int = 8765, reviewer: str = "analyst") -> None:
    """Serve until Ctrl-C."""
    srv = make_server(db_path, host, port, reviewer)
    print(f"press-events review: {srv.url}  (database {Path(db_path)}, name offered to new browsers {reviewer!r}; Ctrl-C stops)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: listening on {host}: anyone who can reach this address can see the articles")
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()


def start_in_thread(db_path: Path | str, host: str = "127.0.0.1", port: int = 0,
                    reviewer: str = "analyst") -> tuple[ReviewServer, threading.Thread]:
    """A running server in a daemon thread (tests, notebooks); stop with srv.shutdown(); srv.server_close()."""
    srv = make_server(db_path, host, port, reviewer)
    t = threading.Thread(target=srv.serve_forever, name="press-events-review", daemon=True)
    t.start()
    return srv, t
