#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "db.h"
#include "keys.h"
#include "rnd.h"
#include "secrets.h"

#define KEY_COLS "k.id, k.user_id, u.email, k.name, k.prefix, k.hint, " \
	"k.environment = 'live', k.restricted, k.permissions, k.created_at, " \
	"coalesce(k.expires_at, 0), coalesce(k.last_used_at, 0), " \
	"coalesce(k.revoked_at, 0), u.disabled, coalesce(k.rolled_to, ''), " \
	"coalesce(k.rate_limit, 0)"
#define KEY_FROM " FROM api_keys k JOIN users u ON u.id = k.user_id "

static const char SQL_INSERT[] =
    "INSERT INTO api_keys (id, user_id, name, prefix, hint, environment, "
    "restricted, permissions, key_hash, created_at, expires_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
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
    "WHERE id = ?1 AND (?2 IS NULL OR user_id = ?2) AND revoked_at IS NULL";
static const char SQL_ROLL_OLD[] =
    "UPDATE api_keys SET rolled_to = ?2, expires_at = CASE WHEN "
    "expires_at IS NULL OR expires_at > ?3 THEN ?3 ELSE expires_at END "
    "WHERE id = ?1";

int
keys_valid_env(const char *s)
{
	return strcmp(s, "live") == 0 || strcmp(s, "test") == 0;
}

const char *
keys_check_perms(const struct apikey *k)
{
	if (k->perms.base == 0 && k->perms.nres == 0)
		return "Choose at least one permission.";
	if (k->restricted && (k->perms.base & PERM_ADMIN))
		return "Restricted keys can't hold admin.";
	if (!k->restricted && k->perms.nres > 0)
		return "Only restricted keys hold resource permissions.";
	return NULL;
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
	    db_bind_null(q, 11)))
		return KEYS_ERR;
	return db_exec(q) == 0 ? KEYS_OK : KEYS_ERR;
}

enum keys_rc
keys_create(struct apikey *k, int64_t now, char secret[KEY_LEN + 1])
{
	enum keys_rc	 rc = insert(k, now, secret);

	if (rc != KEYS_OK)
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

enum keys_rc
keys_roll(const char *user_id, const char *id, int64_t grace, int64_t now,
    struct apikey *nk, char secret[KEY_LEN + 1])
{
	struct apikey	 old;
	struct dbq	*q;
	enum keys_rc	 rc;

	if (db_begin() == -1)
		return KEYS_ERR;
	if ((rc = keys_get(user_id, id, &old)) != KEYS_OK)
		goto fail;
	if (key_status(&old, now) != KEY_ACTIVE || old.rolled_to[0] != '\0') {
		rc = KEYS_NOTFOUND;
		goto fail;
	}
	*nk = old;
	/* The new key keeps the old one's lifetime, counted from now. */
	nk->expires_at = old.expires_at ? now + (old.expires_at -
	    old.created_at) : 0;
	nk->last_used_at = 0;
	nk->rolled_to[0] = '\0';
	rc = KEYS_ERR;
	if (insert(nk, now, secret) != KEYS_OK ||
	    (q = db_q(SQL_ROLL_OLD)) == NULL || db_bind_text(q, 1, old.id) ||
	    db_bind_text(q, 2, nk->id) || db_bind_int(q, 3, now + grace) ||
	    db_exec(q) == -1 || db_commit() == -1)
		goto fail;
	return KEYS_OK;
fail:
	db_rollback();
	sodium_memzero(secret, KEY_LEN + 1);
	return rc;
}

enum keys_rc
keys_revoke(const char *user_id, const char *id, int64_t now,
    const char *reason)
{
	struct dbq	*q;

	if ((q = db_q(SQL_REVOKE)) == NULL || db_bind_text(q, 1, id) ||
	    db_bind_text(q, 2, user_id) || db_bind_int(q, 3, now) ||
	    db_bind_text(q, 4, reason ? reason : "") || db_exec(q) == -1)
		return KEYS_ERR;
	return db_changes() == 1 ? KEYS_OK : KEYS_NOTFOUND;
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
keys_verify(const char *secret, int64_t now, struct apikey *k)
{
	struct dbq	*q;
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
		break;
	}
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
keys_revoke_all(const char *user_id, int64_t now, const char *reason,
    int64_t *n)
{
	struct dbq	*q;

	if ((q = db_q(SQL_REVOKE_ALL)) == NULL || db_bind_text(q, 1, user_id) ||
	    db_bind_int(q, 2, now) || db_bind_text(q, 3, reason) ||
	    db_exec(q) == -1)
		return KEYS_ERR;
	*n = db_changes();
	return KEYS_OK;
}

enum keys_rc
keys_set_limit(const char *id, int64_t limit)
{
	struct dbq	*q;

	if ((q = db_q(SQL_LIMIT)) == NULL || db_bind_text(q, 1, id) ||
	    (limit > 0 ? db_bind_int(q, 2, limit) : db_bind_null(q, 2)) ||
	    db_exec(q) == -1)
		return KEYS_ERR;
	return db_changes() == 1 ? KEYS_OK : KEYS_NOTFOUND;
}
