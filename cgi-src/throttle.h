/*
 * Sign-in throttling shared by the dashboard and the API: 5 failures
 * for one account or from one address within 15 minutes refuse further
 * attempts (the right password included) until the oldest of them is 15
 * minutes old. Refused attempts are not counted, so a stranger cannot
 * extend an owner's lock-out beyond the window without failing again.
 */
#ifndef LK_THROTTLE_H
#define LK_THROTTLE_H

#include <stdint.h>

#define THROTTLE_MAX	5
#define THROTTLE_WINDOW	(15 * 60)

/* 0 if allowed; else seconds until the next attempt may be made.
 * -1 on a database error. */
int64_t	throttle_login_check(const char *ip, const char *email, int64_t now);
/* Records a failure for both the address and the account. */
int	throttle_login_fail(const char *ip, const char *email, int64_t now);
/* A successful sign-in clears the account's failures. */
int	throttle_login_ok(const char *email);

/* Counts one event for scope/subject unless max already happened within
 * window seconds: 0 if allowed (and counted), else seconds to wait;
 * -1 on a database error. */
int64_t	throttle_hit(const char *scope, const char *subject, int max,
	    int window, int64_t now);

#endif
