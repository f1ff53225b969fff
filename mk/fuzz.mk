# Coverage-guided fuzzing with libFuzzer; see fuzz/README.md.
#   make fuzz		build, then run every target FUZZ_SECONDS (60) each,
#			one process at a time, on a copy of its corpus
#   make fuzz-smoke	the same for 5 s each (part of make test)
#   make fuzz-build	build only
#   make fuzz-regress	replay the crash inputs kept in fuzz/regress/
# cgi-src is compiled again here, with clang and the sanitizers, into
# build/fuzz/; the normal build's objects are never linked in.

FUZZ_CC		?= clang
FUZZ_B		 = build/fuzz
FUZZ_SECONDS	?= 60
FUZZ_TARGETS	 = form cookie request json keyfmt jwt basic redirect scope \
		   valid clientjwt
FUZZ_SAN	 = -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer
# CFLAGS_ALL minus what clang or the sanitizers don't want (HARDEN's
# _FORTIFY_SOURCE, OPT, EXTRA_CFLAGS).
FUZZ_CFLAGS	 = -std=c11 -D_GNU_SOURCE -O1 -g $(WARN) \
		   $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CS_CFLAGS) \
		   -DLK_TEMPLATE_DIR='"$(CURDIR)/templates"'
FUZZ_LIBS	 = $(shell pkg-config --libs libcjson libsodium sqlite3 fcgi libcrypto \
		   2>/dev/null) $(CS_LIBS)
# FUZZ_ARENA=precise (the default) links fuzz/arena_asan.c, whose
# exact-size allocations let ASan see overruns that cgi-src/arena.c's
# blocks hide; FUZZ_ARENA=real links cgi-src/arena.c.
FUZZ_ARENA	?= precise
FUZZ_ARENA_O	 = $(if $(filter real,$(FUZZ_ARENA)),arena,arena_asan)
# Every module of both programs (fuzz_request binds their real route
# tables), from an archive: each target links only what it reaches.
FUZZ_OBJ	 = $(addprefix $(FUZZ_B)/obj/,$(addsuffix .o,$(FUZZ_ARENA_O) \
		   $(filter-out arena,$(CORE)) $(WEBO) $(APIO))) \
		   $(addprefix $(FUZZ_B)/obj/,common_passwords.o gen_schema.o \
		   gen_schema_upgrade.o)
FUZZ_LIB	 = $(FUZZ_B)/liblatchkey-fuzz.a
FUZZ_BINS	 = $(addprefix $(FUZZ_B)/fuzz_,$(FUZZ_TARGETS))

$(FUZZ_B)/obj:
	mkdir -p $@

$(FUZZ_B)/obj/%.o: $(SRC)/%.c $(wildcard $(SRC)/*.h) | $(FUZZ_B)/obj
	@$(if $(V),true,echo "  FUZZCC  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	    -c -o $@ $<

$(FUZZ_B)/obj/arena_asan.o: fuzz/arena_asan.c $(SRC)/arena.h | $(FUZZ_B)/obj
	@$(if $(V),true,echo "  FUZZCC  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(SRC) $(FUZZ_SAN) \
	    -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_B)/obj/common_passwords.c: $(SRC)/common_passwords.txt \
    scripts/embed.sh | $(FUZZ_B)/obj
	$(Q)scripts/embed.sh lines common_passwords $< > $@
$(FUZZ_B)/obj/gen_schema.c: schema.sql scripts/embed.sh | $(FUZZ_B)/obj
	$(Q)scripts/embed.sh string schema_sql $< > $@
$(FUZZ_B)/obj/gen_schema_upgrade.c: schema-upgrade.sql scripts/embed.sh | \
    $(FUZZ_B)/obj
	$(Q)scripts/embed.sh string schema_upgrade_sql $< > $@
$(FUZZ_B)/obj/common_passwords.o $(FUZZ_B)/obj/gen_schema.o \
    $(FUZZ_B)/obj/gen_schema_upgrade.o: %.o: %.c
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	    -c -o $@ $<

# Rewritten only when FUZZ_ARENA changes, so the archive follows it.
$(FUZZ_B)/arena.choice: fuzz-force | $(FUZZ_B)/obj
	@echo $(FUZZ_ARENA) | cmp -s - $@ || echo $(FUZZ_ARENA) > $@

# An archive, so each target links only the modules it reaches.
$(FUZZ_LIB): $(FUZZ_OBJ) $(FUZZ_B)/arena.choice
	$(Q)rm -f $@
	$(Q)ar rcs $@ $(FUZZ_OBJ)

$(FUZZ_B)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h $(FUZZ_LIB)
	@$(if $(V),true,echo "  FUZZLD  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(SRC) $(FUZZ_SAN) -fsanitize=fuzzer \
	    -o $@ $< $(FUZZ_LIB) $(FUZZ_LIBS)

fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	@fuzz/run.sh $(FUZZ_B) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: fuzz-build
	@fuzz/run.sh $(FUZZ_B) 5 $(FUZZ_TARGETS)

fuzz-regress: fuzz-build
	@fuzz/run.sh --regress $(FUZZ_B) $(FUZZ_TARGETS)

fuzz-force:

.PHONY: fuzz fuzz-build fuzz-smoke fuzz-regress fuzz-force
