# shellcheck shell=bash disable=SC2034,SC2154
# Shared by bench/run.sh and bench/profile.sh (sourced, not run).
#
# Instances are scripts/serve.sh itself (lighttpd + spawn-fcgi, the
# configuration generated from conf/lighttpd.conf.in), on free ports of
# 127.0.0.1, with state in a temporary directory:
#   lk    the real programs (LATCHKEY_BIN=build/)
#   null  the same, except that latchkey-api is a symlink to
#         build/bench/null (LATCHKEY_BIN=$work/nullbin)
# Both with LATCHKEY_WEB_PROCS=2 and LATCHKEY_API_PROCS=2 (as issue 9
# measured) and rate limits on, at their maximum (1000000 an hour), so
# they are counted but never reached; each run uses a fresh credential.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${LATCHKEY_BIN:-$root/build}
bbin=$root/build/bench
wrk_lua=$root/bench/wrk/bench.lua

secs=${BENCH_SECONDS:-10}
runs=${BENCH_RUNS:-3}
conns=${BENCH_CONNS:-32}
threads=${BENCH_THREADS:-2}
login_conns=${BENCH_LOGIN_CONNS:-4}
max_load=${BENCH_MAX_LOAD:-1.0}
load_wait=${BENCH_LOAD_WAIT:-600}

admin_email=admin@example.com
admin_pw='bench admin passphrase 7'
bulk_email=bulk@example.com
bulk_pw='bench bulk passphrase 9'

die() {
	printf 'bench: %s\n' "$*" >&2
	exit 1
}

say() {
	printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2
}

for v in secs runs conns threads login_conns load_wait; do
	[[ "${!v}" =~ ^[1-9][0-9]{0,6}$ ]] || die "$v must be a positive integer"
done
[[ "$max_load" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "BENCH_MAX_LOAD must be a number"
for tool in wrk curl sqlite3 awk; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found (make bench installs wrk)"
done
for f in "$bin/latchkey" "$bin/latchkey-api" "$bin/latchkey-web" \
	"$bbin/null" "$bbin/seed"; do
	[[ -x "$f" ]] || die "$f is missing (run make bench-build)"
done

# Short: the sockets live in $work/*/run and sun_path is 108 bytes.
work=$(mktemp -d /tmp/lkb.XXXXXX)
mkdir -p "$work/sc"
# The database and secrets of instance lk, for the CLI and the seeder
# (scripts/serve.sh derives the same paths from LATCHKEY_VAR).
lk_env=(LATCHKEY_DB="$work/lk/latchkey.db" LATCHKEY_SECRETS="$work/lk/secrets")
declare -A inst_pid inst_port inst_var SEEDT
ncpu=$(nproc)

free_port() {
	local p i
	for ((i = 0; i < 100; i++)); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	die "no free port"
}

# start_instance NAME BINDIR: serve.sh in the background until it says
# it is serving.
start_instance() {
	local name=$1 bindir=$2 var=$work/$1 port i
	port=$(free_port)
	mkdir -p "$var"
	# A fresh output file each start: a restart must not see the old
	# "is serving on" line.
	rm -f "$work/$name.out"
	: >"$work/$name.out"
	PORT=$port LATCHKEY_VAR=$var LATCHKEY_BIN=$bindir \
		LATCHKEY_WEB_PROCS=2 LATCHKEY_API_PROCS=2 \
		LATCHKEY_RATELIMIT_APIKEY=1000000 LATCHKEY_RATELIMIT_OAUTH=1000000 \
		LATCHKEY_RATELIMIT_JWT=1000000 \
		"$root/scripts/serve.sh" >"$work/$name.out" 2>&1 </dev/null &
	inst_pid[$name]=$!
	inst_port[$name]=$port
	inst_var[$name]=$var
	for ((i = 0; i < 300; i++)); do
		grep -q 'is serving on' "$work/$name.out" && return 0
		kill -0 "${inst_pid[$name]}" 2>/dev/null || break
		sleep 0.1
	done
	cat "$work/$name.out" >&2
	die "instance $name did not start"
}

stop_instance() {
	local name=$1 pid=${inst_pid[$1]:-}
	[[ -n "$pid" ]] || return 0
	kill -TERM "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	inst_pid[$name]=
}

cleanup() {
	local n
	trap '' INT TERM
	for n in "${!inst_pid[@]}"; do
		stop_instance "$n"
	done
	if [[ -z "${BENCH_KEEP:-}" ]]; then
		rm -rf "$work"
	else
		say "kept $work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

base() { printf 'http://127.0.0.1:%s' "${inst_port[$1]}"; }

# PIDs of the latchkey-api (or web) processes of an instance: the pid
# file spawn-fcgi -P wrote, each checked against its command line.
fcgi_pids() {
	local name=$1 kind=$2 pid
	local -a pids
	mapfile -t pids <"${inst_var[$name]}/run/$kind.pid"
	for pid in "${pids[@]}"; do
		[[ "$pid" =~ ^[0-9]+$ ]] || continue
		tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null |
			grep -q "latchkey-$kind" && echo "$pid"
	done
}

# CPU time (clock ticks, user + system) of the given PIDs so far.
cpu_ticks() {
	local pid t=0 f
	local -a a
	for pid in "$@"; do
		# Fields after the ")" of the command name: 14 utime, 15 stime.
		f=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
		read -r -a a <<<"$f"
		t=$((t + a[11] + a[12]))
	done
	echo "$t"
}

# The server processes of an instance: "lighttpd PID" and "app PIDS".
server_pids() {
	local name=$1
	case $2 in
	lighttpd) cat "${inst_var[$name]}/run/lighttpd.pid" ;;
	app) fcgi_pids "$name" api; fcgi_pids "$name" web ;;
	esac
}

# Cores busy over one second, everything on the machine: sampled while
# our servers are idle, this is what other users are taking.
cpu_busy() {
	local a b
	read -r _ a1 a2 a3 a4 a5 a6 a7 a8 _ </proc/stat
	sleep "${1:-1}"
	read -r _ b1 b2 b3 b4 b5 b6 b7 b8 _ </proc/stat
	a=$((a1 + a2 + a3 + a6 + a7 + a8))
	b=$((b1 + b2 + b3 + b6 + b7 + b8))
	awk -v busy=$((b - a)) -v idle=$((b4 + b5 - a4 - a5)) -v n="$ncpu" \
		'BEGIN { t = busy + idle; printf "%.2f", (t > 0 ? n * busy / t : 0) }'
}

load1() { cut -d' ' -f1 /proc/loadavg; }

# Before a measurement block: wait (up to BENCH_LOAD_WAIT s, polling every
# 20 s) until the 1-minute load is below BENCH_MAX_LOAD. Once this script
# has itself loaded the machine, the load average keeps counting its own
# past runs for minutes, so from the second block on a 3-second sample
# showing other processes using less than a quarter of a core also passes.
blocks=0
wait_quiet() {
	local label=$1 start=$SECONDS l c
	while :; do
		l=$(load1)
		c=$(cpu_busy 3)
		if awk -v l="$l" -v m="$max_load" 'BEGIN { exit !(l < m) }'; then
			say "$label: load $l, others ${c} cores: go"
			break
		fi
		if ((blocks > 0)) && awk -v c="$c" 'BEGIN { exit !(c < 0.25) }'; then
			say "$label: load $l (our own past runs), others ${c} cores: go"
			break
		fi
		if ((SECONDS - start >= load_wait)); then
			say "$label: load $l, others ${c} cores after ${load_wait}s: going anyway (BUSY)"
			break
		fi
		say "$label: load $l, others ${c} cores: waiting"
		sleep 17
	done
	blocks=$((blocks + 1))
}

# --- the real instance ---------------------------------------------------------

# A fresh lk state directory: database, secrets, the admin (bootstrap)
# and a bulk user, the admin's 100 keys, an OAuth app, and bulk keys up
# to $1 keys in all.
setup_lk() {
	local total=$1 var=$work/lk
	mkdir -p "$var"
	chmod 0700 "$var"
	env "${lk_env[@]}" LATCHKEY_ADMIN_EMAIL="$admin_email" \
		LATCHKEY_ADMIN_PASSWORD="$admin_pw" \
		"$bin/latchkey" init --bootstrap-admin >/dev/null
	printf '%s\n' "$bulk_pw" | env "${lk_env[@]}" "$bin/latchkey" user add \
		"$bulk_email" --password-stdin >/dev/null
	env "${lk_env[@]}" "$bbin/seed" -u "$admin_email" -n 100 \
		-o "$work/admin.keys" -k 100 -a "$work/app" 2>/dev/null
	seeded=100
	grow_lk "$total"
}

# grow_lk TOTAL: bulk keys up to TOTAL in all, in one transaction; ten
# of the new ones go to $work/keys-TOTAL. Prints the seeding time.
grow_lk() {
	local total=$1 n=$(($1 - seeded)) t
	((n > 0)) || die "cannot grow to $total keys from $seeded"
	t=$(env "${lk_env[@]}" "$bbin/seed" -u "$bulk_email" -n "$n" -o "$work/keys-$total" -k 10 2>&1) ||
		die "seed: $t"
	seeded=$total
	SEEDT[$total]="+$n in ${t##* in }"
	say "$t (now $total keys)"
}

# Credentials of instance lk, fetched over HTTP.
jwt_login() {
	curl -fsS -H 'Content-Type: application/json' \
		--data "{\"email\":\"$admin_email\",\"password\":\"$admin_pw\"}" \
		"$(base lk)/v1/auth/login" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

basic_auth() {
	local id secret
	read -r id secret <"$work/app"
	printf 'Basic %s' "$(printf '%s:%s' "$id" "$secret" | base64 -w0)"
}

cc_token() {
	curl -fsS -H "Authorization: $(basic_auth)" \
		--data 'grant_type=client_credentials&scope=read' \
		"$(base lk)/oauth/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

# Sets presession, csrf (for the login scenario) and session (signed in).
web_login() {
	local b
	b=$(base lk)
	curl -fsS -D "$work/h1" -o "$work/login.html" "$b/login"
	presession=$(sed -n 's/^set-cookie: __Host-latchkey_csrf=\([^;]*\).*/\1/Ip' "$work/h1" | tr -d '\r')
	csrf=$(sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' "$work/login.html" | head -1)
	[[ -n "$presession" && -n "$csrf" ]] || die "no pre-session cookie or CSRF token on /login"
	curl -sS -D "$work/h2" -o /dev/null -H "Cookie: __Host-latchkey_csrf=$presession" \
		--data-urlencode "email=$admin_email" --data-urlencode "password=$admin_pw" \
		--data-urlencode "csrf_token=$csrf" "$b/login"
	session=$(sed -n 's/^set-cookie: __Host-latchkey_session=\([^;]*\).*/\1/Ip' "$work/h2" | tr -d '\r')
	[[ -n "$session" ]] || die "sign-in failed: $(head -1 "$work/h2")"
}

# --- scenarios -----------------------------------------------------------------

# scenario NAME INSTANCE METHOD PATH CONNS EXPECT [HEADER...]; the body,
# if any, in $work/sc/NAME.body. EXPECT is the status a curl check must
# get before measuring.
declare -A sc_inst sc_method sc_path sc_conns sc_expect
scenario() {
	local name=$1 h
	sc_inst[$name]=$2
	sc_method[$name]=$3
	sc_path[$name]=$4
	sc_conns[$name]=$5
	sc_expect[$name]=$6
	shift 6
	: >"$work/sc/$name.headers"
	for h in "$@"; do
		printf '%s\n' "$h" >>"$work/sc/$name.headers"
	done
}

# check NAME: one request with curl; dies unless the status is right.
check() {
	local name=$1 st
	local -a args=(-sS -o "$work/sc/$name.resp" -w '%{http_code}' -X "${sc_method[$name]}")
	local h
	while IFS= read -r h; do
		args+=(-H "$h")
	done <"$work/sc/$name.headers"
	[[ -f "$work/sc/$name.body" ]] && args+=(--data-binary "@$work/sc/$name.body")
	st=$(curl "${args[@]}" "$(base "${sc_inst[$name]}")${sc_path[$name]}")
	[[ "$st" == "${sc_expect[$name]}" ]] ||
		die "$name: expected ${sc_expect[$name]}, got $st: $(head -c 300 "$work/sc/$name.resp")"
}

# measure NAME TAG [SECONDS [LIMIT]]: one wrk run; appends a JSON line
# to $results/runs.jsonl and sets last_rps / last_json.
measure() {
	local name=$1 tag=$2 d=${3:-$secs} limit=${4:-} l c out j body=
	local inst=${sc_inst[$name]} hz lp ap l0 a0 l1 a1 n
	local -a lpids apids
	[[ -f "$work/sc/$name.body" ]] && body=$work/sc/$name.body
	mapfile -t lpids < <(server_pids "$inst" lighttpd)
	mapfile -t apids < <(server_pids "$inst" app)
	hz=$(getconf CLK_TCK)
	l=$(load1)
	c=$(cpu_busy 1)
	l0=$(cpu_ticks "${lpids[@]}")
	a0=$(cpu_ticks "${apids[@]}")
	out=$(BENCH_METHOD=${sc_method[$name]} \
		BENCH_HEADERS_FILE=$work/sc/$name.headers \
		BENCH_BODY_FILE=$body \
		BENCH_LIMIT=$limit \
		wrk -t"$threads" -c"${sc_conns[$name]}" -d"${d}s" -s "$wrk_lua" \
		"$(base "${sc_inst[$name]}")${sc_path[$name]}" 2>&1) ||
		die "wrk $name: $out"
	l1=$(cpu_ticks "${lpids[@]}")
	a1=$(cpu_ticks "${apids[@]}")
	j=$(printf '%s\n' "$out" | sed -n 's/^BENCHJSON //p')
	[[ -n "$j" ]] || die "wrk $name printed no result: $out"
	# CPU microseconds per request spent in lighttpd and in the FastCGI
	# programs: unlike req/s, hardly moved by other load on the machine.
	n=$(jget requests "$j")
	lp=$(awk -v t=$((l1 - l0)) -v hz="$hz" -v n="$n" 'BEGIN { printf "%.1f", n ? t * 1e6 / hz / n : 0 }')
	ap=$(awk -v t=$((a1 - a0)) -v hz="$hz" -v n="$n" 'BEGIN { printf "%.1f", n ? t * 1e6 / hz / n : 0 }')
	j="${j%\}},\"cpu_us_lighttpd\":$lp,\"cpu_us_app\":$ap}"
	last_json=$j
	last_rps=$(jget rps "$j")
	last_others=$c
	printf '{"scenario":"%s","tag":"%s","conns":%s,"threads":%s,"load1":%s,"others_cores":%s,%s\n' \
		"$name" "$tag" "${sc_conns[$name]}" "$threads" "$l" "$c" "${j#\{}" >>"$results/runs.jsonl"
	local errs
	errs=$(($(jget err_status "$j") + $(jget err_connect "$j") + $(jget err_read "$j") + \
		$(jget err_write "$j") + $(jget err_timeout "$j")))
	say "$(printf '%-13s %-9s %8.1f req/s  p50 %6.2f ms  p99 %6.2f ms  cpu/req %s+%s us  load %s others %s%s' \
		"$name" "$tag" "$last_rps" "$(ms "$(jget p50_us "$j")")" "$(ms "$(jget p99_us "$j")")" \
		"$lp" "$ap" "$l" "$c" "$( ((errs == 0)) || echo "  ERRORS $errs")")"
}

jget() { printf '%s' "$2" | sed -n "s/.*\"$1\":\([-0-9.]*\).*/\1/p"; }
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }

# median of the arguments
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "nan"; exit }
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# --- a fixed set of scenarios (profile.sh, syscalls.sh) ---------------------------

# The null responder's LATCHKEY_BIN: the real latchkey and latchkey-web,
# and latchkey-api a symlink to build/bench/null.
make_nullbin() {
	mkdir -p "$work/nullbin"
	ln -sf "$bin/latchkey" "$work/nullbin/latchkey"
	ln -sf "$bin/latchkey-web" "$work/nullbin/latchkey-web"
	ln -sf "$bbin/null" "$work/nullbin/latchkey-api"
}

# Both instances at 100000 keys, and every scenario of run.sh with one
# set of credentials.
start_fixed() {
	local key jwt cc
	make_nullbin
	say "seeding 100000 keys"
	setup_lk 100000
	start_instance lk "$bin"
	start_instance null "$work/nullbin"
	web_login
	key=$(sed -n 2p "$work/admin.keys")
	jwt=$(jwt_login)
	cc=$(cc_token)
	scenario null null GET /v1/auth/verify "$conns" 200 "X-API-Key: $key"
	scenario verify_key lk GET /v1/auth/verify "$conns" 200 "X-API-Key: $key"
	scenario verify_jwt lk GET /v1/auth/verify "$conns" 200 "Authorization: Bearer $jwt"
	scenario token_cc lk POST /oauth/token "$conns" 200 "Authorization: $(basic_auth)" \
		"Content-Type: application/x-www-form-urlencoded"
	printf 'grant_type=client_credentials&scope=read' >"$work/sc/token_cc.body"
	scenario introspect lk POST /oauth/introspect "$conns" 200 "Authorization: $(basic_auth)" \
		"Content-Type: application/x-www-form-urlencoded"
	printf 'token=%s' "$cc" >"$work/sc/introspect.body"
	scenario keys_page lk GET /settings/api-keys "$conns" 200 \
		"Cookie: __Host-latchkey_session=$session"
	scenario login lk POST /login "$login_conns" 303 \
		"Cookie: __Host-latchkey_csrf=$presession" \
		"Content-Type: application/x-www-form-urlencoded"
	printf 'email=%s&password=%s&csrf_token=%s' "${admin_email/@/%40}" \
		"${admin_pw// /+}" "$csrf" >"$work/sc/login.body"
}
