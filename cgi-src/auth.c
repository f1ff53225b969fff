#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "config.h"
#include "auth.h"
#include "clientjwt.h"
#include "http.h"
#include "jwt.h"
#include "keys.h"
#include "plan.h"
#include "tokens.h"

const char *const cred_type_names[CRED__MAX] = { "api_key", "jwt", "oauth",
    "client_jwt" };

#define REALM	"Bearer realm=\"latchkey\""

static int
deny(struct req *r, int status, const char *code, const char *msg,
    const char *challenge)
{
	r->errcode = code;
	r->errmsg = msg;
	if (challenge != NULL)
		http_header(r, "WWW-Authenticate", challenge);
	return status;
}

/* The Bearer token of an Authorization header; "" for another scheme. */
static const char *
bearer(const char *h)
{
	if (strncasecmp(h, "Bearer ", 7) != 0)
		return "";
	h += 7;
	while (*h == ' ')
		h++;
	return h;
}

/* Finds the credential; NULL with *st set when there is none usable. */
static const char *
credential(struct req *r, int *st)
{
	const char	*key = req_env(r, "HTTP_X_API_KEY");
	const char	*authz = req_env(r, "HTTP_AUTHORIZATION");
	const char	*tok = authz != NULL ? bearer(authz) : NULL;

	*st = 0;
	if (tok != NULL && *tok == '\0') {
		*st = deny(r, 401, "unauthorized", "Use Bearer authentication "
		    "or X-API-Key.", REALM);
		return NULL;
	}
	/* Two credentials would make "whose rights?" ambiguous. Both come
	 * from this request, so comparing them leaks nothing. */
	if (key != NULL && tok != NULL && strcmp(key, tok) != 0) { /* lint-ok */
		*st = deny(r, 400, "invalid_request", "Send one credential, "
		    "not two.", NULL);
		return NULL;
	}
	if (key == NULL && tok == NULL) {
		*st = deny(r, 401, "unauthorized", "A credential is required.",
		    REALM);
		return NULL;
	}
	return key != NULL ? key : tok;
}

static int
from_key(struct req *r, const char *secret, struct principal *p)
{
	struct apikey	 k;

	switch (keys_verify(secret, r->now, &k)) {
	case KEYS_OK:
		break;
	case KEYS_EXPIRED:
		return deny(r, 401, "token_expired", "The API key has expired.",
		    REALM ", error=\"invalid_token\", "
		    "error_description=\"expired\"");
	case KEYS_ERR:
		return deny(r, 503, "service_unavailable",
		    "The service is temporarily unavailable.", NULL);
	default:
		return deny(r, 401, "invalid_token", "The credential is "
		    "invalid or revoked.", REALM ", error=\"invalid_token\"");
	}
	p->type = CRED_APIKEY;
	snprintf(p->user_id, sizeof(p->user_id), "%s", k.user_id);
	snprintf(p->key_id, sizeof(p->key_id), "%s", k.id);
	p->perms = k.perms;
	p->has_env = 1;
	p->live = k.live;
	p->expires_at = k.expires_at;
	p->owner_admin = k.owner_admin;
	snprintf(p->rl_key, sizeof(p->rl_key), "cred:%s", k.id);
	/* An admin's override, else the tier's, else the default. */
	p->rl_limit = k.rate_limit > 0 ? k.rate_limit : k.tier_per_hour > 0 ?
	    k.tier_per_hour : config_get()->rl_apikey;
	p->rl_second = k.tier_per_second;
	p->quota = k.owner_per_month;
	snprintf(p->tier, sizeof(p->tier), "%s", k.tier);
	return 0;
}

/* The account's plan of a token's user: its tier and quota. */
static int
account_plan(struct req *r, struct principal *p)
{
	struct plan	 pl;

	switch (plan_of_user(p->user_id, &pl)) {
	case PLAN_OK:
		snprintf(p->tier, sizeof(p->tier), "%s", pl.name);
		p->quota = pl.per_month;
		return 0;
	case PLAN_NOTFOUND:
		return 0;
	default:
		return deny(r, 503, "service_unavailable",
		    "The service is temporarily unavailable.", NULL);
	}
}

static int
from_jwt(struct req *r, const char *jwt, struct principal *p)
{
	struct access	 a;

	switch (tokens_verify(r->arena, jwt, NULL, r->now, &a)) {
	case JWT_OK:
		break;
	case JWT_EXPIRED:
		return deny(r, 401, "token_expired", "The token has expired.",
		    REALM ", error=\"invalid_token\", "
		    "error_description=\"expired\"");
	case JWT_ERR:
		return deny(r, 503, "service_unavailable",
		    "The service is temporarily unavailable.", NULL);
	default:
		return deny(r, 401, "invalid_token", "The credential is "
		    "invalid or revoked.", REALM ", error=\"invalid_token\"");
	}
	p->type = a.client_id[0] != '\0' ? CRED_OAUTH : CRED_JWT;
	p->cc = a.cc;
	snprintf(p->user_id, sizeof(p->user_id), "%s", a.user_id);
	snprintf(p->client_id, sizeof(p->client_id), "%s", a.client_id);
	/* offline_access is about refresh tokens, not a permission. */
	if (perm_parse_scope(&p->perms, a.c.scope) == -1)
		return deny(r, 401, "invalid_token", "The credential is "
		    "invalid or revoked.", REALM ", error=\"invalid_token\"");
	p->expires_at = a.c.exp;
	p->idscope = (scope_subset("openid", a.c.scope) ? ID_OPENID : 0) |
	    (scope_subset("email", a.c.scope) ? ID_EMAIL : 0) |
	    (scope_subset("profile", a.c.scope) ? ID_PROFILE : 0);
	/* A sign-in or grant (the family) is the credential: refreshing
	 * doesn't start a fresh count. */
	snprintf(p->rl_key, sizeof(p->rl_key), "cred:%s", a.c.sid);
	p->rl_limit = p->type == CRED_OAUTH ? config_get()->rl_oauth :
	    config_get()->rl_jwt;
	return account_plan(r, p);
}

/* A JWT the caller signed itself (SPEC 10), checked by clientjwt.c. */
static int
from_client_jwt(struct req *r, const char *jwt, struct principal *p)
{
	struct cjwt_result	*c = arena_alloc(r->arena, sizeof(*c));

	if (c == NULL)
		return 500;
	switch (cjwt_verify(r->arena, jwt, config_get()->audience, r->now,
	    c)) {
	case CJWT_OK:
		break;
	case CJWT_EXPIRED:
		return deny(r, 401, "token_expired", "The token has expired.",
		    REALM ", error=\"invalid_token\", "
		    "error_description=\"expired\"");
	case CJWT_ERR:
		return deny(r, 503, "service_unavailable",
		    "The service is temporarily unavailable.", NULL);
	default:
		return deny(r, 401, "invalid_token", "The credential is "
		    "invalid or revoked.", REALM ", error=\"invalid_token\"");
	}
	p->type = CRED_CLIENT_JWT;
	snprintf(p->user_id, sizeof(p->user_id), "%s", c->user_id);
	snprintf(p->key_id, sizeof(p->key_id), "%s", c->key_id);
	snprintf(p->client_id, sizeof(p->client_id), "%s", c->client_id);
	snprintf(p->subject, sizeof(p->subject), "%s", c->subject);
	p->perms = c->perms;
	p->has_env = c->has_env;
	p->live = c->live;
	p->expires_at = c->exp;
	p->owner_admin = c->owner_admin;
	/* The signing credential's own limit: a JWT is no way around it. */
	snprintf(p->rl_key, sizeof(p->rl_key), "cred:%s", c->key_id[0] ?
	    c->key_id : c->client_id);
	p->rl_limit = c->key_id[0] == '\0' ? config_get()->rl_oauth :
	    c->rate_limit > 0 ? c->rate_limit : c->per_hour > 0 ?
	    c->per_hour : config_get()->rl_apikey;
	p->rl_second = c->per_second;
	p->quota = c->quota;
	snprintf(p->tier, sizeof(p->tier), "%s", c->tier);
	return 0;
}

int
auth_request(struct req *r)
{
	struct principal	*p;
	const char		*cred;
	int			 st;

	if ((cred = credential(r, &st)) == NULL)
		return st;
	if ((p = arena_alloc(r->arena, sizeof(*p))) == NULL)
		return 500;
	if (strncmp(cred, "sk_", 3) == 0 || strncmp(cred, "rk_", 3) == 0) {
		if ((st = from_key(r, cred, p)) != 0)
			return st;
	} else if (jwt_shape(cred) && cjwt_is_client_token(r->arena, cred)) {
		if ((st = from_client_jwt(r, cred, p)) != 0)
			return st;
	} else if (jwt_shape(cred)) {
		if ((st = from_jwt(r, cred, p)) != 0)
			return st;
	} else
		return deny(r, 401, "invalid_token", "The credential is "
		    "invalid or revoked.", REALM ", error=\"invalid_token\"");
	r->auth = p;
	return 0;
}

int
auth_may_grant(const struct principal *p, const struct perms *want,
    int live)
{
	if (!perm_covers(&p->perms, want))
		return 0;
	/* A key acts on keys of its own environment only. */
	return !p->has_env || p->live == live;
}

int
auth_sees_env(const struct principal *p, int live)
{
	/* A live key reaches test keys; a test key nothing live. */
	return !p->has_env || p->live || !live;
}
