#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "db.h"
#include "device.h"
#include "login.h"
#include "metrics.h"
#include "password.h"
#include "purge.h"
#include "ratelimit.h"
#include "throttle.h"
#include "valid.h"

static const char SQL_KNOWN[] =
    "SELECT 1 FROM known_addresses WHERE user_id = ?1 AND ip = ?2 AND "
    "last_success_at > ?3";
static const char SQL_REMEMBER[] =
    "INSERT INTO known_addresses (user_id, ip, last_success_at) "
    "VALUES (?1, ?2, ?3) ON CONFLICT (user_id, ip) DO UPDATE SET "
    "last_success_at = excluded.last_success_at";

/* What a check is and how it is audited. */
struct check {
	const char	*email;
	const char	*password;
	const struct user *u;	/* NULL: unknown account */
	int		 known;	/* from a known device of the account */
	const char	*fail, *throttled;	/* audit actions */
	const char	*ip;
};

static int
known_address(const char *user_id, const char *ip, int64_t now)
{
	struct dbq	*q;
	enum db_rc	 rc;

	if ((q = db_q(SQL_KNOWN)) == NULL || db_bind_text(q, 1, user_id) ||
	    db_bind_text(q, 2, ip) ||
	    db_bind_int(q, 3, now - KNOWN_ADDRESS_TTL))
		return -1;
	rc = db_step(q);
	db_end(q);
	return rc == DB_ERR ? -1 : rc == DB_ROW;
}

static int
remember_address(const char *user_id, const char *ip, int64_t now)
{
	struct dbq	*q;

	if ((q = db_q(SQL_REMEMBER)) == NULL || db_bind_text(q, 1, user_id) ||
	    db_bind_text(q, 2, ip) || db_bind_int(q, 3, now))
		return -1;
	return db_exec(q);
}

/* Writes one audit row in a transaction of its own; 0 / -1. */
static int
audit_alone(const struct actor *a, int64_t now, const char *action,
    const char *target, const char *detail)
{
	if (db_begin() == -1)
		return -1;
	if (audit(a, now, action, target, detail) == -1 || db_commit() == -1) {
		db_rollback();
		return -1;
	}
	return 0;
}

/* The password check itself, throttled. LOGIN_OK leaves *c holding its
 * events, for the caller's transaction to drop. */
static enum login_rc
check(const struct check *k, struct pwcheck *c, const struct actor *a,
    int64_t now, int64_t *retry_after)
{
	struct actor	 who = *a;
	const char	*target = k->u != NULL ? k->u->id : "";
	int		 rc;

	who.user_id = k->u != NULL ? k->u->id : NULL;
	if ((*retry_after = throttle_pw_begin(c, k->email, k->ip, k->known,
	    now)) != 0) {
		if (*retry_after == -1 ||
		    audit_alone(&who, now, k->throttled, target, "") == -1)
			return LOGIN_ERR;
		return LOGIN_THROTTLED;
	}
	rc = k->u != NULL ? password_verify(k->u->hash, k->password) :
	    password_verify_dummy(k->password);
	if (rc == PASSWORD_BUSY) {
		*retry_after = 1;
		return throttle_pw_cancel(c) == 0 ? LOGIN_BUSY : LOGIN_ERR;
	}
	if (k->u != NULL && rc == 0 && !k->u->disabled)
		return LOGIN_OK;
	/* The events it holds stay: they are the failure. */
	metrics_event(M_SIGNIN_FAILURE);
	if (audit_alone(&who, now, k->fail, target, k->u != NULL &&
	    k->u->disabled ? "account disabled" : "") == -1)
		return LOGIN_ERR;
	return LOGIN_INVALID;
}

static void
limit_keys(const char *user_id, const char *ip, char ka[96], char kb[96])
{
	snprintf(ka, 96, "signin:acct:%s", user_id);
	snprintf(kb, 96, "signin:ip:%s", ip);
}

/*
 * Reserves one of the successful sign-ins the account and the address
 * may make this minute (SPEC 8.9), before the password is checked, so
 * concurrent sign-ins never exceed the caps; a check that fails gives
 * it back (release). 0, or the seconds until one is free.
 */
static int64_t
success_reserve(const char *user_id, const char *ip, int64_t now)
{
	struct rl_result	 a, b;
	char			 ka[96], kb[96];

	limit_keys(user_id, ip, ka, kb);
	if (ratelimit_take(ka, SIGNIN_PER_ACCOUNT, 60, now, &a) == -1)
		return 0;	/* no counters (the CLI): no cap */
	if (!a.allowed)
		return a.reset - now;
	if (ratelimit_take(kb, SIGNIN_PER_ADDRESS, 60, now, &b) == -1 ||
	    b.allowed)
		return 0;
	(void)ratelimit_give(ka, SIGNIN_PER_ACCOUNT, 60, now);
	return b.reset - now;
}

static void
success_release(const char *user_id, const char *ip, int64_t now)
{
	char	 ka[96], kb[96];

	limit_keys(user_id, ip, ka, kb);
	(void)ratelimit_give(ka, SIGNIN_PER_ACCOUNT, 60, now);
	(void)ratelimit_give(kb, SIGNIN_PER_ADDRESS, 60, now);
}

/* Inside the success transaction: is u still signed in with this
 * password? A change that committed since the check says no. */
static enum login_rc
still_current(const struct user *u)
{
	struct user	 now;

	switch (user_by_id(u->id, &now)) {
	case USER_OK:
		break;
	case USER_NOTFOUND:
		return LOGIN_INVALID;
	default:
		return LOGIN_ERR;
	}
	return !now.disabled && password_same_hash(now.hash, u->hash) ?
	    LOGIN_OK : LOGIN_INVALID;
}

static enum login_rc
succeed(const struct login_req *lr, struct pwcheck *c, const struct user *u,
    const struct actor *a, int64_t now)
{
	struct actor	 who = *a;
	enum login_rc	 rc;

	who.user_id = u->id;
	if (db_begin() == -1)
		return LOGIN_ERR;
	if ((rc = still_current(u)) == LOGIN_INVALID) {
		if (throttle_pw_cancel(c) == -1 || audit(&who, now,
		    "login.failure", u->id, "password changed meanwhile") == -1)
			rc = LOGIN_ERR;
	} else if (rc == LOGIN_OK && (throttle_pw_ok(c, a->ip) == -1 ||
	    (lr->api && remember_address(u->id, a->ip, now) == -1) ||
	    lr->start(u, lr->arg) == -1 ||
	    audit(&who, now, "login.success", u->id, "") == -1))
		rc = LOGIN_ERR;
	if (rc == LOGIN_ERR || db_commit() == -1) {
		db_rollback();
		return LOGIN_ERR;
	}
	if (rc == LOGIN_OK)
		/* Sign-ins pay for keeping the tables small. */
		(void)purge_run(now, PURGE_STEP, NULL);
	return rc;
}

static int
is_known(const struct login_req *lr, const struct user *u, const char *ip,
    int64_t now)
{
	if (device_check(lr->device, u->id, now))
		return 1;
	return lr->api ? known_address(u->id, ip, now) : 0;
}

enum login_rc
login_password(const struct login_req *lr, const struct actor *a,
    int64_t now, struct user *u, int64_t *retry_after)
{
	struct check	 k = { lr->email, lr->password, NULL, 0,
			    "login.failure", "login.throttled", a->ip };
	struct pwcheck	 c;
	enum user_rc	 urc = USER_NOTFOUND;
	enum login_rc	 rc;

	if (valid_email(lr->email))
		urc = user_by_email(lr->email, u);
	if (urc == USER_ERR)
		return LOGIN_ERR;
	if (urc == USER_OK) {
		k.u = u;
		if ((k.known = is_known(lr, u, a->ip, now)) == -1)
			return LOGIN_ERR;
		if ((*retry_after = success_reserve(u->id, a->ip, now)) > 0)
			return LOGIN_THROTTLED;
	}
	if ((rc = check(&k, &c, a, now, retry_after)) == LOGIN_OK)
		rc = succeed(lr, &c, u, a, now);
	if (rc != LOGIN_OK && urc == USER_OK)
		success_release(u->id, a->ip, now);
	if (rc != LOGIN_OK)
		sodium_memzero(u, sizeof(*u));
	return rc;
}

enum login_rc
login_recheck(const struct user *u, const char *password, const char *device,
    const struct actor *a, int64_t now, int64_t *retry_after)
{
	struct check	 k = { u->email, password, u, 0, "password.failure",
			    "password.throttled", a->ip };
	struct pwcheck	 c;
	enum login_rc	 rc;

	k.known = device_check(device, u->id, now);
	if ((rc = check(&k, &c, a, now, retry_after)) != LOGIN_OK)
		return rc;
	return throttle_pw_ok(&c, a->ip) == 0 ? LOGIN_OK : LOGIN_ERR;
}
