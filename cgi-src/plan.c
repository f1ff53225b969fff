#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "plan.h"

#define PLAN_COLS "p.name, p.display_name, p.rank, " \
	"coalesce(p.per_second, 0), " \
	"coalesce(p.per_hour, 0), coalesce(p.per_month, 0)"

static const char SQL_GET[] =
    "SELECT " PLAN_COLS " FROM plans p WHERE p.name = ?1";
static const char SQL_EACH[] =
    "SELECT " PLAN_COLS ", (SELECT count(*) FROM users u WHERE u.plan = "
    "p.name), (SELECT count(*) FROM api_keys k WHERE k.tier = p.name) "
    "FROM plans p ORDER BY p.rank, p.name";
static const char SQL_OF_USER[] =
    "SELECT " PLAN_COLS " FROM users u JOIN plans p ON p.name = u.plan "
    "WHERE u.id = ?1";
static const char SQL_INSERT[] =
    "INSERT INTO plans (name, display_name, rank, per_second, per_hour, "
    "per_month, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (name) DO NOTHING";
static const char SQL_UPDATE[] =
    "UPDATE plans SET display_name = ?2, rank = ?3, per_second = ?4, "
    "per_hour = ?5, per_month = ?6 WHERE name = ?1";
static const char SQL_IN_USE[] =
    "SELECT EXISTS (SELECT 1 FROM users WHERE plan = ?1) OR "
    "EXISTS (SELECT 1 FROM api_keys WHERE tier = ?1)";
static const char SQL_DELETE[] = "DELETE FROM plans WHERE name = ?1";
static const char SQL_SET_USER[] = "UPDATE users SET plan = ?2 WHERE id = ?1";
static const char SQL_SET_KEY[] = "UPDATE api_keys SET tier = ?2 WHERE id = ?1";

int
plan_valid_name(const char *s)
{
	size_t	 n = strlen(s), i;

	if (n < 1 || n > PLAN_NAMEMAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

const char *
plan_check_input(const struct plan_input *in)
{
	if (in->display_name != NULL && strlen(in->display_name) > PLAN_DISPMAX)
		return "display_name";
	if (in->has_rank && (in->rank < -1000000 || in->rank > 1000000))
		return "rank";
	if (in->has_second && (in->per_second < 0 ||
	    in->per_second > PLAN_MAXLIMIT))
		return "per_second";
	if (in->has_hour && (in->per_hour < 0 || in->per_hour > PLAN_MAXLIMIT))
		return "per_hour";
	if (in->has_month && (in->per_month < 0 ||
	    in->per_month > PLAN_MAXLIMIT))
		return "per_month";
	return NULL;
}

static void
row(struct dbq *q, struct plan *p)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", db_text(q, 0));
	snprintf(p->display_name, sizeof(p->display_name), "%s",
	    db_text(q, 1));
	p->rank = db_int(q, 2);
	p->per_second = db_int(q, 3);
	p->per_hour = db_int(q, 4);
	p->per_month = db_int(q, 5);
}

static enum plan_rc
one(const char *sql, const char *key, struct plan *p)
{
	struct dbq	*q;
	enum db_rc	 rc;

	if ((q = db_q(sql)) == NULL || db_bind_text(q, 1, key) == -1)
		return PLAN_ERR;
	if ((rc = db_step(q)) == DB_ROW)
		row(q, p);
	db_end(q);
	return rc == DB_ROW ? PLAN_OK : rc == DB_DONE ? PLAN_NOTFOUND :
	    PLAN_ERR;
}

enum plan_rc
plan_get(const char *name, struct plan *p)
{
	return one(SQL_GET, name, p);
}

enum plan_rc
plan_of_user(const char *user_id, struct plan *p)
{
	return one(SQL_OF_USER, user_id, p);
}

enum plan_rc
plan_each(void (*fn)(const struct plan *, void *), void *arg)
{
	struct plan	 p;
	struct dbq	*q;
	enum db_rc	 rc;

	if ((q = db_q(SQL_EACH)) == NULL)
		return PLAN_ERR;
	while ((rc = db_step(q)) == DB_ROW) {
		row(q, &p);
		p.accounts = db_int(q, 6);
		p.keys = db_int(q, 7);
		fn(&p, arg);
	}
	db_end(q);
	return rc == DB_DONE ? PLAN_OK : PLAN_ERR;
}

static int
bind_limit(struct dbq *q, int i, int64_t v)
{
	return v > 0 ? db_bind_int(q, i, v) : db_bind_null(q, i);
}

/* Binds ?1..?6 of an insert or update from p. */
static int
bind_plan(struct dbq *q, const struct plan *p)
{
	return db_bind_text(q, 1, p->name) ||
	    db_bind_text(q, 2, p->display_name) ||
	    db_bind_int(q, 3, p->rank) || bind_limit(q, 4, p->per_second) ||
	    bind_limit(q, 5, p->per_hour) || bind_limit(q, 6, p->per_month);
}

static void
merge(struct plan *p, const struct plan_input *in)
{
	if (in->display_name != NULL)
		snprintf(p->display_name, sizeof(p->display_name), "%s",
		    in->display_name);
	if (in->has_rank)
		p->rank = in->rank;
	if (in->has_second)
		p->per_second = in->per_second;
	if (in->has_hour)
		p->per_hour = in->per_hour;
	if (in->has_month)
		p->per_month = in->per_month;
}

/* The audit detail: the plan's values after the change. */
static void
describe(const struct plan *p, char *out, size_t outsz)
{
	snprintf(out, outsz, "rank=%lld per_second=%lld per_hour=%lld "
	    "per_month=%lld", (long long)p->rank, (long long)p->per_second,
	    (long long)p->per_hour, (long long)p->per_month);
}

/* Ends the transaction: an error rolls back, anything else commits. */
static enum plan_rc
finish(enum plan_rc rc)
{
	return db_end_tx(rc == PLAN_ERR) == 0 ? rc : PLAN_ERR;
}

enum plan_rc
plan_add(const char *name, const struct plan_input *in,
    const struct actor *a, int64_t now)
{
	struct plan	 p = { 0 };
	struct dbq	*q;
	enum plan_rc	 rc = PLAN_ERR;
	char		 detail[160];

	if (!plan_valid_name(name) || plan_check_input(in) != NULL)
		return PLAN_INVALID;
	snprintf(p.name, sizeof(p.name), "%s", name);
	snprintf(p.display_name, sizeof(p.display_name), "%s", name);
	merge(&p, in);
	describe(&p, detail, sizeof(detail));
	if (db_begin() == -1)
		return PLAN_ERR;
	if ((q = db_q(SQL_INSERT)) != NULL && bind_plan(q, &p) == 0 &&
	    db_bind_int(q, 7, now) == 0 && db_exec(q) == 0)
		rc = db_changes() == 1 ? PLAN_OK : PLAN_EXISTS;
	if (rc == PLAN_OK && audit(a, now, "plan.create", name, detail) == -1)
		rc = PLAN_ERR;
	return finish(rc);
}

enum plan_rc
plan_set(const char *name, const struct plan_input *in,
    const struct actor *a, int64_t now)
{
	struct plan	 p;
	struct dbq	*q;
	enum plan_rc	 rc;
	char		 detail[160];

	if (plan_check_input(in) != NULL)
		return PLAN_INVALID;
	if (db_begin() == -1)
		return PLAN_ERR;
	if ((rc = plan_get(name, &p)) == PLAN_OK) {
		merge(&p, in);
		describe(&p, detail, sizeof(detail));
		if ((q = db_q(SQL_UPDATE)) == NULL || bind_plan(q, &p) ||
		    db_exec(q) == -1 ||
		    audit(a, now, "plan.update", name, detail) == -1)
			rc = PLAN_ERR;
	}
	return finish(rc);
}

enum plan_rc
plan_remove(const char *name, const struct actor *a, int64_t now)
{
	struct plan	 p;
	struct dbq	*q;
	enum plan_rc	 rc;
	int64_t		 used = -1;

	if (db_begin() == -1)
		return PLAN_ERR;
	if ((rc = plan_get(name, &p)) != PLAN_OK)
		return finish(rc);
	if ((q = db_q(SQL_IN_USE)) != NULL && db_bind_text(q, 1, name) == 0) {
		if (db_step(q) == DB_ROW)
			used = db_int(q, 0);
		db_end(q);
	}
	if (used != 0)
		return finish(used > 0 ? PLAN_INUSE : PLAN_ERR);
	if ((q = db_q(SQL_DELETE)) == NULL || db_bind_text(q, 1, name) ||
	    db_exec(q) == -1 || audit(a, now, "plan.delete", name, "") == -1)
		rc = PLAN_ERR;
	return finish(rc);
}

/* Sets column of row id (sql) to plan name (NULL: none), audited. */
static enum plan_rc
assign(const char *sql, const char *id, const char *name,
    const char *action, const struct actor *a, int64_t now)
{
	struct plan	 p;
	struct dbq	*q;
	enum plan_rc	 rc = PLAN_OK;

	if (db_begin() == -1)
		return PLAN_ERR;
	if (name != NULL)
		rc = plan_get(name, &p);
	if (rc == PLAN_OK) {
		rc = PLAN_ERR;
		if ((q = db_q(sql)) != NULL && db_bind_text(q, 1, id) == 0 &&
		    db_bind_text(q, 2, name) == 0 && db_exec(q) == 0)
			rc = db_changes() == 1 ? PLAN_OK : PLAN_NOTFOUND;
	}
	if (rc == PLAN_OK && audit(a, now, action, id, name != NULL ? name :
	    "none") == -1)
		rc = PLAN_ERR;
	return finish(rc);
}

enum plan_rc
plan_set_user(const char *user_id, const char *name, const struct actor *a,
    int64_t now)
{
	return assign(SQL_SET_USER, user_id, name, "user.plan", a, now);
}

enum plan_rc
plan_set_key(const char *key_id, const char *name, const struct actor *a,
    int64_t now)
{
	return assign(SQL_SET_KEY, key_id, name, "key.tier", a, now);
}

enum plan_rc
plan_tier_for(const char *user_id, const char *want,
    char out[PLAN_NAMEMAX + 1])
{
	struct plan	 mine, p;
	enum plan_rc	 rc;

	out[0] = '\0';
	if ((rc = plan_of_user(user_id, &mine)) == PLAN_ERR)
		return PLAN_ERR;
	if (want == NULL) {
		if (rc == PLAN_OK)
			snprintf(out, PLAN_NAMEMAX + 1, "%s", mine.name);
		return PLAN_OK;
	}
	if (!plan_valid_name(want))
		return PLAN_INVALID;
	switch (plan_get(want, &p)) {
	case PLAN_OK:
		break;
	case PLAN_NOTFOUND:
		return PLAN_INVALID;
	default:
		return PLAN_ERR;
	}
	if (rc != PLAN_OK || p.rank > mine.rank)
		return PLAN_ABOVE;
	snprintf(out, PLAN_NAMEMAX + 1, "%s", p.name);
	return PLAN_OK;
}

void
plan_limits_text(const struct plan *p, char *out, size_t outsz)
{
	static const char *const unit[3] = { "/s", "/h", "/month" };
	int64_t		 v[3] = { p->per_second, p->per_hour, p->per_month };
	size_t		 i, n = 0;
	int		 k;

	out[0] = '\0';
	for (i = 0; i < 3; i++) {
		if (v[i] <= 0)
			continue;
		k = snprintf(out + n, outsz - n, "%s%lld%s", n ? ", " : "",
		    (long long)v[i], unit[i]);
		if (k < 0 || (size_t)k >= outsz - n)
			return;
		n += (size_t)k;
	}
}

int
plan_apply_default(const char *user_id)
{
	const char	*name = config_get()->default_plan;
	struct plan	 p;
	struct dbq	*q;

	if (name == NULL || *name == '\0')
		return 0;
	switch (plan_get(name, &p)) {
	case PLAN_OK:
		break;
	case PLAN_NOTFOUND:
		log_msg("LATCHKEY_DEFAULT_PLAN %s: no such plan", name);
		return 0;
	default:
		return -1;
	}
	if ((q = db_q(SQL_SET_USER)) == NULL || db_bind_text(q, 1, user_id) ||
	    db_bind_text(q, 2, p.name))
		return -1;
	return db_exec(q);
}
