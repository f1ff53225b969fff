# Benchmarks (issue 9); see BENCHMARKS.md and bench/run.sh.
#   make bench			the full run: 3 rounds of 10 s per scenario
#				(about 10 minutes, plus waiting for a quiet machine)
#   make bench BENCH_SECONDS=3 BENCH_RUNS=1	a quick pass
#   make bench-profile		perf profiles of each path (bench/profile.sh)
#   make bench-callgrind, bench-syscalls	deterministic breakdowns (below)
#   make bench-build		only build build/bench/{null,seed}
# Everything listens on 127.0.0.1 only and stops when the run ends.

BENCH_B		 = $(B)/bench
BENCH_SECONDS	?= 10
BENCH_RUNS	?= 3
BENCH_BINS	 = $(BENCH_B)/null $(BENCH_B)/seed

$(BENCH_B):
	mkdir -p $@

# The null responder needs libfcgi only; same flags as the programs.
$(BENCH_B)/null: bench/null.c | $(BENCH_B)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $< \
	    $(shell pkg-config --libs fcgi 2>/dev/null)

# The seeder links the product's own objects (keys_create, client_create,
# secrets_load, db_*), so its keys are real.
$(BENCH_B)/seed: bench/seed.c $(CORE_O) | $(BENCH_B)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS_ALL) -I$(SRC) $(LDFLAGS_ALL) -o $@ $< $(CORE_O) \
	    $(LIBS)

bench-build: all $(BENCH_BINS)

# wrk (Debian's) is only needed here, so it is not in scripts/deps.sh.
bench-deps: deps
	@command -v wrk >/dev/null 2>&1 || { \
	    if [ "$$(id -u)" = 0 ]; then apt-get install -y wrk; \
	    else sudo apt-get install -y wrk; fi; }

bench: bench-deps
	@$(MAKE) --no-print-directory bench-build
	@BENCH_SECONDS=$(BENCH_SECONDS) BENCH_RUNS=$(BENCH_RUNS) bench/run.sh
	@BENCH_SECONDS=$(BENCH_SECONDS) BENCH_RUNS=$(BENCH_RUNS) bench/tiers.sh

bench-profile: bench-deps
	@$(MAKE) --no-print-directory bench-build
	@bench/profile.sh

.PHONY: bench bench-build bench-deps bench-profile

# Deterministic breakdowns (see BENCHMARKS.md, "What dominates"):
#   make bench-callgrind	instructions per request by function (valgrind)
#   make bench-syscalls		system calls per request (strace -c)
bench-callgrind: bench-deps
	@$(MAKE) --no-print-directory bench-build
	@bench/callgrind.sh

bench-syscalls: bench-deps
	@$(MAKE) --no-print-directory bench-build
	@bench/syscalls.sh

.PHONY: bench-callgrind bench-syscalls

# Verify under a login flood (bench/flood.sh; issue 14).
bench-flood: bench-deps
	@$(MAKE) --no-print-directory bench-build
	@BENCH_SECONDS=$(BENCH_SECONDS) BENCH_RUNS=$(BENCH_RUNS) bench/flood.sh

.PHONY: bench-flood
# Verify with plans, quota and usage counting on, next to the null
# responder behind a minimal lighttpd configuration (bench/tiers.sh).
bench-tiers: bench-deps
	@$(MAKE) --no-print-directory all $(BENCH_B)/null
	@BENCH_SECONDS=$(BENCH_SECONDS) BENCH_RUNS=$(BENCH_RUNS) bench/tiers.sh

.PHONY: bench-tiers
