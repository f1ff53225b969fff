/* /v1/auth/login, refresh, logout and /.well-known/jwks.json. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "valid.h"
#include "apis.h"
#include "buf.h"
#include "json.h"
#include "login.h"
#include "sigkey.h"
#include "timefmt.h"
#include "tokens.h"
#include "user.h"

const struct field api_auth_login_fields[AL__MAX + 1] = {
	[AL_EMAIL] = { "email", FT_STR, F_BODY | F_REQ, 254, NULL },
	[AL_PASSWORD] = { "password", FT_STR, F_BODY | F_REQ, 1024, NULL },
};

const struct field api_auth_refresh_fields[RT__MAX + 1] = {
	[RT_TOKEN] = { "refresh_token", FT_STR, F_BODY | F_REQ, 128, NULL },
};

static int
reply_tokens(struct req *r, const struct user *u, struct issued *t)
{
	struct json	*o = json_object(), *usr = json_object();
	char		 ts[RFC3339_LEN + 1];

	timefmt_rfc3339(t->expires_at, ts);
	json_set_str(o, "access_token", t->access->data);
	json_set_str(o, "token_type", "Bearer");
	json_set_int(o, "expires_in", t->expires_at - r->now);
	json_set_str(o, "expires_at", ts);
	json_set_str(o, "refresh_token", t->refresh);
	json_set_str(usr, "id", u->id);
	json_set_str(usr, "email", u->email);
	json_set_str(usr, "name", u->name);
	json_set_str(usr, "role", u->admin ? "admin" : "user");
	json_set(o, "user", usr);
	return api_reply(r, 200, o);
}

struct api_start {
	struct req	*r;
	struct issued	*t;
};

/* Inside the sign-in's transaction: the family and its tokens. */
static int
start_tokens(const struct user *u, void *arg)
{
	struct api_start	*s = arg;
	struct grant		 g = { 0 };

	g.user_id = u->id;
	g.scope = LOGIN_SCOPE;
	g.refresh = 1;
	g.ip = s->r->ip;
	g.user_agent = req_env(s->r, "HTTP_USER_AGENT");
	return tokens_issue(&g, s->r->now, s->t) == TOKENS_OK ? 0 : -1;
}

static int
retry_after(struct req *r, int64_t wait)
{
	char	 ra[24];

	snprintf(ra, sizeof(ra), "%lld", (long long)wait);
	return http_header(r, "Retry-After", ra);
}

int
api_auth_login(struct req *r)
{
	struct user	 u;
	struct buf	 access = { .secret = 1 };
	struct issued	*t = req_secret(r, sizeof(*t));
	struct api_start s = { r, t };
	struct login_req lr = { 0 };
	struct actor	 a = api_actor(r);
	int64_t		 wait;
	int		 st;

	if (t == NULL)
		return 500;
	t->access = &access;
	lr.email = r->fv[AL_EMAIL].s;
	lr.password = r->fv[AL_PASSWORD].s;
	lr.api = 1;
	lr.start = start_tokens;
	lr.arg = &s;
	switch (login_password(&lr, &a, r->now, &u, &wait)) {
	case LOGIN_OK:
		st = reply_tokens(r, &u, t);
		break;
	case LOGIN_INVALID:
		http_header(r, "WWW-Authenticate", "Bearer realm=\"latchkey\"");
		st = api_fail(r, 401, "invalid_credentials",
		    "Incorrect email or password.");
		break;
	case LOGIN_THROTTLED:
		retry_after(r, wait);
		st = api_fail(r, 429, "rate_limit_exceeded",
		    "Too many sign-in attempts; try again later.");
		break;
	case LOGIN_BUSY:
		retry_after(r, 1);
		st = api_fail(r, 503, "service_unavailable",
		    "Too many sign-ins at once; retry in a second.");
		break;
	default:
		st = 503;
	}
	buf_free(&access);
	return st;
}

int
api_auth_refresh(struct req *r)
{
	struct user	 u;
	struct buf	 access = { .secret = 1 };
	struct issued	*t = req_secret(r, sizeof(*t));
	int		 st;

	if (t == NULL)
		return 500;
	t->access = &access;
	switch (tokens_refresh(r->fv[RT_TOKEN].s, NULL, NULL, r->now, t)) {
	case TOKENS_OK:
		st = user_by_id(t->user_id, &u) == USER_OK ?
		    reply_tokens(r, &u, t) : 503;
		break;
	case TOKENS_INVALID:
		http_header(r, "WWW-Authenticate", "Bearer realm=\"latchkey\", "
		    "error=\"invalid_token\"");
		st = api_fail(r, 401, "invalid_token", "The refresh token is "
		    "invalid, expired or revoked.");
		break;
	default:
		st = 503;
	}
	buf_free(&access);
	return st;
}

int
api_auth_logout(struct req *r)
{
	/* Unknown tokens get the same answer: nothing to learn here. */
	return tokens_revoke_refresh(r->fv[RT_TOKEN].s, NULL, r->now) ==
	    TOKENS_ERR ? 503 : 204;
}

/* One JWK per key: OKP (RFC 8037), EC P-256 or RSA (RFC 7518 6). */
static void
push_jwk(const char *kid, const struct pkey *pub, void *arg)
{
	struct json	*k;
	char		 a[PKEY_B64MAX], b[PKEY_B64MAX];

	if (pkey_jwk(pub, a, b) == -1)
		return;
	k = json_object();
	switch (pub->alg) {
	case PKEY_ES256:
		json_set_str(k, "kty", "EC");
		json_set_str(k, "crv", "P-256");
		json_set_str(k, "x", a);
		json_set_str(k, "y", b);
		break;
	case PKEY_RS256:
		json_set_str(k, "kty", "RSA");
		json_set_str(k, "n", a);
		json_set_str(k, "e", b);
		break;
	default:
		json_set_str(k, "kty", "OKP");
		json_set_str(k, "crv", "Ed25519");
		json_set_str(k, "x", a);
	}
	json_set_str(k, "kid", kid);
	json_set_str(k, "use", "sig");
	json_set_str(k, "alg", pkey_alg_names[pub->alg]);
	json_push(arg, k);
}

int
api_jwks(struct req *r)
{
	struct json	*o = json_object(), *keys = json_array();

	if (sigkey_each_published(r->now, push_jwk, keys) == -1) {
		json_free(o);
		json_free(keys);
		return 503;
	}
	json_set(o, "keys", keys);
	r->cache = "public, max-age=300";
	return api_reply(r, 200, o);
}
