/*
 * API keys: creation, listing, roll, revocation and verification. The
 * secret exists only in the caller's buffer during creation; the
 * database keeps its keyed hash, a 4-character hint and the prefix.
 */
#ifndef LK_KEYS_H
#define LK_KEYS_H

#include <stdint.h>

#include "keyfmt.h"
#include "rc.h"
#include "perm.h"
#include "plan.h"

#define KEY_IDLEN	20	/* key_ + 16 */
#define KEY_NAMEMAX	100	/* bytes */
#define KEY_ROTATE_AGE	(90 * 86400)
#define KEY_TOUCH	60	/* last_used_at granularity, seconds */
#define KEY_MAXDAYS	3650	/* longest expiry */
#define KEY_MAXLIVE	1000	/* unrevoked keys per user (SPEC 8.13) */
#define KEY_MAXGRACE	(7 * 86400)	/* the longest roll grace */

struct actor;

struct apikey {
	char		 id[KEY_IDLEN + 1];
	char		 user_id[21];
	char		 user_email[255];
	char		 name[KEY_NAMEMAX + 1];
	char		 prefix[KEY_PREFIXLEN + 1];
	char		 hint[KEY_HINTLEN + 1];
	int		 live;
	int		 restricted;
	struct perms	 perms;
	int64_t		 created_at;
	int64_t		 expires_at;	/* 0: never */
	int64_t		 last_used_at;	/* 0: never */
	int64_t		 revoked_at;	/* 0: not revoked */
	int		 owner_disabled;
	int		 owner_admin;	/* the owner is an administrator */
	char		 rolled_to[KEY_IDLEN + 1];	/* "" if not rolled */
	char		 rolled_from[KEY_IDLEN + 1]; /* the key it replaced */
	int64_t		 rate_limit;	/* per hour; 0: the default */
	char		 tier[PLAN_NAMEMAX + 1];	/* "" : none */
	int		 tier_chosen;	/* create: tier was asked for */
	int64_t		 tier_per_second;	/* its tier's; 0: unset */
	int64_t		 tier_per_hour;
	char		 owner_plan[PLAN_NAMEMAX + 1];	/* "" : none */
	int64_t		 owner_per_month;	/* its quota; 0: none */
};

enum key_status { KEY_ACTIVE, KEY_EXPIRED, KEY_REVOKED, KEY_STATUS__MAX };

enum keys_rc {
	KEYS_OK = RC_OK,
	KEYS_ERR = RC_ERR,		/* database trouble */
	KEYS_NOTFOUND = RC_NOTFOUND,	/* no such key (for this user) */
	KEYS_MALFORMED = -3,	/* not a key: shape or checksum */
	KEYS_REVOKED = -4,
	KEYS_EXPIRED = -5,
	KEYS_DISABLED = -6,	/* the owner is disabled */
	KEYS_LIMIT = -7,	/* the user has KEY_MAXLIVE keys */
	KEYS_WIDEN = -8,	/* an edit would add a permission */
	KEYS_EMPTY = -9,	/* an edit would leave no permission */
	KEYS_TIER_UNKNOWN = -10,	/* no such plan */
	KEYS_TIER_ABOVE = -11,	/* above the account's plan (SPEC 9) */
};

/* Why a key is revoked; each has its own audit action. */
enum keys_why {
	REVOKE_OWNER,		/* "key.revoke" */
	REVOKE_ADMIN,		/* "admin.key.revoke" */
	REVOKE_LEAKED,		/* "key.revoke_leaked" */
	REVOKE__MAX
};

/* A key to create, as the dashboard, the API or a script gives it. */
struct key_input {
	const char		*name;		/* NULL: absent */
	const char		*environment;	/* NULL: absent */
	int			 restricted;
	const char *const	*perms;		/* permission names */
	size_t			 nperms;
	const char		*more_perms;	/* space-separated, or NULL */
	int			 has_days;
	int64_t			 days;		/* expires_in_days */
	const char		*expires_on;	/* YYYY-MM-DD, or NULL */
	const char		*tier;		/* NULL: the account's plan */
};

/*
 * Fills k (for user_id) from in, by the one set of rules every way of
 * creating a key follows: a name, an environment, known permissions
 * that suit the key's kind (restricted keys can't hold admin, only they
 * hold resource permissions, at least one), an expiry within ten years.
 * NULL, or the input field at fault with *msg saying why.
 */
const char	*keys_from_input(const struct key_input *, const char *user_id,
		    int64_t now, struct apikey *k, const char **msg);
/* Adds each space-separated resource permission of s to p; NULL, or a
 * message naming the bad one. */
const char	*keys_parse_more(struct perms *, const char *s);
/* A change to a key (keyedit.c): NULL members stay as they are. */
struct key_edit {
	const char		*name;
	const struct perms	*perms;
};

/* Renames the key of user_id, and narrows a restricted key's
 * permissions, audited ("key.update"). KEYS_WIDEN if perms hold one the
 * key doesn't (*bad names it; NULL: the key isn't restricted),
 * KEYS_EMPTY for none left, KEYS_REVOKED / KEYS_EXPIRED for a key that
 * ended, KEYS_NOTFOUND. */
enum keys_rc	 keys_edit(const char *user_id, const char *id,
		    const struct key_edit *, const struct actor *, int64_t now,
		    const char **bad);
/* 1 for a roll grace period SPEC 2 offers: 0, 1 h, 24 h, 7 d. */
int		 keys_valid_grace(int64_t);
enum key_status	 key_status(const struct apikey *, int64_t now);
/* 1 for "live" or "test". */
int		 keys_valid_env(const char *);
const char	*key_status_name(enum key_status);

/* Inserts k (from keys_from_input) and its audit row; fills id,
 * prefix, hint, created_at, tier and secret. KEYS_LIMIT beyond
 * KEY_MAXLIVE; KEYS_TIER_UNKNOWN / KEYS_TIER_ABOVE for a tier the owner
 * may not choose. */
enum keys_rc	 keys_create(struct apikey *k, const struct actor *,
		    int64_t now, char secret[KEY_LEN + 1]);
/* One key of user (NULL: of anyone). */
enum keys_rc	 keys_get(const char *user_id, const char *id,
		    struct apikey *);
/* Admin search; NULL members match anything. */
struct key_filter {
	const char	*owner_email;
	const char	*status;	/* active, expired, revoked */
	const char	*environment;
	const char	*text;		/* in the name, or the exact id */
};
/* Matching keys, newest first, limit from offset; *total counts all. */
enum keys_rc	 keys_search(const struct key_filter *, int64_t now,
		    int64_t offset, int limit, int64_t *total,
		    void (*)(const struct apikey *, void *), void *);
/* Sets an admin's per-key rate limit (0: back to the default). */
enum keys_rc	 keys_set_limit(const char *id, int64_t limit,
		    const struct actor *, int64_t now);
/* Revokes every live key of user; fills how many. */
enum keys_rc	 keys_revoke_all(const char *user_id, const char *reason,
		    const struct actor *, int64_t now, int64_t *n);
/* Keys of user (NULL: all), newest first. */
enum keys_rc	 keys_each(const char *user_id,
		    void (*)(const struct apikey *, void *), void *);
/* Replaces key id with a new one of the same settings; the old one
 * stops working after grace seconds (0: now). A key is rolled once:
 * KEYS_NOTFOUND if it is not active or already rolled. */
enum keys_rc	 keys_roll(const char *user_id, const char *id, int64_t grace,
		    const struct actor *, int64_t now, struct apikey *newk,
		    char secret[KEY_LEN + 1]);
/* Revokes key id of user (NULL: of anyone); KEYS_NOTFOUND if absent or
 * already revoked. reason goes to the audit log. */
enum keys_rc	 keys_revoke(const char *user_id, const char *id,
		    enum keys_why, const char *reason, const struct actor *,
		    int64_t now);
/* Revokes the key of a presented secret, whatever its owner's state,
 * without counting a use (leak reports); fills k. KEYS_OK if it was
 * revoked now, else NOTFOUND/MALFORMED (or ERR). */
enum keys_rc	 keys_revoke_secret(const char *secret, const char *reason,
		    const struct actor *, int64_t now, struct apikey *k);
/* Finds the key of a presented secret whatever its state, without
 * counting a use (for leak reports). KEYS_OK or NOTFOUND/MALFORMED. */
enum keys_rc	 keys_find(const char *secret, struct apikey *k);
/* Looks a presented secret up. The shape and checksum are checked
 * before any database access. On KEYS_OK (and on REVOKED, EXPIRED,
 * DISABLED) fills k. Not a use: last_used_at stays (introspection). */
enum keys_rc	 keys_check(const char *secret, int64_t now, struct apikey *k);
/* keys_check, and a use: updates last_used_at at most once a KEY_TOUCH. */
enum keys_rc	 keys_verify(const char *secret, int64_t now, struct apikey *k);
/* A use of k by other means (a JWT it signed): last_used_at as above. */
enum keys_rc	 keys_touch(struct apikey *k, int64_t now);

#endif
