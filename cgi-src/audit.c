#include <string.h>

#include "audit.h"
#include "db.h"

static const char SQL_ADD[] =
    "INSERT INTO audit_log (at, actor_id, action, target, ip, detail, via) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_FOR_USER[] =
    "SELECT a.id, a.at, coalesce(a.actor_id, ''), "
    "coalesce(u.email, ''), a.action, a.target, a.ip, a.detail "
    "FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id "
    "WHERE a.actor_id = ?1 OR a.target = ?1 "
    "ORDER BY a.at DESC, a.id DESC LIMIT ?2";

#define AUDIT_FROM " FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id "
/* ?1 actor email, ?2 action, ?3 from, ?4 to. */
#define AUDIT_FILTER "WHERE (?1 IS NULL OR u.email = ?1) AND (?2 IS NULL OR " \
	"a.action = ?2 OR substr(a.action, 1, length(?2) + 1) = ?2 || '.') " \
	"AND (?3 IS NULL OR a.at >= ?3) AND (?4 IS NULL OR a.at < ?4) "
static const char SQL_SEARCH[] =
    "SELECT a.id, a.at, coalesce(a.actor_id, ''), coalesce(u.email, ''), "
    "a.action, a.target, a.ip, a.detail" AUDIT_FROM AUDIT_FILTER
    "ORDER BY a.at DESC, a.id DESC LIMIT ?5 OFFSET ?6";
static const char SQL_SEARCH_COUNT[] =
    "SELECT count(*)" AUDIT_FROM AUDIT_FILTER;

static void
entry(struct dbq *q, struct audit_entry *e)
{
	e->id = db_int(q, 0);
	e->at = db_int(q, 1);
	e->actor_id = db_text(q, 2);
	e->actor_email = db_text(q, 3);
	e->action = db_text(q, 4);
	e->target = db_text(q, 5);
	e->ip = db_text(q, 6);
	e->detail = db_text(q, 7);
}

static int
bind_filter(struct dbq *q, const struct audit_filter *f)
{
	return db_bind_text(q, 1, f->actor_email) ||
	    db_bind_text(q, 2, f->action) ||
	    (f->from ? db_bind_int(q, 3, f->from) : db_bind_null(q, 3)) ||
	    (f->to ? db_bind_int(q, 4, f->to) : db_bind_null(q, 4));
}

int
audit_search(const struct audit_filter *f, int64_t offset, int limit,
    int64_t *total, void (*fn)(const struct audit_entry *, void *), void *arg)
{
	struct audit_entry	 e;
	struct dbq		*q;
	enum db_rc		 rc;

	if ((q = db_q(SQL_SEARCH_COUNT)) == NULL || bind_filter(q, f))
		return -1;
	rc = db_step(q);
	*total = rc == DB_ROW ? db_int(q, 0) : 0;
	db_end(q);
	if (rc != DB_ROW)
		return -1;
	if ((q = db_q(SQL_SEARCH)) == NULL || bind_filter(q, f) ||
	    db_bind_int(q, 5, limit) || db_bind_int(q, 6, offset))
		return -1;
	while ((rc = db_step(q)) == DB_ROW) {
		entry(q, &e);
		fn(&e, arg);
	}
	db_end(q);
	return rc == DB_DONE ? 0 : -1;
}

int
audit(const struct actor *a, int64_t now, const char *action,
    const char *target, const char *detail)
{
	static const char *const vias[VIA__MAX] = { "web", "api", "cli" };
	const char	*ip = a->via == VIA_CLI ? "cli" : a->ip;
	struct dbq	*q;

	if ((q = db_q(SQL_ADD)) == NULL || db_bind_int(q, 1, now) ||
	    db_bind_text(q, 2, a->user_id) || db_bind_text(q, 3, action) ||
	    db_bind_text(q, 4, target ? target : "") ||
	    db_bind_text(q, 5, ip ? ip : "") ||
	    db_bind_text(q, 6, detail ? detail : "") ||
	    db_bind_text(q, 7, vias[a->via]))
		return -1;
	return db_exec(q);
}

int
audit_each_for_user(const char *user_id, int limit,
    void (*fn)(const struct audit_entry *, void *), void *arg)
{
	struct audit_entry	 e;
	struct dbq		*q;
	enum db_rc		 rc;

	if ((q = db_q(SQL_FOR_USER)) == NULL ||
	    db_bind_text(q, 1, user_id) || db_bind_int(q, 2, limit))
		return -1;
	while ((rc = db_step(q)) == DB_ROW) {
		entry(q, &e);
		fn(&e, arg);
	}
	db_end(q);
	return rc == DB_DONE ? 0 : -1;
}

const char *
audit_describe(const char *action)
{
	static const struct { const char *code, *text; } t[] = {
		{ "login.success", "Signed in" },
		{ "login.failure", "Failed sign-in attempt" },
		{ "login.throttled", "Sign-in refused: too many attempts" },
		{ "password.failure", "Wrong current password" },
		{ "password.throttled", "Password check refused: too many "
		    "attempts" },
		{ "signin.revoke", "Ended an API sign-in" },
		{ "logout", "Signed out" },
		{ "session.revoke", "Signed out a session" },
		{ "session.revoke_others", "Signed out all other sessions" },
		{ "password.change", "Changed password" },
		{ "user.create", "Account created" },
		{ "user.disable", "Account disabled" },
		{ "user.enable", "Account enabled" },
		{ "user.password_reset", "Password reset" },
		{ "key.create", "Created an API key" },
		{ "key.roll", "Rolled an API key" },
		{ "key.revoke", "Revoked an API key" },
		{ "key.revoke_leaked", "API key revoked as leaked" },
		{ "key.limit", "API key rate limit changed" },
		{ "key.update", "Edited an API key" },
		{ "app.create", "Registered an OAuth app" },
		{ "app.rotate_secret", "Rotated an app's client secret" },
		{ "app.signing_keys", "Changed an app's signing keys" },
		{ "app.delete", "Deleted an OAuth app" },
		{ "app.update", "Edited an OAuth app" },
		{ "admin.app.resource_server", "Admin changed an app's "
		    "introspection access" },
		{ "consent.grant", "Authorized an app" },
		{ "consent.deny", "Denied an app" },
		{ "consent.revoke", "Revoked an app's access" },
		{ "admin.user.create", "Admin added a user" },
		{ "admin.user.disable", "Admin disabled a user" },
		{ "admin.user.enable", "Admin enabled a user" },
		{ "admin.user.role", "Admin changed a role" },
		{ "admin.user.password_reset", "Admin reset a password" },
		{ "admin.key.revoke", "Admin revoked an API key" },
		{ "admin.key.revoke_all",
		    "Admin revoked all of a user's keys" },
		{ "signing_key.rotate", "Signing key rotated" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].code, action) == 0)
			return t[i].text;
	return action;
}
