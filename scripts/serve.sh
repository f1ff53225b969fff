#!/usr/bin/env bash
# Serve Latchkey on 127.0.0.1:$PORT with lighttpd (or Apache) + spawn-fcgi
# until Ctrl-C or SIGTERM (this is what `make run` runs, and what end-to-end
# tests start).
#
# Environment (all optional):
#   LATCHKEY_SERVER       lighttpd or apache                        (lighttpd)
#   PORT                  TCP port on 127.0.0.1                    (8080)
#   LATCHKEY_VAR          state directory, made absolute            (<repo>/var)
#   LATCHKEY_DB           SQLite database                           ($LATCHKEY_VAR/latchkey.db)
#   LATCHKEY_SECRETS      secrets file, mode 0600                   ($LATCHKEY_VAR/secrets)
#   LATCHKEY_LOG          log file of the programs                  ($LATCHKEY_VAR/log/latchkey.log)
#   LATCHKEY_ISSUER       public base URL                           (http://localhost:$PORT)
#   LATCHKEY_WEB_PROCS    latchkey-web processes                    (2)
#   LATCHKEY_STOP_TIMEOUT seconds to wait after SIGTERM before SIGKILL (3)
#   LATCHKEY_API_PROCS    latchkey-api processes                    (2)
#   LATCHKEY_VERIFY_PROCS latchkey-api --verify processes, which answer
#                         /v1/auth/verify and /oauth/introspect      (2)
#   LATCHKEY_BIN          directory holding the binaries            (<repo>/build)
#   LATCHKEY_APACHE_USER, LATCHKEY_APACHE_GROUP
#                         only for apache started as root: the unprivileged
#                         user Apache's children switch to      (www-data, its group)
#   LATCHKEY_ADMIN_EMAIL, LATCHKEY_ADMIN_PASSWORD
#                         bootstrap admin, read by `latchkey init` only when the
#                         database has no user yet; never printed, never passed
#                         on a command line, not passed on to the servers.
#
# The web server's configuration is generated from conf/lighttpd.conf.in or
# conf/apache.conf.in into $LATCHKEY_VAR/{lighttpd,apache}.conf; its error log
# is $LATCHKEY_VAR/log/{lighttpd,apache}-error.log. Apache is Debian's apache2
# binary run directly (apache2 -DFOREGROUND -f CONF), not through apache2ctl
# or /etc/apache2: it needs none of Debian's APACHE_* variables.
#
# As root, lighttpd and the FastCGI programs run as root, like everything
# else here. Apache refuses to serve as root, so its children switch to
# LATCHKEY_APACHE_USER; the sockets then belong to that user's group (mode
# 0660) and LATCHKEY_VAR and its run/ directory are made searchable (0710)
# by that group for the run, so the children can reach the sockets and
# nothing else. The original modes come back on exit (or, after a SIGKILL,
# at the start of the next run with the same LATCHKEY_VAR).
#
# Prints "Latchkey is serving on http://localhost:$PORT/ (Ctrl-C to stop)"
# once the port answers. Every process started here is stopped on exit:
# the web server and each FastCGI child get SIGTERM, stragglers SIGKILL after
# about 3 seconds; sockets and pid files are removed. SIGINT, SIGTERM and
# SIGHUP make the script exit 0. A SIGKILLed run leaves processes behind; the
# next run with the same LATCHKEY_VAR stops them first.
#
# Note: bash ignores SIGINT in commands started with `&` from a script
# without job control, and a script cannot trap a signal ignored on entry:
# to stop a serve.sh started that way, send SIGTERM.
set -euo pipefail
umask 077

prog=serve.sh
# lighttpd and apache2 live in /usr/sbin, which a normal user's PATH lacks.
PATH=$PATH:/usr/sbin:/sbin
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

# Paths end up inside double-quoted lighttpd or Apache config strings and sed
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

LATCHKEY_SERVER=${LATCHKEY_SERVER:-lighttpd}
case "$LATCHKEY_SERVER" in
lighttpd | apache) ;;
*) die "LATCHKEY_SERVER must be lighttpd or apache, not '$LATCHKEY_SERVER'" ;;
esac
server=$LATCHKEY_SERVER

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
LATCHKEY_VERIFY_PROCS=${LATCHKEY_VERIFY_PROCS:-2}
LATCHKEY_BIN=$(absolute "${LATCHKEY_BIN:-$root/build}")
LATCHKEY_BIN=${LATCHKEY_BIN%/}
export LATCHKEY_SERVER LATCHKEY_VAR LATCHKEY_DB LATCHKEY_SECRETS LATCHKEY_LOG \
	LATCHKEY_ISSUER LATCHKEY_WEB_PROCS LATCHKEY_API_PROCS \
	LATCHKEY_VERIFY_PROCS LATCHKEY_BIN

check_path LATCHKEY_VAR "$LATCHKEY_VAR"
check_path LATCHKEY_BIN "$LATCHKEY_BIN"
check_path "the source tree" "$root"
check_count LATCHKEY_STOP_TIMEOUT "${LATCHKEY_STOP_TIMEOUT:-3}"
check_count LATCHKEY_WEB_PROCS "$LATCHKEY_WEB_PROCS"
check_count LATCHKEY_API_PROCS "$LATCHKEY_API_PROCS"
check_count LATCHKEY_VERIFY_PROCS "$LATCHKEY_VERIFY_PROCS"

run=$LATCHKEY_VAR/run
logdir=$LATCHKEY_VAR/log
conf=$LATCHKEY_VAR/$server.conf
errlog=$logdir/$server-error.log
template=$root/conf/$server.conf.in
lighttpd_cmd=(lighttpd -D -f "$LATCHKEY_VAR/lighttpd.conf")
apache_cmd=(apache2 -DFOREGROUND -f "$LATCHKEY_VAR/apache.conf")
# spawn-fcgi's options for the sockets' owner and mode.
socket_opts=(-M 0600)
# As root, Apache's children run as this user and group.
apache_user=
apache_group=
if [[ $server == apache ]] && ((EUID == 0)); then
	apache_user=${LATCHKEY_APACHE_USER:-www-data}
	id -u "$apache_user" >/dev/null 2>&1 ||
		die "no user $apache_user for Apache's children (set LATCHKEY_APACHE_USER)"
	apache_group=${LATCHKEY_APACHE_GROUP:-$(id -gn "$apache_user")}
	getent group "$apache_group" >/dev/null ||
		die "no group $apache_group (set LATCHKEY_APACHE_GROUP)"
	[[ "$(id -u "$apache_user")" != 0 ]] ||
		die "LATCHKEY_APACHE_USER must not be root: Apache refuses to serve as root"
	# The ${...} in apache.conf.in read these.
	export LATCHKEY_APACHE_USER=$apache_user LATCHKEY_APACHE_GROUP=$apache_group
	apache_cmd=(apache2 -DFOREGROUND -DLATCHKEY_AS_ROOT
		-f "$LATCHKEY_VAR/apache.conf")
	socket_opts=(-G "$apache_group" -M 0660)
fi
if [[ $server == apache ]]; then
	server_cmd=("${apache_cmd[@]}")
else
	server_cmd=("${lighttpd_cmd[@]}")
fi

# sun_path holds 108 bytes including the terminating NUL.
((${#run} + 9 < 108)) ||
	die "LATCHKEY_VAR is too long for a Unix socket path: $LATCHKEY_VAR"

for tool in "${server_cmd[0]}" spawn-fcgi curl flock; do
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

# One instance per state directory. The lock lives on fd 9 of this shell
# only: every child is started with 9>&-, so a crash of this script frees it.
# (Nothing is changed in LATCHKEY_VAR before: another instance may be using
# it.)
exec 9>"$run/serve.lock"
flock -n 9 ||
	die "another serve.sh is already running with LATCHKEY_VAR=$LATCHKEY_VAR"

# Apache as root: LATCHKEY_VAR's original owner group and mode, recorded by
# open_var before it lets Apache's group search LATCHKEY_VAR and run/ (to
# reach the sockets; the files there stay 0600 and log/ stays 0700), and
# put back by close_var on exit, or by the next run after a SIGKILL.
var_perms=$run/var-perms

open_var()
{
	[[ -f "$var_perms" ]] ||
		stat -c '%g %a' "$LATCHKEY_VAR" >"$var_perms"
	chgrp "$apache_group" "$LATCHKEY_VAR" "$run"
	chmod 0710 "$LATCHKEY_VAR" "$run"
}

close_var()
{
	local gid='' mode=''
	[[ -f "$var_perms" ]] || return 0
	read -r gid mode <"$var_perms" || true
	chgrp "$(id -g)" "$run" 2>/dev/null || true
	chmod 0700 "$run" 2>/dev/null || true
	if [[ "$gid" =~ ^[0-9]+$ && "$mode" =~ ^[0-7]{3,4}$ ]]; then
		chgrp "$gid" "$LATCHKEY_VAR" 2>/dev/null || true
		chmod "$mode" "$LATCHKEY_VAR" 2>/dev/null || true
	fi
	rm -f "$var_perms"
}

close_var
chmod 0700 "$run" "$logdir"
if [[ -n "$(find "$LATCHKEY_VAR" -maxdepth 0 -perm /077)" ]]; then
	printf '%s: warning: %s is accessible to other users\n' \
		"$prog" "$LATCHKEY_VAR" >&2
fi

# --- process bookkeeping -----------------------------------------------------

server_pid=

alive()
{
	local stat state
	kill -0 "$1" 2>/dev/null || return 1
	# kill -0 succeeds on a zombie: look at the state field too.
	read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
	state=${stat##*) }
	[[ "${state:0:1}" != Z ]]
}

# True if the process's environment holds this instance's LATCHKEY_VAR.
ours_by_env()
{
	local -a env
	mapfile -d '' -t env 2>/dev/null <"/proc/$1/environ" || return 1
	local e
	for e in "${env[@]}"; do
		[[ "$e" == "LATCHKEY_VAR=$LATCHKEY_VAR" ]] && return 0
	done
	return 1
}

# The command line of a process, NUL-separated fields turned into spaces.
cmdline()
{
	local -a argv
	mapfile -d '' -t argv 2>/dev/null <"/proc/$1/cmdline" || return 1
	printf '%s\n' "${argv[*]}"
}

# PIDs in $run/{web,api,verify,lighttpd,apache}.pid that still run what we started
# there (a run with the other web server included). spawn-fcgi -P writes one
# PID per line with no newline after the last one (mapfile keeps that last
# line). apache.pid is written by Apache itself (PidFile).
recorded_pids()
{
	local name pid want
	local -a pids
	for name in web api verify lighttpd apache; do
		[[ -f "$run/$name.pid" ]] || continue
		case $name in
		lighttpd) want="${lighttpd_cmd[*]}" ;;
		apache) want="${apache_cmd[*]}" ;;
		verify) want="$LATCHKEY_BIN/latchkey-api --verify" ;;
		*) want="$LATCHKEY_BIN/latchkey-$name" ;;
		esac
		mapfile -t pids <"$run/$name.pid"
		for pid in "${pids[@]}"; do
			[[ "$pid" =~ ^[1-9][0-9]*$ ]] || continue
			# A FastCGI child may run under a wrapper (make valgrind):
			# its environment names our state directory either way.
			[[ "$(cmdline "$pid")" == "$want" ]] ||
				{ [[ $name == web || $name == api ||
				    $name == verify ]] && ours_by_env "$pid"; } ||
				continue
			printf '%s\n' "$pid"
		done
	done
}

# Stop the web server and every FastCGI child: SIGTERM, then SIGKILL after
# LATCHKEY_STOP_TIMEOUT seconds (3; make valgrind gives memcheck longer to
# write its reports) for stragglers. Remove sockets and pid files. (Apache's
# parent stops its own children on SIGTERM before it exits.)
stop_all()
{
	local -a pids live
	local pid i
	mapfile -t pids < <(recorded_pids)
	[[ -n "$server_pid" ]] && pids+=("$server_pid")
	if ((${#pids[@]})); then
		kill -TERM "${pids[@]}" 2>/dev/null || true
		for ((i = 0; i < ${LATCHKEY_STOP_TIMEOUT:-3} * 10; i++)); do
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
	if [[ -n "$server_pid" ]]; then
		wait "$server_pid" 2>/dev/null || true
		server_pid=
	fi
	rm -f "$run/web.sock" "$run/api.sock" "$run/verify.sock" \
		"$run/web.pid" "$run/api.pid" "$run/verify.pid" \
		"$run/lighttpd.pid" "$run/apache.pid" "$run/spawn-fcgi.out"
}

# shellcheck disable=SC2317  # trap handlers
on_exit()
{
	local status=$?
	trap '' INT TERM HUP
	trap - EXIT
	stop_all
	close_var
	exit "$status"
}

# shellcheck disable=SC2317  # trap handlers
on_signal()
{
	trap '' INT TERM HUP
	trap - EXIT
	stop_all
	close_var
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

# --- web server configuration ------------------------------------------------

sed_escape() {
	printf '%s' "$1" | sed -e 's/[|&]/\\&/g'
}
sed -e "s|@PORT@|$PORT|g" \
	-e "s|@ROOT@|$(sed_escape "$root")|g" \
	-e "s|@VAR@|$(sed_escape "$LATCHKEY_VAR")|g" \
	"$template" >"$conf.tmp"
mv -f "$conf.tmp" "$conf"
if [[ $server == apache ]]; then
	# -t prints "Syntax OK" on standard error.
	if ! out=$("${apache_cmd[@]}" -t 2>&1 9>&-); then
		printf '%s\n' "$out" >&2
		die "apache2 refuses $conf"
	fi
else
	lighttpd -tt -f "$conf" >/dev/null 9>&- ||
		die "lighttpd refuses $conf"
fi

if [[ -n "$apache_user" ]]; then
	open_var
	# Catch a source tree or state directory below a directory the user
	# cannot search (such as /root) now, not as 403s and 503s later.
	for path in "$run" "$root/static"; do
		setpriv --reuid="$apache_user" --regid="$apache_group" \
			--clear-groups test -x "$path" 9>&- ||
			die "$apache_user (LATCHKEY_APACHE_USER, for Apache's children) cannot reach $path"
	done
fi

# --- FastCGI programs --------------------------------------------------------

# spawn NAME PROCS PROGRAM [ARG]: PROCS processes on $run/NAME.sock.
spawn()
{
	local name=$1 procs=$2
	shift 2
	if ! spawn-fcgi -s "$run/$name.sock" "${socket_opts[@]}" -F "$procs" \
		-P "$run/$name.pid" -- "$@" \
		>"$run/spawn-fcgi.out" 2>&1 9>&-; then
		cat "$run/spawn-fcgi.out" >&2
		die "could not start $*"
	fi
}

spawn web "$LATCHKEY_WEB_PROCS" "$LATCHKEY_BIN/latchkey-web"
spawn api "$LATCHKEY_API_PROCS" "$LATCHKEY_BIN/latchkey-api"
spawn verify "$LATCHKEY_VERIFY_PROCS" "$LATCHKEY_BIN/latchkey-api" --verify
rm -f "$run/spawn-fcgi.out"

# --- web server --------------------------------------------------------------

# Only what this run adds to the (appended) error log is worth showing.
errlog_size=$(stat -c %s "$errlog" 2>/dev/null || echo 0)

"${server_cmd[@]}" 9>&- &
server_pid=$!
# Apache writes its own pid file (PidFile in apache.conf.in).
if [[ $server == lighttpd ]]; then
	printf '%s' "$server_pid" >"$run/lighttpd.pid"
fi

server_failed()
{
	local status=$1
	printf '%s: %s exited (%s)\n' "$prog" "$server" "$status" >&2
	if [[ -f "$errlog" ]] && (($(stat -c %s "$errlog") > errlog_size)); then
		printf '%s: last lines of %s:\n' "$prog" "$errlog" >&2
		tail -c "+$((errlog_size + 1))" "$errlog" | tail -n 20 >&2
	fi
	exit 1
}

# True if process $1 holds the socket listening on 127.0.0.1:$PORT (or on
# any address with that port). Read from /proc: the listener's inode in
# /proc/net/tcp{,6}, then the process's descriptors.
holds_listener()
{
	local hexport inode fd
	printf -v hexport '%04X' "$PORT"
	inode=$(awk -v p=":$hexport" '$4 == "0A" && substr($2, length($2) - 4) == p {
		print $10; exit }' /proc/net/tcp /proc/net/tcp6 2>/dev/null)
	[[ -n "$inode" ]] || return 1
	for fd in /proc/"$1"/fd/*; do
		[[ "$(readlink "$fd" 2>/dev/null)" == "socket:[$inode]" ]] && return 0
	done
	return 1
}

# Any HTTP answer will do (/static/ itself is a 403), as long as it comes
# from our server: another process may have taken the port between the
# check above and the server's bind (tests start many servers at once),
# and would answer in its place while ours fails to bind.
deadline=$((SECONDS + 10))
until curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/static/"; do
	alive "$server_pid" || server_failed "before answering on port $PORT"
	((SECONDS < deadline)) ||
		die "$server did not answer on port $PORT within 10 seconds"
	sleep 0.1
done
holds_listener "$server_pid" ||
	die "port $PORT on 127.0.0.1 is already in use (set PORT= to use another)"

echo "Latchkey is serving on http://localhost:$PORT/ (Ctrl-C to stop)"

status=0
wait "$server_pid" || status=$?
server_pid=
server_failed "unexpectedly, status $status"
