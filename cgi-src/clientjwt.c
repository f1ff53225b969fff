/*
 * Checking client-signed JWTs (SPEC 10) and RFC 7523 assertions. The
 * token names its credential (header kid = a key id, or claim iss = an
 * app's client_id); the credential, never the token, decides the
 * algorithm: HS256 only with a sealed secret, EdDSA only with a
 * registered public key.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "client.h"
#include "clientjwt.h"
#include "clientjwt_store.h"
#include "config.h"
#include "db.h"
#include "field.h"
#include "form.h"
#include "json.h"
#include "jwt.h"
#include "keys.h"
#include "plan.h"
#include "rnd.h"
#include "secrets.h"

#define B64	sodium_base64_VARIANT_URLSAFE_NO_PADDING

static const char SQL_JTI[] =
    "INSERT INTO client_jwt_jtis (jti_hash, expires_at) VALUES (?1, ?2) "
    "ON CONFLICT (jti_hash) DO UPDATE SET expires_at = excluded.expires_at "
    "WHERE client_jwt_jtis.expires_at <= ?3";
static const char SQL_PURGE[] =
    "DELETE FROM client_jwt_jtis WHERE rowid IN (SELECT rowid FROM "
    "client_jwt_jtis WHERE expires_at < ?1 LIMIT ?2)";
/* A key that can never verify again needs no sealed secret. */
static const char SQL_UNSEAL_DEAD[] =
    "UPDATE api_keys SET jwt_secret = NULL WHERE rowid IN (SELECT rowid "
    "FROM api_keys WHERE jwt_secret IS NOT NULL AND ((revoked_at IS NOT "
    "NULL AND revoked_at <= ?1) OR (expires_at IS NOT NULL AND "
    "expires_at <= ?1)) LIMIT ?2)";

static int
is_typ(const char *s)
{
	return strcmp(s, "JWT") == 0;
}

/* The header may say nothing else: a jku, jwk, x5u or crit is refused,
 * so no header can make us fetch or trust a key. */
enum { H_ALG, H_TYP, H_KID, H__MAX };
static const struct field hdr_fields[H__MAX + 1] = {
	[H_ALG] = { "alg", FT_STR, F_BODY | F_REQ, 16, NULL },
	[H_TYP] = { "typ", FT_STR, F_BODY, 8, is_typ },
	[H_KID] = { "kid", FT_STR, F_BODY, CJWT_KIDMAX, NULL },
};

/* Claims we don't know are the caller's business (RFC 7519 4). */
enum { C_ISS, C_SUB, C_AUD, C_EXP, C_IAT, C_NBF, C_JTI, C_SCOPE, C_TIER,
    C__MAX };
static const struct field claim_fields[C__MAX + 1] = {
	[C_ISS] = { "iss", FT_STR, F_BODY, 512, NULL },
	[C_SUB] = { "sub", FT_STR, F_BODY, CJWT_SUBMAX, NULL },
	[C_AUD] = { "aud", FT_STR, F_BODY | F_REQ, 512, NULL },
	[C_EXP] = { "exp", FT_INT, F_BODY | F_REQ, 0, NULL },
	[C_IAT] = { "iat", FT_INT, F_BODY | F_REQ, 0, NULL },
	[C_NBF] = { "nbf", FT_INT, F_BODY, 0, NULL },
	[C_JTI] = { "jti", FT_STR, F_BODY, 255, NULL },
	[C_SCOPE] = { "scope", FT_STR, F_BODY, 1024, NULL },
	[C_TIER] = { "tier", FT_STR, F_BODY, CJWT_TIERMAX, NULL },
	[C__MAX] = { NULL, 0, F_LENIENT, 0, NULL },
};

static unsigned char *
b64_decode(struct arena *a, const char *s, size_t n, size_t *outlen)
{
	unsigned char	*out;

	if ((out = arena_alloc(a, n + 1)) == NULL ||
	    sodium_base642bin(out, n, s, n, NULL, outlen, NULL, B64) != 0)
		return NULL;
	out[*outlen] = '\0';
	return out;
}

static int
parse_part(struct arena *a, const char *s, size_t n,
    const struct field *fields, struct fval *fv)
{
	unsigned char	*p;
	struct json	*j;
	const char	*err;
	size_t		 len;
	int		 rc;

	if ((p = b64_decode(a, s, n, &len)) == NULL ||
	    (j = json_parse((const char *)p, len, &err)) == NULL)
		return -1;
	rc = json_bind(a, j, fields, fv, &err) == 0 &&
	    form_required(fields, fv, &err) == 0 ? 0 : -1;
	json_free(j);
	return rc;
}

static const char *
opt(const struct fval *v)
{
	return v->present ? v->s : NULL;
}

int
cjwt_parse(struct arena *a, const char *tok, struct cjwt_token *t)
{
	struct fval	 h[H__MAX + 1], c[C__MAX + 1];
	const char	*dot1, *dot2;

	memset(t, 0, sizeof(*t));
	memset(h, 0, sizeof(h));
	memset(c, 0, sizeof(c));
	if (!jwt_shape(tok))
		return -1;
	dot1 = strchr(tok, '.');
	dot2 = strchr(dot1 + 1, '.');
	if (parse_part(a, tok, (size_t)(dot1 - tok), hdr_fields, h) == -1 ||
	    parse_part(a, dot1 + 1, (size_t)(dot2 - dot1 - 1), claim_fields,
	    c) == -1 || (t->sig = b64_decode(a, dot2 + 1, strlen(dot2 + 1),
	    &t->siglen)) == NULL)
		return -1;
	t->alg = h[H_ALG].s;
	t->kid = opt(&h[H_KID]);
	t->iss = opt(&c[C_ISS]);
	t->sub = opt(&c[C_SUB]);
	t->aud = c[C_AUD].s;
	t->jti = opt(&c[C_JTI]);
	t->scope = opt(&c[C_SCOPE]);
	t->tier = opt(&c[C_TIER]);
	t->iat = c[C_IAT].i;
	t->exp = c[C_EXP].i;
	t->has_nbf = c[C_NBF].present;
	t->nbf = c[C_NBF].i;
	t->input = tok;
	t->inputlen = (size_t)(dot2 - tok);
	return 0;
}

enum cjwt_rc
cjwt_check_times(const struct cjwt_token *t, int64_t now)
{
	/* A year-long token is a password in disguise (ATTACKS 57). */
	if (t->exp <= t->iat || t->exp - t->iat > CJWT_MAXLIFE ||
	    t->iat > now + CJWT_SKEW ||
	    (t->has_nbf && t->nbf > now + CJWT_SKEW))
		return CJWT_INVALID;
	return now >= t->exp + CJWT_SKEW ? CJWT_EXPIRED : CJWT_OK;
}

int
cjwt_check_hs256(const struct cjwt_token *t, const char *secret, size_t len)
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 mac[32];
	int				 rc;

	if (strcmp(t->alg, "HS256") != 0 || t->siglen != sizeof(mac) ||
	    len == 0)
		return -1;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)t->input,
	    t->inputlen);
	crypto_auth_hmacsha256_final(&st, mac);
	rc = crypto_verify_32(mac, t->sig) == 0 ? 0 : -1;
	sodium_memzero(&st, sizeof(st));
	sodium_memzero(mac, sizeof(mac));
	return rc;
}

int
cjwt_check_eddsa(const struct cjwt_token *t, const unsigned char x[32])
{
	if (strcmp(t->alg, "EdDSA") != 0 || t->siglen != crypto_sign_BYTES)
		return -1;
	return crypto_sign_verify_detached(t->sig,
	    (const unsigned char *)t->input, t->inputlen, x) == 0 ? 0 : -1;
}

/* 1 if s is prefix + 16 base62: shape first, then any lookup. */
static int
id_shape(const char *s, const char *prefix)
{
	size_t	 n = strlen(prefix);

	return s != NULL && strncmp(s, prefix, n) == 0 &&
	    strlen(s) == n + 16 && strspn(s + n, "0123456789ABCDEFGHIJKLMN"
	    "OPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == 16;
}

/*
 * Only the header is read: this runs before every JWT's check, ours
 * included, whose cached path must stay cheap. Our tokens say alg EdDSA
 * (or ES256, RS256) and a kid "kid_..." (app JWK kids may not start
 * "kid"); anything else is a client's. A header we'd refuse goes to
 * jwt.c, which refuses it too.
 */
/* The base64url of what jwt_issue writes first, {"alg":"EdDSA","typ":
 * "JWT"|"at+jwt","kid":"kid, to the last character those bytes fix:
 * our tokens are told apart without decoding anything. */
static const char OURS_JWT[] =
    "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCIsImtpZCI6ImtpZF";
static const char OURS_AT[] =
    "eyJhbGciOiJFZERTQSIsInR5cCI6ImF0K2p3dCIsImtpZCI6ImtpZF";

int
cjwt_is_client_token(struct arena *a, const char *tok)
{
	struct fval	 h[H__MAX + 1];
	const char	*dot = strchr(tok, '.');

	if (strncmp(tok, OURS_JWT, sizeof(OURS_JWT) - 1) == 0 ||
	    strncmp(tok, OURS_AT, sizeof(OURS_AT) - 1) == 0)
		return 0;
	memset(h, 0, sizeof(h));
	if (dot == NULL || parse_part(a, tok, (size_t)(dot - tok), hdr_fields,
	    h) == -1)
		return 0;
	/* Ours sign with EdDSA, ES256 or RS256 (LATCHKEY_JWT_ALG). */
	return (strcmp(h[H_ALG].s, "EdDSA") != 0 &&
	    strcmp(h[H_ALG].s, "ES256") != 0 &&
	    strcmp(h[H_ALG].s, "RS256") != 0) || !h[H_KID].present ||
	    strncmp(h[H_KID].s, "kid_", 4) != 0; /* lint-ok: a key's name */
}

/* Uses the token's jti (if any) for credential cred: CJWT_OK the first
 * time, CJWT_INVALID after, until the token has ended. */
static enum cjwt_rc
use_jti(const char *cred, const struct cjwt_token *t, int64_t now)
{
	unsigned char	 h[32];
	char		 in[300];
	struct dbq	*q;
	int		 n;

	if (t->jti == NULL)
		return CJWT_OK;
	n = snprintf(in, sizeof(in), "%s\n%s", cred, t->jti);
	if (n < 0 || (size_t)n >= sizeof(in))
		return CJWT_INVALID;
	rnd_keyed_hash(h, secret_get(SECRET_PEPPER), in, (size_t)n);
	if ((q = db_q(SQL_JTI)) == NULL || db_bind_blob(q, 1, h, sizeof(h)) ||
	    db_bind_int(q, 2, t->exp + CJWT_SKEW) || db_bind_int(q, 3, now) ||
	    db_exec(q) == -1)
		return CJWT_ERR;
	return db_changes() == 1 ? CJWT_OK : CJWT_INVALID;
}

/* The signature against what the credential holds, the algorithm
 * pinned by which of the two it is. kid picks an app's key. */
static enum cjwt_rc
check_sig(const struct cjwt_token *t, const struct cjwt_material *m,
    const char *kid)
{
	unsigned char	 x[32];
	char		 canon[CJWT_JWKMAX];
	const char	*msg;
	size_t		 i;

	if (strcmp(t->alg, "HS256") == 0)
		return m->has_secret && cjwt_check_hs256(t, m->secret,
		    strlen(m->secret)) == 0 ? CJWT_OK : CJWT_INVALID;
	if (strcmp(t->alg, "EdDSA") != 0)
		return CJWT_INVALID;
	if (m->is_set) {
		for (i = 0; kid != NULL && i < m->set.n; i++)
			if (strcmp(m->set.kid[i], kid) == 0)
				return cjwt_check_eddsa(t, m->set.x[i]) == 0 ?
				    CJWT_OK : CJWT_INVALID;
		return CJWT_INVALID;
	}
	if (m->jwk[0] == '\0' || cjwt_jwk_parse(m->jwk, x, canon, &msg) == -1)
		return CJWT_INVALID;
	return cjwt_check_eddsa(t, x) == 0 ? CJWT_OK : CJWT_INVALID;
}

/* The token's scope, within what the credential holds (have). */
static enum cjwt_rc
bound_scope(const struct cjwt_token *t, const struct perms *have,
    struct cjwt_result *res)
{
	struct perms	 want;

	if (t->scope == NULL) {
		res->perms = *have;
		return CJWT_OK;
	}
	memset(&want, 0, sizeof(want));
	if (perm_parse_scope(&want, t->scope) == -1 ||
	    !perm_covers(have, &want))
		return CJWT_INVALID;
	res->perms = want;
	return CJWT_OK;
}

/* A plan's rank; -1 if there is no such plan (or on error, which
 * then refuses the claim: failing closed). */
static int64_t
rank_of(const char *name)
{
	struct plan	 pl;

	return plan_get(name, &pl) == PLAN_OK ? pl.rank : -1;
}

/*
 * The tier claim (seed 002) may only narrow the credential's tier
 * (have; NULL or "" for none, when no claim is allowed): a plan ranked
 * at most as high. The answer then names the claimed tier; the limits
 * stay the credential's own.
 */
static enum cjwt_rc
bound_tier(const struct cjwt_token *t, const char *have,
    struct cjwt_result *res)
{
	int64_t	 want;

	if (have == NULL)
		have = "";
	if (t->tier != NULL && (have[0] == '\0' ||
	    (want = rank_of(t->tier)) < 0 || want > rank_of(have)))
		return CJWT_INVALID;
	snprintf(res->tier, sizeof(res->tier), "%s", t->tier != NULL ?
	    t->tier : have);
	return CJWT_OK;
}

/* The rules every credential's token follows once signed. */
static enum cjwt_rc
claims(const char *cred, const struct cjwt_token *t, const char *aud,
    int64_t now, const struct perms *have, const char *tier,
    struct cjwt_result *res)
{
	enum cjwt_rc	 rc, when;

	if (strcmp(t->aud, aud) != 0)
		return CJWT_INVALID;
	/* token_expired only when exp is all that is wrong. */
	if ((when = cjwt_check_times(t, now)) == CJWT_INVALID)
		return when;
	if ((rc = bound_scope(t, have, res)) != CJWT_OK ||
	    (rc = bound_tier(t, tier, res)) != CJWT_OK)
		return rc;
	if (when != CJWT_OK)
		return when;
	if (t->sub != NULL)
		snprintf(res->subject, sizeof(res->subject), "%s", t->sub);
	res->exp = t->exp;
	return use_jti(cred, t, now);
}

static enum cjwt_rc
by_key(struct arena *a, const struct cjwt_token *t, const char *aud,
    int64_t now, struct cjwt_result *res)
{
	struct cjwt_material	*m = arena_alloc(a, sizeof(*m));
	struct apikey		 k;
	enum cjwt_rc		 rc;

	if (m == NULL)
		return CJWT_ERR;
	if (!id_shape(t->kid, "key_"))
		return CJWT_INVALID;
	switch (keys_get(NULL, t->kid, &k)) {
	case KEYS_OK:
		break;
	case KEYS_NOTFOUND:
		return CJWT_INVALID;
	default:
		return CJWT_ERR;
	}
	if ((rc = cjwt_key_material(k.id, m)) == CJWT_OK)
		rc = check_sig(t, m, NULL);
	sodium_memzero(m, sizeof(*m));
	if (rc != CJWT_OK)
		return rc;
	/* Revoked, expired or rolled past its grace: its tokens stop. */
	if (k.owner_disabled || key_status(&k, now) != KEY_ACTIVE)
		return CJWT_INVALID;
	if ((rc = claims(k.id, t, aud, now, &k.perms, k.tier, res)) !=
	    CJWT_OK)
		return rc;
	if (keys_touch(&k, now) != KEYS_OK)
		return CJWT_ERR;
	snprintf(res->user_id, sizeof(res->user_id), "%s", k.user_id);
	snprintf(res->key_id, sizeof(res->key_id), "%s", k.id);
	res->has_env = 1;
	res->live = k.live;
	res->owner_admin = k.owner_admin;
	res->rate_limit = k.rate_limit;
	res->per_second = k.tier_per_second;
	res->per_hour = k.tier_per_hour;
	res->quota = k.owner_per_month;
	return CJWT_OK;
}

/* The app named by iss, alive, with the token's signature good. */
static enum cjwt_rc
app_signed(struct arena *a, const struct cjwt_token *t, struct client *c)
{
	struct cjwt_material	*m = arena_alloc(a, sizeof(*m));
	enum cjwt_rc		 rc;

	if (m == NULL)
		return CJWT_ERR;
	if (!id_shape(t->iss, "app_"))
		return CJWT_INVALID;
	switch (client_get(NULL, t->iss, c)) {
	case CLIENT_OK:
		break;
	case CLIENT_NOTFOUND:
		return CJWT_INVALID;
	default:
		return CJWT_ERR;
	}
	if ((rc = cjwt_client_material(c->id, m)) == CJWT_OK)
		rc = check_sig(t, m, t->kid);
	sodium_memzero(m, sizeof(*m));
	if (rc == CJWT_OK && (!c->confidential || c->owner_disabled))
		rc = CJWT_INVALID;
	return rc;
}

static enum cjwt_rc
by_app(struct arena *a, const struct cjwt_token *t, const char *aud,
    int64_t now, struct cjwt_result *res)
{
	struct client	*c = arena_alloc(a, sizeof(*c));
	struct perms	 have;
	struct plan	 pl;
	enum cjwt_rc	 rc;

	if (c == NULL)
		return CJWT_ERR;
	if ((rc = app_signed(a, t, c)) != CJWT_OK)
		return rc;
	memset(&have, 0, sizeof(have));
	if (perm_parse_scope(&have, c->scopes) == -1)
		return CJWT_INVALID;
	/* An app's tokens have its owner's plan as their tier. */
	switch (plan_of_user(c->user_id, &pl)) {
	case PLAN_OK:
		res->quota = pl.per_month;
		break;
	case PLAN_NOTFOUND:
		pl.name[0] = '\0';
		break;
	default:
		return CJWT_ERR;
	}
	if ((rc = claims(c->id, t, aud, now, &have, pl.name, res)) !=
	    CJWT_OK)
		return rc;
	snprintf(res->user_id, sizeof(res->user_id), "%s", c->user_id);
	snprintf(res->client_id, sizeof(res->client_id), "%s", c->id);
	return CJWT_OK;
}

enum cjwt_rc
cjwt_verify(struct arena *a, const char *tok, const char *audience,
    int64_t now, struct cjwt_result *res)
{
	struct cjwt_token	 t;

	memset(res, 0, sizeof(*res));
	if (cjwt_parse(a, tok, &t) == -1)
		return CJWT_INVALID;
	/* One credential names the token: both would be ambiguous. */
	if (t.kid != NULL && strncmp(t.kid, "key_", 4) == 0) /* lint-ok */
		return t.iss != NULL && strncmp(t.iss, "app_", 4) == 0 ?
		    CJWT_INVALID : by_key(a, &t, audience, now, res);
	if (t.iss != NULL && strncmp(t.iss, "app_", 4) == 0)
		return by_app(a, &t, audience, now, res);
	return CJWT_INVALID;
}

/* RFC 7523 3: aud is the token endpoint (or, as many libraries send
 * it, the issuer itself). */
static int
assertion_aud(struct arena *a, const char *aud)
{
	const char	*iss = config_get()->issuer;
	const char	*ep = arena_printf(a, "%s/oauth/token", iss);

	return strcmp(aud, iss) == 0 || (ep != NULL && strcmp(aud, ep) == 0);
}

enum cjwt_rc
cjwt_assertion(struct arena *a, const char *tok, const char *client_id,
    int64_t now, struct client *c)
{
	struct cjwt_token	 t;
	enum cjwt_rc		 rc;

	memset(c, 0, sizeof(*c));
	if (cjwt_parse(a, tok, &t) == -1 || t.iss == NULL || t.sub == NULL ||
	    strcmp(t.iss, t.sub) != 0 || t.jti == NULL ||
	    (client_id != NULL && strcmp(client_id, t.iss) != 0))
		return CJWT_INVALID;
	if ((rc = app_signed(a, &t, c)) != CJWT_OK)
		return rc;
	if (!assertion_aud(a, t.aud))
		return CJWT_INVALID;
	if ((rc = cjwt_check_times(&t, now)) != CJWT_OK)
		return rc;
	return use_jti(c->id, &t, now);
}

int64_t
cjwt_purge(int64_t now, int limit)
{
	struct dbq	*q;
	int64_t		 n;

	if ((q = db_q(SQL_PURGE)) == NULL || db_bind_int(q, 1, now) ||
	    db_bind_int(q, 2, limit > 0 ? limit : -1) || db_exec(q) == -1)
		return -1;
	n = db_changes();
	if ((q = db_q(SQL_UNSEAL_DEAD)) == NULL || db_bind_int(q, 1, now) ||
	    db_bind_int(q, 2, limit > 0 ? limit : -1) || db_exec(q) == -1)
		return -1;
	return n;
}
