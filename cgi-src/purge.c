#include <string.h>

#include "clientjwt.h"
#include "db.h"
#include "purge.h"
#include "session.h"
#include "throttle.h"

/* Each statement deletes at most ?2 rows that ended before ?1. */
#define LIMITED(t, cond) "DELETE FROM " t " WHERE rowid IN (SELECT rowid " \
	"FROM " t " WHERE " cond " LIMIT ?2)"

/* Sessions end by their idle or absolute timeout; ?3 and ?4 are those
 * limits' start. Past them a session is dead, whatever PURGE_AGE says. */
static const char SQL_SESSIONS[] = LIMITED("sessions",
    "last_seen_at <= ?3 OR created_at <= ?4");
static const char SQL_FAMILIES[] = LIMITED("token_families",
    "(revoked_at IS NOT NULL AND revoked_at < ?1) OR (created_at < ?1 AND "
    "coalesce(last_used_at, 0) < ?1 AND NOT EXISTS (SELECT 1 FROM "
    "refresh_tokens r WHERE r.family_id = token_families.id AND "
    "r.expires_at >= ?1))");
static const char SQL_REFRESH[] = LIMITED("refresh_tokens",
    "expires_at < ?1 OR (used_at IS NOT NULL AND used_at < ?1)");
static const char SQL_CODES[] = LIMITED("oauth_codes", "expires_at < ?1");
static const char SQL_NONCES[] = LIMITED("form_nonces", "at < ?1");
static const char SQL_ADDRESSES[] = LIMITED("known_addresses",
    "last_success_at < ?1");
/* Usage per key and day is kept 400 days (?1 is 30 days ago), so a
 * month can be compared with the year before; pages show 30, the API 90. */
static const char SQL_USAGE[] = LIMITED("key_usage", "day < ?1 / 86400 - 370");

/* Throttle windows are an hour at most: older events count for
 * nothing, so they go after a day rather than PURGE_AGE. */
#define THROTTLE_KEEP	86400

static int
one(const char *sql, int64_t before, int limit, int64_t now, int64_t *n)
{
	struct dbq	*q;

	if ((q = db_q(sql)) == NULL || db_bind_int(q, 1, before) ||
	    db_bind_int(q, 2, limit > 0 ? limit : -1))
		return -1;
	if (sql == SQL_SESSIONS && (db_bind_int(q, 3, now - SESSION_IDLE) ||
	    db_bind_int(q, 4, now - SESSION_ABSOLUTE)))
		return -1;
	if (db_exec(q) == -1)
		return -1;
	*n = db_changes();
	return 0;
}

int
purge_run(int64_t now, int limit, struct purge_counts *out)
{
	struct purge_counts	 n;
	int64_t			 before = now - PURGE_AGE, t;

	memset(&n, 0, sizeof(n));
	if (one(SQL_SESSIONS, before, limit, now, &n.sessions) == -1 ||
	    one(SQL_FAMILIES, before, limit, now, &n.families) == -1 ||
	    one(SQL_REFRESH, before, limit, now, &n.refresh_tokens) == -1 ||
	    one(SQL_CODES, before, limit, now, &n.codes) == -1 ||
	    one(SQL_NONCES, before, limit, now, &n.nonces) == -1 ||
	    one(SQL_ADDRESSES, before, limit, now, &t) == -1 ||
	    one(SQL_USAGE, before, limit, now, &t) == -1 ||
	    (t = throttle_purge(now - THROTTLE_KEEP, limit)) == -1 ||
	    cjwt_purge(now, limit) == -1)
		return -1;
	n.throttle_events = t;
	if (out != NULL)
		*out = n;
	return 0;
}
