/*
 * Password checks, shared by the dashboard's sign-in, /v1/auth/login and
 * the password-change form, so all have the same throttling (SPEC 8.8),
 * limits on hashing (8.9), audit trail and timing.
 */
#ifndef LK_LOGIN_H
#define LK_LOGIN_H

#include <stdint.h>

#include "user.h"

#define SIGNIN_PER_ACCOUNT	30	/* successful sign-ins a minute */
#define SIGNIN_PER_ADDRESS	60
#define KNOWN_ADDRESS_TTL	(30 * 86400)

struct actor;

enum login_rc {
	LOGIN_OK,
	LOGIN_INVALID,		/* unknown email, wrong password, disabled */
	LOGIN_THROTTLED,	/* *retry_after seconds */
	LOGIN_BUSY,		/* every hash slot in use: retry in 1 s */
	LOGIN_ERR,		/* database trouble: answer 503 */
};

struct login_req {
	const char	*email;
	const char	*password;
	const char	*device;	/* the device cookie, if any */
	int		 api;		/* /v1/auth/login: known addresses */
	/*
	 * Called for a good password inside the transaction that records
	 * the success, after the password was found to be still the
	 * current one: creates the session or tokens, so a password change
	 * that commits first refuses the sign-in, and one that commits
	 * later ends what it made (SPEC 8.1). 0 or -1.
	 */
	int		(*start)(const struct user *, void *);
	void		*arg;
};

/*
 * Signs in: an unknown email costs the same argon2id verification as a
 * known one and gets the same answer. a->user_id is ignored (it is the
 * account's once known). Fills u on LOGIN_OK.
 */
enum login_rc	login_password(const struct login_req *, const struct actor *,
		    int64_t now, struct user *u, int64_t *retry_after);

/*
 * Re-authentication of a signed-in user u (the password-change form):
 * the same throttle and audit ("password.failure", "password.throttled").
 * LOGIN_OK if password is u's current one.
 */
enum login_rc	login_recheck(const struct user *u, const char *password,
		    const char *device, const struct actor *, int64_t now,
		    int64_t *retry_after);

#endif
