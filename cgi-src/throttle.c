#include <ctype.h>
#include <stdio.h>

#include "db.h"
#include "throttle.h"

static const char SQL_WINDOW[] =
    "SELECT count(*), min(at) FROM throttle_events "
    "WHERE scope = ?1 AND subject = ?2 AND at > ?3";
static const char SQL_ADD[] =
    "INSERT INTO throttle_events (scope, subject, at) VALUES (?1, ?2, ?3)";
static const char SQL_PURGE[] =
    "DELETE FROM throttle_events WHERE scope = ?2 AND at <= ?1";
static const char SQL_CLEAR[] =
    "DELETE FROM throttle_events WHERE scope = 'account' AND subject = ?1";

/* Accounts are keyed by the lower-cased email, as sign-in matches them. */
static void
account_key(const char *email, char out[255])
{
	size_t	 i;

	for (i = 0; i < 254 && email[i] != '\0'; i++)
		out[i] = (char)tolower((unsigned char)email[i]);
	out[i] = '\0';
}

static int
purge(const char *scope, int64_t before)
{
	struct dbq	*q;

	if ((q = db_q(SQL_PURGE)) == NULL || db_bind_int(q, 1, before) ||
	    db_bind_text(q, 2, scope))
		return -1;
	return db_exec(q);
}

/* Seconds until scope/subject may act again, given max events per
 * window; 0 if it may now, -1 on a database error. */
static int64_t
wait_for(const char *scope, const char *subject, int max, int window,
    int64_t now)
{
	struct dbq	*q;
	int64_t		 n, oldest;

	if ((q = db_q(SQL_WINDOW)) == NULL || db_bind_text(q, 1, scope) ||
	    db_bind_text(q, 2, subject) ||
	    db_bind_int(q, 3, now - window))
		return -1;
	if (db_step(q) != DB_ROW) {
		db_end(q);
		return -1;
	}
	n = db_int(q, 0);
	oldest = db_int(q, 1);
	db_end(q);
	if (n < max)
		return 0;
	return oldest + window - now > 0 ? oldest + window - now : 1;
}

int64_t
throttle_login_check(const char *ip, const char *email, int64_t now)
{
	char	 acct[255];
	int64_t	 a, b;

	account_key(email, acct);
	if ((a = wait_for("ip", ip, THROTTLE_MAX, THROTTLE_WINDOW, now)) ==
	    -1 || (b = wait_for("account", acct, THROTTLE_MAX,
	    THROTTLE_WINDOW, now)) == -1)
		return -1;
	return a > b ? a : b;
}

int
throttle_login_fail(const char *ip, const char *email, int64_t now)
{
	struct dbq	*q;
	char		 acct[255];

	account_key(email, acct);
	if (purge("ip", now - THROTTLE_WINDOW) == -1 ||
	    purge("account", now - THROTTLE_WINDOW) == -1)
		return -1;
	if ((q = db_q(SQL_ADD)) == NULL || db_bind_text(q, 1, "ip") ||
	    db_bind_text(q, 2, ip) || db_bind_int(q, 3, now) ||
	    db_exec(q) == -1)
		return -1;
	if ((q = db_q(SQL_ADD)) == NULL || db_bind_text(q, 1, "account") ||
	    db_bind_text(q, 2, acct) || db_bind_int(q, 3, now) ||
	    db_exec(q) == -1)
		return -1;
	return 0;
}

int
throttle_login_ok(const char *email)
{
	struct dbq	*q;
	char		 acct[255];

	account_key(email, acct);
	if ((q = db_q(SQL_CLEAR)) == NULL || db_bind_text(q, 1, acct) ||
	    db_exec(q) == -1)
		return -1;
	return 0;
}

int64_t
throttle_hit(const char *scope, const char *subject, int max, int window,
    int64_t now)
{
	struct dbq	*q;
	int64_t		 wait;

	if ((wait = wait_for(scope, subject, max, window, now)) != 0)
		return wait;
	if (purge(scope, now - window) == -1 ||
	    (q = db_q(SQL_ADD)) == NULL || db_bind_text(q, 1, scope) ||
	    db_bind_text(q, 2, subject) || db_bind_int(q, 3, now) ||
	    db_exec(q) == -1)
		return -1;
	return 0;
}
