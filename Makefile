# Latchkey. `make` builds, `make run` serves, `make test` tests.
# Every target that needs Debian packages installs them first.

PREFIX	?= /usr/local
PKGS	 = fcgi libcjson libsodium sqlite3 libcrypto
CS_CFLAGS = -I/usr/include/ClearSilver
CS_LIBS	 = -lneo_cgi -lneo_cs -lneo_utl -lz

CC	?= cc
WARN	 = -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wformat=2 \
	   -Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers
HARDEN	 = -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
OPT	?= -O2 -g
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(HARDEN) \
	   $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CS_CFLAGS) \
	   -DLK_TEMPLATE_DIR='"$(CURDIR)/templates"' $(EXTRA_CFLAGS)
LDFLAGS_ALL = -pie -Wl,-z,relro,-z,now $(EXTRA_LDFLAGS)
LIBS	 = $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(CS_LIBS)

B	?= build
SRC	 = cgi-src

CORE	 = arena buf log config rnd timefmt secrets db valid form json \
	   http route shm hashgate seal password user session audit throttle \
	   device login keyfmt perm keys pkey jwt sigkey tokens oidc client code \
	   account purge schema ratelimit uaname keyview keyedit clientedit \
	   metrics clientjwt clientjwt_jwk clientjwt_store plan limits usage \
	   event
SERVE	 = serve
WEBO	 = tmpl csrf web keyrow page_login page_signup page_security \
	   page_keys page_keyedit page_apps page_apps_keys \
	   page_authorize page_authorized page_admin_users page_admin_keys \
	   page_admin_revoke page_admin_confirm \
	   page_admin_audit page_admin_apps page_admin_plans page_usage chart \
	   web_routes
APIO	 = api auth api_keys api_auth api_oauth api_health api_oidc basic \
	   api_usage api_routes api_clientjwt cors
GEN	 = $(B)/gen/common_passwords.o $(B)/gen/schema.o \
	   $(B)/gen/schema_upgrade.o

CORE_O	 = $(addprefix $(B)/,$(addsuffix .o,$(CORE))) $(GEN)
WEB_O	 = $(CORE_O) $(addprefix $(B)/,$(addsuffix .o,$(SERVE) $(WEBO) web_main))
API_O	 = $(CORE_O) $(addprefix $(B)/,$(addsuffix .o,$(SERVE) $(APIO) api_main))
CLI_O	 = $(CORE_O) $(addprefix $(B)/,$(addsuffix .o,cli_main cli_user \
	   cli_keys cli_app cli_plan))
LIB_O	 = $(CORE_O) $(addprefix $(B)/,$(addsuffix .o,$(SERVE) $(WEBO) $(APIO)))

UNIT	 = $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

all: $(B)/latchkey-web $(B)/latchkey-api $(B)/latchkey

# V=1 shows the full command lines.
Q	 = $(if $(V),,@)
$(B)/%.o: $(SRC)/%.c $(wildcard $(SRC)/*.h) | $(B)/gen
	@$(if $(V),true,echo "  CC      $@")
	$(Q)$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(B)/gen:
	mkdir -p $(B)/gen $(B)/tests

$(B)/gen/schema.c: schema.sql scripts/embed.sh | $(B)/gen
	$(Q)scripts/embed.sh string schema_sql schema.sql > $@
$(B)/gen/schema_upgrade.c: schema-upgrade.sql scripts/embed.sh | $(B)/gen
	$(Q)scripts/embed.sh string schema_upgrade_sql schema-upgrade.sql > $@
$(B)/gen/common_passwords.c: $(SRC)/common_passwords.txt scripts/embed.sh | $(B)/gen
	$(Q)scripts/embed.sh lines common_passwords $(SRC)/common_passwords.txt > $@
$(B)/gen/%.o: $(B)/gen/%.c
	$(Q)$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(B)/latchkey-web: $(WEB_O)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $(WEB_O) $(LIBS)
$(B)/latchkey-api: $(API_O)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $(API_O) $(LIBS)
$(B)/latchkey: $(CLI_O)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_O) $(LIBS)

$(B)/tests/%: tests/unit/%.c tests/unit/t.h $(LIB_O)
	$(Q)$(CC) $(CFLAGS_ALL) -I$(SRC) $(LDFLAGS_ALL) -o $@ $< $(LIB_O) \
	    $(LIBS)

unit: $(addprefix $(B)/tests/,$(UNIT))
	@tests/run-unit.sh $(B)/tests $(UNIT)

# The same sources under AddressSanitizer and UndefinedBehaviorSanitizer.
SAN	 = -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=all
asan:
	$(MAKE) B=build/asan OPT="-O1 -g" EXTRA_CFLAGS="$(SAN)" \
	    EXTRA_LDFLAGS="$(SAN)" HARDEN="-fPIE" all unit

deps:
	@scripts/deps.sh
deps-test:
	@scripts/deps.sh --test

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/serve.sh

# run-all.sh builds first (timed with the other steps).
test: deps-test
	@tests/run-all.sh

e2e: all
	@tests/run-e2e.sh

lint: deps-test
	@scripts/lint.sh

clean:
	rm -rf build test-artifacts

.PHONY: all unit asan deps deps-test run test e2e lint clean

# Further targets (fuzz, bench, install) live in their own fragments.
-include mk/*.mk
