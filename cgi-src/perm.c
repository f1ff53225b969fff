#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perm.h"
#include "valid.h"

static const struct { const char *name; unsigned bit; } bases[] = {
	{ "read", PERM_READ }, { "write", PERM_WRITE },
	{ "delete", PERM_DELETE }, { "admin", PERM_ADMIN },
};
#define NBASES	(sizeof(bases) / sizeof(bases[0]))

static unsigned
base_bit(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < NBASES; i++)
		if (strlen(bases[i].name) == n &&
		    strncmp(bases[i].name, s, n) == 0)
			return bases[i].bit;
	return 0;
}

int
perm_valid_resource(const char *s)
{
	const char	*colon = strchr(s, ':');
	size_t		 i, n;
	unsigned	 op;

	if (colon == NULL || (n = (size_t)(colon - s)) == 0 || n > 32)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	op = base_bit(colon + 1, strlen(colon + 1));
	return op != 0 && op != PERM_ADMIN;
}

int
perm_add(struct perms *p, const char *s)
{
	unsigned	 b = base_bit(s, strlen(s));
	size_t		 i;

	if (b != 0) {
		p->base |= b;
		return 0;
	}
	if (!perm_valid_resource(s))
		return -1;
	for (i = 0; i < p->nres; i++)
		if (strcmp(p->res[i], s) == 0)
			return 0;
	if (p->nres == PERM_MAXRES)
		return -1;
	snprintf(p->res[p->nres++], sizeof(p->res[0]), "%s", s);
	return 0;
}

int
perm_parse(struct perms *p, const char *s)
{
	memset(p, 0, sizeof(*p));
	return perm_parse_more(p, s);
}

/* Adds each word of s to p; with grants, OAuth scopes that are not
 * permissions (perm_grant_word) are skipped. */
static int
parse_words(struct perms *p, const char *s, int grants)
{
	char	 word[64];
	size_t	 n;

	while (*s != '\0') {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		n = strcspn(s, " ");
		if (n >= sizeof(word))
			return -1;
		memcpy(word, s, n);
		word[n] = '\0';
		if ((!grants || !perm_grant_word(word)) &&
		    perm_add(p, word) == -1)
			return -1;
		s += n;
	}
	return 0;
}

int
perm_parse_more(struct perms *p, const char *s)
{
	return parse_words(p, s, 0);
}

int
perm_grant_word(const char *w)
{
	return strcmp(w, "offline_access") == 0 || strcmp(w, "openid") == 0 ||
	    strcmp(w, "email") == 0 || strcmp(w, "profile") == 0;
}

int
perm_parse_scope(struct perms *p, const char *s)
{
	memset(p, 0, sizeof(*p));
	return parse_words(p, s, 1);
}

static int
cmpres(const void *a, const void *b)
{
	return strcmp(a, b);
}

int
perm_format(const struct perms *p, char *out, size_t outsz)
{
	struct perms	 sorted = *p;
	size_t		 i, len = 0;
	int		 n;

	qsort(sorted.res, sorted.nres, sizeof(sorted.res[0]), cmpres);
	out[0] = '\0';
	for (i = 0; i < NBASES + sorted.nres; i++) {
		const char *w;
		if (i < NBASES) {
			if (!(p->base & bases[i].bit))
				continue;
			w = bases[i].name;
		} else
			w = sorted.res[i - NBASES];
		n = snprintf(out + len, outsz - len, "%s%s", len ? " " : "", w);
		if (n < 0 || (size_t)n >= outsz - len)
			return -1;
		len += (size_t)n;
	}
	return 0;
}

int
perm_covers_one(const struct perms *p, const char *want)
{
	const char	*colon;
	size_t		 i;
	unsigned	 b;

	if (p->base & PERM_ADMIN)
		return 1;
	if ((b = base_bit(want, strlen(want))) != 0)
		return (p->base & b) == b;
	if ((colon = strchr(want, ':')) == NULL ||
	    (b = base_bit(colon + 1, strlen(colon + 1))) == 0)
		return 0;
	if (p->base & b)
		return 1;
	for (i = 0; i < p->nres; i++)
		if (strcmp(p->res[i], want) == 0)
			return 1;
	return 0;
}

const char *
perm_uncovered(const struct perms *have, const struct perms *want)
{
	size_t	 i;

	for (i = 0; i < NBASES; i++)
		if ((want->base & bases[i].bit) &&
		    !perm_covers_one(have, bases[i].name))
			return bases[i].name;
	for (i = 0; i < want->nres; i++)
		if (!perm_covers_one(have, want->res[i]))
			return want->res[i];
	return NULL;
}

int
perm_covers(const struct perms *have, const struct perms *want)
{
	return perm_uncovered(have, want) == NULL;
}

int
perm_valid_name(const char *s)
{
	return base_bit(s, strlen(s)) != 0 || perm_valid_resource(s);
}

int
perm_valid_scope(const char *s)
{
	return valid_words(s, perm_valid_name);
}
