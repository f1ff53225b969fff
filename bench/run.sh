#!/usr/bin/env bash
# make bench: Latchkey's throughput and latency next to a null FastCGI
# responder, measured in the same run (issue 9). See BENCHMARKS.md.
#
# Environment (all optional):
#   BENCH_SECONDS      length of each wrk run                        (10)
#   BENCH_RUNS         rounds; medians are reported                  (3)
#   BENCH_CONNS        connections of every scenario but login       (32)
#   BENCH_THREADS      wrk threads                                   (2)
#   BENCH_LOGIN_CONNS  connections of the login scenario             (4)
#   BENCH_SIZES        key counts of the scaling phase, ascending,
#                      100000 among them            ("1000 100000 1000000")
#   BENCH_RSS          "SMALL BIG": requests before each RSS reading ("1000 200000")
#   BENCH_PHASES       which phases run                ("scaling main rss")
#   BENCH_MAX_LOAD     wait for a 1-minute load below this           (1.0)
#   BENCH_LOAD_WAIT    ... for at most this many seconds a block     (600)
#   BENCH_OTHERS_MAX   a run (scaling) or round (main) during which other
#                      processes took more cores than this ...        (0.3)
#   BENCH_RETRIES      ... is measured again, at most this often      (2)
#   BENCH_OUT          results directory  (build/bench/results/<UTC time>)
#   BENCH_KEEP         set: keep the temporary state directory
#
# What runs: two scripts/serve.sh instances on free 127.0.0.1 ports (see
# bench/lib.sh): "lk", the real service, and "null", the same lighttpd
# configuration and spawn-fcgi settings with latchkey-api replaced by
# build/bench/null. Phases, each starting when the machine is quiet:
#   1. scaling: GET /v1/auth/verify with an API key at each size of
#      BENCH_SIZES (keys seeded by build/bench/seed, one transaction per
#      step), null runs between the runs;
#   2. at 100000 keys, BENCH_RUNS rounds of
#        null, verify_key, verify_jwt, null, token_cc, introspect, null,
#        keys_page, login, null
#      each scenario's ratio is its req/s over the mean of the two null
#      runs around it;
#   3. RSS: the lk instance restarted, VmRSS of each latchkey-api after
#      SMALL and after BIG verify requests.
# Results: runs.jsonl (every wrk run, with the load next to it),
# summary.md (the tables BENCHMARKS.md quotes), machine.txt.
set -euo pipefail
umask 077

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

read -r -a sizes <<<"${BENCH_SIZES:-1000 100000 1000000}"
read -r rss_small rss_big <<<"${BENCH_RSS:-1000 200000}"
main_size=100000
[[ " ${sizes[*]} " == *" $main_size "* ]] || die "BENCH_SIZES must include $main_size"
((sizes[0] >= 200)) || die "the smallest size must be at least 200 keys"
((rss_big > rss_small)) || die "BENCH_RSS: BIG must exceed SMALL"

results=${BENCH_OUT:-$root/build/bench/results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$results"
: >"$results/runs.jsonl"
t_start=$SECONDS

# --- the machine ---------------------------------------------------------------

{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "cpus: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | sort -u | head -1)" \
		"@ $(sed -n 's/^cpu MHz[[:space:]]*: //p' /proc/cpuinfo | head -1) MHz"
	echo "memory: $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "kernel: $(uname -sr)"
	echo "os: Debian $(cat /etc/debian_version 2>/dev/null || echo '?')"
	echo "lighttpd: $(/usr/sbin/lighttpd -v 2>/dev/null | head -1)"
	echo "packages: $(dpkg-query -W -f='${Package} ${Version}, ' spawn-fcgi libfcgi0ldbl \
		libsqlite3-0 libsodium23 wrk 2>/dev/null | sed 's/, $//')"
	echo "wrk: -t$threads -c$conns -d${secs}s (login -c$login_conns), $runs rounds"
	echo "programs: $bin ($(git -C "$root" describe --always --dirty 2>/dev/null || echo '?'))"
} >"$results/machine.txt"
say "machine: $(sed -n 's/^cpus: //p' "$results/machine.txt")"

# --- instances -------------------------------------------------------------------

make_nullbin

say "seeding ${sizes[0]} keys"
setup_lk "${sizes[0]}"
start_instance lk "$bin"
start_instance null "$work/nullbin"
say "lk on $(base lk), null on $(base null); state in $work"

# The null scenario sends what verify_key sends.
scenario null null GET /v1/auth/verify "$conns" 200 \
	"X-API-Key: $(sed -n 1p "$work/admin.keys")"
check null
grep -q '"authenticated":true' "$work/sc/null.resp" || die "null: unexpected body"

declare -A R	# R[scenario:round:{rps,p50,p99,ratio,load,others,cpul,cpua}]
declare -A NULLS	# NULLS[round]: "rps cpul cpua" of each null run of the kept attempt

# record NAME ROUND: keeps last_json under R.
record() {
	R[$1:$2:rps]=$last_rps
	R[$1:$2:p50]=$(jget p50_us "$last_json")
	R[$1:$2:p99]=$(jget p99_us "$last_json")
	R[$1:$2:cpul]=$(jget cpu_us_lighttpd "$last_json")
	R[$1:$2:cpua]=$(jget cpu_us_app "$last_json")
	R[$1:$2:load]=$(tail -1 "$results/runs.jsonl" | sed -n 's/.*"load1":\([0-9.]*\).*/\1/p')
	R[$1:$2:others]=$(tail -1 "$results/runs.jsonl" | sed -n 's/.*"others_cores":\([0-9.]*\).*/\1/p')
}

col() { # col NAME FIELD: the values of every round
	local r
	for ((r = 1; r <= runs; r++)); do
		printf '%s\n' "${R[$1:$r:$2]}"
	done
}
med() { local -a v; mapfile -t v < <(col "$1" "$2"); median "${v[@]}"; }
range() { col "$1" "$2" | sort -g | awk 'NR == 1 { a = $1 } { b = $1 } END { printf "%s-%s", a, b }'; }

ratio() { awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN { printf "%.3f", a / ((b + c) / 2) }'; }

# --- phase 1 and 2: scaling, and the scenarios at 100000 keys --------------------

# A run is repeated (BENCH_RETRIES times at most) when other processes
# took more than BENCH_OTHERS_MAX cores just before it or just after it
# (the sample before the next run).
others_max=${BENCH_OTHERS_MAX:-0.3}
retries=${BENCH_RETRIES:-2}
[[ "$retries" =~ ^[0-9]$ ]] || die "BENCH_RETRIES must be a digit"
busy_seen=0
note_others() {
	awk -v c="$last_others" -v m="$others_max" 'BEGIN { exit !(c > m) }' && busy_seen=1
	return 0
}

scale_block() {
	local size=$1 r k n0 n1 a
	wait_quiet "scaling, $size keys"
	scenario "verify_$size" lk GET /v1/auth/verify "$conns" 200 \
		"X-API-Key: $(sed -n 10p "$work/keys-$size")"
	check "verify_$size"
	measure "verify_$size" warmup 2
	n0=
	for ((r = 1; r <= runs; r++)); do
		k=$(sed -n "$(((r - 1) % 9 + 1))p" "$work/keys-$size")
		scenario "verify_$size" lk GET /v1/auth/verify "$conns" 200 "X-API-Key: $k"
		check "verify_$size"
		for ((a = 0; a <= retries; a++)); do
			busy_seen=0
			if [[ -z "$n0" ]]; then
				measure null "s$size-$r-before"
				note_others
				n0=$last_rps
			fi
			measure "verify_$size" "r$r"
			note_others
			record "verify_$size" "$r"
			measure null "s$size-$r"
			note_others
			n1=$last_rps
			R[verify_$size:$r:ratio]=$(ratio "${R[verify_$size:$r:rps]}" "$n0" "$n1")
			n0=$n1
			((busy_seen && a < retries)) || break
			say "others took over $others_max cores around run $r: again"
			wait_quiet "scaling, $size keys, run $r again"
			n0=
		done
	done
}

# The credentials of round r: a fresh API key, a fresh sign-in JWT and a
# fresh client_credentials token, so no rate limit comes near.
round_scenarios() {
	local r=$1 key jwt cc
	key=$(sed -n "$((r + 1))p" "$work/admin.keys")
	jwt=$(jwt_login)
	cc=$(cc_token)
	[[ -n "$jwt" && -n "$cc" ]] || die "no JWT or client_credentials token"
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
	for s in verify_key verify_jwt token_cc introspect keys_page login; do
		check "$s"
	done
	grep -q '"active":true' "$work/sc/introspect.resp" || die "introspect: token not active"
	local rows
	rows=$(grep -o 'data-key-id="key_' "$work/sc/keys_page.resp" | wc -l)
	((rows == 100)) || die "keys_page lists $rows keys, not 100"
}

main_order=(null verify_key verify_jwt null token_cc introspect null keys_page login null)
main_scen=(verify_key verify_jwt token_cc introspect keys_page login)

main_rounds() {
	local r s prev i a
	local -a pending=()
	web_login
	round_scenarios 1
	wait_quiet "warm-up"
	for s in "${main_scen[@]}"; do
		measure "$s" warmup 2
	done
	for ((r = 1; r <= runs; r++)); do
		for ((a = 0; a <= retries; a++)); do
			wait_quiet "round $r of $runs"
			round_scenarios "$r"
			pending=()
			busy_seen=0
			NULLS[$r]=
			for s in "${main_order[@]}"; do
				measure "$s" "r$r"
				note_others
				if [[ $s == null ]]; then
					NULLS[$r]+="$last_rps $(jget cpu_us_lighttpd "$last_json") $(jget cpu_us_app "$last_json") "
					# Scenarios since the previous null get the mean of both.
					for i in "${pending[@]}"; do
						R[$i:$r:ratio]=$(ratio "${R[$i:$r:rps]}" "$prev" "$last_rps")
					done
					pending=()
					prev=$last_rps
				else
					record "$s" "$r"
					pending+=("$s")
				fi
			done
			((busy_seen && a < retries)) || break
			say "others took over $others_max cores during round $r: again"
		done
	done
}

# --- phase 3: RSS ----------------------------------------------------------------

declare -A RSS	# RSS[pid:small|big], RSS[pid:nsmall|nbig]
rss_pids=()

# Verify requests each process has answered so far (its log lines).
served() {
	grep -c "latchkey-api\[$1\] GET /v1/auth/verify 200" "$work/lk/log/latchkey.log" || true
}

rss_read() {
	local tag=$1 pid
	for pid in "${rss_pids[@]}"; do
		RSS[$pid:$tag]=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
		RSS[$pid:n$tag]=$(served "$pid")
	done
}

total_served() {
	local pid t=0
	for pid in "${rss_pids[@]}"; do
		t=$((t + $(served "$pid")))
	done
	echo "$t"
}

# drive_to N: verify requests until the processes have answered about N
# in all. wrk's threads stop after their share (BENCH_LIMIT), but wrk
# itself only returns after -d, so -d is sized from the req/s seen.
drive_to() {
	local want=$1 rps=$2 left d
	while left=$((want - $(total_served))); ((left > conns)); do
		d=$(awk -v n="$left" -v r="$rps" 'BEGIN { d = int(n / (0.7 * r)) + 2; print (d > 600) ? 600 : d }')
		measure verify_rss "rss-$want" "$d" $((left / threads))
		rps=$(awk -v a="$last_rps" -v b="$rps" 'BEGIN { print (a > b / 4) ? a : b / 4 }')
	done
}

rss_phase() {
	local key rps
	rps=$(med verify_key rps)
	[[ "$rps" =~ ^[0-9.]+$ ]] || rps=10000
	stop_instance lk
	start_instance lk "$bin"
	mapfile -t rss_pids < <(fcgi_pids lk api)
	((${#rss_pids[@]} == 2)) || die "expected 2 latchkey-api processes, found ${#rss_pids[@]}"
	wait_quiet "RSS"
	key=$(sed -n 100p "$work/admin.keys")
	scenario verify_rss lk GET /v1/auth/verify "$conns" 200 "X-API-Key: $key"
	check verify_rss
	drive_to "$rss_small" "$rps"
	rss_read small
	drive_to "$rss_big" "$rps"
	rss_read big
}

# --- the run ---------------------------------------------------------------------

read -r -a phases <<<"${BENCH_PHASES:-scaling main rss}"
has_phase() { [[ " ${phases[*]} " == *" $1 "* ]]; }
for size in "${sizes[@]}"; do
	has_phase scaling || ((size == main_size)) || continue
	if ((size > seeded)); then
		say "seeding up to $size keys"
		grow_lk "$size"
	fi
	has_phase scaling && scale_block "$size"
	if ((size == main_size)); then
		has_phase main && main_rounds
		has_phase rss && rss_phase
	fi
done

# --- summary -----------------------------------------------------------------------


declare -A target=([verify_key]=0.9 [verify_jwt]=0.95 [token_cc]=0.6 [introspect]=0.8
	[keys_page]=0.5)
declare -A label=([verify_key]="verify, API key (rate limit + last-used on)"
	[verify_jwt]="verify, sign-in JWT (Bearer)"
	[token_cc]="/oauth/token client_credentials (Basic)"
	[introspect]="/oauth/introspect of an access token (Basic)"
	[keys_page]="API keys page, 100 keys, signed in"
	[login]="sign-in POST /login (argon2id), -c$login_conns")

null_rps=() null_cpul=() null_cpua=()
for ((r = 1; r <= runs; r++)); do
	read -r -a v <<<"${NULLS[$r]:-}"
	for ((i = 0; i + 2 < ${#v[@]}; i += 3)); do
		null_rps+=("${v[i]}")
		null_cpul+=("${v[i + 1]}")
		null_cpua+=("${v[i + 2]}")
	done
done

{
	echo "## Results ($(date -u +%Y-%m-%d), $runs rounds of ${secs} s, medians)"
	echo
	sed 's/^/    /' "$results/machine.txt"
	echo
	has_phase main &&
	echo "Null FastCGI responder (same lighttpd config, 2 processes), the main rounds:" \
		"median $(median "${null_rps[@]}") req/s (runs: $(printf '%s ' "${null_rps[@]}")), CPU per" \
		"request $(median "${null_cpul[@]}") µs in lighttpd + $(median "${null_cpua[@]}") µs in the responder."
	echo
	if has_phase main; then
	echo "| scenario | req/s (range) | p50 ms | p99 ms | × null | target | met? | CPU µs/req lighttpd + program | load1 / others' cores |"
	echo "|---|---:|---:|---:|---:|---|---|---|---|"
	for s in "${main_scen[@]}"; do
		rps=$(med "$s" rps)
		rt=$(med "$s" ratio)
		p50=$(ms "$(med "$s" p50)")
		p99=$(ms "$(med "$s" p99)")
		t=${target[$s]:-}
		if [[ -z "$t" ]]; then
			tt="—"
			met="—"
		else
			tt="≥ ${t}×"
			met=$(awk -v r="$rt" -v t="$t" 'BEGIN { print (r >= t) ? "yes" : "**no**" }')
			if [[ $s == verify_key ]]; then
				tt="$tt, p99 ≤ 5 ms"
				met=$(awk -v r="$rt" -v t="$t" -v p="$p99" \
					'BEGIN { print (r >= t && p <= 5) ? "yes" : "**no**" }')
			fi
		fi
		printf '| %s | %.0f (%s) | %s | %s | %.3f | %s | %s | %s + %s | %s / %s |\n' "${label[$s]}" "$rps" \
			"$(range "$s" rps | awk -F- '{ printf "%.0f–%.0f", $1, $2 }')" "$p50" "$p99" "$rt" "$tt" "$met" \
			"$(med "$s" cpul)" "$(med "$s" cpua)" "$(range "$s" load)" "$(range "$s" others)"
	done
	fi
	echo
	if has_phase scaling; then
	echo "Scaling: GET /v1/auth/verify with an API key, by keys in the database" \
		"(ratio: over the null runs just before and after)."
	echo
	echo "| keys | seeding (one transaction) | req/s | p50 ms | p99 ms | × null | CPU µs/req lighttpd + program | load1 / others' cores |"
	echo "|---:|---|---:|---:|---:|---:|---|---|"
	for size in "${sizes[@]}"; do
		sd=${SEEDT[$size]:-}
		printf '| %s | %s | %.0f | %s | %s | %.3f | %s + %s | %s / %s |\n' "$size" "$sd" \
			"$(med "verify_$size" rps)" "$(ms "$(med "verify_$size" p50)")" \
			"$(ms "$(med "verify_$size" p99)")" "$(med "verify_$size" ratio)" \
			"$(med "verify_$size" cpul)" "$(med "verify_$size" cpua)" \
			"$(range "verify_$size" load)" "$(range "verify_$size" others)"
	done
	first=${sizes[0]}
	last=${sizes[${#sizes[@]} - 1]}
	echo
	awk -v a="$(med "verify_$first" ratio)" -v b="$(med "verify_$last" ratio)" \
		-v ra="$(med "verify_$first" rps)" -v rb="$(med "verify_$last" rps)" -v f="$first" -v l="$last" \
		'BEGIN { d = 100 * (b / a - 1); e = 100 * (rb / ra - 1)
		printf "%s → %s keys: ratio to null %.3f → %.3f (%+.1f%%; req/s %+.1f%%); target within 10%%: %s\n",
		f, l, a, b, d, e, (d <= 10 && d >= -10) ? "met" : "**missed**" }'
	echo
	fi
	if has_phase rss; then
	echo "RSS of each latchkey-api process (fresh processes; verify with an API key):"
	echo
	echo "| pid | requests served | VmRSS kB | requests served | VmRSS kB | growth |"
	echo "|---|---:|---:|---:|---:|---:|"
	worst=0
	for pid in "${rss_pids[@]}"; do
		g=$(awk -v a="${RSS[$pid:small]}" -v b="${RSS[$pid:big]}" 'BEGIN { printf "%.2f", 100 * (b - a) / a }')
		worst=$(awk -v g="$g" -v w="$worst" 'BEGIN { print (g > w) ? g : w }')
		printf '| %s | %s | %s | %s | %s | %s%% |\n' "$pid" "${RSS[$pid:nsmall]}" "${RSS[$pid:small]}" \
			"${RSS[$pid:nbig]}" "${RSS[$pid:big]}" "$g"
	done
	echo
	awk -v w="$worst" 'BEGIN { printf "Largest growth %.2f%% (target ≤ 5%%): %s\n", w, (w <= 5) ? "met" : "**missed**" }'
	echo
	fi
	echo "Every run, with the 1-minute load and other processes' cores next to it: runs.jsonl."
	echo "Total time: $(((SECONDS - t_start) / 60)) min $(((SECONDS - t_start) % 60)) s."
} >"$results/summary.md"

cat "$results/summary.md"
say "results in $results"
