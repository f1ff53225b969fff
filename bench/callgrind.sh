#!/usr/bin/env bash
# make bench-callgrind: instructions per request, by function, for each
# benchmarked path (deterministic, unlike timings on a shared machine).
#
# Sets up the database bench/run.sh measures (100000 keys, the admin's
# 100 keys, an OAuth app) and a real instance to mint credentials. Then,
# per scenario, runs one FastCGI process under
#   valgrind --tool=callgrind --toggle-collect=FCGX_Accept_r
#            --toggle-collect=serve_request   (null: FCGX_PutStr)
# on its own socket (spawn-fcgi -n), sends it N requests with cgi-fcgi
# (libfcgi-bin) carrying the CGI variables lighttpd would send, and
# reports, per request: all instructions, those in libfcgi's accept
# (finishing the previous request, reading the next), and the top
# functions by inclusive count (callgrind_annotate --inclusive=yes).
# Kernel time is not counted here: bench/profile.sh (perf) and the
# syscall counts (strace -c) cover it.
#
# Environment: CALLGRIND_N (200 requests; login: 3), CALLGRIND_SCENARIOS,
# BENCH_OUT (build/bench/callgrind/<UTC time>).
set -euo pipefail
umask 077

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

for tool in valgrind callgrind_annotate cgi-fcgi strace; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found"
done
# spawn-fcgi execs without a PATH search.
valgrind=$(command -v valgrind)
nreq=${CALLGRIND_N:-200}
read -r -a want <<<"${CALLGRIND_SCENARIOS:-null verify_key verify_jwt token_cc introspect keys_page login}"
results=${BENCH_OUT:-$root/build/bench/callgrind/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$results"

say "seeding 100000 keys"
setup_lk 100000
start_instance lk "$bin"
web_login
key=$(sed -n 3p "$work/admin.keys")
jwt=$(jwt_login)
cc=$(cc_token)
host=127.0.0.1:${inst_port[lk]}
issuer=http://localhost:${inst_port[lk]}

# CGI variables of one request, as lighttpd sends them (mod_fastcgi with
# fix-root-scriptname): one NAME=value a line in $work/cg/NAME.env, the
# body in $work/cg/NAME.body.
mkdir -p "$work/cg"
cgi_env() {
	local name=$1 method=$2 path=$3 ctype=$4 body=$5
	shift 5
	printf '%s' "$body" >"$work/cg/$name.body"
	{
		echo "GATEWAY_INTERFACE=CGI/1.1"
		echo "SERVER_SOFTWARE=latchkey"
		echo "SERVER_PROTOCOL=HTTP/1.1"
		echo "SERVER_NAME=127.0.0.1"
		echo "SERVER_ADDR=127.0.0.1"
		echo "SERVER_PORT=${inst_port[lk]}"
		echo "REMOTE_ADDR=127.0.0.1"
		echo "REMOTE_PORT=40000"
		echo "REQUEST_METHOD=$method"
		echo "REQUEST_URI=$path"
		echo "SCRIPT_NAME="
		echo "PATH_INFO=$path"
		echo "QUERY_STRING="
		echo "REDIRECT_STATUS=200"
		echo "HTTP_HOST=$host"
		echo "HTTP_USER_AGENT=wrk"
		echo "CONTENT_LENGTH=${#body}"
		[[ -n "$ctype" ]] && echo "CONTENT_TYPE=$ctype"
		printf '%s\n' "$@"
	} >"$work/cg/$name.env"
}

form=application/x-www-form-urlencoded
basic=$(basic_auth)
cgi_env null GET /v1/auth/verify "" "" "HTTP_X_API_KEY=$key"
cgi_env verify_key GET /v1/auth/verify "" "" "HTTP_X_API_KEY=$key"
cgi_env verify_jwt GET /v1/auth/verify "" "" "HTTP_AUTHORIZATION=Bearer $jwt"
cgi_env token_cc POST /oauth/token "$form" 'grant_type=client_credentials&scope=read' \
	"HTTP_AUTHORIZATION=$basic"
cgi_env introspect POST /oauth/introspect "$form" "token=$cc" "HTTP_AUTHORIZATION=$basic"
cgi_env keys_page GET /settings/api-keys "" "" \
	"HTTP_COOKIE=__Host-latchkey_session=$session"
cgi_env login POST /login "$form" \
	"email=${admin_email/@/%40}&password=${admin_pw// /+}&csrf_token=$csrf" \
	"HTTP_COOKIE=__Host-latchkey_csrf=$presession"

declare -A prog=([null]=null [keys_page]=web [login]=web)
: >"$results/summary.txt"

for s in "${want[@]}"; do
	[[ -f "$work/cg/$s.env" ]] || die "no scenario $s"
	n=$nreq
	[[ $s == login ]] && n=${CALLGRIND_LOGIN_N:-3}
	case ${prog[$s]:-api} in
	null) exe=$bbin/null toggles=(--toggle-collect=FCGX_Accept_r --toggle-collect=FCGX_PutStr) ;;
	web) exe=$bin/latchkey-web toggles=(--toggle-collect=FCGX_Accept_r --toggle-collect=serve_request) ;;
	api) exe=$bin/latchkey-api toggles=(--toggle-collect=FCGX_Accept_r --toggle-collect=serve_request) ;;
	esac
	sock=$work/cg/$s.sock
	rm -f "$sock"
	env "${lk_env[@]}" LATCHKEY_LOG="$work/cg/$s.log" LATCHKEY_ISSUER="$issuer" \
		LATCHKEY_RATELIMIT_APIKEY=1000000 LATCHKEY_RATELIMIT_OAUTH=1000000 \
		LATCHKEY_RATELIMIT_JWT=1000000 \
		spawn-fcgi -n -s "$sock" -M 0600 -- "$valgrind" -q --tool=callgrind \
		--callgrind-out-file="$results/$s.callgrind" "${toggles[@]}" "$exe" \
		>"$work/cg/$s.out" 2>&1 &
	vpid=$!
	for ((i = 0; i < 600; i++)); do
		[[ -S "$sock" ]] && break
		sleep 0.1
	done
	mapfile -t vars <"$work/cg/$s.env"
	# One request first: statements get prepared and caches filled, as
	# in a process that has served for a while. Its cost is subtracted.
	env -i "${vars[@]}" cgi-fcgi -bind -connect "$sock" <"$work/cg/$s.body" >"$work/cg/$s.first"
	head -1 "$work/cg/$s.first" | grep -q '^Status: [23]' ||
		die "$s: $(head -3 "$work/cg/$s.first")"
	# Ir so far: callgrind can dump on request (callgrind_control -d).
	callgrind_control -d "$vpid" >/dev/null 2>&1 || true
	sleep 1
	for ((i = 0; i < n; i++)); do
		env -i "${vars[@]}" cgi-fcgi -bind -connect "$sock" <"$work/cg/$s.body" >/dev/null
	done
	kill -TERM "$vpid" 2>/dev/null || true
	wait "$vpid" 2>/dev/null || true
	# The dump after the first request is <out>.1, the rest the final file.
	f=$results/$s.callgrind
	total=$(callgrind_annotate "$f" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
	accept=$(callgrind_annotate --inclusive=yes --threshold=100 "$f" 2>/dev/null |
		awk '/:FCGX_Accept_r / && !v { v = $1; gsub(",", "", v) } END { print v + 0 }')
	{
		printf '=== %s: %s requests, %s instructions a request (libfcgi accept: %s)\n' "$s" "$n" \
			"$((total / n))" "$((${accept:-0} / n))"
		callgrind_annotate --inclusive=yes "$f" 2>/dev/null |
			awk -v n="$n" -v t="$total" '/^ *[0-9,]+ / && /\[/ && !/PROGRAM TOTALS/ {
				v = $1; gsub(",", "", v); if (v + 0 < t / 100 || ++k > 45) next
				sub(/^ *[0-9,]+ +\( *[0-9.]+%\) +/, "")
				printf "%9d/req %5.1f%%  %s\n", v / n, 100 * v / t, $0 }'
	} | tee -a "$results/summary.txt"
done
say "callgrind results in $results"
