#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "db.h"
#include "keys.h"
#include "rnd.h"
#include "secrets.h"
#include "timefmt.h"
#include "valid.h"

#define KEY_COLS "k.id, k.user_id, u.email, k.name, k.prefix, k.hint, " \
	"k.environment = 'live', k.restricted, k.permissions, k.created_at, " \
	"coalesce(k.expires_at, 0), coalesce(k.last_used_at, 0), " \
	"coalesce(k.revoked_at, 0), u.disabled, coalesce(k.rolled_to, ''), " \
	"coalesce(k.rate_limit, 0), u.role = 'admin', " \
	"coalesce((SELECT p.id FROM api_keys p WHERE p.rolled_to = k.id), " \
	"''), " \
	"coalesce(k.tier, ''), coalesce(t.per_second, 0), " \
	"coalesce(t.per_hour, 0), coalesce(u.plan, ''), " \
	"coalesce(up.per_month, 0)"
#define KEY_FROM " FROM api_keys k JOIN users u ON u.id = k.user_id " \
	"LEFT JOIN plans t ON t.name = k.tier " \
	"LEFT JOIN plans up ON up.name = u.plan "

static const char SQL_INSERT[] =
    "INSERT INTO api_keys (id, user_id, name, prefix, hint, environment, "
    "restricted, permissions, key_hash, created_at, expires_at, tier) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
static const char SQL_GET[] =
    "SELECT " KEY_COLS KEY_FROM "WHERE k.id = ?1 AND (?2 IS NULL OR "
    "k.user_id = ?2)";
/* Two statements, not "?1 IS NULL OR k.user_id = ?1": that OR keeps
 * SQLite from using api_keys_user, and a user's page scanned every key
 * of every user (found by make bench). */
static const char SQL_LIST_USER[] =
    "SELECT " KEY_COLS KEY_FROM "WHERE k.user_id = ?1 "
    "ORDER BY k.created_at DESC, k.id";
static const char SQL_LIST_ALL[] =
    "SELECT " KEY_COLS KEY_FROM "ORDER BY k.created_at DESC, k.id";
/* ?1 email, ?2 status, ?3 environment, ?4 text, ?5 now. */
#define KEY_FILTER "WHERE (?1 IS NULL OR u.email = ?1) AND (?3 IS NULL OR " \
	"k.environment = ?3) AND (?4 IS NULL OR k.id = ?4 OR " \
	"instr(lower(k.name), lower(?4)) > 0) AND (?2 IS NULL OR (CASE " \
	"WHEN k.revoked_at IS NOT NULL AND k.revoked_at <= ?5 THEN 'revoked' " \
	"WHEN k.expires_at IS NOT NULL AND k.expires_at <= ?5 THEN 'expired' " \
	"ELSE 'active' END) = ?2) "
static const char SQL_SEARCH[] =
    "SELECT " KEY_COLS KEY_FROM KEY_FILTER
    "ORDER BY k.created_at DESC, k.id LIMIT ?6 OFFSET ?7";
static const char SQL_SEARCH_COUNT[] =
    "SELECT count(*)" KEY_FROM KEY_FILTER;
static const char SQL_REVOKE_ALL[] =
    "UPDATE api_keys SET revoked_at = ?2, revoke_reason = ?3 "
    "WHERE user_id = ?1 AND revoked_at IS NULL";
static const char SQL_LIMIT[] =
    "UPDATE api_keys SET rate_limit = ?2 WHERE id = ?1";
static const char SQL_BY_HASH[] =
    "SELECT " KEY_COLS KEY_FROM "WHERE k.key_hash = ?1";
static const char SQL_TOUCH[] =
    "UPDATE api_keys SET last_used_at = ?2 WHERE id = ?1";
static const char SQL_REVOKE[] =
    "UPDATE api_keys SET revoked_at = ?3, revoke_reason = ?4 "
    "WHERE id = ?1 AND (?2 IS NULL OR user_id = ?2) AND revoked_at IS NULL "
    "RETURNING user_id, name";
static const char SQL_LIVE_COUNT[] =
    "SELECT count(*) FROM api_keys WHERE user_id = ?1 AND revoked_at IS NULL";
static const char SQL_ROLL_OLD[] =
    "UPDATE api_keys SET rolled_to = ?2, expires_at = CASE WHEN "
    "expires_at IS NULL OR expires_at > ?3 THEN ?3 ELSE expires_at END "
    "WHERE id = ?1";

int
keys_valid_env(const char *s)
{
	return strcmp(s, "live") == 0 || strcmp(s, "test") == 0;
}

/* NULL if k's permissions suit its kind, else why not. */
static const char *
check_perms(const struct apikey *k)
{
	if (k->perms.base == 0 && k->perms.nres == 0)
		return "Choose at least one permission.";
	if (k->restricted && (k->perms.base & PERM_ADMIN))
		return "Restricted keys can't hold admin.";
	if (!k->restricted && k->perms.nres > 0)
		return "Only restricted keys hold resource permissions.";
	return NULL;
}

/* The expiry of in into k; NULL or the field at fault. */
static const char *
read_expiry(const struct key_input *in, int64_t now, struct apikey *k,
    const char **msg)
{
	int64_t	 at;

	if (in->has_days) {
		if (in->days < 1 || in->days > KEY_MAXDAYS) {
			*msg = "expires_in_days must be between 1 and 3650.";
			return "expires_in_days";
		}
		k->expires_at = now + in->days * 86400;
	}
	if (in->expires_on == NULL)
		return NULL;
	if (k->expires_at != 0)
		*msg = "Choose a period or a date, not both.";
	else if (timefmt_parse_date(in->expires_on, &at) == -1)
		*msg = "Use a date like 2027-01-31.";
	else if (at <= now)
		*msg = "Choose a date in the future.";
	else if (at > now + (int64_t)KEY_MAXDAYS * 86400)
		*msg = "Choose a date within ten years.";
	else {
		k->expires_at = at;
		return NULL;
	}
	return "expires_on";
}

/* "<before>'<entry>'<after>", or "<before>entry <i><after>" for an
 * entry not safe to quote back (valid_echo_safe). Processes answer one
 * request at a time, and the caller copies the message into the answer
 * before the next. */
static const char *
bad_entry(const char *before, const char *w, size_t n, size_t i,
    const char *after)
{
	static char	 msg[200];

	if (valid_echo_safe(w, n))
		snprintf(msg, sizeof(msg), "%s'%.*s'%s", before, (int)n, w,
		    after);
	else
		snprintf(msg, sizeof(msg), "%sentry %zu%s", before, i + 1,
		    after);
	return msg;
}

const char *
keys_parse_more(struct perms *p, const char *s)
{
	char	 w[64];
	size_t	 n, i = 0;

	for (; *s != '\0'; s += n) {
		if ((n = strcspn(s, " ")) == 0) {
			n = 1;
			continue;
		}
		if (n >= sizeof(w) || (memcpy(w, s, n), w[n] = '\0',
		    !perm_valid_resource(w)) || perm_add(p, w) == -1)
			return bad_entry("Resource permission ", s, n, i,
			    " is not one: use resource:read, resource:write "
			    "or resource:delete, separated by spaces.");
		i++;
	}
	return NULL;
}

static const char *
read_perms(const struct key_input *in, struct apikey *k, const char **msg)
{
	size_t	 i;

	for (i = 0; i < in->nperms; i++)
		if (perm_add(&k->perms, in->perms[i]) == -1) {
			*msg = bad_entry("Unknown permission: ", in->perms[i],
			    strlen(in->perms[i]), i, ".");
			return "permissions";
		}
	if (in->more_perms != NULL &&
	    (*msg = keys_parse_more(&k->perms, in->more_perms)) != NULL)
		return "resource_permissions";
	if ((*msg = check_perms(k)) != NULL)
		return k->perms.nres > 0 && !k->restricted ?
		    "resource_permissions" : "permissions";
	return NULL;
}

const char *
keys_from_input(const struct key_input *in, const char *user_id,
    int64_t now, struct apikey *k, const char **msg)
{
	const char	*field;

	memset(k, 0, sizeof(*k));
	snprintf(k->user_id, sizeof(k->user_id), "%s", user_id);
	if (in->name == NULL || !valid_not_blank(in->name) ||
	    strlen(in->name) > KEY_NAMEMAX) {
		*msg = "Give the key a name.";
		return "name";
	}
	snprintf(k->name, sizeof(k->name), "%s", in->name);
	if (in->environment == NULL || !keys_valid_env(in->environment)) {
		*msg = "Choose live or test.";
		return "environment";
	}
	k->live = strcmp(in->environment, "live") == 0;
	k->restricted = in->restricted != 0;
	if (in->tier != NULL) {
		if (!plan_valid_name(in->tier)) {
			*msg = "No such tier.";
			return "tier";
		}
		snprintf(k->tier, sizeof(k->tier), "%s", in->tier);
		k->tier_chosen = 1;
	}
	if ((field = read_perms(in, k, msg)) != NULL)
		return field;
	return read_expiry(in, now, k, msg);
}

int
keys_valid_grace(int64_t g)
{
	return g == 0 || g == 3600 || g == 86400 || g == 7 * 86400;
}

enum key_status
key_status(const struct apikey *k, int64_t now)
{
	if (k->revoked_at != 0 && k->revoked_at <= now)
		return KEY_REVOKED;
	if (k->expires_at != 0 && k->expires_at <= now)
		return KEY_EXPIRED;
	return KEY_ACTIVE;
}

const char *
key_status_name(enum key_status s)
{
	static const char *const names[KEY_STATUS__MAX] = {
		"active", "expired", "revoked",
	};

	return names[s];
}

static void
secret_hash(const char *secret, unsigned char out[32])
{
	rnd_keyed_hash(out, secret_get(SECRET_PEPPER), secret, strlen(secret));
}

static void
row(struct dbq *q, struct apikey *k)
{
	memset(k, 0, sizeof(*k));
	snprintf(k->id, sizeof(k->id), "%s", db_text(q, 0));
	snprintf(k->user_id, sizeof(k->user_id), "%s", db_text(q, 1));
	snprintf(k->user_email, sizeof(k->user_email), "%s", db_text(q, 2));
	snprintf(k->name, sizeof(k->name), "%s", db_text(q, 3));
	snprintf(k->prefix, sizeof(k->prefix), "%s", db_text(q, 4));
	snprintf(k->hint, sizeof(k->hint), "%s", db_text(q, 5));
	k->live = (int)db_int(q, 6);
	k->restricted = (int)db_int(q, 7);
	(void)perm_parse(&k->perms, db_text(q, 8));
	k->created_at = db_int(q, 9);
	k->expires_at = db_int(q, 10);
	k->last_used_at = db_int(q, 11);
	k->revoked_at = db_int(q, 12);
	k->owner_disabled = (int)db_int(q, 13);
	snprintf(k->rolled_to, sizeof(k->rolled_to), "%s", db_text(q, 14));
	k->rate_limit = db_int(q, 15);
	k->owner_admin = (int)db_int(q, 16);
	snprintf(k->rolled_from, sizeof(k->rolled_from), "%s", db_text(q, 17));
	snprintf(k->tier, sizeof(k->tier), "%s", db_text(q, 18));
	k->tier_per_second = db_int(q, 19);
	k->tier_per_hour = db_int(q, 20);
	snprintf(k->owner_plan, sizeof(k->owner_plan), "%s", db_text(q, 21));
	k->owner_per_month = db_int(q, 22);
}

static enum keys_rc
insert(struct apikey *k, int64_t now, char secret[KEY_LEN + 1])
{
	unsigned char	 h[32];
	char		 perms[2048];
	struct dbq	*q;

	if (perm_format(&k->perms, perms, sizeof(perms)) == -1)
		return KEYS_ERR;
	keyfmt_generate(k->restricted, k->live, secret);
	secret_hash(secret, h);
	rnd_id(k->id, sizeof(k->id), "key_", 16);
	memcpy(k->prefix, secret, KEY_PREFIXLEN);
	k->prefix[KEY_PREFIXLEN] = '\0';
	memcpy(k->hint, secret + KEY_LEN - KEY_HINTLEN, KEY_HINTLEN + 1);
	k->created_at = now;
	if ((q = db_q(SQL_INSERT)) == NULL || db_bind_text(q, 1, k->id) ||
	    db_bind_text(q, 2, k->user_id) || db_bind_text(q, 3, k->name) ||
	    db_bind_text(q, 4, k->prefix) || db_bind_text(q, 5, k->hint) ||
	    db_bind_text(q, 6, k->live ? "live" : "test") ||
	    db_bind_int(q, 7, k->restricted) || db_bind_text(q, 8, perms) ||
	    db_bind_blob(q, 9, h, sizeof(h)) || db_bind_int(q, 10, now) ||
	    (k->expires_at ? db_bind_int(q, 11, k->expires_at) :
	    db_bind_null(q, 11)) ||
	    db_bind_text(q, 12, k->tier[0] != '\0' ? k->tier : NULL))
		return KEYS_ERR;
	return db_exec(q) == 0 ? KEYS_OK : KEYS_ERR;
}

/* Ends the transaction: an error rolls back; anything else, a change
 * or a refusal that changed nothing, commits. */
static enum keys_rc
finish(enum keys_rc rc)
{
	return db_end_tx(rc == KEYS_ERR) == 0 ? rc : KEYS_ERR;
}

static enum keys_rc
room_for_one(const char *user_id)
{
	struct dbq	*q;
	int64_t		 n = -1;

	if ((q = db_q(SQL_LIVE_COUNT)) == NULL || db_bind_text(q, 1, user_id))
		return KEYS_ERR;
	if (db_step(q) == DB_ROW)
		n = db_int(q, 0);
	db_end(q);
	return n < 0 ? KEYS_ERR : n < KEY_MAXLIVE ? KEYS_OK : KEYS_LIMIT;
}

/* In the creation's transaction: the tier the key may have (SPEC 9). */
static enum keys_rc
choose_tier(struct apikey *k)
{
	char	 want[PLAN_NAMEMAX + 1];

	snprintf(want, sizeof(want), "%s", k->tier);
	switch (plan_tier_for(k->user_id, k->tier_chosen ? want : NULL,
	    k->tier)) {
	case PLAN_OK:
		return KEYS_OK;
	case PLAN_INVALID:
		return KEYS_TIER_UNKNOWN;
	case PLAN_ABOVE:
		return KEYS_TIER_ABOVE;
	default:
		return KEYS_ERR;
	}
}

enum keys_rc
keys_create(struct apikey *k, const struct actor *a, int64_t now,
    char secret[KEY_LEN + 1])
{
	enum keys_rc	 rc;

	if (db_begin() == -1)
		return KEYS_ERR;
	if ((rc = room_for_one(k->user_id)) == KEYS_OK &&
	    (rc = choose_tier(k)) == KEYS_OK &&
	    (rc = insert(k, now, secret)) == KEYS_OK &&
	    audit(a, now, "key.create", k->id, k->name) == -1)
		rc = KEYS_ERR;
	if ((rc = finish(rc)) != KEYS_OK)
		sodium_memzero(secret, KEY_LEN + 1);
	return rc;
}

enum keys_rc
keys_get(const char *user_id, const char *id, struct apikey *k)
{
	struct dbq	*q;
	enum db_rc	 rc;

	if ((q = db_q(SQL_GET)) == NULL || db_bind_text(q, 1, id) ||
	    db_bind_text(q, 2, user_id))
		return KEYS_ERR;
	if ((rc = db_step(q)) == DB_ROW)
		row(q, k);
	db_end(q);
	return rc == DB_ROW ? KEYS_OK : rc == DB_DONE ? KEYS_NOTFOUND :
	    KEYS_ERR;
}

enum keys_rc
keys_each(const char *user_id, void (*fn)(const struct apikey *, void *),
    void *arg)
{
	const char	*sql = user_id != NULL ? SQL_LIST_USER : SQL_LIST_ALL;
	struct apikey	 k;
	struct dbq	*q;
	enum db_rc	 rc;

	if ((q = db_q(sql)) == NULL ||
	    (user_id != NULL && db_bind_text(q, 1, user_id)))
		return KEYS_ERR;
	while ((rc = db_step(q)) == DB_ROW) {
		row(q, &k);
		fn(&k, arg);
	}
	db_end(q);
	return rc == DB_DONE ? KEYS_OK : KEYS_ERR;
}

/* Inside the transaction: the new key and the old one's grace. */
static enum keys_rc
roll_in_tx(const char *user_id, const char *id, int64_t grace,
    const struct actor *a, int64_t now, struct apikey *nk,
    char secret[KEY_LEN + 1])
{
	struct apikey	 old;
	struct dbq	*q;
	enum keys_rc	 rc;

	if ((rc = keys_get(user_id, id, &old)) != KEYS_OK)
		return rc;
	if (key_status(&old, now) != KEY_ACTIVE || old.rolled_to[0] != '\0')
		return KEYS_NOTFOUND;
	*nk = old;
	/* The new key keeps the old one's lifetime, counted from now. */
	nk->expires_at = old.expires_at ? now + (old.expires_at -
	    old.created_at) : 0;
	nk->last_used_at = 0;
	nk->rolled_to[0] = '\0';
	snprintf(nk->rolled_from, sizeof(nk->rolled_from), "%s", old.id);
	/* No room_for_one: the old key stops after its grace. */
	if ((rc = insert(nk, now, secret)) != KEYS_OK)
		return rc;
	if ((q = db_q(SQL_ROLL_OLD)) == NULL || db_bind_text(q, 1, old.id) ||
	    db_bind_text(q, 2, nk->id) || db_bind_int(q, 3, now + grace) ||
	    db_exec(q) == -1 || audit(a, now, "key.roll", old.id, nk->id) == -1)
		return KEYS_ERR;
	return KEYS_OK;
}

enum keys_rc
keys_roll(const char *user_id, const char *id, int64_t grace,
    const struct actor *a, int64_t now, struct apikey *nk,
    char secret[KEY_LEN + 1])
{
	enum keys_rc	 rc;

	if (!keys_valid_grace(grace))
		return KEYS_NOTFOUND;
	if (db_begin() == -1)
		return KEYS_ERR;
	if ((rc = finish(roll_in_tx(user_id, id, grace, a, now, nk,
	    secret))) != KEYS_OK)
		sodium_memzero(secret, KEY_LEN + 1);
	return rc;
}

static const char *const why_actions[REVOKE__MAX] = {
	"key.revoke", "admin.key.revoke", "key.revoke_leaked",
};

/* The audit detail of a revocation: a leak names the owner (whose key
 * it was, for the admin reading the log), others the reason given or
 * the key's name. */
static const char *
revoke_detail(enum keys_why why, const char *reason, const char *owner,
    const char *name)
{
	if (why == REVOKE_LEAKED)
		return owner;
	return reason != NULL && reason[0] != '\0' ? reason : name;
}

enum keys_rc
keys_revoke(const char *user_id, const char *id, enum keys_why why,
    const char *reason, const struct actor *a, int64_t now)
{
	struct dbq	*q;
	enum db_rc	 st;
	enum keys_rc	 rc = KEYS_ERR;
	char		 owner[21] = "", name[KEY_NAMEMAX + 1] = "";

	if (db_begin() == -1)
		return KEYS_ERR;
	if ((q = db_q(SQL_REVOKE)) != NULL && db_bind_text(q, 1, id) == 0 &&
	    db_bind_text(q, 2, user_id) == 0 && db_bind_int(q, 3, now) == 0 &&
	    db_bind_text(q, 4, reason ? reason : "") == 0) {
		if ((st = db_step(q)) == DB_ROW) {
			snprintf(owner, sizeof(owner), "%s", db_text(q, 0));
			snprintf(name, sizeof(name), "%s", db_text(q, 1));
			st = db_step(q);
		}
		db_end(q);
		rc = st == DB_DONE ? (owner[0] ? KEYS_OK : KEYS_NOTFOUND) :
		    KEYS_ERR;
	}
	if (rc == KEYS_OK && audit(a, now, why_actions[why], id,
	    revoke_detail(why, reason, owner, name)) == -1)
		rc = KEYS_ERR;
	return finish(rc);
}

enum keys_rc
keys_revoke_secret(const char *secret, const char *reason,
    const struct actor *a, int64_t now, struct apikey *k)
{
	enum keys_rc	 rc;

	if ((rc = keys_find(secret, k)) != KEYS_OK)
		return rc;
	rc = keys_revoke(NULL, k->id, REVOKE_LEAKED, reason, a, now);
	return rc == KEYS_ERR ? KEYS_ERR : rc == KEYS_OK ? KEYS_OK :
	    KEYS_NOTFOUND;
}

enum keys_rc
keys_find(const char *secret, struct apikey *k)
{
	unsigned char	 h[32];
	struct dbq	*q;
	enum db_rc	 rc;
	int		 restricted, live;

	if (!keyfmt_check(secret, &restricted, &live))
		return KEYS_MALFORMED;
	secret_hash(secret, h);
	if ((q = db_q(SQL_BY_HASH)) == NULL ||
	    db_bind_blob(q, 1, h, sizeof(h)) == -1)
		return KEYS_ERR;
	if ((rc = db_step(q)) == DB_ROW)
		row(q, k);
	db_end(q);
	if (rc != DB_ROW)
		return rc == DB_DONE ? KEYS_NOTFOUND : KEYS_ERR;
	return KEYS_OK;
}

enum keys_rc
keys_check(const char *secret, int64_t now, struct apikey *k)
{
	enum keys_rc	 rc;

	if ((rc = keys_find(secret, k)) != KEYS_OK)
		return rc;
	if (k->owner_disabled)
		return KEYS_DISABLED;
	switch (key_status(k, now)) {
	case KEY_REVOKED:
		return KEYS_REVOKED;
	case KEY_EXPIRED:
		return KEYS_EXPIRED;
	default:
		return KEYS_OK;
	}
}

enum keys_rc
keys_verify(const char *secret, int64_t now, struct apikey *k)
{
	enum keys_rc	 rc;

	if ((rc = keys_check(secret, now, k)) != KEYS_OK)
		return rc;
	return keys_touch(k, now);
}

enum keys_rc
keys_touch(struct apikey *k, int64_t now)
{
	struct dbq	*q;

	if (now - k->last_used_at >= KEY_TOUCH) {
		k->last_used_at = now;
		if ((q = db_q(SQL_TOUCH)) == NULL ||
		    db_bind_text(q, 1, k->id) || db_bind_int(q, 2, now) ||
		    db_exec(q) == -1)
			return KEYS_ERR;
	}
	return KEYS_OK;
}

static int
bind_filter(struct dbq *q, const struct key_filter *f, int64_t now)
{
	return db_bind_text(q, 1, f->owner_email) ||
	    db_bind_text(q, 2, f->status) ||
	    db_bind_text(q, 3, f->environment) ||
	    db_bind_text(q, 4, f->text) || db_bind_int(q, 5, now);
}

enum keys_rc
keys_search(const struct key_filter *f, int64_t now, int64_t offset,
    int limit, int64_t *total, void (*fn)(const struct apikey *, void *),
    void *arg)
{
	struct apikey	 k;
	struct dbq	*q;
	enum db_rc	 rc;

	if ((q = db_q(SQL_SEARCH_COUNT)) == NULL || bind_filter(q, f, now))
		return KEYS_ERR;
	rc = db_step(q);
	*total = rc == DB_ROW ? db_int(q, 0) : 0;
	db_end(q);
	if (rc != DB_ROW)
		return KEYS_ERR;
	if ((q = db_q(SQL_SEARCH)) == NULL || bind_filter(q, f, now) ||
	    db_bind_int(q, 6, limit) || db_bind_int(q, 7, offset))
		return KEYS_ERR;
	while ((rc = db_step(q)) == DB_ROW) {
		row(q, &k);
		fn(&k, arg);
	}
	db_end(q);
	return rc == DB_DONE ? KEYS_OK : KEYS_ERR;
}

enum keys_rc
keys_revoke_all(const char *user_id, const char *reason,
    const struct actor *a, int64_t now, int64_t *n)
{
	struct dbq	*q;

	*n = 0;
	if (db_begin() == -1)
		return KEYS_ERR;
	if ((q = db_q(SQL_REVOKE_ALL)) == NULL || db_bind_text(q, 1, user_id) ||
	    db_bind_int(q, 2, now) || db_bind_text(q, 3, reason) ||
	    db_exec(q) == -1)
		return finish(KEYS_ERR);
	*n = db_changes();
	return finish(audit(a, now, "admin.key.revoke_all", user_id, reason) ==
	    0 ? KEYS_OK : KEYS_ERR);
}

enum keys_rc
keys_set_limit(const char *id, int64_t limit, const struct actor *a,
    int64_t now)
{
	struct dbq	*q;
	char		 text[24];
	enum keys_rc	 rc = KEYS_ERR;

	if (db_begin() == -1)
		return KEYS_ERR;
	if ((q = db_q(SQL_LIMIT)) != NULL && db_bind_text(q, 1, id) == 0 &&
	    (limit > 0 ? db_bind_int(q, 2, limit) : db_bind_null(q, 2)) == 0 &&
	    db_exec(q) == 0)
		rc = db_changes() == 1 ? KEYS_OK : KEYS_NOTFOUND;
	if (limit > 0)
		snprintf(text, sizeof(text), "%lld", (long long)limit);
	else
		snprintf(text, sizeof(text), "default");
	if (rc == KEYS_OK && audit(a, now, "key.limit", id, text) == -1)
		rc = KEYS_ERR;
	return finish(rc);
}
