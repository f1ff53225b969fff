#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "code.h"
#include "db.h"
#include "secrets.h"
#include "tokens.h"

static const char SQL_INSERT[] =
    "INSERT INTO oauth_codes (code_hash, client_id, user_id, redirect_uri, "
    "scope, code_challenge, created_at, expires_at, nonce, auth_time) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char SQL_LOOKUP[] =
    "SELECT client_id, user_id, redirect_uri, scope, code_challenge, "
    "expires_at, used_at IS NOT NULL, coalesce(family_id, ''), "
    "coalesce(nonce, ''), coalesce(auth_time, created_at) "
    "FROM oauth_codes WHERE code_hash = ?1";
static const char SQL_BURN[] =
    "UPDATE oauth_codes SET used_at = ?2 WHERE code_hash = ?1 "
    "AND used_at IS NULL";
static const char SQL_FAMILY[] =
    "UPDATE oauth_codes SET family_id = ?2 WHERE code_hash = ?1";
static const char SQL_CONSENT_GET[] =
    "SELECT scope FROM oauth_consents WHERE user_id = ?1 AND client_id = ?2";
static const char SQL_CONSENT_SET[] =
    "INSERT INTO oauth_consents (user_id, client_id, scope, created_at) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (user_id, client_id) "
    "DO UPDATE SET scope = excluded.scope, created_at = excluded.created_at";
/* ?1 NULL: every user's. */
static const char SQL_CONSENT_DEL[] =
    "DELETE FROM oauth_consents WHERE (?1 IS NULL OR user_id = ?1) AND "
    "client_id = ?2";
static const char SQL_CODES_DEL[] =
    "DELETE FROM oauth_codes WHERE (?1 IS NULL OR user_id = ?1) AND "
    "client_id = ?2 AND used_at IS NULL";
static const char SQL_CONSENT_LIST[] =
    "SELECT k.client_id, c.name, u.email, k.scope, k.created_at "
    "FROM oauth_consents k JOIN oauth_clients c ON c.client_id = k.client_id "
    "JOIN users u ON u.id = c.user_id WHERE k.user_id = ?1 "
    "ORDER BY k.created_at DESC";

static void
code_hash(const char *code, unsigned char h[32])
{
	rnd_keyed_hash(h, secret_get(SECRET_PEPPER), code, strlen(code));
}

static int
unreserved(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

int
code_valid_verifier(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (!unreserved(s[i]) || i >= 128)
			return 0;
	return i >= 43;
}

int
code_valid_challenge(const char *s)
{
	/* base64url of a SHA-256: 43 characters, last one of 16. */
	return rnd_token_shape(s) != 0 &&
	    strchr("AEIMQUYcgkosw048", s[42]) != NULL;
}

static enum code_rc
insert(const struct code_req *cr, int64_t now, char code[RND_TOKEN_LEN + 1])
{
	unsigned char	 h[32];
	struct dbq	*q;

	rnd_token(code);
	code_hash(code, h);
	if ((q = db_q(SQL_INSERT)) == NULL ||
	    db_bind_blob(q, 1, h, sizeof(h)) ||
	    db_bind_text(q, 2, cr->client_id) ||
	    db_bind_text(q, 3, cr->user_id) ||
	    db_bind_text(q, 4, cr->redirect_uri) ||
	    db_bind_text(q, 5, cr->scope) ||
	    db_bind_text(q, 6, cr->challenge) || db_bind_int(q, 7, now) ||
	    db_bind_int(q, 8, now + CODE_TTL) ||
	    (cr->nonce != NULL ? db_bind_text(q, 9, cr->nonce) :
	    db_bind_null(q, 9)) || db_bind_int(q, 10, cr->auth_time) ||
	    db_exec(q) == -1)
		return CODE_ERR;
	return CODE_OK;
}

static int
consent_set(const char *user_id, const char *client_id, const char *scope,
    int64_t now)
{
	struct dbq	*q;

	if ((q = db_q(SQL_CONSENT_SET)) == NULL ||
	    db_bind_text(q, 1, user_id) || db_bind_text(q, 2, client_id) ||
	    db_bind_text(q, 3, scope) || db_bind_int(q, 4, now))
		return -1;
	return db_exec(q);
}

/* The user's consent to client covers scope: 1, 0, or -1. */
static int
consented(const char *user_id, const char *client_id, const char *scope)
{
	char	 given[1024];

	if (consent_get(user_id, client_id, given) == -1)
		return -1;
	return given[0] != '\0' && scope_subset(scope, given);
}

enum code_rc
code_issue(const struct code_req *cr, int consent, const struct actor *a,
    int64_t now, char code[RND_TOKEN_LEN + 1])
{
	enum code_rc	 rc = CODE_ERR;
	int		 ok;

	if (db_begin() == -1)
		return CODE_ERR;
	if (consent) {
		if (consent_set(cr->user_id, cr->client_id, cr->scope, now) ==
		    0 && audit(a, now, "consent.grant", cr->client_id,
		    cr->scope) == 0)
			rc = insert(cr, now, code);
	} else if ((ok = consented(cr->user_id, cr->client_id,
	    cr->scope)) == 1)
		rc = insert(cr, now, code);
	else if (ok == 0)
		rc = CODE_INVALID;
	if (rc == CODE_OK && db_commit() == 0)
		return CODE_OK;
	db_rollback();
	sodium_memzero(code, RND_TOKEN_LEN + 1);
	return rc == CODE_OK ? CODE_ERR : rc;
}

/* S256(verifier) == challenge, compared in constant time. */
static int
pkce_ok(const char *verifier, const char *challenge)
{
	unsigned char	 d[crypto_hash_sha256_BYTES];
	char		 enc[64];

	if (!code_valid_verifier(verifier) || strlen(challenge) != 43)
		return 0;
	crypto_hash_sha256(d, (const unsigned char *)verifier,
	    strlen(verifier));
	sodium_bin2base64(enc, sizeof(enc), d, sizeof(d),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return strlen(enc) == 43 && sodium_memcmp(enc, challenge, 43) == 0;
}

struct code_row {
	char	 user_id[21];
	char	 client_id[64];
	char	 redirect_uri[600];
	char	 challenge[64];
	char	 family[FAMILY_IDLEN + 1];
	int64_t	 expires_at;
	int	 used;
};

enum code_rc
code_redeem(const char *code, const char *client_id, const char *redirect,
    const char *verifier, int64_t now, struct code_grant *g)
{
	unsigned char	 h[32];
	struct code_row	 row;
	struct dbq	*q;
	enum db_rc	 rc;

	if (!rnd_token_shape(code))
		return CODE_INVALID;
	code_hash(code, h);
	if ((q = db_q(SQL_LOOKUP)) == NULL || db_bind_blob(q, 1, h, 32))
		return CODE_ERR;
	memset(&row, 0, sizeof(row));
	if ((rc = db_step(q)) == DB_ROW) {
		snprintf(row.client_id, sizeof(row.client_id), "%s",
		    db_text(q, 0));
		snprintf(row.user_id, sizeof(row.user_id), "%s",
		    db_text(q, 1));
		snprintf(row.redirect_uri, sizeof(row.redirect_uri), "%s",
		    db_text(q, 2));
		snprintf(g->scope, sizeof(g->scope), "%s", db_text(q, 3));
		snprintf(row.challenge, sizeof(row.challenge), "%s",
		    db_text(q, 4));
		row.expires_at = db_int(q, 5);
		row.used = (int)db_int(q, 6);
		snprintf(row.family, sizeof(row.family), "%s", db_text(q, 7));
		snprintf(g->nonce, sizeof(g->nonce), "%s", db_text(q, 8));
		g->auth_time = db_int(q, 9);
	}
	db_end(q);
	if (rc != DB_ROW)
		return rc == DB_DONE ? CODE_INVALID : CODE_ERR;
	if (row.used) {
		/* A replay: whatever the first exchange issued dies. */
		if (row.family[0] != '\0' &&
		    tokens_revoke_family(row.family, now) == -1)
			return CODE_ERR;
		return CODE_INVALID;
	}
	if ((q = db_q(SQL_BURN)) == NULL || db_bind_blob(q, 1, h, 32) ||
	    db_bind_int(q, 2, now) || db_exec(q) == -1)
		return CODE_ERR;
	if (row.expires_at <= now || strcmp(row.client_id, client_id) != 0 ||
	    redirect == NULL || strcmp(row.redirect_uri, redirect) != 0 ||
	    verifier == NULL || !pkce_ok(verifier, row.challenge))
		return CODE_INVALID;
	snprintf(g->user_id, sizeof(g->user_id), "%s", row.user_id);
	switch (consented(row.user_id, client_id, g->scope)) {
	case 1:
		return CODE_OK;
	case 0:
		return CODE_INVALID;
	default:
		return CODE_ERR;
	}
}

int
code_bind_family(const char *code, const char *family)
{
	unsigned char	 h[32];
	struct dbq	*q;

	code_hash(code, h);
	if ((q = db_q(SQL_FAMILY)) == NULL || db_bind_blob(q, 1, h, 32) ||
	    db_bind_text(q, 2, family))
		return -1;
	return db_exec(q);
}

int
consent_get(const char *user_id, const char *client_id, char scope[1024])
{
	struct dbq	*q;
	enum db_rc	 rc;

	scope[0] = '\0';
	if ((q = db_q(SQL_CONSENT_GET)) == NULL ||
	    db_bind_text(q, 1, user_id) || db_bind_text(q, 2, client_id))
		return -1;
	if ((rc = db_step(q)) == DB_ROW)
		snprintf(scope, 1024, "%s", db_text(q, 0));
	db_end(q);
	return rc == DB_ERR ? -1 : 0;
}

static int
drop(const char *sql, const char *user_id, const char *client_id)
{
	struct dbq	*q;

	if ((q = db_q(sql)) == NULL || db_bind_text(q, 1, user_id) ||
	    db_bind_text(q, 2, client_id))
		return -1;
	return db_exec(q);
}

int
consent_revoke(const char *user_id, const char *client_id,
    const struct actor *a, int64_t now)
{
	if (db_begin() == -1)
		return -1;
	if (drop(SQL_CONSENT_DEL, user_id, client_id) == -1)
		goto fail;
	if (db_changes() == 0) {
		db_rollback();
		return 1;
	}
	if (drop(SQL_CODES_DEL, user_id, client_id) == -1 ||
	    tokens_revoke_client(client_id, user_id, now) == -1 ||
	    audit(a, now, "consent.revoke", client_id, "") == -1 ||
	    db_commit() == -1)
		goto fail;
	return 0;
fail:
	db_rollback();
	return -1;
}

int
consent_drop_client(const char *client_id)
{
	return drop(SQL_CONSENT_DEL, NULL, client_id) == -1 ||
	    drop(SQL_CODES_DEL, NULL, client_id) == -1 ? -1 : 0;
}

int
consent_deny(const char *client_id, const char *scope, const struct actor *a,
    int64_t now)
{
	if (db_begin() == -1)
		return -1;
	if (audit(a, now, "consent.deny", client_id, scope) == -1 ||
	    db_commit() == -1) {
		db_rollback();
		return -1;
	}
	return 0;
}

int
consent_each(const char *user_id,
    void (*fn)(const struct consent_info *, void *), void *arg)
{
	struct consent_info	 ci;
	struct dbq		*q;
	enum db_rc		 rc;

	if ((q = db_q(SQL_CONSENT_LIST)) == NULL ||
	    db_bind_text(q, 1, user_id))
		return -1;
	while ((rc = db_step(q)) == DB_ROW) {
		ci.client_id = db_text(q, 0);
		ci.app_name = db_text(q, 1);
		ci.owner_email = db_text(q, 2);
		ci.scope = db_text(q, 3);
		ci.created_at = db_int(q, 4);
		fn(&ci, arg);
	}
	db_end(q);
	return rc == DB_DONE ? 0 : -1;
}
