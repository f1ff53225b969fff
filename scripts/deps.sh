#!/usr/bin/env bash
# Install the Debian packages Latchkey needs, if any are missing.
#
#   scripts/deps.sh          build and run (make, make run; Apache too when
#                            LATCHKEY_SERVER=apache)
#   scripts/deps.sh --test   also what the tests need (make test, including
#                            Apache for the second end-to-end run), then the
#                            npm dev dependencies (playwright-core)
#
# Prints nothing and exits 0 quickly when everything is already present.
set -euo pipefail

usage() {
	echo "usage: $0 [--test]" >&2
	exit 2
}

want_test=0
case "$#:${1-}" in
0:) ;;
1:--test) want_test=1 ;;
*) usage ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

packages=(
	gcc make pkg-config
	libfcgi-dev libfcgi-bin clearsilver-dev libsqlite3-dev libsodium-dev
	libcjson-dev zlib1g-dev libssl-dev
	lighttpd spawn-fcgi sqlite3 curl
)
# LATCHKEY_SERVER=apache make run serves with Apache (see below).
if [[ "${LATCHKEY_SERVER:-}" == apache ]]; then
	packages+=(apache2-bin)
fi
if ((want_test)); then
	# apache2-bin, not apache2: the tests run Debian's apache2 binary with
	# their own configuration (conf/apache.conf.in). The apache2 package
	# would add /etc/apache2 and a system service that starts on port 80.
	packages+=(chromium clang libclang-rt-14-dev valgrind cppcheck clang-tidy
		apache2-bin sqlmap)
	# conf/gateways/ is run for real by tests/e2e/gateways.test.mjs (in
	# temp dirs on loopback; neither package's system service is used).
	packages+=(nginx caddy)
	# tests/e2e/jwt_algs.test.mjs verifies our tokens with independent
	# libraries: PyJWT, python-jose and Go's standard library.
	packages+=(python3-jwt python3-cryptography python3-jose golang-go)
	# Node may come from somewhere else (e.g. NodeSource's nodejs, which
	# bundles npm and conflicts with Debian's npm): only ask Debian for it
	# when there is no node at all.
	if ! command -v node >/dev/null 2>&1; then
		packages+=(nodejs npm)
	elif ! command -v npm >/dev/null 2>&1; then
		packages+=(npm)
	fi
fi

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	if [[ "$status" != "install ok installed" ]]; then
		missing+=("$p")
	fi
done

if ((${#missing[@]})); then
	sudo=()
	if ((EUID != 0)); then
		if ! command -v sudo >/dev/null 2>&1; then
			echo "deps.sh: missing packages: ${missing[*]}" >&2
			echo "deps.sh: not root and no sudo; install them first" >&2
			exit 1
		fi
		sudo=(sudo)
	fi
	echo "deps.sh: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq "${missing[@]}"
fi

if ((want_test)) && [[ -f "$root/package-lock.json" ]]; then
	stamp="$root/node_modules/.package-lock.json"
	if [[ ! -f "$stamp" || "$stamp" -ot "$root/package-lock.json" ]]; then
		echo "deps.sh: npm ci" >&2
		(cd "$root" && npm ci --no-audit --no-fund --loglevel=error) >&2
	fi
fi
