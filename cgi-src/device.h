/*
 * Device cookies (OWASP): a browser that signed in to an account gets
 * a cookie, signed by us and bound to the account, that marks it as a
 * known device of that account for a year. Failed sign-ins of strangers
 * then can't lock the owner's own browser out (SPEC 8.8).
 */
#ifndef LK_DEVICE_H
#define LK_DEVICE_H

#include <stdint.h>

#define DEVICE_COOKIE	"__Host-latchkey_device"
#define DEVICE_TTL	(365 * 86400)
#define DEVICE_LEN	128	/* nonce.issued.mac, at most */

/* A new cookie value for user_id, issued now. */
void	device_make(const char *user_id, int64_t now, char out[DEVICE_LEN + 1]);
/* 1 if value is a cookie we issued for user_id less than a year ago. */
int	device_check(const char *value, const char *user_id, int64_t now);

#endif
