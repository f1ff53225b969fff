#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "account.h"
#include "plan.h"
#include "audit.h"
#include "client.h"
#include "db.h"
#include "login.h"
#include "password.h"
#include "session.h"
#include "user.h"
#include "valid.h"

#define PW_BUFLEN	(PASSWORD_MAX * 4 + 2)

static const char SQL_FAMILIES[] =
    "UPDATE token_families SET revoked_at = ?2 WHERE user_id = ?1 "
    "AND revoked_at IS NULL";
static const char SQL_ROLE[] =
    "UPDATE users SET role = ?2 WHERE id = ?1";
static const char SQL_OTHER_ADMINS[] =
    "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 "
    "AND id != ?1";

static enum account_rc
invalid(struct account_why *w, const char *field, const char *text)
{
	w->field = field;
	w->text = text;
	return ACCOUNT_INVALID;
}

/* -1 and 0 from a hash or verify; busy when every slot is in use. */
static enum account_rc
hash_rc(int rc)
{
	return rc == 0 ? ACCOUNT_OK : rc == PASSWORD_BUSY ? ACCOUNT_BUSY :
	    ACCOUNT_ERR;
}

/* Ends the transaction: an error rolls back; anything else, a change
 * or a refusal that changed nothing, commits. */
static enum account_rc
finish(enum account_rc rc)
{
	return db_end_tx(rc == ACCOUNT_ERR) == 0 ? rc : ACCOUNT_ERR;
}

enum account_rc
account_check_new(const struct account_new *n, struct account_why *w)
{
	const char	*why;

	if (!valid_email(n->email))
		return invalid(w, "email", "Enter a valid email address.");
	if (strlen(n->name) > 200 || !valid_utf8(n->name, strlen(n->name)) ||
	    !valid_no_controls(n->name, strlen(n->name), 0))
		return invalid(w, "name", "Use a name of at most 200 "
		    "characters, on one line.");
	if (n->password != NULL &&
	    (why = password_policy(n->password, n->email)) != NULL)
		return invalid(w, "password", why);
	return ACCOUNT_OK;
}

static const char *
create_action(const struct actor *a, const char **detail, int admin)
{
	*detail = admin ? "role=admin" : "role=user";
	if (a->via == VIA_CLI)
		return "user.create";
	if (a->user_id == NULL) {
		*detail = "signup";
		return "user.create";
	}
	return "admin.user.create";
}

enum account_rc
account_create(const struct account_new *n, const struct actor *a,
    int64_t now, struct user *u, char generated[25], struct account_why *w)
{
	struct actor	 who = *a;
	const char	*pw = n->password, *action, *detail;
	enum account_rc	 rc;

	memset(u, 0, sizeof(*u));
	generated[0] = '\0';
	if ((rc = account_check_new(n, w)) != ACCOUNT_OK)
		return rc;
	snprintf(u->email, sizeof(u->email), "%s", n->email);
	snprintf(u->name, sizeof(u->name), "%s", n->name);
	u->admin = n->admin;
	if (pw == NULL) {
		password_generate(generated);
		pw = generated;
	}
	if ((rc = hash_rc(password_hash(pw, u->hash))) != ACCOUNT_OK)
		goto fail;
	if (db_begin() == -1) {
		rc = ACCOUNT_ERR;
		goto fail;
	}
	switch (user_create(u, now)) {
	case USER_OK:
		if (plan_apply_default(u->id) == -1) {
			rc = ACCOUNT_ERR;
			break;
		}
		action = create_action(a, &detail, u->admin);
		if (who.user_id == NULL && who.via != VIA_CLI)
			who.user_id = u->id;
		rc = audit(&who, now, action, u->id, detail) == 0 ?
		    ACCOUNT_OK : ACCOUNT_ERR;
		break;
	case USER_EXISTS:
		w->field = "email";
		rc = ACCOUNT_EXISTS;
		break;
	default:
		rc = ACCOUNT_ERR;
	}
	if ((rc = finish(rc)) == ACCOUNT_OK)
		return ACCOUNT_OK;
fail:
	sodium_memzero(generated, 25);
	return rc;
}

static int
revoke_families(const char *user_id, int64_t now)
{
	struct dbq	*q;

	if ((q = db_q(SQL_FAMILIES)) == NULL || db_bind_text(q, 1, user_id) ||
	    db_bind_int(q, 2, now))
		return -1;
	return db_exec(q);
}

enum account_rc
account_disable(const char *user_id, const struct actor *a, int64_t now)
{
	if (db_begin() == -1)
		return ACCOUNT_ERR;
	return finish(user_set_disabled(user_id, 1) == USER_OK &&
	    session_end_others(user_id, NULL) == SESSION_OK &&
	    revoke_families(user_id, now) == 0 &&
	    client_cc_revoke_owner(user_id) == CLIENT_OK &&
	    audit(a, now, a->via == VIA_CLI ? "user.disable" :
	    "admin.user.disable", user_id, "") == 0 ? ACCOUNT_OK : ACCOUNT_ERR);
}

enum account_rc
account_enable(const char *user_id, const struct actor *a, int64_t now)
{
	if (db_begin() == -1)
		return ACCOUNT_ERR;
	return finish(user_set_disabled(user_id, 0) == USER_OK &&
	    audit(a, now, a->via == VIA_CLI ? "user.enable" :
	    "admin.user.enable", user_id, "") == 0 ? ACCOUNT_OK : ACCOUNT_ERR);
}

/* Inside a transaction: the new hash, and everything signed in with the
 * old password ends (but keep). */
static int
store_password(const char *user_id, const char *hash, const char *keep,
    int64_t now)
{
	return user_set_password(user_id, hash, now) == USER_OK &&
	    session_end_others(user_id, keep) == SESSION_OK &&
	    revoke_families(user_id, now) == 0 ? 0 : -1;
}

enum account_rc
account_set_password(const char *user_id, const char *pw,
    const struct actor *a, int64_t now, char generated[25],
    struct account_why *w)
{
	struct user	 u;
	char		 hash[PASSWORD_HASHLEN];
	enum account_rc	 rc;

	generated[0] = '\0';
	if (user_by_id(user_id, &u) != USER_OK)
		return ACCOUNT_ERR;
	if (pw == NULL) {
		password_generate(generated);
		pw = generated;
	} else if ((w->text = password_policy(pw, u.email)) != NULL)
		return invalid(w, "password", w->text);
	if ((rc = hash_rc(password_hash(pw, hash))) != ACCOUNT_OK)
		goto fail;
	if (db_begin() == -1) {
		rc = ACCOUNT_ERR;
		goto fail;
	}
	rc = finish(store_password(user_id, hash, NULL, now) == 0 &&
	    audit(a, now, a->via == VIA_CLI ? "user.password_reset" :
	    "admin.user.password_reset", user_id, "") == 0 ? ACCOUNT_OK :
	    ACCOUNT_ERR);
	if (rc == ACCOUNT_OK)
		return rc;
fail:
	sodium_memzero(generated, 25);
	return rc;
}

/* Inside the transaction: the hash the check was made against is still
 * the account's (a concurrent change wins). */
static int
unchanged(const struct user *u)
{
	struct user	 now;

	return user_by_id(u->id, &now) == USER_OK &&
	    password_same_hash(now.hash, u->hash);
}

enum account_rc
account_change_password(const struct user *u, const char *current,
    const char *new_pw, const char *device, const char *keep,
    const struct actor *a, int64_t now, struct account_why *w)
{
	char		 hash[PASSWORD_HASHLEN];
	const char	*why;

	if ((why = password_policy(new_pw, u->email)) != NULL)
		return invalid(w, "new_password", why);
	switch (login_recheck(u, current, device, a, now, &w->retry_after)) {
	case LOGIN_OK:
		break;
	case LOGIN_INVALID:
		(void)invalid(w, "current_password", "That isn't your "
		    "current password.");
		return ACCOUNT_WRONG;
	case LOGIN_THROTTLED:
		return ACCOUNT_THROTTLED;
	case LOGIN_BUSY:
		return ACCOUNT_BUSY;
	default:
		return ACCOUNT_ERR;
	}
	switch (password_hash(new_pw, hash)) {
	case 0:
		break;
	case PASSWORD_BUSY:
		return ACCOUNT_BUSY;
	default:
		return ACCOUNT_ERR;
	}
	if (db_begin() == -1)
		return ACCOUNT_ERR;
	if (!unchanged(u)) {
		db_rollback();
		(void)invalid(w, "current_password", "Your password was just "
		    "changed elsewhere; sign in again.");
		return ACCOUNT_WRONG;
	}
	return finish(store_password(u->id, hash, keep, now) == 0 &&
	    audit(a, now, "password.change", u->id, "") == 0 ? ACCOUNT_OK :
	    ACCOUNT_ERR);
}

static int64_t
other_admins(const char *user_id)
{
	struct dbq	*q;
	int64_t		 n = -1;

	if ((q = db_q(SQL_OTHER_ADMINS)) == NULL ||
	    db_bind_text(q, 1, user_id))
		return -1;
	if (db_step(q) == DB_ROW)
		n = db_int(q, 0);
	db_end(q);
	return n;
}

enum account_rc
account_set_role(const char *user_id, int admin, const struct actor *a,
    int64_t now)
{
	struct dbq	*q;
	int64_t		 others = 1;

	if (db_begin() == -1)
		return ACCOUNT_ERR;
	if (!admin && (others = other_admins(user_id)) <= 0)
		return finish(others == 0 ? ACCOUNT_LAST_ADMIN : ACCOUNT_ERR);
	return finish((q = db_q(SQL_ROLE)) != NULL &&
	    db_bind_text(q, 1, user_id) == 0 &&
	    db_bind_text(q, 2, admin ? "admin" : "user") == 0 &&
	    db_exec(q) == 0 && audit(a, now, "admin.user.role", user_id,
	    admin ? "role=admin" : "role=user") == 0 ? ACCOUNT_OK :
	    ACCOUNT_ERR);
}
