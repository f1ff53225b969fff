#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "throttle.h"

static const char SQL_WINDOW[] =
    "SELECT count(*), min(at) FROM throttle_events "
    "WHERE scope = ?1 AND subject = ?2 AND at > ?3";
static const char SQL_ADD[] =
    "INSERT INTO throttle_events (scope, subject, at) VALUES (?1, ?2, ?3)";
static const char SQL_DROP[] =
    "DELETE FROM throttle_events WHERE rowid = ?1";
static const char SQL_CLEAR[] =
    "DELETE FROM throttle_events WHERE (scope = 'account' AND subject = ?1) "
    "OR (scope = 'pair' AND subject = ?2)";
static const char SQL_PURGE[] =
    "DELETE FROM throttle_events WHERE rowid IN (SELECT rowid FROM "
    "throttle_events WHERE at < ?1 ORDER BY at LIMIT ?2)";

/* Accounts are keyed by the lower-cased email, as sign-in matches them. */
static void
account_key(const char *email, char out[255])
{
	size_t	 i;

	for (i = 0; i < 254 && email[i] != '\0'; i++)
		out[i] = (char)tolower((unsigned char)email[i]);
	out[i] = '\0';
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

static int64_t
add(const char *scope, const char *subject, int64_t now)
{
	struct dbq	*q;

	if ((q = db_q(SQL_ADD)) == NULL || db_bind_text(q, 1, scope) ||
	    db_bind_text(q, 2, subject) || db_bind_int(q, 3, now) ||
	    db_exec(q) == -1)
		return -1;
	return db_last_rowid();
}

struct counter {
	const char	*scope;
	const char	*subject;
	int		 max;
};

/* Inside the transaction: the wait of the longest-blocked counter, or
 * 0 after holding an event in each. */
static int64_t
hold(struct pwcheck *c, const struct counter *k, int n, int64_t now)
{
	int64_t	 w, wait = 0;
	int	 i;

	for (i = 0; i < n; i++) {
		if ((w = wait_for(k[i].scope, k[i].subject, k[i].max,
		    THROTTLE_WINDOW, now)) == -1)
			return -1;
		if (w > wait)
			wait = w;
	}
	for (i = 0; wait == 0 && i < n; i++)
		if ((c->held[c->nheld++] = add(k[i].scope, k[i].subject,
		    now)) == -1)
			return -1;
	return wait;
}

int64_t
throttle_pw_begin(struct pwcheck *c, const char *email, const char *ip,
    int known, int64_t now)
{
	char		 pair[512];
	struct counter	 k[3];
	int64_t		 wait;

	memset(c, 0, sizeof(*c));
	account_key(email, c->acct);
	snprintf(pair, sizeof(pair), "%s|%s", c->acct, ip);
	k[0] = (struct counter){ "pair", pair, THROTTLE_PAIR_MAX };
	k[1] = (struct counter){ "ip", ip, THROTTLE_IP_MAX };
	k[2] = (struct counter){ "account", c->acct, THROTTLE_ACCOUNT_MAX };
	if (db_begin() == -1)
		return -1;
	if ((wait = hold(c, k, known ? 2 : 3, now)) == -1 ||
	    db_commit() == -1) {
		db_rollback();
		c->nheld = 0;
		return -1;
	}
	return wait;
}

static int
drop_held(struct pwcheck *c)
{
	struct dbq	*q;
	int		 i;

	for (i = 0; i < c->nheld; i++)
		if ((q = db_q(SQL_DROP)) == NULL ||
		    db_bind_int(q, 1, c->held[i]) || db_exec(q) == -1)
			return -1;
	c->nheld = 0;
	return 0;
}

int
throttle_pw_ok(struct pwcheck *c, const char *ip)
{
	struct dbq	*q;
	char		 pair[512];

	snprintf(pair, sizeof(pair), "%s|%s", c->acct, ip);
	if (drop_held(c) == -1 || (q = db_q(SQL_CLEAR)) == NULL ||
	    db_bind_text(q, 1, c->acct) || db_bind_text(q, 2, pair) ||
	    db_exec(q) == -1)
		return -1;
	return 0;
}

int
throttle_pw_cancel(struct pwcheck *c)
{
	return drop_held(c);
}

int64_t
throttle_hit(const char *scope, const char *subject, int max, int window,
    int64_t now)
{
	int64_t	 wait;

	if (db_begin() == -1)
		return -1;
	if ((wait = wait_for(scope, subject, max, window, now)) == 0 &&
	    add(scope, subject, now) == -1)
		wait = -1;
	if (wait == -1 || db_commit() == -1) {
		db_rollback();
		return -1;
	}
	return wait;
}

int
throttle_purge(int64_t before, int limit)
{
	struct dbq	*q;

	if ((q = db_q(SQL_PURGE)) == NULL || db_bind_int(q, 1, before) ||
	    db_bind_int(q, 2, limit > 0 ? limit : -1))
		return -1;
	return db_exec(q) == 0 ? db_changes() : -1;
}
