#!/usr/bin/env bash
# make bench-tiers: GET /v1/auth/verify with an API key that has a tier,
# its account a plan with a quota, usage counting on (SPEC 9), next to the
# null responder (bench/null.c) behind a *minimal* lighttpd configuration
# (mod_fastcgi only, no other module or condition): the limit for any
# FastCGI answer on this machine (issue 17, item 6).
#
#   BENCH_SECONDS  length of each wrk run   (10)
#   BENCH_RUNS     rounds, medians reported (3)
#   BENCH_CONNS    connections              (32)
#   BENCH_OUT      where the summary goes   (build/bench/tiers.md)
# Rounds alternate null, verify, null; the ratio is verify's req/s over
# the mean of the null runs around it. Everything listens on 127.0.0.1.
set -euo pipefail
umask 077
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
secs=${BENCH_SECONDS:-10}
runs=${BENCH_RUNS:-3}
conns=${BENCH_CONNS:-32}
out=${BENCH_OUT:-$root/build/bench/tiers.md}
work=$(mktemp -d /tmp/lkt.XXXXXX)
pids=()

say() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
cleanup() {
	local p
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	[[ -f $work/null.pid ]] && kill -TERM "$(cat "$work/null.pid")" 2>/dev/null
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
port() { echo $((20000 + RANDOM % 40000)); }
until_up() {
	local i
	for ((i = 0; i < 200; i++)); do
		curl -s -o /dev/null "$1" && return 0
		sleep 0.05
	done
	echo "bench: $1 does not answer" >&2
	exit 1
}

# --- the null responder behind lighttpd with mod_fastcgi only ------------------
np=$(port)
mkdir -p "$work/www"
cat >"$work/null.conf" <<CONF
server.modules = ( "mod_fastcgi" )
server.bind = "127.0.0.1"
server.port = $np
server.document-root = "$work/www"
fastcgi.server = ( "/" => (( "socket" => "$work/null.sock",
	"check-local" => "disable", "fix-root-scriptname" => "enable" )) )
CONF
spawn-fcgi -s "$work/null.sock" -M 0600 -F 2 -P "$work/null.pid" -- \
	"$root/build/bench/null" >/dev/null
lighttpd -D -f "$work/null.conf" &
pids+=($!)
until_up "http://127.0.0.1:$np/v1/auth/verify"

# --- Latchkey, with a plan, a tier and a quota ----------------------------------
lp=$(port)
export LATCHKEY_VAR=$work/lk LATCHKEY_ADMIN_EMAIL=admin@example.com
export LATCHKEY_ADMIN_PASSWORD='bench admin passphrase 7'
PORT=$lp LATCHKEY_BIN=$root/build "$root/scripts/serve.sh" >"$work/serve.out" 2>&1 &
pids+=($!)
for ((i = 0; i < 400; i++)); do
	grep -q 'is serving on' "$work/serve.out" 2>/dev/null && break
	sleep 0.05
done
cli() { LATCHKEY_DB=$work/lk/latchkey.db LATCHKEY_SECRETS=$work/lk/secrets \
	"$root/build/latchkey" "$@" >/dev/null; }
big=2000000000
cli plan add pro --rank 30 --per-second "$big" --per-hour "$big" \
	--per-month "$big"
cli user plan admin@example.com pro
jwt=$(curl -s -H 'Content-Type: application/json' \
	-d '{"email":"admin@example.com","password":"bench admin passphrase 7"}' \
	"http://127.0.0.1:$lp/v1/auth/login" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
key=$(curl -s -H "Authorization: Bearer $jwt" -H 'Content-Type: application/json' \
	-d '{"name":"bench","environment":"live","permissions":["read"],"tier":"pro"}' \
	"http://127.0.0.1:$lp/v1/keys" | sed 's/.*"key":"\([^"]*\)".*/\1/')
body=$(curl -s -H "X-API-Key: $key" "http://127.0.0.1:$lp/v1/auth/verify")
case $body in *'"tier":"pro"'*'"quota"'*) ;; *) echo "bench: verify says $body" >&2; exit 1 ;; esac

# run NAME URL [HEADER]: one wrk run -> "req/s p50_ms p99_ms"
run() {
	local r
	r=$(wrk -t2 -c"$conns" -d"${secs}s" --latency ${3:+-H "$3"} "$2")
	awk '/Requests\/sec/ { rps = $2 }
	     / 50%/ { p50 = $2 } / 99%/ { p99 = $2 }
	     function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
	                      if (v ~ /s$/) return v * 1000; return v }
	     END { printf "%d %.2f %.2f\n", rps, ms(p50), ms(p99) }' <<<"$r"
}

: >"$work/rows"
for ((k = 1; k <= runs; k++)); do
	say "round $k of $runs"
	n1=$(run null "http://127.0.0.1:$np/v1/auth/verify")
	v=$(run verify "http://127.0.0.1:$lp/v1/auth/verify" "X-API-Key: $key")
	n2=$(run null "http://127.0.0.1:$np/v1/auth/verify")
	echo "$n1 | $v | $n2" >>"$work/rows"
	say "null $n1 / verify $v / null $n2"
done
used=$(curl -s -H "X-API-Key: $key" "http://127.0.0.1:$lp/v1/usage")
mkdir -p "$(dirname "$out")"
{
	echo "verify (tier, quota, usage) vs null behind minimal lighttpd:"
	echo "$conns connections, ${secs} s a run, $runs rounds, $(nproc) cores"
	echo
	echo "| round | null req/s | verify req/s | verify p50/p99 ms | x null |"
	echo "|---|---|---|---|---|"
	awk -F' [|] ' '{ split($1, a, " "); split($2, v, " "); split($3, b, " ");
		printf "| %d | %d | %d | %s / %s | %.2f |\n", NR, (a[1] + b[1]) / 2,
		    v[1], v[2], v[3], v[1] / ((a[1] + b[1]) / 2) }' "$work/rows"
	echo
	echo "usage afterwards: $used"
} | tee "$out"
