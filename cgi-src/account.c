#include "account.h"
#include "db.h"
#include "session.h"
#include "user.h"

static const char SQL_FAMILIES[] =
    "UPDATE token_families SET revoked_at = ?2 WHERE user_id = ?1 "
    "AND revoked_at IS NULL";
static const char SQL_ROLE[] =
    "UPDATE users SET role = ?2 WHERE id = ?1";
static const char SQL_OTHER_ADMINS[] =
    "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 "
    "AND id != ?1";

static int
revoke_families(const char *user_id, int64_t now)
{
	struct dbq	*q;

	if ((q = db_q(SQL_FAMILIES)) == NULL || db_bind_text(q, 1, user_id) ||
	    db_bind_int(q, 2, now))
		return -1;
	return db_exec(q);
}

int
account_disable(const char *user_id, int64_t now)
{
	if (db_begin() == -1)
		return -1;
	if (user_set_disabled(user_id, 1) != USER_OK ||
	    session_end_others(user_id, NULL) != SESSION_OK ||
	    revoke_families(user_id, now) == -1 || db_commit() == -1) {
		db_rollback();
		return -1;
	}
	return 0;
}

int
account_enable(const char *user_id)
{
	return user_set_disabled(user_id, 0) == USER_OK ? 0 : -1;
}

int
account_set_password(const char *user_id, const char *hash,
    const char *keep, int64_t now)
{
	if (db_begin() == -1)
		return -1;
	if (user_set_password(user_id, hash, now) != USER_OK ||
	    session_end_others(user_id, keep) != SESSION_OK ||
	    revoke_families(user_id, now) == -1 || db_commit() == -1) {
		db_rollback();
		return -1;
	}
	return 0;
}

int
account_set_role(const char *user_id, int admin)
{
	struct dbq	*q;
	int64_t		 others = 0;

	if (db_begin() == -1)
		return -1;
	if (!admin) {
		if ((q = db_q(SQL_OTHER_ADMINS)) == NULL ||
		    db_bind_text(q, 1, user_id))
			goto fail;
		if (db_step(q) == DB_ROW)
			others = db_int(q, 0);
		db_end(q);
		if (others == 0) {
			db_rollback();
			return 1;
		}
	}
	if ((q = db_q(SQL_ROLE)) == NULL || db_bind_text(q, 1, user_id) ||
	    db_bind_text(q, 2, admin ? "admin" : "user") || db_exec(q) == -1 ||
	    db_commit() == -1)
		goto fail;
	return 0;
fail:
	db_rollback();
	return -1;
}
