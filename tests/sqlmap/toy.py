#!/usr/bin/python3
"""A deliberately injectable toy of three Latchkey endpoints, for the
sqlmap check's self-test (tests/sqlmap/selftest.sh). Never built into or
installed with the product: it exists so that the judge of tests/sqlmap.sh
can be shown to fail on a real injection.

Two copies of each endpoint, with the shapes of the real ones (status
codes, JSON and HTML bodies, request ids, timestamps, rate-limit headers
and other content that changes on every response):

  /vuln/...  SQL built by string concatenation
  /safe/...  the same queries with bound parameters, and input checks

  GET  /v1/auth/verify?scope=S   X-API-Key header; 200 or 401 JSON.
       vuln: any SQLite error is swallowed into a plain 401, so only a
       blind (boolean) injection can find it.
  POST /v1/auth/login            JSON email, password; 401 JSON.
       vuln: the SQLite error message is put in the 401 body (no 5xx),
       as a careless C handler passing sqlite3_errmsg() on would.
  GET  /admin/keys?owner=&q=&page=   an HTML list of keys.
       vuln: a SQLite error is a 500 page without the message.

Usage: toy.py   (binds 127.0.0.1 on a port the kernel picks, prints
"toy listening on PORT" and serves until SIGTERM or SIGINT)."""

import html
import itertools
import json
import re
import secrets
import signal
import sqlite3
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

EMAIL = "admin@example.com"
PASSWORD = "sqlmap admin passphrase 7"
KEY = "sk_test_" + "T0y" * 10 + "ab" + "Q1w2E3"
KEY_ID = "key_toy0000sqlmap1"
SCOPES = ("read", "write", "admin")

db = sqlite3.connect(":memory:", check_same_thread=False)
db.executescript(f"""
CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT UNIQUE, password TEXT);
CREATE TABLE keys (id TEXT PRIMARY KEY, user_id TEXT, name TEXT, secret TEXT,
                   scopes TEXT);
INSERT INTO users VALUES ('usr_toy0000000admin', '{EMAIL}', '{PASSWORD}');
INSERT INTO keys VALUES ('{KEY_ID}', 'usr_toy0000000admin', 'sqlmap', '{KEY}',
                         'read');
INSERT INTO keys VALUES ('key_toy0000other001', 'usr_toy0000000admin', 'other',
                         'sk_test_unused', 'read');
""")
remaining = itertools.count(999, -1)


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"))


def now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class Toy(BaseHTTPRequestHandler):
    server_version = "toy"
    sys_version = ""

    def log_message(self, *args):
        pass

    def send(self, status, body, ctype="application/json", headers=()):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("X-Request-Id", self.rid)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, code, message, headers=()):
        self.send(status, dumps({"error": code, "message": message,
                                      "code": status, "request_id": self.rid,
                                      "timestamp": now()}), headers=headers)

    def route(self, method):
        self.rid = "req_" + secrets.token_hex(8)
        url = urlsplit(self.path)
        m = re.fullmatch(r"/(vuln|safe)(/.*)", url.path)
        if not m:
            return self.error(404, "not_found", "No such endpoint.")
        self.vuln = m.group(1) == "vuln"
        try:
            self.query = {k: v[0] for k, v in parse_qs(
                url.query, keep_blank_values=True, strict_parsing=False).items()}
        except ValueError:
            return self.error(400, "invalid_request", "bad query string")
        handler = {("GET", "/v1/auth/verify"): self.verify,
                   ("POST", "/v1/auth/login"): self.login,
                   ("GET", "/admin/keys"): self.admin_keys}.get((method, m.group(2)))
        if handler is None:
            return self.error(404, "not_found", "No such endpoint.")
        handler()

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    # --- GET /v1/auth/verify -------------------------------------------------

    def verify(self):
        key = self.headers.get("X-API-Key", "")
        scope = self.query.get("scope", "")
        if scope and scope not in SCOPES:
            return self.error(400, "invalid_request", "unknown scope")
        row = None
        try:
            if self.vuln:
                row = db.execute("SELECT k.id, k.user_id, k.scopes FROM keys k "
                                 "WHERE k.secret = '" + key + "'").fetchone()
            elif re.fullmatch(r"sk_(test|live)_[0-9A-Za-z]{38}", key):
                row = db.execute("SELECT k.id, k.user_id, k.scopes FROM keys k "
                                 "WHERE k.secret = ?", (key,)).fetchone()
        except sqlite3.Error:
            row = None
        auth = ('Bearer realm="toy", error="invalid_token"',)
        if row is None or not isinstance(row[2], str):
            return self.error(401, "invalid_token",
                              "The credential is invalid or revoked.",
                              headers=[("WWW-Authenticate", auth[0])])
        if scope and scope not in row[2].split():
            return self.error(403, "insufficient_scope", "missing scope")
        self.send(200, dumps({"authenticated": True, "type": "api_key",
                                   "user_id": row[1], "key_id": row[0],
                                   "scopes": row[2].split(),
                                   "environment": "test", "expires_at": None}),
                  headers=[("X-RateLimit-Limit", "1000"),
                           ("X-RateLimit-Remaining", str(max(next(remaining), 0))),
                           ("X-RateLimit-Reset", str(int(time.time()) // 3600 * 3600 + 3600))])

    # --- POST /v1/auth/login -------------------------------------------------

    def login(self):
        try:
            n = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(n))
            email, password = body["email"], body["password"]
            if not isinstance(email, str) or not isinstance(password, str):
                raise ValueError
        except (ValueError, KeyError, TypeError):
            return self.error(400, "invalid_request", "malformed member in JSON body")
        message = "Incorrect email or password."
        row = None
        try:
            if self.vuln:
                row = db.execute("SELECT id, password FROM users WHERE email = '"
                                 + email + "'").fetchone()
            else:
                row = db.execute("SELECT id, password FROM users WHERE email = ?",
                                 (email,)).fetchone()
        except sqlite3.Error as e:
            message = str(e)
        if row is not None and secrets.compare_digest(
                str(row[1]).encode(), password.encode()):
            return self.send(200, dumps({"access_token": "toy." + self.rid,
                                              "token_type": "Bearer"}))
        self.error(401, "invalid_credentials", message,
                   headers=[("WWW-Authenticate", 'Bearer realm="toy"')])

    # --- GET /admin/keys -----------------------------------------------------

    def admin_keys(self):
        owner = self.query.get("owner", "")
        q = self.query.get("q", "")
        page = self.query.get("page", "1")
        if not re.fullmatch(r"[1-9][0-9]{0,3}", page):
            return self.send(400, "<!doctype html><title>Bad request</title>"
                             "<p>page must be a number</p>", "text/html")
        offset = (int(page) - 1) * 50
        try:
            if self.vuln:
                rows = db.execute(
                    "SELECT k.id, k.name FROM keys k JOIN users u ON u.id = k.user_id "
                    "WHERE u.email = '" + owner + "' AND k.name LIKE '%" + q + "%' "
                    "ORDER BY k.id LIMIT 50 OFFSET " + str(offset)).fetchall()
            else:
                rows = db.execute(
                    "SELECT k.id, k.name FROM keys k JOIN users u ON u.id = k.user_id "
                    "WHERE u.email = ? AND k.name LIKE '%' || ? || '%' "
                    "ORDER BY k.id LIMIT 50 OFFSET ?", (owner, q, offset)).fetchall()
        except sqlite3.Error:
            return self.send(500, "<!doctype html><title>Internal error</title>"
                             "<p>Something went wrong.</p>", "text/html")
        items = "".join(f'<tr><td class="mono">{html.escape(str(i))}</td>'
                        f"<td>{html.escape(str(n))}</td></tr>\n" for i, n in rows)
        self.send(200, f"""<!doctype html>
<html lang="en"><head><title>All API keys</title></head><body>
<h1>All API keys</h1>
<form method="get" action="/admin/keys">
<input name="owner" value="{html.escape(owner)}">
<input name="q" value="{html.escape(q)}">
</form>
<h2>Keys ({len(rows)})</h2>
<table>{items}</table>
<p class="muted">Rendered at {now()} in {secrets.randbelow(900) + 100} us,
request {self.rid}.</p>
</body></html>
""", "text/html; charset=utf-8")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Toy)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"toy listening on {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass


if __name__ == "__main__":
    main()
