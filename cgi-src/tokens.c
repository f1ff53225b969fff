#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "client.h"
#include "config.h"
#include "db.h"
#include "secrets.h"
#include "sigkey.h"
#include "plan.h"
#include "tokens.h"

/* No family for an app that is gone: its deletion, serialised with this
 * by the write lock, either came first or revokes this family. */
static const char SQL_FAMILY[] =
    "INSERT INTO token_families (id, user_id, client_id, scope, created_at, "
    "ip, user_agent) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE ?3 IS NULL OR "
    "EXISTS (SELECT 1 FROM oauth_clients WHERE client_id = ?3)";
static const char SQL_RT_INSERT[] =
    "INSERT INTO refresh_tokens (token_hash, family_id, created_at, "
    "expires_at) VALUES (?1, ?2, ?3, ?4)";
/* A family is dead with its user, or with its app or the app's owner
 * (SPEC 8.2). */
#define FAMILY_DEAD "(u.disabled OR (f.client_id IS NOT NULL AND " \
	"(c.client_id IS NULL OR o.disabled)))"
#define FAMILY_JOIN "JOIN users u ON u.id = f.user_id " \
	"LEFT JOIN oauth_clients c ON c.client_id = f.client_id " \
	"LEFT JOIN users o ON o.id = c.user_id "
static const char SQL_RT_LOOKUP[] =
    "SELECT r.family_id, r.expires_at, r.used_at IS NOT NULL, "
    "f.revoked_at IS NOT NULL, f.user_id, f.scope, " FAMILY_DEAD ", "
    "coalesce(f.client_id, '') "
    "FROM refresh_tokens r JOIN token_families f ON f.id = r.family_id "
    FAMILY_JOIN "WHERE r.token_hash = ?1";
static const char SQL_FAMILY_USED[] =
    "UPDATE token_families SET last_used_at = ?2 WHERE id = ?1";
static const char SQL_RT_USE[] =
    "UPDATE refresh_tokens SET used_at = ?2 WHERE token_hash = ?1 "
    "AND used_at IS NULL";
static const char SQL_FAMILY_REVOKE[] =
    "UPDATE token_families SET revoked_at = ?2 WHERE id = ?1 "
    "AND revoked_at IS NULL";
static const char SQL_CLIENT_REVOKE[] =
    "UPDATE token_families SET revoked_at = ?3 WHERE client_id = ?1 "
    "AND (?2 IS NULL OR user_id = ?2) AND revoked_at IS NULL";
static const char SQL_FAMILY_ALIVE[] =
    "SELECT f.revoked_at IS NULL AND NOT " FAMILY_DEAD ", f.user_id, "
    "coalesce(f.client_id, ''), f.scope FROM token_families f "
    FAMILY_JOIN "WHERE f.id = ?1";
/* Live sign-ins: a login family with a refresh token still usable. */
static const char SQL_SIGNINS[] =
    "SELECT f.id, f.ip, f.user_agent, f.created_at, "
    "coalesce(f.last_used_at, 0) FROM token_families f WHERE "
    "f.user_id = ?1 AND f.client_id IS NULL AND f.revoked_at IS NULL AND "
    "EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = f.id AND "
    "r.used_at IS NULL AND r.expires_at > ?2) "
    "ORDER BY f.created_at DESC, f.id";
static const char SQL_SIGNIN_END[] =
    "UPDATE token_families SET revoked_at = ?3 WHERE id = ?1 AND "
    "user_id = ?2 AND client_id IS NULL AND revoked_at IS NULL";

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

int
scope_subset(const char *want, const char *have)
{
	const char	*w = want, *h;
	size_t		 n, m;
	int		 found;

	while (*w != '\0') {
		n = strcspn(w, " ");
		found = 0;
		for (h = have; *h != '\0' && !found; h += m + (h[m] == ' ')) {
			m = strcspn(h, " ");
			found = m == n && strncmp(w, h, n) == 0;
		}
		if (!found && n > 0)
			return 0;
		w += n + (w[n] == ' ');
	}
	return 1;
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

/* Signs the access token of family fam (sid) for g into out; sub is
 * the user, or for client_credentials the client (RFC 9068 2.2). */
static int
sign_access(const struct grant *g, const char *sub, const char *fam,
    int64_t now, struct issued *out)
{
	const struct config	*cfg = config_get();
	struct jwt_claims	 c;
	struct plan		 plan;
	const struct pkey	*sec;
	char			 kid[JWT_KIDLEN + 1], jti[24];
	int			 rc;
	enum plan_rc		 prc;

	if ((prc = plan_of_user(g->user_id, &plan)) == PLAN_ERR ||
	    sigkey_current(kid, &sec) == -1)
		return -1;
	rnd_id(jti, sizeof(jti), "jti_", 16);
	memset(&c, 0, sizeof(c));
	c.typ = g->client_id != NULL ? "at+jwt" : "JWT";
	c.kid = kid;
	c.iss = cfg->issuer;
	c.aud = cfg->audience;
	c.sub = sub;
	c.jti = jti;
	c.scope = g->scope;
	c.client_id = g->client_id;
	c.sid = fam;
	c.tier = prc == PLAN_OK ? plan.name : NULL;
	c.iat = now;
	c.exp = now + ACCESS_TTL;
	rc = jwt_issue(out->access, &c, sec);
	out->expires_at = c.exp;
	snprintf(out->scope, sizeof(out->scope), "%s", g->scope);
	snprintf(out->user_id, sizeof(out->user_id), "%s", g->user_id);
	return rc;
}

static enum tokens_rc
issue_in_tx(const struct grant *g, int64_t now, struct issued *out)
{
	struct dbq	*q;

	rnd_id(out->family, sizeof(out->family), "fam_", 16);
	out->refresh[0] = '\0';
	if ((q = db_q(SQL_FAMILY)) == NULL ||
	    db_bind_text(q, 1, out->family) || db_bind_text(q, 2, g->user_id) ||
	    db_bind_text(q, 3, g->client_id) || db_bind_text(q, 4, g->scope) ||
	    db_bind_int(q, 5, now) || db_bind_text(q, 6, g->ip ? g->ip : "") ||
	    db_bind_text(q, 7, g->user_agent ? g->user_agent : "") ||
	    db_exec(q) == -1)
		return TOKENS_ERR;
	if (db_changes() != 1)
		return TOKENS_INVALID;
	if ((g->refresh && new_refresh(out->family, now, out) == -1) ||
	    sign_access(g, g->user_id, out->family, now, out) == -1)
		return TOKENS_ERR;
	return TOKENS_OK;
}

enum tokens_rc
tokens_issue(const struct grant *g, int64_t now, struct issued *out)
{
	enum tokens_rc	 rc;

	if (db_begin() == -1)
		return TOKENS_ERR;
	if ((rc = issue_in_tx(g, now, out)) == TOKENS_OK && db_commit() == 0)
		return TOKENS_OK;
	db_rollback();
	sodium_memzero(out->refresh, sizeof(out->refresh));
	return rc == TOKENS_OK ? TOKENS_ERR : rc;
}

enum tokens_rc
tokens_issue_cc(const struct client *c, const char *scope, int64_t now,
    struct issued *out)
{
	struct grant	 g = { 0 };

	g.user_id = c->user_id;
	g.client_id = c->id;
	g.scope = scope;
	out->refresh[0] = '\0';
	snprintf(out->family, sizeof(out->family), "%s", c->cc_sid);
	return sign_access(&g, c->id, c->cc_sid, now, out) == 0 ? TOKENS_OK :
	    TOKENS_ERR;
}

int
tokens_revoke_family(const char *fam, int64_t now)
{
	struct dbq	*q;

	if ((q = db_q(SQL_FAMILY_REVOKE)) == NULL || db_bind_text(q, 1, fam) ||
	    db_bind_int(q, 2, now))
		return -1;
	return db_exec(q);
}

int
tokens_revoke_client(const char *client_id, const char *user_id,
    int64_t now)
{
	struct dbq	*q;

	if ((q = db_q(SQL_CLIENT_REVOKE)) == NULL ||
	    db_bind_text(q, 1, client_id) || db_bind_text(q, 2, user_id) ||
	    db_bind_int(q, 3, now))
		return -1;
	return db_exec(q);
}

struct rt_row {
	char	 fam[FAMILY_IDLEN + 1];
	char	 user_id[21];
	char	 client_id[64];
	char	 scope[1024];
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
		snprintf(row->scope, sizeof(row->scope), "%s", db_text(q, 5));
		row->disabled = (int)db_int(q, 6);
		snprintf(row->client_id, sizeof(row->client_id), "%s",
		    db_text(q, 7));
	}
	db_end(q);
	return rc == DB_ROW ? TOKENS_OK : rc == DB_DONE ? TOKENS_INVALID :
	    TOKENS_ERR;
}

/* The row belongs to client (NULL: to a sign-in). */
static int
owned_by(const struct rt_row *row, const char *client_id)
{
	return strcmp(row->client_id, client_id != NULL ? client_id : "") == 0;
}

/* Inside the transaction: marks rt used and issues its successor. */
static enum tokens_rc
rotate(const char *rt, const struct rt_row *row, const char *scope,
    int64_t now, struct issued *out)
{
	struct grant	 g;
	unsigned char	 h[32];
	struct dbq	*q;

	rt_hash(rt, h);
	if ((q = db_q(SQL_RT_USE)) == NULL ||
	    db_bind_blob(q, 1, h, sizeof(h)) || db_bind_int(q, 2, now) ||
	    db_exec(q) == -1)
		return TOKENS_ERR;
	if ((q = db_q(SQL_FAMILY_USED)) == NULL ||
	    db_bind_text(q, 1, row->fam) || db_bind_int(q, 2, now) ||
	    db_exec(q) == -1)
		return TOKENS_ERR;
	memset(&g, 0, sizeof(g));
	g.user_id = row->user_id;
	g.client_id = row->client_id[0] ? row->client_id : NULL;
	g.scope = scope != NULL ? scope : row->scope;
	snprintf(out->family, sizeof(out->family), "%s", row->fam);
	if (new_refresh(row->fam, now, out) == -1 ||
	    sign_access(&g, row->user_id, row->fam, now, out) == -1)
		return TOKENS_ERR;
	return TOKENS_OK;
}

static enum tokens_rc
refresh_in_tx(const char *rt, const char *client_id, const char *scope,
    int64_t now, struct issued *out)
{
	struct rt_row	 row;
	enum tokens_rc	 rc;

	if ((rc = lookup(rt, &row)) != TOKENS_OK)
		return rc;
	/* Another client's token proves nothing about this one. */
	if (!owned_by(&row, client_id))
		return TOKENS_INVALID;
	if (row.used)
		return tokens_revoke_family(row.fam, now) == 0 ?
		    TOKENS_INVALID : TOKENS_ERR;
	if (row.revoked || row.disabled || row.expires_at <= now)
		return TOKENS_INVALID;
	if (scope != NULL && !scope_subset(scope, row.scope))
		return TOKENS_SCOPE;
	return rotate(rt, &row, scope, now, out);
}

enum tokens_rc
tokens_refresh(const char *rt, const char *client_id, const char *scope,
    int64_t now, struct issued *out)
{
	enum tokens_rc	 rc;

	/* BEGIN IMMEDIATE serialises rotations: of two racing uses of
	 * one token, the second sees it used and revokes the family. */
	if (db_begin() == -1)
		return TOKENS_ERR;
	rc = refresh_in_tx(rt, client_id, scope, now, out);
	if (rc == TOKENS_ERR || db_commit() == -1) {
		db_rollback();
		sodium_memzero(out->refresh, sizeof(out->refresh));
		return TOKENS_ERR;
	}
	return rc;
}

enum tokens_rc
tokens_revoke_refresh(const char *rt, const char *client_id, int64_t now)
{
	struct rt_row	 row;
	enum tokens_rc	 rc;

	if ((rc = lookup(rt, &row)) != TOKENS_OK)
		return rc;
	if (!owned_by(&row, client_id))
		return TOKENS_INVALID;
	return tokens_revoke_family(row.fam, now) == 0 ? TOKENS_OK :
	    TOKENS_ERR;
}

int
tokens_refresh_info(const char *rt, int64_t now, char user[21],
    char client[64], char scope[1024], int64_t *exp)
{
	struct rt_row	 row;
	enum tokens_rc	 rc;

	if ((rc = lookup(rt, &row)) != TOKENS_OK)
		return rc == TOKENS_INVALID ? 1 : -1;
	if (row.used || row.revoked || row.disabled || row.expires_at <= now)
		return 1;
	snprintf(user, 21, "%s", row.user_id);
	snprintf(client, 64, "%s", row.client_id);
	snprintf(scope, 1024, "%s", row.scope);
	*exp = row.expires_at;
	return 0;
}

/*
 * Tokens verified recently, per process: resource servers present the
 * same token many times, and an Ed25519 verification costs more than
 * the rest of a request. An entry is made only after full verification
 * and used only until the token's exp and while its signing key is
 * still accepted; the family and user are still checked in the database
 * every time, so revocation stays immediate.
 */
#define VCACHE	256

struct vcache {
	unsigned char	 h[16];		/* BLAKE2b-128 of the token */
	int64_t		 exp, iat;
	char		 typ[8], sub[64], sid[FAMILY_IDLEN + 1], jti[32];
	char		 kid[JWT_KIDLEN + 1];
	char		 client_id[64], scope[1024];
	int		 client;
};

static struct vcache	 vcache[VCACHE];

static struct vcache *
vcache_slot(const char *jwt, unsigned char h[16])
{
	crypto_generichash(h, 16, (const unsigned char *)jwt, strlen(jwt),
	    NULL, 0);
	return &vcache[(h[0] | h[1] << 8) % VCACHE];
}

/* Fills c from the cache if jwt was verified before and its key is
 * still accepted; 1 hit, 0 miss, -1 error. */
static int
vcache_get(struct arena *ar, const char *jwt, int64_t now,
    struct jwt_claims *c)
{
	const struct config	*cfg = config_get();
	unsigned char		 h[16];
	struct vcache		*e = vcache_slot(jwt, h);
	struct pkey		*pub;
	int			 rc;

	if (e->exp <= now || sodium_memcmp(e->h, h, 16) != 0)
		return 0;
	if ((pub = arena_alloc(ar, sizeof(*pub))) == NULL)
		return -1;
	if ((rc = sigkey_public(e->kid, pub, &now)) != 0)
		return rc < 0 ? -1 : 0;
	memset(c, 0, sizeof(*c));
	c->typ = arena_strdup(ar, e->typ);
	c->kid = arena_strdup(ar, e->kid);
	c->sub = arena_strdup(ar, e->sub);
	c->sid = arena_strdup(ar, e->sid);
	c->jti = arena_strdup(ar, e->jti);
	c->scope = arena_strdup(ar, e->scope);
	c->client_id = e->client ? arena_strdup(ar, e->client_id) : NULL;
	c->iss = cfg->issuer;
	c->aud = cfg->audience;
	c->iat = e->iat;
	c->exp = e->exp;
	return c->typ && c->kid && c->sub && c->sid && c->jti && c->scope &&
	    (!e->client || c->client_id);
}

static int
fits(const char *s, size_t n)
{
	return s != NULL && strlen(s) < n;
}

static void
vcache_put(const char *jwt, const struct jwt_claims *c)
{
	unsigned char	 h[16];
	struct vcache	*e = vcache_slot(jwt, h);

	if (!fits(c->sid, sizeof(e->sid)) ||
	    !fits(c->scope, sizeof(e->scope)) ||
	    !fits(c->sub, sizeof(e->sub)) || !fits(c->jti, sizeof(e->jti)) ||
	    !fits(c->typ, sizeof(e->typ)) || !fits(c->kid, sizeof(e->kid)) ||
	    (c->client_id && !fits(c->client_id, sizeof(e->client_id))))
		return;
	memcpy(e->h, h, 16);
	e->exp = c->exp;
	e->iat = c->iat;
	snprintf(e->typ, sizeof(e->typ), "%s", c->typ);
	snprintf(e->kid, sizeof(e->kid), "%s", c->kid);
	snprintf(e->sub, sizeof(e->sub), "%s", c->sub);
	snprintf(e->sid, sizeof(e->sid), "%s", c->sid);
	snprintf(e->jti, sizeof(e->jti), "%s", c->jti);
	snprintf(e->scope, sizeof(e->scope), "%s", c->scope);
	e->client = c->client_id != NULL;
	snprintf(e->client_id, sizeof(e->client_id), "%s",
	    c->client_id ? c->client_id : "");
}

/* The family's liveness; fills a's user and client, and its scope.
 * 1 alive, 0 dead, -1 error. */
static int
family_alive(const char *fam, struct access *a, char scope[1024])
{
	struct dbq	*q;
	enum db_rc	 rc;
	int		 alive = 0;

	if ((q = db_q(SQL_FAMILY_ALIVE)) == NULL || db_bind_text(q, 1, fam))
		return -1;
	if ((rc = db_step(q)) == DB_ROW) {
		alive = (int)db_int(q, 0);
		snprintf(a->user_id, sizeof(a->user_id), "%s", db_text(q, 1));
		snprintf(a->client_id, sizeof(a->client_id), "%s",
		    db_text(q, 2));
		snprintf(scope, 1024, "%s", db_text(q, 3));
	}
	db_end(q);
	return rc == DB_ERR ? -1 : alive;
}

/* A client_credentials token's grant is its app, alive or not. */
static int
cc_alive(const char *sid, struct access *a, char scope[1024])
{
	struct client	 c;

	switch (client_cc_alive(sid, &c)) {
	case CLIENT_OK:
		break;
	case CLIENT_NOTFOUND:
		return 0;
	default:
		return -1;
	}
	a->cc = 1;
	snprintf(a->user_id, sizeof(a->user_id), "%s", c.user_id);
	snprintf(a->client_id, sizeof(a->client_id), "%s", c.id);
	snprintf(scope, 1024, "%s", c.scopes);
	return 1;
}

/* The claims, checked already for signature, iss, aud and time, agree
 * with the grant they name. */
static int
consistent(const struct access *a, const char *grant_scope)
{
	const struct jwt_claims	*c = &a->c;
	const char		*sub = a->cc ? a->client_id : a->user_id;

	return c->exp - c->iat <= ACCESS_TTL &&
	    strcmp(c->typ, a->client_id[0] ? "at+jwt" : "JWT") == 0 &&
	    strcmp(a->client_id, c->client_id != NULL ? c->client_id : "") ==
	    0 && strcmp(c->sub, sub) == 0 &&
	    scope_subset(c->scope, grant_scope);
}

/* The token's claims: from the cache, or verified now. */
static enum jwt_rc
claims(struct arena *ar, const char *jwt, const char *typ, int64_t now,
    struct jwt_claims *c)
{
	const struct config	*cfg = config_get();
	struct jwt_claims	 want = { 0 };
	enum jwt_rc		 rc;
	int			 hit;

	if ((hit = vcache_get(ar, jwt, now, c)) == -1)
		return JWT_ERR;
	if (hit)
		return typ != NULL && strcmp(c->typ, typ) != 0 ? JWT_CLAIMS :
		    JWT_OK;
	want.typ = typ;
	want.iss = cfg->issuer;
	want.aud = cfg->audience;
	if ((rc = jwt_verify(ar, jwt, &want, now, sigkey_public, &now, c)) !=
	    JWT_OK)
		return rc;
	vcache_put(jwt, c);
	return JWT_OK;
}

enum jwt_rc
tokens_verify(struct arena *ar, const char *jwt, const char *typ,
    int64_t now, struct access *a)
{
	char		 scope[1024];
	enum jwt_rc	 rc;
	int		 alive;

	memset(a, 0, sizeof(*a));
	if ((rc = claims(ar, jwt, typ, now, &a->c)) != JWT_OK)
		return rc;
	if (a->c.sid == NULL)
		return JWT_CLAIMS;
	alive = client_cc_sid_shape(a->c.sid) ? cc_alive(a->c.sid, a, scope) :
	    family_alive(a->c.sid, a, scope);
	if (alive == -1)
		return JWT_ERR;
	/* The token must say what its grant says it is. */
	if (!alive || !consistent(a, scope))
		return JWT_BADSIG;
	return JWT_OK;
}

static void
signin_row(struct dbq *q, struct signin_info *si)
{
	si->id = db_text(q, 0);
	si->ip = db_text(q, 1);
	si->user_agent = db_text(q, 2);
	si->created_at = db_int(q, 3);
	si->last_used_at = db_int(q, 4);
}

int
tokens_each_signin(const char *user_id, int64_t now,
    void (*fn)(const struct signin_info *, void *), void *arg)
{
	struct signin_info	 si;
	struct dbq		*q;
	enum db_rc		 rc;

	if ((q = db_q(SQL_SIGNINS)) == NULL || db_bind_text(q, 1, user_id) ||
	    db_bind_int(q, 2, now))
		return -1;
	while ((rc = db_step(q)) == DB_ROW) {
		signin_row(q, &si);
		fn(&si, arg);
	}
	db_end(q);
	return rc == DB_DONE ? 0 : -1;
}

enum tokens_rc
tokens_end_signin(const char *user_id, const char *family,
    const struct actor *a, int64_t now)
{
	struct dbq	*q;
	enum tokens_rc	 rc = TOKENS_ERR;

	if (db_begin() == -1)
		return TOKENS_ERR;
	if ((q = db_q(SQL_SIGNIN_END)) != NULL && db_bind_text(q, 1, family) ==
	    0 && db_bind_text(q, 2, user_id) == 0 && db_bind_int(q, 3, now) ==
	    0 && db_exec(q) == 0)
		rc = db_changes() == 1 ? TOKENS_OK : TOKENS_INVALID;
	if (rc == TOKENS_OK && audit(a, now, "signin.revoke", family, "") == -1)
		rc = TOKENS_ERR;
	if (rc == TOKENS_OK && db_commit() == 0)
		return TOKENS_OK;
	db_rollback();
	return rc == TOKENS_OK ? TOKENS_ERR : rc;
}
