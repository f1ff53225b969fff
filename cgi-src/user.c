#include <stdio.h>
#include <string.h>

#include "db.h"
#include "rnd.h"
#include "user.h"

#define USER_COLS "id, email, name, role = 'admin', disabled, created_at, " \
	"password_hash, coalesce(plan, '')"

static const char SQL_INSERT[] =
    "INSERT INTO users (id, email, name, role, password_hash, created_at, "
    "password_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";
static const char SQL_BY_EMAIL[] =
    "SELECT " USER_COLS " FROM users WHERE email = ?1";
static const char SQL_BY_ID[] =
    "SELECT " USER_COLS " FROM users WHERE id = ?1";
static const char SQL_ALL[] =
    "SELECT " USER_COLS " FROM users ORDER BY email";
static const char SQL_SET_PASSWORD[] =
    "UPDATE users SET password_hash = ?2, password_changed_at = ?3 "
    "WHERE id = ?1";
static const char SQL_SET_DISABLED[] =
    "UPDATE users SET disabled = ?2 WHERE id = ?1";
static const char SQL_COUNT[] = "SELECT count(*) FROM users";
static const char SQL_EMAIL_TAKEN[] =
    "SELECT 1 FROM users WHERE email = ?1";

static void
row(struct dbq *q, struct user *u)
{
	snprintf(u->id, sizeof(u->id), "%s", db_text(q, 0));
	snprintf(u->email, sizeof(u->email), "%s", db_text(q, 1));
	snprintf(u->name, sizeof(u->name), "%s", db_text(q, 2));
	u->admin = (int)db_int(q, 3);
	u->disabled = (int)db_int(q, 4);
	u->created_at = db_int(q, 5);
	snprintf(u->hash, sizeof(u->hash), "%s", db_text(q, 6));
	snprintf(u->plan, sizeof(u->plan), "%s", db_text(q, 7));
}

enum user_rc
user_create(struct user *u, int64_t now)
{
	struct dbq	*q;
	enum db_rc	 rc;

	if ((q = db_q(SQL_EMAIL_TAKEN)) == NULL ||
	    db_bind_text(q, 1, u->email) == -1)
		return USER_ERR;
	rc = db_step(q);
	db_end(q);
	if (rc != DB_DONE)
		return rc == DB_ROW ? USER_EXISTS : USER_ERR;
	rnd_id(u->id, sizeof(u->id), "usr_", 16);
	u->created_at = now;
	if ((q = db_q(SQL_INSERT)) == NULL ||
	    db_bind_text(q, 1, u->id) || db_bind_text(q, 2, u->email) ||
	    db_bind_text(q, 3, u->name) ||
	    db_bind_text(q, 4, u->admin ? "admin" : "user") ||
	    db_bind_text(q, 5, u->hash) || db_bind_int(q, 6, now))
		return USER_ERR;
	return db_exec(q) == 0 ? USER_OK : USER_ERR;
}

static enum user_rc
lookup(const char *sql, const char *key, struct user *u)
{
	struct dbq	*q;
	enum db_rc	 rc;

	if ((q = db_q(sql)) == NULL || db_bind_text(q, 1, key) == -1)
		return USER_ERR;
	if ((rc = db_step(q)) == DB_ROW)
		row(q, u);
	db_end(q);
	return rc == DB_ROW ? USER_OK : rc == DB_DONE ? USER_NOTFOUND :
	    USER_ERR;
}

enum user_rc
user_by_email(const char *email, struct user *u)
{
	return lookup(SQL_BY_EMAIL, email, u);
}

enum user_rc
user_by_id(const char *id, struct user *u)
{
	return lookup(SQL_BY_ID, id, u);
}

enum user_rc
user_set_password(const char *id, const char *hash, int64_t now)
{
	struct dbq	*q;

	if ((q = db_q(SQL_SET_PASSWORD)) == NULL || db_bind_text(q, 1, id) ||
	    db_bind_text(q, 2, hash) || db_bind_int(q, 3, now) ||
	    db_exec(q) == -1)
		return USER_ERR;
	return db_changes() == 1 ? USER_OK : USER_NOTFOUND;
}

enum user_rc
user_set_disabled(const char *id, int disabled)
{
	struct dbq	*q;

	if ((q = db_q(SQL_SET_DISABLED)) == NULL || db_bind_text(q, 1, id) ||
	    db_bind_int(q, 2, disabled ? 1 : 0) || db_exec(q) == -1)
		return USER_ERR;
	return db_changes() == 1 ? USER_OK : USER_NOTFOUND;
}

enum user_rc
user_each(void (*fn)(const struct user *, void *), void *arg)
{
	struct dbq	*q;
	struct user	 u;
	enum db_rc	 rc;

	if ((q = db_q(SQL_ALL)) == NULL)
		return USER_ERR;
	while ((rc = db_step(q)) == DB_ROW) {
		row(q, &u);
		fn(&u, arg);
	}
	db_end(q);
	return rc == DB_DONE ? USER_OK : USER_ERR;
}

int64_t
user_count(void)
{
	struct dbq	*q;
	int64_t		 n = -1;

	if ((q = db_q(SQL_COUNT)) == NULL)
		return -1;
	if (db_step(q) == DB_ROW)
		n = db_int(q, 0);
	db_end(q);
	return n;
}
