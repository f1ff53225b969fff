#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "log.h"
#include "login.h"
#include "password.h"
#include "throttle.h"
#include "valid.h"

enum login_rc
login_password(const char *email, const char *password, const char *ip,
    int64_t now, struct user *u, int64_t *retry_after)
{
	enum user_rc	 urc = USER_NOTFOUND;
	int		 ok;

	*retry_after = throttle_login_check(ip, email, now);
	if (*retry_after == -1)
		return LOGIN_ERR;
	if (*retry_after > 0)
		return LOGIN_THROTTLED;
	if (valid_email(email))
		urc = user_by_email(email, u);
	if (urc == USER_ERR)
		return LOGIN_ERR;
	if (urc == USER_OK)
		ok = password_verify(u->hash, password) == 0 && !u->disabled;
	else {
		password_verify_dummy(password);
		ok = 0;
	}
	if (!ok) {
		if (throttle_login_fail(ip, email, now) == -1 ||
		    audit_log(now, urc == USER_OK ? u->id : NULL,
		    "login.failure", urc == USER_OK ? u->id : "", ip,
		    urc == USER_OK && u->disabled ? "account disabled" : ""))
			return LOGIN_ERR;
		sodium_memzero(u, sizeof(*u));
		return LOGIN_INVALID;
	}
	if (throttle_login_ok(email) == -1 ||
	    audit_log(now, u->id, "login.success", u->id, ip, "") == -1)
		return LOGIN_ERR;
	return LOGIN_OK;
}
