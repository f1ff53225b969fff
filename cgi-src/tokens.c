#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "buf.h"
#include "config.h"
#include "db.h"
#include "secrets.h"
#include "sigkey.h"
#include "tokens.h"
#include "user.h"

static const char SQL_FAMILY[] =
    "INSERT INTO token_families (id, user_id, client_id, scope, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_RT_INSERT[] =
    "INSERT INTO refresh_tokens (token_hash, family_id, created_at, "
    "expires_at) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_RT_LOOKUP[] =
    "SELECT r.family_id, r.expires_at, r.used_at IS NOT NULL, "
    "f.revoked_at IS NOT NULL, f.user_id, f.scope, u.disabled "
    "FROM refresh_tokens r JOIN token_families f ON f.id = r.family_id "
    "JOIN users u ON u.id = f.user_id "
    "WHERE r.token_hash = ?1 AND f.client_id IS NULL";
static const char SQL_RT_USE[] =
    "UPDATE refresh_tokens SET used_at = ?2 WHERE token_hash = ?1 "
    "AND used_at IS NULL";
static const char SQL_FAMILY_REVOKE[] =
    "UPDATE token_families SET revoked_at = ?2 WHERE id = ?1 "
    "AND revoked_at IS NULL";
static const char SQL_FAMILY_ALIVE[] =
    "SELECT f.revoked_at IS NULL AND u.disabled = 0 FROM token_families f "
    "JOIN users u ON u.id = f.user_id WHERE f.id = ?1 AND f.user_id = ?2";

static void
rt_hash(const char *rt, unsigned char h[32])
{
	rnd_keyed_hash(h, secret_get(SECRET_PEPPER), rt, strlen(rt));
}

static int
rt_shape(const char *rt)
{
	return strncmp(rt, "rt_", 3) == 0 && rnd_token_shape(rt + 3);
}

/* A new refresh token of family fam into out->refresh. */
static int
new_refresh(const char *fam, int64_t now, struct issued *out)
{
	unsigned char	 h[32];
	struct dbq	*q;

	memcpy(out->refresh, "rt_", 3);
	rnd_token(out->refresh + 3);
	rt_hash(out->refresh, h);
	if ((q = db_q(SQL_RT_INSERT)) == NULL ||
	    db_bind_blob(q, 1, h, sizeof(h)) || db_bind_text(q, 2, fam) ||
	    db_bind_int(q, 3, now) || db_bind_int(q, 4, now + REFRESH_TTL))
		return -1;
	return db_exec(q);
}

static int
sign_access(const char *user_id, const char *fam, int64_t now,
    struct issued *out)
{
	const struct config	*cfg = config_get();
	struct jwt_claims	 c;
	unsigned char		 sk[64];
	char			 kid[JWT_KIDLEN + 1], jti[24];
	int			 rc;

	if (sigkey_current(kid, sk) == -1)
		return -1;
	rnd_id(jti, sizeof(jti), "jti_", 16);
	memset(&c, 0, sizeof(c));
	c.typ = "JWT";
	c.kid = kid;
	c.iss = cfg->issuer;
	c.aud = cfg->audience;
	c.sub = user_id;
	c.jti = jti;
	c.scope = LOGIN_SCOPE;
	c.sid = fam;
	c.iat = now;
	c.exp = now + ACCESS_TTL;
	rc = jwt_issue(out->access, &c, sk);
	sodium_memzero(sk, sizeof(sk));
	out->expires_at = c.exp;
	return rc;
}

enum tokens_rc
tokens_login(const struct user *u, int64_t now, struct issued *out)
{
	struct dbq	*q;
	char		 fam[21];

	rnd_id(fam, sizeof(fam), "fam_", 16);
	if (db_begin() == -1)
		return TOKENS_ERR;
	if ((q = db_q(SQL_FAMILY)) == NULL || db_bind_text(q, 1, fam) ||
	    db_bind_text(q, 2, u->id) || db_bind_null(q, 3) ||
	    db_bind_text(q, 4, LOGIN_SCOPE) || db_bind_int(q, 5, now) ||
	    db_exec(q) == -1 || new_refresh(fam, now, out) == -1 ||
	    sign_access(u->id, fam, now, out) == -1 || db_commit() == -1) {
		db_rollback();
		sodium_memzero(out->refresh, sizeof(out->refresh));
		return TOKENS_ERR;
	}
	return TOKENS_OK;
}

static int
revoke_family(const char *fam, int64_t now)
{
	struct dbq	*q;

	if ((q = db_q(SQL_FAMILY_REVOKE)) == NULL || db_bind_text(q, 1, fam) ||
	    db_bind_int(q, 2, now))
		return -1;
	return db_exec(q);
}

struct rt_row {
	char	 fam[21];
	char	 user_id[21];
	int64_t	 expires_at;
	int	 used, revoked, disabled;
};

static enum tokens_rc
lookup(const char *rt, struct rt_row *row)
{
	unsigned char	 h[32];
	struct dbq	*q;
	enum db_rc	 rc;

	if (!rt_shape(rt))
		return TOKENS_INVALID;
	rt_hash(rt, h);
	if ((q = db_q(SQL_RT_LOOKUP)) == NULL ||
	    db_bind_blob(q, 1, h, sizeof(h)) == -1)
		return TOKENS_ERR;
	if ((rc = db_step(q)) == DB_ROW) {
		snprintf(row->fam, sizeof(row->fam), "%s", db_text(q, 0));
		row->expires_at = db_int(q, 1);
		row->used = (int)db_int(q, 2);
		row->revoked = (int)db_int(q, 3);
		snprintf(row->user_id, sizeof(row->user_id), "%s",
		    db_text(q, 4));
		row->disabled = (int)db_int(q, 6);
	}
	db_end(q);
	return rc == DB_ROW ? TOKENS_OK : rc == DB_DONE ? TOKENS_INVALID :
	    TOKENS_ERR;
}

/* Inside the transaction: marks rt used and issues its successor. */
static enum tokens_rc
rotate(const char *rt, const struct rt_row *row, int64_t now,
    struct issued *out)
{
	unsigned char	 h[32];
	struct dbq	*q;

	rt_hash(rt, h);
	if ((q = db_q(SQL_RT_USE)) == NULL ||
	    db_bind_blob(q, 1, h, sizeof(h)) || db_bind_int(q, 2, now) ||
	    db_exec(q) == -1)
		return TOKENS_ERR;
	if (new_refresh(row->fam, now, out) == -1 ||
	    sign_access(row->user_id, row->fam, now, out) == -1)
		return TOKENS_ERR;
	return TOKENS_OK;
}

enum tokens_rc
tokens_refresh(const char *rt, int64_t now, struct user *u,
    struct issued *out)
{
	struct rt_row	 row;
	enum tokens_rc	 rc;

	/* BEGIN IMMEDIATE serialises rotations: of two racing uses of
	 * one token, the second sees it used and revokes the family. */
	if (db_begin() == -1)
		return TOKENS_ERR;
	if ((rc = lookup(rt, &row)) != TOKENS_OK)
		goto out;
	if (row.used) {
		rc = revoke_family(row.fam, now) == 0 ? TOKENS_INVALID :
		    TOKENS_ERR;
		goto out;
	}
	if (row.revoked || row.disabled || row.expires_at <= now) {
		rc = TOKENS_INVALID;
		goto out;
	}
	if (user_by_id(row.user_id, u) != USER_OK) {
		rc = TOKENS_ERR;
		goto out;
	}
	rc = rotate(rt, &row, now, out);
out:
	if (rc == TOKENS_ERR || (rc == TOKENS_OK && db_commit() == -1)) {
		db_rollback();
		sodium_memzero(out->refresh, sizeof(out->refresh));
		return TOKENS_ERR;
	}
	if (rc != TOKENS_OK && db_commit() == -1)
		return TOKENS_ERR;
	return rc;
}

enum tokens_rc
tokens_logout(const char *rt, int64_t now)
{
	struct rt_row	 row;
	enum tokens_rc	 rc;

	if ((rc = lookup(rt, &row)) != TOKENS_OK)
		return rc;
	return revoke_family(row.fam, now) == 0 ? TOKENS_OK : TOKENS_ERR;
}

enum jwt_rc
tokens_verify(struct arena *a, const char *jwt, const char *typ,
    int64_t now, struct jwt_claims *c)
{
	const struct config	*cfg = config_get();
	struct jwt_claims	 want = { 0 };
	struct dbq		*q;
	enum jwt_rc		 rc;
	enum db_rc		 drc;
	int			 alive = 0;

	want.typ = typ;
	want.iss = cfg->issuer;
	want.aud = cfg->audience;
	if ((rc = jwt_verify(a, jwt, &want, now, sigkey_public, &now, c)) !=
	    JWT_OK)
		return rc;
	if (c->sid == NULL)
		return JWT_CLAIMS;
	if ((q = db_q(SQL_FAMILY_ALIVE)) == NULL ||
	    db_bind_text(q, 1, c->sid) || db_bind_text(q, 2, c->sub))
		return JWT_ERR;
	if ((drc = db_step(q)) == DB_ROW)
		alive = (int)db_int(q, 0);
	db_end(q);
	if (drc == DB_ERR)
		return JWT_ERR;
	return alive ? JWT_OK : JWT_BADSIG;
}
