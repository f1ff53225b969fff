/* /oauth/token, /oauth/revoke, /oauth/introspect and RFC 8414 metadata. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "api.h"
#include "valid.h"
#include "apis.h"
#include "arena.h"
#include "auth.h"
#include "basic.h"
#include "buf.h"
#include "client.h"
#include "clientjwt.h"
#include "code.h"
#include "config.h"
#include "db.h"
#include "form.h"
#include "json.h"
#include "jwt.h"
#include "keys.h"
#include "limits.h"
#include "plan.h"
#include "oidc.h"
#include "ratelimit.h"
#include "tokens.h"

/* OAuth parameters are form fields; each may appear once. */
#define OAUTH_TOKEN_LEN	4096

const struct field api_oauth_token_fields[TK__MAX + 1] = {
	[TK_GRANT] = { "grant_type", FT_STR, F_BODY | F_REQ, 64, NULL },
	[TK_CODE] = { "code", FT_STR, F_BODY, 64, NULL },
	[TK_REDIRECT] = { "redirect_uri", FT_STR, F_BODY, 600, NULL },
	[TK_VERIFIER] = { "code_verifier", FT_STR, F_BODY, 200, NULL },
	[TK_REFRESH] = { "refresh_token", FT_STR, F_BODY, 128, NULL },
	[TK_SCOPE] = { "scope", FT_STR, F_BODY, 1000, client_valid_scope_list },
	[TK_CLIENT_ID] = { "client_id", FT_STR, F_BODY, 64, NULL },
	[TK_SECRET] = { "client_secret", FT_STR, F_BODY | F_QUERY, 128, NULL },
	[TK_ASSERTION_TYPE] = { "client_assertion_type", FT_STR, F_BODY, 128,
	    NULL },
	[TK_ASSERTION] = { "client_assertion", FT_STR, F_BODY, JWT_MAXLEN,
	    NULL },
	[TK__MAX] = { NULL, 0, F_LENIENT, 0, NULL },
};

const struct field api_oauth_revoke_fields[RV__MAX + 1] = {
	[RV_TOKEN] = { "token", FT_STR, F_BODY | F_REQ, OAUTH_TOKEN_LEN, NULL },
	[RV_HINT] = { "token_type_hint", FT_STR, F_BODY, 64, NULL },
	[RV_CLIENT_ID] = { "client_id", FT_STR, F_BODY, 64, NULL },
	[RV_SECRET] = { "client_secret", FT_STR, F_BODY | F_QUERY, 128, NULL },
	[RV__MAX] = { NULL, 0, F_LENIENT, 0, NULL },
};

const struct field api_oauth_introspect_fields[IN__MAX + 1] = {
	[IN_TOKEN] = { "token", FT_STR, F_BODY | F_REQ, OAUTH_TOKEN_LEN, NULL },
	[IN_HINT] = { "token_type_hint", FT_STR, F_BODY, 64, NULL },
	[IN_CLIENT_ID] = { "client_id", FT_STR, F_BODY, 64, NULL },
	[IN_SECRET] = { "client_secret", FT_STR, F_BODY | F_QUERY, 128, NULL },
	[IN__MAX] = { NULL, 0, F_LENIENT, 0, NULL },
};

#define AUTHFAIL_MAX	20	/* failed authentications per client and IP */
#define AUTHFAIL_WINDOW	900

/* The counter of failed authentications of client id from r's address:
 * one client's failures never lock another out (SPEC 8.10). */
static const char *
authfail_key(struct req *r, const char *id)
{
	return arena_printf(r->arena, "authfail:%s:%s", id != NULL ? id : "",
	    r->ip);
}

static int
oauth_fail(struct req *r, int status, const char *code, const char *msg)
{
	if (status == 401)
		http_header(r, "WWW-Authenticate", "Basic realm=\"latchkey\"");
	return api_fail(r, status, code, msg);
}

/* A failed client authentication: counted, so guessing is slow. */
static int
bad_client(struct req *r, const char *id, const char *msg)
{
	struct rl_result	 res;
	const char		*key = authfail_key(r, id);

	if (key != NULL)
		(void)ratelimit_take(key, AUTHFAIL_MAX, AUTHFAIL_WINDOW, r->now,
		    &res);
	return oauth_fail(r, 401, "invalid_client", msg);
}

/* 0, or 429 once id has failed too often from this address. */
static int
auth_throttle(struct req *r, const char *id)
{
	struct rl_result	 res;
	const char		*key = authfail_key(r, id);
	char			 ra[24];

	if (key == NULL || ratelimit_peek(key, AUTHFAIL_MAX, AUTHFAIL_WINDOW,
	    r->now, &res))
		return 503;
	if (res.allowed)
		return 0;
	snprintf(ra, sizeof(ra), "%lld", (long long)(res.reset - r->now));
	http_header(r, "Retry-After", ra);
	return api_fail(r, 429, "invalid_client", "too many failed attempts");
}

/* The client id and secret a request presents, by HTTP Basic or in the
 * body (client_secret_post); 0 or a refusal. An empty Basic secret is a
 * public client (Go's x/oauth2 sends it so: SPEC 12). */
static int
presented(struct req *r, int idf, int secf, const char **id,
    const char **secret)
{
	const char	*h = req_env(r, "HTTP_AUTHORIZATION");
	const char	*bid, *bsecret;

	*id = r->fv[idf].present ? r->fv[idf].s : NULL;
	*secret = r->fv[secf].present ? r->fv[secf].s : NULL;
	if (strstr(r->query, "client_secret") != NULL)
		return bad_client(r, *id, "Client secrets never go in a URL.");
	if (h == NULL)
		return 0;
	if (basic_parse(r->arena, h, &bid, &bsecret) == -1)
		return bad_client(r, *id, "Malformed Basic credentials.");
	if (*secret != NULL || (*id != NULL && strcmp(*id, bid) != 0))
		return oauth_fail(r, 400, "invalid_request",
		    "Use one client authentication method.");
	*id = bid;
	*secret = bsecret[0] != '\0' ? bsecret : NULL;
	return 0;
}

/* A client without a secret: only a public one, of an enabled owner. */
static int
public_client(struct req *r, const char *id, struct client *c)
{
	switch (client_get(NULL, id, c)) {
	case CLIENT_OK:
		if (!c->confidential && !c->owner_disabled)
			return 0;
		break;
	case CLIENT_ERR:
		return 503;
	default:
		break;
	}
	return bad_client(r, id, "Client authentication failed.");
}

/*
 * Who is calling: HTTP Basic or client_secret_post for confidential
 * clients, client_id alone for public ones. 0 with c filled, or a
 * status with the OAuth error set.
 */
static int
client_auth(struct req *r, int idf, int secf, struct client *c)
{
	const char	*id, *secret;
	int		 st;

	memset(c, 0, sizeof(*c));
	if ((st = presented(r, idf, secf, &id, &secret)) != 0 ||
	    (st = auth_throttle(r, id)) != 0)
		return st;
	if (id == NULL)
		return bad_client(r, NULL, "Client authentication is "
		    "required.");
	if (secret == NULL)
		return public_client(r, id, c);
	switch (client_authenticate(id, secret, r->now, c)) {
	case CLIENT_OK:
		return 0;
	case CLIENT_ERR:
		return 503;
	default:
		return bad_client(r, id, "Client authentication failed.");
	}
}

#define JWT_BEARER "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

/* RFC 7523 client authentication, private_key_jwt or client_secret_jwt
 * (SPEC 10): the assertion is then the request's only credential. */
static int
assertion_auth(struct req *r, struct client *c)
{
	const struct fval	*f = r->fv;
	const char		*id = f[TK_CLIENT_ID].present ?
				    f[TK_CLIENT_ID].s : NULL;
	struct cjwt_token	 t;
	int			 st;

	memset(c, 0, sizeof(*c));
	if (strcmp(f[TK_ASSERTION_TYPE].s, JWT_BEARER) != 0 ||
	    !f[TK_ASSERTION].present)
		return oauth_fail(r, 400, "invalid_request", "Send "
		    "client_assertion_type " JWT_BEARER " and a "
		    "client_assertion.");
	if (f[TK_SECRET].present || req_env(r, "HTTP_AUTHORIZATION") != NULL)
		return oauth_fail(r, 400, "invalid_request",
		    "Use one client authentication method.");
	/* Unverified, but only the throttle's counter is picked by it. */
	if (id == NULL && cjwt_parse(r->arena, f[TK_ASSERTION].s, &t) == 0)
		id = t.iss;
	if ((st = auth_throttle(r, id)) != 0)
		return st;
	switch (cjwt_assertion(r->arena, f[TK_ASSERTION].s, id, r->now, c)) {
	case CJWT_OK:
		return 0;
	case CJWT_ERR:
		return 503;
	default:
		return bad_client(r, id, "Client authentication failed.");
	}
}

/* id_token: OpenID Connect's, or NULL. */
static int
reply_token(struct req *r, struct issued *t, const char *id_token)
{
	struct json	*o = json_object();

	json_set_str(o, "access_token", t->access->data);
	if (id_token != NULL)
		json_set_str(o, "id_token", id_token);
	json_set_str(o, "token_type", "Bearer");
	json_set_int(o, "expires_in", t->expires_at - r->now);
	json_set_str(o, "scope", t->scope);
	if (t->refresh[0] != '\0')
		json_set_str(o, "refresh_token", t->refresh);
	http_header(r, "Pragma", "no-cache");
	return api_reply(r, 200, o);
}

/* The token answer with OpenID Connect's id_token (SPEC 12). */
static int
reply_id(struct req *r, const struct client *c, const struct code_grant *cg,
    struct issued *t)
{
	struct oidc_id	 id;
	struct buf	 idt = { .secret = 1 };
	int		 st;

	id.user_id = cg->user_id;
	id.client_id = c->id;
	id.nonce = cg->nonce;
	id.auth_time = cg->auth_time;
	id.access_token = t->access->data;
	st = oidc_id_token(&idt, &id, r->now) == 0 ?
	    reply_token(r, t, idt.data) : 503;
	buf_free(&idt);
	return st;
}

static int
grant_code(struct req *r, const struct client *c, struct issued *t)
{
	const struct fval	*f = r->fv;
	struct code_grant	 cg;
	struct grant		 g = { 0 };
	enum code_rc		 rc;

	if (!(c->grants & GRANT_CODE))
		return oauth_fail(r, 400, "unauthorized_client",
		    "This app may not use authorization codes.");
	if (!f[TK_CODE].present)
		return oauth_fail(r, 400, "invalid_request",
		    "code is missing.");
	if (db_begin() == -1)
		return 503;
	rc = code_redeem(f[TK_CODE].s, c->id, f[TK_REDIRECT].present ?
	    f[TK_REDIRECT].s : NULL, f[TK_VERIFIER].present ?
	    f[TK_VERIFIER].s : NULL, r->now, &cg);
	if (rc == CODE_OK) {
		g.user_id = cg.user_id;
		g.client_id = c->id;
		g.scope = cg.scope;
		g.refresh = (c->grants & GRANT_REFRESH) &&
		    scope_subset("offline_access", cg.scope);
		switch (tokens_issue(&g, r->now, t)) {
		case TOKENS_OK:
			if (code_bind_family(f[TK_CODE].s, t->family) == -1)
				rc = CODE_ERR;
			break;
		case TOKENS_INVALID:
			rc = CODE_INVALID;	/* the app is gone */
			break;
		default:
			rc = CODE_ERR;
		}
	}
	/* Commit a refusal too: the code stays burned. */
	if (rc == CODE_ERR || db_commit() == -1) {
		db_rollback();
		return 503;
	}
	if (rc != CODE_OK)
		return oauth_fail(r, 400, "invalid_grant", "The code is "
		    "invalid, expired, used, or doesn't match this request.");
	return scope_subset("openid", cg.scope) ? reply_id(r, c, &cg, t) :
	    reply_token(r, t, NULL);
}

static int
grant_refresh(struct req *r, const struct client *c, struct issued *t)
{
	const struct fval	*f = r->fv;

	if (!(c->grants & GRANT_REFRESH))
		return oauth_fail(r, 400, "unauthorized_client",
		    "This app may not use refresh tokens.");
	if (!f[TK_REFRESH].present)
		return oauth_fail(r, 400, "invalid_request",
		    "refresh_token is missing.");
	switch (tokens_refresh(f[TK_REFRESH].s, c->id, f[TK_SCOPE].present ?
	    f[TK_SCOPE].s : NULL, r->now, t)) {
	case TOKENS_OK:
		return reply_token(r, t, NULL);
	case TOKENS_SCOPE:
		return oauth_fail(r, 400, "invalid_scope",
		    "A refresh can only narrow the scope.");
	case TOKENS_INVALID:
		return oauth_fail(r, 400, "invalid_grant",
		    "The refresh token is invalid, expired or revoked.");
	default:
		return 503;
	}
}

/* The client's allowed scopes that are permissions: no
 * offline_access, no OpenID Connect scope (there is no user). */
static const char *
default_scope(struct req *r, const struct client *c)
{
	char	*s = arena_strdup(r->arena, c->scopes), *out, *w, *save;
	size_t	 n = 0, len;

	if (s == NULL || (out = arena_alloc(r->arena, strlen(s) + 1)) == NULL)
		return NULL;
	for (w = strtok_r(s, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save))
		if (!perm_grant_word(w)) {
			if (n > 0)
				out[n++] = ' ';
			len = strlen(w);
			memcpy(out + n, w, len);
			n += len;
		}
	out[n] = '\0';
	return out;
}

/* 1 if scope holds a word that grants no permission. */
static int
has_grant_word(const char *scope)
{
	return scope_subset("offline_access", scope) ||
	    scope_subset("openid", scope) || scope_subset("email", scope) ||
	    scope_subset("profile", scope);
}

static int
grant_client(struct req *r, const struct client *c, struct issued *t)
{
	const struct fval	*f = r->fv;
	struct grant		 g = { 0 };
	struct client		 fresh;

	if (!c->confidential || !(c->grants & GRANT_CLIENT))
		return oauth_fail(r, 400, "unauthorized_client",
		    "This app may not use client credentials.");
	g.scope = f[TK_SCOPE].present ? f[TK_SCOPE].s : default_scope(r, c);
	if (g.scope == NULL)
		return 500;
	/* An app whose only scope is offline_access has none to grant
	 * here (found by fuzz/fuzz_jwt.c: an empty scope never verifies). */
	if (g.scope[0] == '\0' || !client_scope_ok(c, g.scope) ||
	    has_grant_word(g.scope))
		return oauth_fail(r, 400, "invalid_scope",
		    "The scope is not allowed for this app.");
	/* No row per token (SPEC 8.13): the app's cc_sid is its grant,
	 * made with its first token (apps from before schema 2 have none). */
	if (c->cc_sid[0] == '\0' && (client_cc_revoke(c->id) != CLIENT_OK ||
	    client_get(NULL, c->id, &fresh) != CLIENT_OK))
		return 503;
	return tokens_issue_cc(c->cc_sid[0] != '\0' ? c : &fresh, g.scope,
	    r->now, t) == TOKENS_OK ? reply_token(r, t, NULL) : 503;
}

int
api_oauth_token(struct req *r)
{
	struct client	 c;
	struct buf	 access = { .secret = 1 };
	struct issued	*t = req_secret(r, sizeof(*t));
	const char	*gt = r->fv[TK_GRANT].s;
	int		 st;

	if (t == NULL)
		return 500;
	if ((st = r->fv[TK_ASSERTION_TYPE].present ? assertion_auth(r, &c) :
	    client_auth(r, TK_CLIENT_ID, TK_SECRET, &c)) != 0)
		return st;
	t->access = &access;
	if (strcmp(gt, "authorization_code") == 0)
		st = grant_code(r, &c, t);
	else if (strcmp(gt, "refresh_token") == 0)	/* lint-ok: a name */
		st = grant_refresh(r, &c, t);
	else if (strcmp(gt, "client_credentials") == 0)
		st = grant_client(r, &c, t);
	else
		st = oauth_fail(r, 400, "unsupported_grant_type",
		    "Supported: authorization_code, refresh_token, "
		    "client_credentials.");
	buf_free(&access);
	return st;
}

int
api_oauth_revoke(struct req *r)
{
	const char	*tok = r->fv[RV_TOKEN].s;
	struct client	 c;
	struct access	 a;
	int		 st;

	if ((st = client_auth(r, RV_CLIENT_ID, RV_SECRET, &c)) != 0)
		return st;
	/* RFC 7009 2.2: an unknown or foreign token also gets a 200. */
	if (strncmp(tok, "rt_", 3) == 0) {
		if (tokens_revoke_refresh(tok, c.id, r->now) == TOKENS_ERR)
			return 503;
	} else if (jwt_shape(tok)) {
		switch (tokens_verify(r->arena, tok, "at+jwt", r->now, &a)) {
		case JWT_OK:
			if (strcmp(a.client_id, c.id) != 0)
				break;
			/* A client_credentials token has no row of its own:
			 * revoking it ends every one of the app's (RFC 7009
			 * 2.1 allows revoking tokens of the same grant). */
			if ((a.cc ? client_cc_revoke(c.id) != CLIENT_OK :
			    tokens_revoke_family(a.c.sid, r->now) == -1))
				return 503;
			break;
		case JWT_ERR:
			return 503;
		default:
			break;
		}
	}
	/* SPEC 3: {} as JSON, so clients that parse every 200 (such as
	 * simple-oauth2's revoke) find a body and its Content-Type. */
	return api_reply(r, 200, json_object());
}

static int
inactive(struct req *r)
{
	struct json	*o = json_object();

	json_set_bool(o, "active", 0);
	return api_reply(r, 200, o);
}

/*
 * Whose credentials a caller may introspect (SPEC 8.11): a client those
 * issued to it, an admin's admin API key or a resource server every
 * one, another user's admin key that user's own.
 */
struct viewer {
	int		 all;
	const char	*client_id;
	const char	*user_id;
};

static int
sees(const struct viewer *v, const char *client_id, const char *user_id)
{
	return v->all || (v->client_id != NULL &&
	    strcmp(client_id, v->client_id) == 0) || (v->user_id != NULL &&
	    strcmp(user_id, v->user_id) == 0);
}

/* An introspection of an account's active credential is a
 * verification: it counts against the account's month (SPEC 9), and
 * once the quota is used up it is refused. 0, or the status. */
static int
metered(struct req *r, const char *user_id)
{
	struct plan	 p;
	int64_t		 quota = 0, reset;
	char		 ra[24];

	switch (plan_of_user(user_id, &p)) {
	case PLAN_OK:
		quota = p.per_month;
		break;
	case PLAN_NOTFOUND:
		break;
	default:
		return 503;
	}
	switch (limits_charge_month(user_id, quota, r->now, 1, &reset)) {
	case 1:
		return 0;
	case 0:
		snprintf(ra, sizeof(ra), "%lld", (long long)(reset - r->now));
		http_header(r, "Retry-After", ra);
		return api_fail(r, 429, "quota_exceeded", "The credential's "
		    "account has used its quota for this month.");
	default:
		return 503;
	}
}

static int
introspect_jwt(struct req *r, const char *tok, const struct viewer *v)
{
	struct access	 a;
	struct json	*o;
	int		 st;

	switch (tokens_verify(r->arena, tok, NULL, r->now, &a)) {
	case JWT_OK:
		break;
	case JWT_ERR:
		return 503;
	default:
		return inactive(r);
	}
	if (!sees(v, a.client_id, a.user_id))
		return inactive(r);
	if ((st = metered(r, a.user_id)) != 0)
		return st;
	o = json_object();
	json_set_bool(o, "active", 1);
	json_set_str(o, "scope", a.c.scope);
	if (a.client_id[0] != '\0')
		json_set_str(o, "client_id", a.client_id);
	if (a.cc)
		json_set_str(o, "grant_type", "client_credentials");
	json_set_str(o, "token_type", "Bearer");
	json_set_str(o, "sub", a.c.sub);
	json_set_str(o, "user_id", a.user_id);
	json_set_int(o, "exp", a.c.exp);
	json_set_int(o, "iat", a.c.iat);
	json_set_str(o, "iss", a.c.iss);
	json_set_str(o, "aud", a.c.aud);
	json_set_str(o, "jti", a.c.jti);
	return api_reply(r, 200, o);
}

static int
introspect_refresh(struct req *r, const char *tok, const struct viewer *v)
{
	char		 user[21], client[64], scope[1024];
	int64_t		 exp;
	struct json	*o;
	int		 st;

	switch (tokens_refresh_info(tok, r->now, user, client, scope, &exp)) {
	case 0:
		break;
	case 1:
		return inactive(r);
	default:
		return 503;
	}
	if (!sees(v, client, user))
		return inactive(r);
	if ((st = metered(r, user)) != 0)
		return st;
	o = json_object();
	json_set_bool(o, "active", 1);
	json_set_str(o, "scope", scope);
	if (client[0] != '\0')
		json_set_str(o, "client_id", client);
	json_set_str(o, "token_type", "refresh_token");
	json_set_str(o, "sub", user);
	json_set_int(o, "exp", exp);
	return api_reply(r, 200, o);
}

/* Introspection is not a use: keys_check leaves last_used_at. */
static int
introspect_key(struct req *r, const char *tok, const struct viewer *v)
{
	struct apikey	 k;
	struct json	*o;
	char		 perms[2048];
	int		 st;

	switch (keys_check(tok, r->now, &k)) {
	case KEYS_OK:
		break;
	case KEYS_ERR:
		return 503;
	default:
		return inactive(r);
	}
	if (!sees(v, "", k.user_id))
		return inactive(r);
	if ((st = metered(r, k.user_id)) != 0)
		return st;
	if (perm_format(&k.perms, perms, sizeof(perms)) == -1)
		return 500;
	o = json_object();
	json_set_bool(o, "active", 1);
	json_set_str(o, "scope", perms);
	json_set_str(o, "token_type", "api_key");
	json_set_str(o, "sub", k.user_id);
	json_set_str(o, "key_id", k.id);
	json_set_str(o, "environment", k.live ? "live" : "test");
	if (k.expires_at != 0)
		json_set_int(o, "exp", k.expires_at);
	json_set_int(o, "iat", k.created_at);
	return api_reply(r, 200, o);
}

static int
is_bearer(const struct req *r)
{
	const char	*h = req_env(r, "HTTP_AUTHORIZATION");

	return h != NULL && strncasecmp(h, "Bearer ", 7) == 0;
}

/* The caller: an API key with admin, or a confidential client. */
static int
introspector(struct req *r, struct client *c, struct viewer *v)
{
	int	 st;

	memset(v, 0, sizeof(*v));
	if (req_env(r, "HTTP_X_API_KEY") != NULL || is_bearer(r)) {
		if ((st = auth_request(r)) != 0)
			return st == 401 ? oauth_fail(r, 401, "invalid_client",
			    "Authentication failed.") : st;
		if (r->auth->type != CRED_APIKEY ||
		    !perm_covers_one(&r->auth->perms, "admin"))
			return oauth_fail(r, 403, "insufficient_scope",
			    "Introspection needs an API key with admin.");
		v->all = r->auth->owner_admin;
		v->user_id = r->auth->user_id;
		return 0;
	}
	if ((st = client_auth(r, IN_CLIENT_ID, IN_SECRET, c)) != 0)
		return st;
	if (!c->confidential)
		return oauth_fail(r, 401, "invalid_client",
		    "Only confidential clients may introspect.");
	v->all = c->resource_server;
	v->client_id = c->id;
	return 0;
}

int
api_oauth_introspect(struct req *r)
{
	const char	*tok = r->fv[IN_TOKEN].s;
	struct client	 c;
	struct viewer	 v;
	int		 st;

	if ((st = introspector(r, &c, &v)) != 0)
		return st;
	if (strncmp(tok, "rt_", 3) == 0)
		return introspect_refresh(r, tok, &v);
	if (strncmp(tok, "sk_", 3) == 0 || strncmp(tok, "rk_", 3) == 0)
		return introspect_key(r, tok, &v);
	if (jwt_shape(tok))
		return introspect_jwt(r, tok, &v);
	return inactive(r);
}

struct json *
api_oauth_metadata_object(struct req *r)
{
	const char	*iss = config_get()->issuer;
	struct json	*o = json_object(), *a;

	json_set_str(o, "issuer", iss);
	json_set_str(o, "authorization_endpoint",
	    arena_printf(r->arena, "%s/oauth/authorize", iss));
	json_set_str(o, "token_endpoint",
	    arena_printf(r->arena, "%s/oauth/token", iss));
	json_set_str(o, "revocation_endpoint",
	    arena_printf(r->arena, "%s/oauth/revoke", iss));
	json_set_str(o, "introspection_endpoint",
	    arena_printf(r->arena, "%s/oauth/introspect", iss));
	json_set_str(o, "jwks_uri",
	    arena_printf(r->arena, "%s/.well-known/jwks.json", iss));
	a = json_array();
	json_push_str(a, "code");
	json_set(o, "response_types_supported", a);
	a = json_array();
	json_push_str(a, "authorization_code");
	json_push_str(a, "refresh_token");
	json_push_str(a, "client_credentials");
	json_set(o, "grant_types_supported", a);
	a = json_array();
	json_push_str(a, "S256");
	json_set(o, "code_challenge_methods_supported", a);
	a = json_array();
	json_push_str(a, "client_secret_basic");
	json_push_str(a, "client_secret_post");
	json_push_str(a, "none");
	json_push_str(a, "private_key_jwt");
	json_push_str(a, "client_secret_jwt");
	json_set(o, "token_endpoint_auth_methods_supported", a);
	a = json_array();
	json_push_str(a, "EdDSA");
	json_push_str(a, "HS256");
	json_set(o, "token_endpoint_auth_signing_alg_values_supported", a);
	a = json_array();
	json_push_str(a, "client_secret_basic");
	json_push_str(a, "client_secret_post");
	json_set(o, "introspection_endpoint_auth_methods_supported", a);
	a = json_array();
	json_push_str(a, "client_secret_basic");
	json_push_str(a, "client_secret_post");
	json_push_str(a, "none");
	json_set(o, "revocation_endpoint_auth_methods_supported", a);
	a = json_array();
	json_push_str(a, "read");
	json_push_str(a, "write");
	json_push_str(a, "delete");
	json_push_str(a, "admin");
	json_push_str(a, "offline_access");
	json_push_str(a, "openid");
	json_push_str(a, "email");
	json_push_str(a, "profile");
	json_set(o, "scopes_supported", a);
	json_set_bool(o, "authorization_response_iss_parameter_supported", 1);
	return o;
}

int
api_oauth_metadata(struct req *r)
{
	r->cache = "public, max-age=300";
	return api_reply(r, 200, api_oauth_metadata_object(r));
}
