# make install / make uninstall (included by the Makefile).
#
#   make install [PREFIX=/usr/local] [DESTDIR=] [CONFDIR=...]
#
# Layout (PREFIX defaults to /usr/local; DESTDIR is prepended to every path
# written, for staging and packaging, and is never compiled in):
#
#   $(BINDIR)/latchkey               the command-line tool, for administrators
#   $(SBINDIR)/latchkey-web          the FastCGI programs: daemons run by
#   $(SBINDIR)/latchkey-api          spawn-fcgi (or systemd), not commands a
#                                    user types; sbin and section 8, as
#                                    fcgiwrap(8) and php-fpm(8) are. Set
#                                    SBINDIR=$(PREFIX)/libexec/latchkey to
#                                    keep them off every PATH instead.
#   $(DATADIR)/templates/            ClearSilver templates
#   $(DATADIR)/static/               stylesheet and script, for the web server
#   $(DATADIR)/schema.sql            the schema (also built into latchkey)
#   $(CONFDIR)/                      configuration examples from conf/;
#                                    CONFDIR=/etc/latchkey to put them there
#   $(MANDIR)/man1/latchkey.1, man8/latchkey-web.8, man8/latchkey-api.8
#
# The servers read their templates from a directory compiled in
# (LK_TEMPLATE_DIR). `make` compiles in the source tree's templates/, which
# an installed program must not depend on, so install builds the programs
# again in build/install/ with LK_TEMPLATE_DIR = $(DATADIR)/templates: the
# installed servers then find their templates with no configuration at all
# (LATCHKEY_TEMPLATES still overrides it). The development build in build/
# is left as it is. The systemd unit examples get their paths rewritten for
# this PREFIX as they are installed.

BINDIR	?= $(PREFIX)/bin
SBINDIR	?= $(PREFIX)/sbin
DATADIR	?= $(PREFIX)/share/latchkey
CONFDIR	?= $(DATADIR)/conf
MANDIR	?= $(PREFIX)/share/man
INSTALL	?= install

IB	 = build/install
CONF_FILES = conf/README.md conf/lighttpd.conf.in conf/apache.conf.in \
	   conf/latchkey.env conf/spawn-fcgi.example conf/latchkey-purge.timer
UNIT_FILES = conf/latchkey-web.service conf/latchkey-api.service \
	   conf/latchkey-verify.service conf/latchkey-purge.service
MAN1	 = man/latchkey.1
MAN8	 = man/latchkey-web.8 man/latchkey-api.8

# Rebuilt from scratch whenever the compiled-in template directory changes
# (the objects do not depend on the command line otherwise).
install-build:
	@stamp='$(DATADIR)/templates'; \
	if [ "$$(cat $(IB)/.templates 2>/dev/null)" != "$$stamp" ]; then \
		rm -rf $(IB); mkdir -p $(IB); \
		printf '%s\n' "$$stamp" > $(IB)/.templates; \
	fi
	@$(MAKE) --no-print-directory B=$(IB) \
	    EXTRA_CFLAGS="$(EXTRA_CFLAGS) -ULK_TEMPLATE_DIR -DLK_TEMPLATE_DIR='\"$(DATADIR)/templates\"'" \
	    $(IB)/latchkey $(IB)/latchkey-web $(IB)/latchkey-api

install: install-build
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) \
	    $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR)/static \
	    $(DESTDIR)$(CONFDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8
	$(INSTALL) -m 0755 $(IB)/latchkey $(DESTDIR)$(BINDIR)/latchkey
	$(INSTALL) -m 0755 $(IB)/latchkey-web $(IB)/latchkey-api \
	    $(DESTDIR)$(SBINDIR)/
	$(INSTALL) -m 0644 templates/*.cs $(DESTDIR)$(DATADIR)/templates/
	$(INSTALL) -m 0644 static/* $(DESTDIR)$(DATADIR)/static/
	$(INSTALL) -m 0644 schema.sql $(DESTDIR)$(DATADIR)/schema.sql
	$(INSTALL) -m 0644 $(CONF_FILES) $(DESTDIR)$(CONFDIR)/
	@for f in $(UNIT_FILES); do \
		echo "sed ... $$f > $(DESTDIR)$(CONFDIR)/$${f##*/}"; \
		sed -e 's|/usr/local/sbin/|$(SBINDIR)/|g' \
		    -e 's|/usr/local/bin/|$(BINDIR)/|g' \
		    -e 's|/usr/local/share/latchkey/|$(DATADIR)/|g' \
		    "$$f" > $(DESTDIR)$(CONFDIR)/$${f##*/} && \
		chmod 0644 $(DESTDIR)$(CONFDIR)/$${f##*/} || exit 1; \
	done
	$(INSTALL) -m 0644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	$(INSTALL) -m 0644 $(MAN8) $(DESTDIR)$(MANDIR)/man8/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/latchkey $(DESTDIR)$(SBINDIR)/latchkey-web \
	    $(DESTDIR)$(SBINDIR)/latchkey-api \
	    $(DESTDIR)$(MANDIR)/man1/latchkey.1 \
	    $(DESTDIR)$(MANDIR)/man8/latchkey-web.8 \
	    $(DESTDIR)$(MANDIR)/man8/latchkey-api.8
	rm -rf $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR)/static
	rm -f $(DESTDIR)$(DATADIR)/schema.sql
	rm -f $(addprefix $(DESTDIR)$(CONFDIR)/,$(notdir $(CONF_FILES) $(UNIT_FILES)))
	-rmdir $(DESTDIR)$(CONFDIR) $(DESTDIR)$(DATADIR) 2>/dev/null

.PHONY: install install-build uninstall
