#!/usr/bin/env bash
# ATTACKS.md 44, "sqlmap finds nothing": a bounded sqlmap scan of a fresh
# instance on 127.0.0.1 (scripts/serve.sh, as the end-to-end tests start it),
# one sqlmap run per target:
#
#   login-form     POST /login  email, password, next (with the CSRF token)
#   api-login      POST /v1/auth/login  JSON email, password
#   verify         GET /v1/auth/verify?scope=  and the X-API-Key header
#   revoke-leaked  POST /v1/keys/revoke-leaked  JSON keys[]
#   admin-keys     GET /admin/keys  owner, q, page (signed in as the admin)
#   admin-audit    GET /admin/audit  actor, action, from, to
#
# A target passes when sqlmap reports nothing injectable, saw no SQL error
# text (no "possible DBMS" heuristic), got no 5xx, and was not throttled
# (429) into seeing nothing; the login form must also have got past the CSRF
# check: 401 "Incorrect email or password", never 403. The server trusts
# X-Forwarded-For from 127.0.0.1 for the run, and sqlmap sends a random one on
# every request (--eval), so the per-IP sign-in and leaked-key throttles
# don't turn the scan into a wall of 429s; for the same reason the sign-in
# email is randomised while sqlmap tests the password.
#
# Environment: SQLMAP_BUDGET seconds per target (600), SQLMAP_TARGETS to run
# a subset (e.g. "login-form verify"), LATCHKEY_SERVER (lighttpd or apache),
# LATCHKEY_KEEP_VAR=1 keeps the work directory (sqlmap output and traffic).
# Prints one line per target and finally "sqlmap: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

command -v sqlmap >/dev/null || { echo "sqlmap: not installed (scripts/deps.sh --test)" >&2; exit 1; }
[[ -x build/latchkey-web ]] || { echo "sqlmap: build first (make)" >&2; exit 1; }

budget=${SQLMAP_BUDGET:-600}
targets=${SQLMAP_TARGETS:-login-form api-login verify revoke-leaked admin-keys admin-audit}
work=$(mktemp -d /tmp/lk-sqlmap.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
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

# serve.sh ignores SIGINT when started with & from a script: cleanup sends SIGTERM.
PORT=$port LATCHKEY_VAR=$work/var LATCHKEY_ADMIN_EMAIL=$email \
	LATCHKEY_ADMIN_PASSWORD=$password LATCHKEY_TRUSTED_PROXY=127.0.0.1 \
	scripts/serve.sh >"$work/serve.log" 2>&1 &
serve_pid=$!
for ((i = 0; i < 300; i++)); do
	grep -q 'is serving on' "$work/serve.log" && break
	kill -0 "$serve_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
	sleep 0.1
done
grep -q 'is serving on' "$work/serve.log" || { echo "sqlmap: server did not start" >&2; exit 1; }

json_get() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# Credentials and fixtures, made through the API and the login form.
jwt=$(printf '{"email":"%s","password":"%s"}' "$email" "$password" |
	curl -sf -H 'Content-Type: application/json' --data-binary @- "$base/v1/auth/login" | json_get access_token)
key=$(curl -sf -H "Authorization: Bearer $jwt" -H 'Content-Type: application/json' \
	-d '{"name":"sqlmap","environment":"test","permissions":["read"]}' "$base/v1/keys" | json_get key)
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
# A new client address on every request; the probe email replaced by a
# fresh one whenever sqlmap sends it unchanged (i.e. tests another field).
eval_code="import random; _locals['auxHeaders']['X-Forwarded-For'] = '10.%d.%d.%d' % (random.randint(0, 255), random.randint(0, 255), random.randint(1, 254)); email = ('sqlmap%d@example.com' % random.randint(1, 10 ** 9)) if globals().get('email') == '$probe' else globals().get('email')"
common=(--batch --level=2 --risk=1 --threads=1 --timeout=10 --retries=1 --time-sec=2
	--disable-coloring --flush-session --drop-set-cookie --skip-waf --ignore-code=401 -v 1 --eval="$eval_code")

# The sqlmap arguments of target $1, into the array args.
set_args() {
	case "$1" in
	login-form)
		# Not --method=POST, and a CSRF URL that differs from the target's:
		# sqlmap 1.7 otherwise fetches the token with a POST of the form.
		args=(-u "$base/login" --data="email=$probe&password=wrong+password+123&next=%2Fsettings%2Fapi-keys&csrf_token=x"
			--cookie="__Host-latchkey_csrf=$csrf" --csrf-token=csrf_token
			--csrf-url="$base/login?next=%2Fsettings%2Fapi-keys" -p "email,password,next") ;;
	api-login)
		args=(-u "$base/v1/auth/login" --data="{\"email\":\"$probe\",\"password\":\"wrong password 123\"}"
			-H "Content-Type: application/json" -p "email,password") ;;
	verify)
		args=(-u "$base/v1/auth/verify?scope=read*" --headers="X-API-Key: $key*") ;;
	revoke-leaked)
		args=(-u "$base/v1/keys/revoke-leaked" --data="{\"keys\":[\"$leaked*\"]}"
			-H "Content-Type: application/json") ;;
	admin-keys)
		args=(-u "$base/admin/keys?owner=${probe/@/%40}&q=sqlmap&page=1"
			--cookie="__Host-latchkey_session=$session" -p "owner,q,page") ;;
	admin-audit)
		args=(-u "$base/admin/audit?actor=${email/@/%40}&action=login.success&from=2020-01-01&to=2099-12-31"
			--cookie="__Host-latchkey_session=$session" -p "actor,action,from,to") ;;
	*) echo "sqlmap: unknown target $1" >&2; exit 2 ;;
	esac
}

# Status codes of the responses in a sqlmap traffic file, "code count" lines.
codes() { sed -n 's/^HTTP response \[#[0-9]*\] (\([0-9]*\).*/\1/p' "$1" | sort | uniq -c | awk '{print $2 " " $1}'; }
count_of() { awk -v c="$2" '$1 == c {n = $2} END {print n + 0}' <<<"$1"; }

passed=0
failed=0
total_start=$SECONDS
for t in $targets; do
	out=$work/$t.out
	traffic=$work/$t.traffic
	start=$SECONDS
	set_args "$t"
	rc=0
	timeout "$budget" sqlmap "${common[@]}" "${args[@]}" --output-dir="$work/out-$t" -t "$traffic" \
		</dev/null >"$out.raw" 2>&1 || rc=$?
	# sqlmap redraws status lines with CR: one message a line.
	tr '\r' '\n' <"$out.raw" >"$out"
	secs=$((SECONDS - start))
	c=$(codes "$traffic" 2>/dev/null || true)
	requests=$(awk '{n += $2} END {print n + 0}' <<<"$c")
	why=()
	((rc == 124)) && why+=("did not finish in ${budget}s")
	grep -Eq "all tested parameters do not appear to be injectable" "$out" || why+=("no \"not injectable\" verdict (rc $rc)")
	if grep -Eq "appears to be '.*' injectable|is '.*' injectable|is vulnerable|identified the following injection point|might be injectable|possible DBMS" "$out"; then
		why+=("sqlmap found something")
	fi
	fivexx=$(awk '$1 >= 500 {n += $2} END {print n + 0}' <<<"$c")
	((fivexx == 0)) || why+=("$fivexx responses 5xx")
	((requests > 0)) || why+=("no requests logged")
	n429=$(count_of "$c" 429)
	((n429 == 0)) || why+=("$n429 responses 429 (throttled)")
	if [[ "$t" == login-form ]]; then
		n403=$(count_of "$c" 403)
		wrong=$(grep -c 'Incorrect email or password' "$traffic" || true)
		((n403 == 0)) || why+=("$n403 responses 403 (CSRF)")
		((wrong > 0)) || why+=("never reached the password check")
	fi
	printf 'sqlmap: %-13s %4ds %5d requests  codes: %s\n' "$t" "$secs" "$requests" "$(tr '\n' ',' <<<"$c" | sed 's/,$//; s/ /×/g')"
	# sqlmap's verdict on each parameter, and any finding.
	grep -E "does not seem to be injectable|do not appear to be injectable|appears to be '|is '.*' injectable|might be injectable|is vulnerable" "$out" |
		sed 's/^\[[0-9:]*\] \[[A-Z]*\] /        /; s/\. Try to increase.*//' | sort -u || true
	if ((${#why[@]})); then
		failed=$((failed + 1))
		printf '        FAILED: %s (see %s)\n' "$(IFS=';'; echo "${why[*]}")" "$out"
		LATCHKEY_KEEP_VAR=1
	else
		passed=$((passed + 1))
	fi
done
printf 'sqlmap: total %ds\n' $((SECONDS - total_start))
[[ -z "${LATCHKEY_KEEP_VAR:-}" ]] || printf 'sqlmap: output kept in %s\n' "$work"
printf 'sqlmap: %d passed, %d failed\n' "$passed" "$failed"
((failed == 0))
