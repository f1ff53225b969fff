/*
 * Plans (tiers) the operator defines, and who has one (SPEC 9): an
 * account's plan, a key's tier. Owns table plans and the plan and tier
 * columns of users and api_keys. Each change commits with its audit row.
 */
#ifndef LK_PLAN_H
#define LK_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "rc.h"

#define PLAN_NAMEMAX	32
#define PLAN_DISPMAX	100
#define PLAN_MAXLIMIT	2000000000	/* any limit; fits the counters */

struct actor;

struct plan {
	char		 name[PLAN_NAMEMAX + 1];
	char		 display_name[PLAN_DISPMAX + 1];
	int64_t		 rank;
	int64_t		 per_second;	/* 0: unset */
	int64_t		 per_hour;	/* 0: unset */
	int64_t		 per_month;	/* 0: unset (no quota) */
	int64_t		 accounts;	/* users on it (plan_each) */
	int64_t		 keys;		/* keys with it as tier */
};

enum plan_rc {
	PLAN_OK = RC_OK,
	PLAN_ERR = RC_ERR,
	PLAN_NOTFOUND = RC_NOTFOUND,
	PLAN_EXISTS = -3,
	PLAN_INUSE = -4,	/* an account or key has it */
	PLAN_INVALID = -5,	/* a bad name or value */
	PLAN_ABOVE = -6,	/* a tier above the account's plan */
};

/* What plan_add / plan_set change; has_* say which members are given. */
struct plan_input {
	const char	*display_name;	/* NULL: keep (add: the name) */
	int		 has_rank, has_second, has_hour, has_month;
	int64_t		 rank, per_second, per_hour, per_month;	/* 0: unset */
};

/* 1 for a plan name: [a-z0-9_-]{1,32}. */
int		 plan_valid_name(const char *);
/* NULL if in's values are acceptable, else the field at fault. */
const char	*plan_check_input(const struct plan_input *);
enum plan_rc	 plan_add(const char *name, const struct plan_input *,
		    const struct actor *, int64_t now);
enum plan_rc	 plan_set(const char *name, const struct plan_input *,
		    const struct actor *, int64_t now);
/* PLAN_INUSE while an account or key uses it. */
enum plan_rc	 plan_remove(const char *name, const struct actor *,
		    int64_t now);
enum plan_rc	 plan_get(const char *name, struct plan *);
/* Every plan, by rank then name, with accounts and keys counted. */
enum plan_rc	 plan_each(void (*)(const struct plan *, void *), void *);
/* The account's plan into p (PLAN_NOTFOUND: none). */
enum plan_rc	 plan_of_user(const char *user_id, struct plan *p);
/* Sets (name NULL: clears) an account's plan; existing keys keep their
 * tiers. PLAN_NOTFOUND for an unknown plan or user. */
enum plan_rc	 plan_set_user(const char *user_id, const char *name,
		    const struct actor *, int64_t now);
/* An admin sets (NULL: clears) a key's tier, whatever its rank. */
enum plan_rc	 plan_set_key(const char *key_id, const char *name,
		    const struct actor *, int64_t now);
/*
 * The tier a new key of user gets: want (NULL: the account's plan, if
 * any) into out ("" for none). PLAN_INVALID for an unknown name,
 * PLAN_ABOVE for a rank above the account's plan or any tier for an
 * account without one.
 */
enum plan_rc	 plan_tier_for(const char *user_id, const char *want,
		    char out[PLAN_NAMEMAX + 1]);
/* "10/s, 1000/h, 100000/month" (the limits set), into out. */
void		 plan_limits_text(const struct plan *, char *out, size_t outsz);
/* Gives a new account LATCHKEY_DEFAULT_PLAN, if that plan exists; in
 * the caller's transaction. 0 / -1. */
int		 plan_apply_default(const char *user_id);

#endif
