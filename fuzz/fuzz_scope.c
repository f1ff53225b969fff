/*
 * Permissions and scopes: perm_parse, perm_parse_scope,
 * perm_valid_scope, client_valid_scope_list. Properties:
 *  - perm_format of a parsed set parses back to the same set, and
 *    formatting that gives the same text (it is canonical);
 *  - a set covers itself and each name it was parsed from;
 *  - what the validators accept, the parsers accept, unless it names
 *    more than PERM_MAXRES distinct resource permissions;
 *  - perm_parse_scope equals perm_parse with the words that grant no
 *    permission (offline_access, openid, email, profile) removed;
 *  - client_scope_ok only passes scopes the client's scopes cover, and
 *    those words only if the client has them; scope_subset only
 *    passes words of the allowed list.
 */
#include <stdint.h>
#include <string.h>

#include "client.h"
#include "perm.h"
#include "tokens.h"

#include "fuzz.h"

static int
same(const struct perms *a, const struct perms *b)
{
	size_t	 i, j;

	if (a->base != b->base || a->nres != b->nres)
		return 0;
	for (i = 0; i < a->nres; i++) {
		for (j = 0; j < b->nres; j++)
			if (strcmp(a->res[i], b->res[j]) == 0)
				break;
		if (j == b->nres)
			return 0;
	}
	return 1;
}

/* Number of distinct words of s that are not base permissions. */
static size_t
distinct_res(const char *s)
{
	char	 w[PERM_MAXRES * 2 + 2][64];
	size_t	 n = 0, i, l;

	while (*s != '\0') {
		s += strspn(s, " ");
		if ((l = strcspn(s, " ")) == 0)
			break;
		if (l < 64) {
			memcpy(w[n], s, l);
			w[n][l] = '\0';
			for (i = 0; i < n; i++)
				if (strcmp(w[i], w[n]) == 0)
					break;
			if (i == n && strcmp(w[n], "read") != 0 &&
			    strcmp(w[n], "write") != 0 &&
			    strcmp(w[n], "delete") != 0 &&
			    strcmp(w[n], "admin") != 0 &&
			    !perm_grant_word(w[n]) &&
			    ++n == sizeof(w) / sizeof(w[0]))
				break;
		}
		s += l;
	}
	return n;
}

static void
check_parsed(const struct perms *p, const char *s)
{
	struct perms	 q;
	char		 out[2048], out2[2048], w[64];
	size_t		 l;

	PROP(p->nres <= PERM_MAXRES);
	PROP(perm_format(p, out, sizeof(out)) == 0);
	PROP(perm_parse(&q, out) == 0);
	PROP(same(p, &q));
	PROP(perm_format(&q, out2, sizeof(out2)) == 0);
	PROP(strcmp(out, out2) == 0);
	PROP(*out == '\0' || perm_valid_scope(out));
	PROP(perm_covers(p, p));
	while (*s != '\0') {
		s += strspn(s, " ");
		if ((l = strcspn(s, " ")) == 0)
			break;
		PROP(l < sizeof(w));
		memcpy(w, s, l);
		w[l] = '\0';
		if (!perm_grant_word(w))
			PROP(perm_covers_one(p, w));
		s += l;
	}
}

/* 1 if the space-separated list s has the word w. */
static int
has_word(const char *s, const char *w)
{
	size_t	 l, n = strlen(w);

	while (*s != '\0') {
		s += strspn(s, " ");
		l = strcspn(s, " ");
		if (l == n && strncmp(s, w, n) == 0)
			return 1;
		s += l;
	}
	return 0;
}

/* 1 if the l bytes at r are a word that grants no permission. */
static int
grant_at(const char *r, size_t l)
{
	char	 w[16];

	if (l >= sizeof(w))
		return 0;
	memcpy(w, r, l);
	w[l] = '\0';
	return perm_grant_word(w);
}

/* client_scope_ok and scope_subset for two clients' allowed scopes. */
static void
check_client(const char *s, const struct perms *want)
{
	static struct client	 c1, c2;
	struct perms		 allowed;
	const char		*r;
	size_t			 l;

	snprintf(c1.scopes, sizeof(c1.scopes), "read invoices:write");
	snprintf(c2.scopes, sizeof(c2.scopes), "write offline_access");
	if (client_scope_ok(&c1, s)) {
		PROP(want != NULL && !has_word(s, "offline_access") &&
		    !has_word(s, "openid") && !has_word(s, "email") &&
		    !has_word(s, "profile"));
		PROP(perm_parse(&allowed, c1.scopes) == 0);
		PROP(perm_covers(&allowed, want));
	}
	if (client_scope_ok(&c2, s)) {
		PROP(want != NULL);
		PROP(perm_parse(&allowed, "write") == 0);
		PROP(perm_covers(&allowed, want));
	}
	if (scope_subset(s, c2.scopes))
		for (r = s; *r != '\0'; r += l) {
			r += strspn(r, " ");
			l = strcspn(r, " ");
			PROP(l == 0 || (l == 5 && strncmp(r, "write", 5) == 0) ||
			    (l == 14 && strncmp(r, "offline_access", 14) == 0));
		}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct perms	 p, ps, q;
	char		*s = fz_cstr(data, size), *t, *o;
	const char	*r;
	int		 rp, rs;

	rp = perm_parse(&p, s);
	if (rp == 0)
		check_parsed(&p, s);
	rs = perm_parse_scope(&ps, s);
	if (rs == 0)
		check_parsed(&ps, s);
	if (perm_valid_scope(s))
		PROP(rp == 0 || distinct_res(s) > PERM_MAXRES);
	if (client_valid_scope_list(s))
		PROP(rs == 0 || distinct_res(s) > PERM_MAXRES);
	check_client(s, rs == 0 ? &ps : NULL);
	/* The same words without the grant words as plain permissions. */
	if ((t = malloc(size + 1)) == NULL)
		abort();
	o = t;
	for (r = s; *r != '\0';) {
		size_t sp = strspn(r, " "), l;
		memcpy(o, r, sp);
		o += sp;
		r += sp;
		l = strcspn(r, " ");
		if (!grant_at(r, l)) {
			memcpy(o, r, l);
			o += l;
		}
		r += l;
	}
	*o = '\0';
	PROP((perm_parse(&q, t) == 0) == (rs == 0));
	if (rs == 0)
		PROP(same(&q, &ps));
	free(t);
	free(s);
	return 0;
}
