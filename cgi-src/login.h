/*
 * Password sign-in, shared by the dashboard and the API so both have
 * the same throttling, audit trail and timing.
 */
#ifndef LK_LOGIN_H
#define LK_LOGIN_H

#include <stdint.h>

#include "user.h"

enum login_rc {
	LOGIN_OK,
	LOGIN_INVALID,		/* unknown email, wrong password, disabled */
	LOGIN_THROTTLED,	/* *retry_after seconds */
	LOGIN_ERR,		/* database trouble: answer 503 */
};

/*
 * Checks email and password. An unknown email costs the same argon2id
 * verification as a known one and gets the same answer. Fills u on
 * LOGIN_OK.
 */
enum login_rc	login_password(const char *email, const char *password,
		    const char *ip, int64_t now, struct user *u,
		    int64_t *retry_after);

#endif
