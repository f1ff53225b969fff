#!/usr/bin/env bash
# make lint: cppcheck, clang-tidy, and greps for the calls and patterns
# this project forbids. Exits non-zero on any finding.
set -uo pipefail
cd "$(dirname "$0")/.."
fail=0
say() { printf 'lint: %s\n' "$*"; fail=1; }

# grep_forbid MESSAGE PATTERN [FILES...]: every match is a finding.
grep_forbid() {
	local msg=$1 pat=$2; shift 2
	local hits
	hits=$(grep -nP "$pat" "$@" 2>/dev/null | grep -v 'lint-ok' || true)
	if [ -n "$hits" ]; then
		say "$msg"
		printf '%s\n' "$hits" | sed 's/^/    /'
	fi
}

src=$(ls cgi-src/*.c cgi-src/*.h)
notdb=$(ls cgi-src/*.[ch] | grep -v -e '^cgi-src/db\.[ch]$')
nottmpl=$(ls cgi-src/*.[ch] | grep -v -e '^cgi-src/tmpl\.[ch]$')
notjson=$(ls cgi-src/*.[ch] | grep -v -e '^cgi-src/json\.[ch]$')
notpkey=$(ls cgi-src/*.[ch] | grep -v -e '^cgi-src/pkey\.c$')
notmain=$(ls cgi-src/*.c | grep -v -e '_main\.c$')

# One owner per library.
grep_forbid "sqlite3 outside db.c" 'sqlite3' $notdb
grep_forbid "ClearSilver outside tmpl.c" 'ClearSilver\.h|\b(neo|cs|hdf|nerr)_[a-z_]+\(' $nottmpl
grep_forbid "cJSON outside json.c" 'cJSON' $notjson
grep_forbid "OpenSSL outside pkey.c" '<openssl/|\b(EVP|BN|OSSL|OPENSSL)_[A-Za-z_]+\(' $notpkey
# Injection-prone and unsafe calls.
grep_forbid "SQL must be a SQL_* constant passed to db_q" 'db_q\((?!SQL_|sql\))' $notdb
grep_forbid "string-built SQL" '(printf|strcat|strcpy)\(.*(SELECT|INSERT|UPDATE|DELETE) ' $src
grep_forbid "unsafe string call" '\b(strcpy|strcat|sprintf|vsprintf|gets|strtok)\(' $src
grep_forbid "shell or exec from a server" '\b(system|popen|execl|execv|execvp)\(' $src
grep_forbid "randomness not from libsodium" '\b(rand|random|srand|drand48)\(' $src
grep_forbid "secret compared in variable time" \
    '(strcmp|strncmp|memcmp)\((?![^)]*argv)[^)]*(secret|token|csrf|hash|key|password|verifier)' $src
grep_forbid "exit() on a request path" '\bexit\(' $notmain
grep_forbid "raw template output (uvar)" 'uvar:' templates/*.cs
grep_forbid "inline script or handler in a template" '<script>|<script [^s]|\son[a-z]+=' templates/*.cs

# style(9) by hand (there is no .clang-format: it can't express the
# tab-aligned declarations this code uses, and would rewrite it): the
# part a machine can hold us to is 80 columns, tabs counting 8, and
# functions of at most 60 lines (a function's lines, braces included).
for file in cgi-src/*.[ch]; do
	hits=$(expand -t 8 "$file" | awk -v F="$file" 'length($0) > 80 { print "    " F ":" NR ": " length($0) " columns" }')
	if [ -n "$hits" ]; then
		say "lines over 80 columns"
		printf '%s\n' "$hits"
	fi
done
for file in cgi-src/*.c; do
	hits=$(awk -v F="$file" '
		/^[a-z_][a-z0-9_]*\(/ { name = $0; sub(/\(.*/, "", name); start = NR }
		/^{$/ && start { open = NR }
		/^}$/ && open { if (NR - open + 1 > 60) print "    " F ":" start ": " name "() has " NR - open + 1 " lines"; open = 0; start = 0 }' "$file")
	if [ -n "$hits" ]; then
		say "functions over 60 lines"
		printf '%s\n' "$hits"
	fi
done

if command -v cppcheck >/dev/null; then
	if ! cppcheck -q --std=c11 --enable=warning,performance,portability \
	    --error-exitcode=1 --inline-suppr -D__GNUC__ \
	    -I cgi-src cgi-src/*.c 2>&1; then
		say "cppcheck found problems (above)"
	fi
else
	say "cppcheck is not installed (make deps-test installs it)"
fi

if command -v clang-tidy >/dev/null; then
	flags="-std=c11 -D_GNU_SOURCE -Icgi-src -I/usr/include/ClearSilver $(pkg-config --cflags fcgi libcjson libsodium sqlite3 libcrypto)"
	# shellcheck disable=SC2086
	if ! clang-tidy --quiet cgi-src/*.c -- $flags 2>/dev/null | \
	    grep -E 'warning:|error:' ; then
		:
	else
		say "clang-tidy found problems (above)"
	fi
else
	say "clang-tidy is not installed (make deps-test installs it)"
fi

[ $fail -eq 0 ] && echo "lint: clean"
exit $fail
