/*
 * Permissions held by credentials. Base permissions read, write, delete
 * and admin; restricted keys may instead (or also) hold resource
 * permissions "<resource>:<read|write|delete>". read covers every
 * "<resource>:read", likewise write and delete; admin covers everything.
 */
#ifndef LK_PERM_H
#define LK_PERM_H

#include <stddef.h>

#define PERM_READ	0x01
#define PERM_WRITE	0x02
#define PERM_DELETE	0x04
#define PERM_ADMIN	0x08
#define PERM_ALL	0x0f
#define PERM_MAXRES	32	/* resource permissions per key */

struct perms {
	unsigned	 base;
	size_t		 nres;
	char		 res[PERM_MAXRES][40];	/* "<resource>:<op>" */
};

/* Adds one permission by name; -1 if unknown or malformed. */
int	perm_add(struct perms *, const char *);
/* Parses a space-separated list (as stored); -1 on any bad entry. */
int	perm_parse(struct perms *, const char *);
/* 1 for the OAuth scopes that grant no permission: offline_access
 * (refresh tokens) and OpenID Connect's openid, email, profile. */
int	perm_grant_word(const char *);
/* Parses an OAuth scope: permissions plus perm_grant_word ones, which
 * are skipped. -1 on any other bad entry. */
int	perm_parse_scope(struct perms *, const char *);
/* Adds a space-separated list to what p already holds; -1 if bad. */
int	perm_parse_more(struct perms *, const char *);
/* Canonical space-separated text: base in fixed order, then resources
 * sorted; -1 if it doesn't fit. */
int	perm_format(const struct perms *, char *, size_t);
/* 1 if p holds the single permission or scope named (e.g. "write",
 * "invoices:read"). */
int	perm_covers_one(const struct perms *, const char *);
/* 1 if every permission in want is covered by have. */
int	perm_covers(const struct perms *have, const struct perms *want);
/* The first permission of want that have doesn't cover, or NULL. */
const char *perm_uncovered(const struct perms *have,
	    const struct perms *want);
/* 1 if s names one permission: a base one or "resource:op". */
int	perm_valid_name(const char *);
/* 1 if s is permission names separated by single spaces. */
int	perm_valid_scope(const char *);
/* 1 if "resource:op" is well formed. */
int	perm_valid_resource(const char *);

#endif
