#!/usr/bin/env bash
# ATTACKS.md 44, "sqlmap finds nothing": a bounded sqlmap scan of a fresh
# instance on 127.0.0.1 (scripts/serve.sh, as the end-to-end tests start it),
# one sqlmap run per target (tests/sqlmap/lib.sh has their arguments):
#
#   login-form     POST /login  email, password, next (with the CSRF token)
#   api-login      POST /v1/auth/login  JSON email, password
#   verify         GET /v1/auth/verify?scope=  and the X-API-Key header
#   revoke-leaked  POST /v1/keys/revoke-leaked  JSON keys[]
#   admin-keys     GET /admin/keys  owner, q, page (signed in as the admin)
#   admin-audit    GET /admin/audit  actor, action, from, to
#
# Each target compares on what is stable (a status code, or a string only
# a true answer has), and tests/sqlmap/judge.py decides from sqlmap's final
# verdict per parameter and from the traffic: a target fails on a confirmed
# injection, a positive sqlmap did not disprove, any SQL error text, any
# 5xx, any 429 (throttled into seeing nothing), or no final verdict; the
# login form must also have got past the CSRF check: 401 "Incorrect email
# or password", never 403. tests/sqlmap/selftest.sh shows that the same
# targets and judge fail on a deliberately injectable toy server. The
# server trusts X-Forwarded-For from 127.0.0.1 for the run, and sqlmap sends
# a random one on every request (--eval), so the per-IP sign-in and
# leaked-key throttles don't turn the scan into a wall of 429s; for the same
# reason the sign-in email is randomised while sqlmap tests the password.
#
# Environment: SQLMAP_BUDGET seconds per target (600), SQLMAP_TARGETS to run
# a subset (e.g. "login-form verify"), LATCHKEY_SERVER (lighttpd or apache),
# LATCHKEY_KEEP_VAR=1 keeps the work directory (sqlmap output and traffic).
# Prints sqlmap's verdict on each parameter of each target and finally
# "sqlmap: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/sqlmap/lib.sh

command -v sqlmap >/dev/null || { echo "sqlmap: not installed (scripts/deps.sh --test)" >&2; exit 1; }
[[ -x build/latchkey-web ]] || { echo "sqlmap: build first (make)" >&2; exit 1; }

budget=${SQLMAP_BUDGET:-600}
targets=${SQLMAP_TARGETS:-login-form api-login verify revoke-leaked admin-keys admin-audit}
work=$(mktemp -d /tmp/lk-sqlmap.XXXXXX)
email=admin@example.com
password='sqlmap admin passphrase 7'

serve_pid=
cleanup() {
	if [[ -n "$serve_pid" ]]; then
		kill -TERM "$serve_pid" 2>/dev/null || true
		wait "$serve_pid" 2>/dev/null || true
	fi
	[[ -n "${LATCHKEY_KEEP_VAR:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# serve.sh ignores SIGINT when started with & from a script: cleanup sends
# SIGTERM. A port another process takes before the server binds it (other
# tests may be starting servers) makes serve.sh exit saying so: try again.
for ((try = 1; try <= 5; try++)); do
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	PORT=$port LATCHKEY_VAR=$work/var LATCHKEY_ADMIN_EMAIL=$email \
		LATCHKEY_ADMIN_PASSWORD=$password LATCHKEY_TRUSTED_PROXY=127.0.0.1 \
		scripts/serve.sh >"$work/serve.log" 2>&1 &
	serve_pid=$!
	for ((i = 0; i < 300; i++)); do
		grep -q 'is serving on' "$work/serve.log" && break
		kill -0 "$serve_pid" 2>/dev/null || break
		sleep 0.1
	done
	grep -q 'is serving on' "$work/serve.log" && break
	kill -0 "$serve_pid" 2>/dev/null && break # still starting: too slow
	wait "$serve_pid" 2>/dev/null || true
	serve_pid=
	grep -q 'already in use' "$work/serve.log" || break
done
if ! grep -q 'is serving on' "$work/serve.log"; then
	cat "$work/serve.log" >&2
	echo "sqlmap: server did not start" >&2
	exit 1
fi
base=http://127.0.0.1:$port

json_get() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# Credentials and fixtures, made through the API and the login form.
jwt=$(printf '{"email":"%s","password":"%s"}' "$email" "$password" |
	curl -sf -H 'Content-Type: application/json' --data-binary @- "$base/v1/auth/login" | json_get access_token)
created=$(curl -sf -H "Authorization: Bearer $jwt" -H 'Content-Type: application/json' \
	-d '{"name":"sqlmap","environment":"test","permissions":["read"]}' "$base/v1/keys")
key=$(json_get key <<<"$created")
key_id=$(json_get id <<<"$created")
user_id=$(curl -sf -H "X-API-Key: $key" "$base/v1/auth/verify" | json_get user_id)
leaked=$(python3 -c '
import random, zlib
B = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
body = "sk_test_" + "".join(random.choice(B) for _ in range(32))
n, s = zlib.crc32(body.encode()), ""
for _ in range(6):
    s, n = B[n % 62] + s, n // 62
print(body + s)')
# The pre-session CSRF cookie the login form's token is bound to. It is
# Secure, which sqlmap's cookie jar won't send over http, so it is given as
# --cookie and new Set-Cookies are dropped.
csrf=$(curl -si "$base/login" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: __Host-latchkey_csrf=\([^;]*\).*/\1/p')
[[ -n "$csrf" ]] || { echo "sqlmap: no CSRF cookie from /login" >&2; exit 1; }
token=$(curl -s -H "Cookie: __Host-latchkey_csrf=$csrf" "$base/login" |
	sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n 1)
session=$(printf 'email=%s&password=%s&csrf_token=%s' "${email/@/%40}" "${password// /+}" "$token" |
	curl -si -H "Cookie: __Host-latchkey_csrf=$csrf" -H 'Content-Type: application/x-www-form-urlencoded' \
		--data-binary @- "$base/login" | tr -d '\r' |
	sed -n 's/^[Ss]et-[Cc]ookie: __Host-latchkey_session=\([^;]*\).*/\1/p')
[[ -n "$session" ]] || { echo "sqlmap: admin sign-in failed" >&2; exit 1; }

probe=probe@example.com
extra=()
passed=0
failed=0
total_start=$SECONDS
for t in $targets; do
	if sqlmap_scan "$t"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		LATCHKEY_KEEP_VAR=1
	fi
done
printf 'sqlmap: total %ds\n' $((SECONDS - total_start))
[[ -z "${LATCHKEY_KEEP_VAR:-}" ]] || printf 'sqlmap: output kept in %s\n' "$work"
printf 'sqlmap: %d passed, %d failed\n' "$passed" "$failed"
((failed == 0))
