#!/usr/bin/env bash
# End-to-end tests: each file starts the real stack on a free port.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-artifacts
exec node --test --test-concurrency=2 tests/e2e/*.test.mjs
