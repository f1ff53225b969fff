/*
 * Accounts: creating one, and state changes that must take effect
 * everywhere at once. The dashboard (sign-up and the admin console), the
 * API and the CLI all go through these, with the same rules, and each
 * change commits together with its audit row.
 */
#ifndef LK_ACCOUNT_H
#define LK_ACCOUNT_H

#include <stdint.h>

#include "user.h"

struct actor;

enum account_rc {
	ACCOUNT_OK = 0,
	ACCOUNT_ERR = -1,	/* database trouble: 503 */
	ACCOUNT_INVALID = -2,	/* *field and *why say what to fix */
	ACCOUNT_EXISTS = -3,	/* the email has an account */
	ACCOUNT_BUSY = -4,	/* no hash slot free: retry in a second */
	ACCOUNT_LAST_ADMIN = -5,
	ACCOUNT_WRONG = -6,	/* the current password is not right */
	ACCOUNT_THROTTLED = -7,	/* *retry_after seconds */
};

struct account_new {
	const char	*email;
	const char	*name;		/* may be "" */
	int		 admin;
	const char	*password;	/* NULL: one is generated */
};

/* Failure detail: the field at fault and a sentence for a person. */
struct account_why {
	const char	*field;		/* "email", "name" or "password" */
	const char	*text;
	int64_t		 retry_after;
};

/* The rules a new account follows; ACCOUNT_OK or ACCOUNT_INVALID. */
enum account_rc	account_check_new(const struct account_new *,
		    struct account_why *);
/*
 * Validates, hashes and creates the account, fills u; a generated
 * password goes to generated (25 bytes), to be shown once. Audited as
 * "user.create" (sign-up, CLI) or "admin.user.create" (an admin).
 */
enum account_rc	account_create(const struct account_new *,
		    const struct actor *, int64_t now, struct user *u,
		    char generated[25], struct account_why *);
/* Disables the user, ends their sessions and revokes their token
 * families; their keys, apps and tokens stop while disabled. */
enum account_rc	account_disable(const char *user_id, const struct actor *,
		    int64_t now);
enum account_rc	account_enable(const char *user_id, const struct actor *,
		    int64_t now);
/* Sets a password (admin reset, CLI; generated when pw is NULL) and
 * ends every session and token family of the user (SPEC 8.1). */
enum account_rc	account_set_password(const char *user_id, const char *pw,
		    const struct actor *, int64_t now, char generated[25],
		    struct account_why *);
/*
 * The user's own change: checks current (throttled, SPEC 8.8) and the
 * new one, then ends every session but keep_session and every token
 * family.
 */
enum account_rc	account_change_password(const struct user *u,
		    const char *current, const char *new_pw,
		    const char *device, const char *keep_session,
		    const struct actor *, int64_t now, struct account_why *);
/* Changes the role; ACCOUNT_LAST_ADMIN refuses removing the last one. */
enum account_rc	account_set_role(const char *user_id, int admin,
		    const struct actor *, int64_t now);

#endif
