/* Permission parsing, canonical form and the subset ("covers") rules. */
#include <string.h>

#include "perm.h"
#include "t.h"

static struct perms
P(const char *s)
{
	struct perms	 p;

	if (perm_parse(&p, s) == -1)
		memset(&p, 0xff, sizeof(p));	/* makes a test fail loudly */
	return p;
}

static const struct {
	const char	*have, *want;
	int		 covers;
} covers[] = {
	{ "admin", "read write delete admin", 1 },
	{ "admin", "invoices:delete", 1 },
	{ "read", "invoices:read customers:read", 1 },
	{ "read", "invoices:write", 0 },
	{ "read write", "read write", 1 },
	{ "read write", "delete", 0 },
	{ "read write", "admin", 0 },
	{ "invoices:read", "invoices:read", 1 },
	{ "invoices:read", "read", 0 },
	{ "invoices:read", "customers:read", 0 },
	{ "invoices:read", "invoices:write", 0 },
	{ "write invoices:read", "invoices:write invoices:read", 1 },
	{ "", "", 1 },
	{ "", "read", 0 },
	{ "delete", "x_y-1:delete", 1 },
};

static const struct {
	const char	*text;
	int		 ok;
	const char	*canonical;
} parse[] = {
	{ "admin read", 1, "read admin" },
	{ "delete write read", 1, "read write delete" },
	{ "  read   write ", 1, "read write" },
	{ "zeta:read alpha:write read", 1, "read alpha:write zeta:read" },
	{ "read read", 1, "read" },
	{ "invoices:read invoices:read", 1, "invoices:read" },
	{ "Read", 0, NULL },
	{ "invoices:admin", 0, NULL },
	{ "Invoices:read", 0, NULL },
	{ ":read", 0, NULL },
	{ "invoices:", 0, NULL },
	{ "a:b:read", 0, NULL },
	{ "abcdefghijabcdefghijabcdefghijabc:read", 0, NULL },	/* 33 */
	{ "abcdefghijabcdefghijabcdefghijab:read", 1,
	    "abcdefghijabcdefghijabcdefghijab:read" },		/* 32 */
	{ "in voices:read", 0, NULL },
	{ "owner", 0, NULL },
};

int
main(void)
{
	struct perms	 h, w;
	char		 out[512];
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof(covers) / sizeof(covers[0]); i++) {
		h = P(covers[i].have);
		w = P(covers[i].want);
		CHECKF(perm_covers(&h, &w) == covers[i].covers, "%s >= %s",
		    covers[i].have, covers[i].want);
	}
	for (i = 0; i < sizeof(parse) / sizeof(parse[0]); i++) {
		rc = perm_parse(&h, parse[i].text);
		CHECKF((rc == 0) == parse[i].ok, "parse '%s'", parse[i].text);
		if (rc == 0 && parse[i].canonical != NULL) {
			CHECK(perm_format(&h, out, sizeof(out)) == 0);
			CHECKF(strcmp(out, parse[i].canonical) == 0,
			    "'%s' -> '%s'", parse[i].text, out);
		}
	}
	h = P("read invoices:write");
	CHECK(perm_covers_one(&h, "read"));
	CHECK(perm_covers_one(&h, "orders:read"));
	CHECK(perm_covers_one(&h, "invoices:write"));
	CHECK(!perm_covers_one(&h, "orders:write"));
	CHECK(!perm_covers_one(&h, "write"));
	CHECK(!perm_covers_one(&h, "bogus"));
	CHECK(perm_valid_scope("read invoices:write"));
	CHECK(!perm_valid_scope("read  write"));
	CHECK(!perm_valid_scope("read "));
	CHECK(!perm_valid_scope(""));
	CHECK(!perm_valid_scope("bogus!"));
	/* At most PERM_MAXRES resource permissions. */
	memset(&h, 0, sizeof(h));
	for (i = 0; i < PERM_MAXRES; i++) {
		snprintf(out, sizeof(out), "r%zu:read", i);
		CHECK(perm_add(&h, out) == 0);
	}
	CHECK(perm_add(&h, "one_more:read") == -1);
	CHECK(perm_format(&h, out, 16) == -1);
	return t_done("test_perm");
}
