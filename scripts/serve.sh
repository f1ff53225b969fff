#!/usr/bin/env bash
# Serve Latchkey on 127.0.0.1:$PORT with lighttpd + spawn-fcgi until Ctrl-C
# or SIGTERM (this is what `make run` runs, and what end-to-end tests start).
#
# Environment (all optional):
#   PORT                  TCP port on 127.0.0.1                    (8080)
#   LATCHKEY_VAR          state directory, made absolute            (<repo>/var)
#   LATCHKEY_DB           SQLite database                           ($LATCHKEY_VAR/latchkey.db)
#   LATCHKEY_SECRETS      secrets file, mode 0600                   ($LATCHKEY_VAR/secrets)
#   LATCHKEY_LOG          log file of the programs                  ($LATCHKEY_VAR/log/latchkey.log)
#   LATCHKEY_ISSUER       public base URL                           (http://localhost:$PORT)
#   LATCHKEY_WEB_PROCS    latchkey-web processes                    (2)
#   LATCHKEY_API_PROCS    latchkey-api processes                    (2)
#   LATCHKEY_BIN          directory holding the binaries            (<repo>/build)
#   LATCHKEY_ADMIN_EMAIL, LATCHKEY_ADMIN_PASSWORD
#                         bootstrap admin, read by `latchkey init` only when the
#                         database has no user yet; never printed, never passed
#                         on a command line, not passed on to the servers.
#
# Prints "Latchkey is serving on http://localhost:$PORT/ (Ctrl-C to stop)"
# once the port answers. Every process started here is stopped on exit:
# lighttpd and each FastCGI child get SIGTERM, stragglers SIGKILL after about
# 3 seconds; sockets and pid files are removed. SIGINT, SIGTERM and SIGHUP
# make the script exit 0. A SIGKILLed run leaves processes behind; the next
# run with the same LATCHKEY_VAR stops them first.
#
# Note: bash ignores SIGINT in commands started with `&` from a script
# without job control, and a script cannot trap a signal ignored on entry:
# to stop a serve.sh started that way, send SIGTERM.
set -euo pipefail
umask 077

prog=serve.sh
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

die() {
	printf '%s: %s\n' "$prog" "$*" >&2
	exit 1
}

absolute() {
	case "$1" in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$PWD" "$1" ;;
	esac
}

# Paths end up inside double-quoted lighttpd config strings and sed
# replacements: refuse the few characters that would need escaping there.
check_path() {
	local name=$1 value=$2
	[[ -n "$value" ]] || die "$name is empty"
	if [[ "$value" == *[\"\\$'\n\r\t']* ]]; then
		die "$name must not contain a quote, a backslash or a control character"
	fi
}

check_count() {
	local name=$1 value=$2
	[[ "$value" =~ ^[1-9][0-9]?$ ]] || die "$name must be a number from 1 to 99"
}

# --- configuration -----------------------------------------------------------

PORT=${PORT:-8080}
if ! [[ "$PORT" =~ ^[1-9][0-9]{0,4}$ ]] || ((PORT > 65535)); then
	die "PORT must be a TCP port number (1-65535), not '$PORT'"
fi

LATCHKEY_VAR=$(absolute "${LATCHKEY_VAR:-$root/var}")
LATCHKEY_VAR=${LATCHKEY_VAR%/}
LATCHKEY_DB=${LATCHKEY_DB:-$LATCHKEY_VAR/latchkey.db}
LATCHKEY_SECRETS=${LATCHKEY_SECRETS:-$LATCHKEY_VAR/secrets}
LATCHKEY_LOG=${LATCHKEY_LOG:-$LATCHKEY_VAR/log/latchkey.log}
LATCHKEY_ISSUER=${LATCHKEY_ISSUER:-http://localhost:$PORT}
LATCHKEY_WEB_PROCS=${LATCHKEY_WEB_PROCS:-2}
LATCHKEY_API_PROCS=${LATCHKEY_API_PROCS:-2}
LATCHKEY_BIN=$(absolute "${LATCHKEY_BIN:-$root/build}")
LATCHKEY_BIN=${LATCHKEY_BIN%/}
export LATCHKEY_VAR LATCHKEY_DB LATCHKEY_SECRETS LATCHKEY_LOG LATCHKEY_ISSUER \
	LATCHKEY_WEB_PROCS LATCHKEY_API_PROCS LATCHKEY_BIN

check_path LATCHKEY_VAR "$LATCHKEY_VAR"
check_path LATCHKEY_BIN "$LATCHKEY_BIN"
check_path "the source tree" "$root"
check_count LATCHKEY_WEB_PROCS "$LATCHKEY_WEB_PROCS"
check_count LATCHKEY_API_PROCS "$LATCHKEY_API_PROCS"

run=$LATCHKEY_VAR/run
logdir=$LATCHKEY_VAR/log
conf=$LATCHKEY_VAR/lighttpd.conf
errlog=$logdir/lighttpd-error.log
template=$root/conf/lighttpd.conf.in

# sun_path holds 108 bytes including the terminating NUL.
((${#run} + 9 < 108)) ||
	die "LATCHKEY_VAR is too long for a Unix socket path: $LATCHKEY_VAR"

for tool in lighttpd spawn-fcgi curl flock; do
	command -v "$tool" >/dev/null 2>&1 ||
		die "$tool not found (run scripts/deps.sh)"
done
for bin in latchkey latchkey-web latchkey-api; do
	[[ -x "$LATCHKEY_BIN/$bin" ]] ||
		die "$LATCHKEY_BIN/$bin is missing (run make first)"
done
[[ -r "$template" ]] || die "$template is missing"

# --- state directory ---------------------------------------------------------

# New directories are 0700 through the umask; run/ and log/ are ours anyway.
mkdir -p "$LATCHKEY_VAR" "$run" "$logdir"
chmod 0700 "$run" "$logdir"
if [[ -n "$(find "$LATCHKEY_VAR" -maxdepth 0 -perm /077)" ]]; then
	printf '%s: warning: %s is accessible to other users\n' \
		"$prog" "$LATCHKEY_VAR" >&2
fi

# One instance per state directory. The lock lives on fd 9 of this shell
# only: every child is started with 9>&-, so a crash of this script frees it.
exec 9>"$run/serve.lock"
flock -n 9 ||
	die "another serve.sh is already running with LATCHKEY_VAR=$LATCHKEY_VAR"

# --- process bookkeeping -----------------------------------------------------

lighttpd_pid=

alive()
{
	local stat state
	kill -0 "$1" 2>/dev/null || return 1
	# kill -0 succeeds on a zombie: look at the state field too.
	read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
	state=${stat##*) }
	[[ "${state:0:1}" != Z ]]
}

# The command line of a process, NUL-separated fields turned into spaces.
cmdline()
{
	local -a argv
	mapfile -d '' -t argv 2>/dev/null <"/proc/$1/cmdline" || return 1
	printf '%s\n' "${argv[*]}"
}

# PIDs in $run/{web,api,lighttpd}.pid that still run what we started there.
# spawn-fcgi -P writes one PID per line with no newline after the last one
# (mapfile keeps that last line).
recorded_pids()
{
	local name pid want
	local -a pids
	for name in web api lighttpd; do
		[[ -f "$run/$name.pid" ]] || continue
		if [[ $name == lighttpd ]]; then
			want="lighttpd -D -f $conf"
		else
			want="$LATCHKEY_BIN/latchkey-$name"
		fi
		mapfile -t pids <"$run/$name.pid"
		for pid in "${pids[@]}"; do
			[[ "$pid" =~ ^[1-9][0-9]*$ ]] || continue
			[[ "$(cmdline "$pid")" == "$want" ]] || continue
			printf '%s\n' "$pid"
		done
	done
}

# Stop lighttpd and every FastCGI child: SIGTERM, then SIGKILL after about 3
# seconds for stragglers. Remove sockets and pid files.
stop_all()
{
	local -a pids live
	local pid i
	mapfile -t pids < <(recorded_pids)
	[[ -n "$lighttpd_pid" ]] && pids+=("$lighttpd_pid")
	if ((${#pids[@]})); then
		kill -TERM "${pids[@]}" 2>/dev/null || true
		for ((i = 0; i < 30; i++)); do
			live=()
			for pid in "${pids[@]}"; do
				if alive "$pid"; then
					live+=("$pid")
				fi
			done
			((${#live[@]})) || break
			sleep 0.1
		done
		if ((${#live[@]})); then
			kill -KILL "${live[@]}" 2>/dev/null || true
		fi
	fi
	if [[ -n "$lighttpd_pid" ]]; then
		wait "$lighttpd_pid" 2>/dev/null || true
		lighttpd_pid=
	fi
	rm -f "$run/web.sock" "$run/api.sock" "$run/web.pid" "$run/api.pid" \
		"$run/lighttpd.pid" "$run/spawn-fcgi.out"
}

# shellcheck disable=SC2317  # trap handlers
on_exit()
{
	local status=$?
	trap '' INT TERM HUP
	trap - EXIT
	stop_all
	exit "$status"
}

# shellcheck disable=SC2317  # trap handlers
on_signal()
{
	trap '' INT TERM HUP
	trap - EXIT
	stop_all
	exit 0
}

trap on_exit EXIT
trap on_signal INT TERM HUP

# Leftovers of a run that was killed with SIGKILL (we hold the lock, so no
# live serve.sh owns them).
stop_all

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
	die "port $PORT on 127.0.0.1 is already in use (set PORT= to use another)"
fi

# --- database, secrets, bootstrap admin ----------------------------------------

# Output goes straight to the terminal: it may carry the one-time generated
# password, which is the point. A given password is read from the environment
# by the program and never echoed.
"$LATCHKEY_BIN/latchkey" init --bootstrap-admin 9>&- ||
	die "latchkey init failed"
# The servers do not need the bootstrap credentials.
unset LATCHKEY_ADMIN_PASSWORD LATCHKEY_ADMIN_EMAIL

# --- lighttpd configuration --------------------------------------------------

sed_escape() {
	printf '%s' "$1" | sed -e 's/[|&]/\\&/g'
}
sed -e "s|@PORT@|$PORT|g" \
	-e "s|@ROOT@|$(sed_escape "$root")|g" \
	-e "s|@VAR@|$(sed_escape "$LATCHKEY_VAR")|g" \
	"$template" >"$conf.tmp"
mv -f "$conf.tmp" "$conf"
lighttpd -tt -f "$conf" >/dev/null 9>&- ||
	die "lighttpd refuses $conf"

# --- FastCGI programs --------------------------------------------------------

spawn()
{
	local name=$1 procs=$2
	if ! spawn-fcgi -s "$run/$name.sock" -M 0600 -F "$procs" \
		-P "$run/$name.pid" -- "$LATCHKEY_BIN/latchkey-$name" \
		>"$run/spawn-fcgi.out" 2>&1 9>&-; then
		cat "$run/spawn-fcgi.out" >&2
		die "could not start latchkey-$name"
	fi
}

spawn web "$LATCHKEY_WEB_PROCS"
spawn api "$LATCHKEY_API_PROCS"
rm -f "$run/spawn-fcgi.out"

# --- lighttpd ----------------------------------------------------------------

# Only what this run adds to the (appended) error log is worth showing.
errlog_size=$(stat -c %s "$errlog" 2>/dev/null || echo 0)

lighttpd -D -f "$conf" 9>&- &
lighttpd_pid=$!
printf '%s' "$lighttpd_pid" >"$run/lighttpd.pid"

lighttpd_failed()
{
	local status=$1
	printf '%s: lighttpd exited (%s)\n' "$prog" "$status" >&2
	if [[ -f "$errlog" ]] && (($(stat -c %s "$errlog") > errlog_size)); then
		printf '%s: last lines of %s:\n' "$prog" "$errlog" >&2
		tail -c "+$((errlog_size + 1))" "$errlog" | tail -n 20 >&2
	fi
	exit 1
}

# Any HTTP answer will do (/static/ itself is a 403).
deadline=$((SECONDS + 10))
until curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/static/"; do
	alive "$lighttpd_pid" || lighttpd_failed "before answering on port $PORT"
	((SECONDS < deadline)) ||
		die "lighttpd did not answer on port $PORT within 10 seconds"
	sleep 0.1
done

echo "Latchkey is serving on http://localhost:$PORT/ (Ctrl-C to stop)"

status=0
wait "$lighttpd_pid" || status=$?
lighttpd_pid=
lighttpd_failed "unexpectedly, status $status"
