/*
 * API keys: creation, listing, roll, revocation and verification. The
 * secret exists only in the caller's buffer during creation; the
 * database keeps its keyed hash, a 4-character hint and the prefix.
 */
#ifndef LK_KEYS_H
#define LK_KEYS_H

#include <stdint.h>

#include "keyfmt.h"
#include "perm.h"

#define KEY_IDLEN	20	/* key_ + 16 */
#define KEY_NAMEMAX	100	/* bytes */
#define KEY_ROTATE_AGE	(90 * 86400)
#define KEY_TOUCH	60	/* last_used_at granularity, seconds */
#define KEY_MAXDAYS	3650	/* longest expiry */
#define KEY_MAXGRACE	(7 * 86400)	/* longest roll grace period */

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
	char		 rolled_to[KEY_IDLEN + 1];	/* "" if not rolled */
	int64_t		 rate_limit;	/* per hour; 0: the default */
};

enum key_status { KEY_ACTIVE, KEY_EXPIRED, KEY_REVOKED, KEY_STATUS__MAX };

enum keys_rc {
	KEYS_OK = 0,
	KEYS_ERR = -1,		/* database trouble */
	KEYS_NOTFOUND = -2,	/* no such key (for this user) */
	KEYS_MALFORMED = -3,	/* not a key: shape or checksum */
	KEYS_REVOKED = -4,
	KEYS_EXPIRED = -5,
	KEYS_DISABLED = -6,	/* the owner is disabled */
};

/* NULL if k's permissions suit its kind, else why not: restricted keys
 * can't hold admin, only restricted keys hold resource permissions, and
 * a key needs at least one permission. */
const char	*keys_check_perms(const struct apikey *);
enum key_status	 key_status(const struct apikey *, int64_t now);
/* 1 for "live" or "test". */
int		 keys_valid_env(const char *);
const char	*key_status_name(enum key_status);

/* Inserts k (user_id, name, live, restricted, perms, expires_at set by
 * the caller); fills id, prefix, hint, created_at and secret. */
enum keys_rc	 keys_create(struct apikey *k, int64_t now,
		    char secret[KEY_LEN + 1]);
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
enum keys_rc	 keys_set_limit(const char *id, int64_t limit);
/* Revokes every live key of user; fills how many. */
enum keys_rc	 keys_revoke_all(const char *user_id, int64_t now,
		    const char *reason, int64_t *n);
/* Keys of user (NULL: all), newest first. */
enum keys_rc	 keys_each(const char *user_id,
		    void (*)(const struct apikey *, void *), void *);
/* Replaces key id with a new one of the same settings; the old one
 * stops working after grace seconds (0: now). A key is rolled once:
 * KEYS_NOTFOUND if it is not active or already rolled. */
enum keys_rc	 keys_roll(const char *user_id, const char *id, int64_t grace,
		    int64_t now, struct apikey *newk,
		    char secret[KEY_LEN + 1]);
/* Revokes key id of user (NULL: of anyone); KEYS_NOTFOUND if absent or
 * already revoked. */
enum keys_rc	 keys_revoke(const char *user_id, const char *id,
		    int64_t now, const char *reason);
/* Finds the key of a presented secret whatever its state, without
 * counting a use (for leak reports). KEYS_OK or NOTFOUND/MALFORMED. */
enum keys_rc	 keys_find(const char *secret, struct apikey *k);
/* Looks a presented secret up. The shape and checksum are checked
 * before any database access. On KEYS_OK (and on REVOKED, EXPIRED,
 * DISABLED) fills k. Updates last_used_at at most once a KEY_TOUCH. */
enum keys_rc	 keys_verify(const char *secret, int64_t now, struct apikey *k);

#endif
