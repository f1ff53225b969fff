/* /v1/keys and /v1/auth/verify. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "valid.h"
#include "apis.h"
#include "auth.h"
#include "clientjwt.h"
#include "json.h"
#include "keys.h"
#include "limits.h"
#include "throttle.h"
#include "timefmt.h"

const struct field api_keys_create_fields[KC__MAX + 1] = {
	[KC_NAME] = { "name", FT_STR, F_BODY | F_REQ, KEY_NAMEMAX,
	    valid_not_blank },
	[KC_ENV] = { "environment", FT_STR, F_BODY | F_REQ, 4, keys_valid_env },
	[KC_RESTRICTED] = { "restricted", FT_BOOL, F_BODY, 0, NULL },
	[KC_PERMS] = { "permissions", FT_LIST, F_BODY | F_REQ, PERM_MAXRES + 4,
	    perm_valid_name },
	[KC_EXPIRES] = { "expires_in_days", FT_INT, F_BODY, 0, NULL, 1,
	    KEY_MAXDAYS },
	[KC_JWT_SIGNING] = { "jwt_signing", FT_BOOL, F_BODY, 0, NULL },
	[KC_PUBLIC_JWK] = { "public_jwk", FT_JSON, F_BODY, CJWT_JWKMAX, NULL },
	[KC_TIER] = { "tier", FT_STR, F_BODY, PLAN_NAMEMAX + 1, NULL },
};

const struct field api_keys_roll_fields[KR__MAX + 1] = {
	[KR_GRACE] = { "grace_seconds", FT_INT, F_BODY | F_REQ, 0, NULL, 0,
	    KEY_MAXGRACE },
	[KR_JWT_SIGNING] = { "jwt_signing", FT_BOOL, F_BODY, 0, NULL },
	[KR_PUBLIC_JWK] = { "public_jwk", FT_JSON, F_BODY, CJWT_JWKMAX, NULL },
};

const struct field api_keys_leaked_fields[KL__MAX + 1] = {
	[KL_KEYS] = { "keys", FT_LIST, F_BODY | F_REQ, 1000, NULL },
};

const struct field api_verify_fields[VF__MAX + 1] = {
	[VF_SCOPE] = { "scope", FT_STR, F_QUERY, 500, perm_valid_scope },
	[VF_ENV] = { "environment", FT_STR, F_QUERY, 4, keys_valid_env },
	/* Read (and refused when bad) before counting, by api.c. */
	[VF_COST] = { "cost", FT_INT, F_QUERY, 0, NULL, 1, LIMITS_MAXCOST },
};

#define LEAKED_PER_HOUR	60
#define LEAKED_MAXKEYS	1000

static void
set_time(struct json *o, const char *k, int64_t t)
{
	char	 ts[RFC3339_LEN + 1];

	if (t == 0) {
		json_set_null(o, k);
		return;
	}
	timefmt_rfc3339(t, ts);
	json_set_str(o, k, ts);
}

static struct json *
perm_list(const struct perms *p)
{
	struct json	*a = json_array();
	char		 text[2048], *w, *save = NULL;

	if (perm_format(p, text, sizeof(text)) == -1)
		return a;
	for (w = strtok_r(text, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save))
		json_push_str(a, w);
	return a;
}

struct json *
api_key_object(const struct apikey *k, int64_t now)
{
	struct json	*o = json_object();

	json_set_str(o, "id", k->id);
	json_set_str(o, "name", k->name);
	json_set_str(o, "prefix", k->prefix);
	json_set_str(o, "hint", k->hint);
	json_set_str(o, "environment", k->live ? "live" : "test");
	json_set_bool(o, "restricted", k->restricted);
	json_set(o, "permissions", perm_list(&k->perms));
	json_set_str(o, "status", key_status_name(key_status(k, now)));
	set_time(o, "created_at", k->created_at);
	set_time(o, "expires_at", k->expires_at);
	set_time(o, "last_used_at", k->last_used_at);
	set_time(o, "revoked_at", k->revoked_at);
	api_cjwt_key_fields(o, k->id);
	if (k->tier[0] != '\0')
		json_set_str(o, "tier", k->tier);
	else
		json_set_null(o, "tier");
	return o;
}

struct list_ctx {
	struct json		*data;
	const struct principal	*p;
	int64_t			 now;
};

static void
push_key(const struct apikey *k, void *arg)
{
	struct list_ctx	*ctx = arg;

	if (auth_sees_env(ctx->p, k->live))
		json_push(ctx->data, api_key_object(k, ctx->now));
}

int
api_keys_list(struct req *r)
{
	struct json	*o = json_object(), *data = json_array();
	struct list_ctx	 ctx = { data, r->auth, r->now };

	if (keys_each(r->auth->user_id, push_key, &ctx) != KEYS_OK) {
		json_free(o);
		json_free(data);
		return 503;
	}
	json_set(o, "data", data);
	return api_reply(r, 200, o);
}

static int
reply_new_key(struct req *r, struct apikey *k, char secret[KEY_LEN + 1])
{
	struct json	*o = api_key_object(k, r->now);

	json_set_str(o, "key", secret);
	return api_reply(r, 201, o);
}

static int
beyond_grant(struct req *r)
{
	return api_fail(r, 403, "forbidden", "A key can't have permissions "
	    "or an environment its creator lacks.");
}

int
api_keys_create(struct req *r)
{
	const struct fval	*f = r->fv;
	struct key_input	 in = { 0 };
	struct apikey		 k;
	struct actor		 a = api_actor(r);
	struct cjwt_opts	 co;
	char			*secret = req_secret(r, KEY_LEN + 1);
	const char		*msg;
	int			 st;

	if (secret == NULL)
		return 500;
	if ((st = api_cjwt_opts(r, &f[KC_JWT_SIGNING], &f[KC_PUBLIC_JWK],
	    &co)) != 0)
		return st;
	in.name = f[KC_NAME].s;
	in.environment = f[KC_ENV].s;
	in.restricted = f[KC_RESTRICTED].present && f[KC_RESTRICTED].i;
	in.perms = f[KC_PERMS].list;
	in.nperms = f[KC_PERMS].n;
	in.has_days = f[KC_EXPIRES].present;
	in.days = f[KC_EXPIRES].i;
	in.tier = f[KC_TIER].present ? f[KC_TIER].s : NULL;
	if (keys_from_input(&in, r->auth->user_id, r->now, &k, &msg) != NULL)
		return api_fail(r, 400, "invalid_request", msg);
	if (!auth_may_grant(r->auth, &k.perms, k.live))
		return beyond_grant(r);
	switch (cjwt_keys_create(&k, &co, &a, r->now, secret)) {
	case KEYS_OK:
		return reply_new_key(r, &k, secret);
	case KEYS_LIMIT:
		return api_fail(r, 403, "forbidden", "This account has 1000 "
		    "active keys; revoke some first.");
	case KEYS_TIER_UNKNOWN:
		return api_fail(r, 400, "invalid_request", "tier: no such "
		    "plan.");
	case KEYS_TIER_ABOVE:
		return api_fail(r, 403, "forbidden", "tier: a key's tier can't "
		    "be above the account's plan.");
	default:
		return 503;
	}
}

/* The caller's key named in the path, if the caller may see it. */
static int
own_key(struct req *r, struct apikey *k)
{
	int	 st;

	if ((st = http_status(keys_get(r->auth->user_id, r->args[0], k))) != 0)
		return st;
	return auth_sees_env(r->auth, k->live) ? 0 : 404;
}

int
api_keys_get(struct req *r)
{
	struct apikey	 k;
	int		 st;

	if ((st = own_key(r, &k)) != 0)
		return st;
	return api_reply(r, 200, api_key_object(&k, r->now));
}

int
api_keys_roll(struct req *r)
{
	struct apikey		 old, k;
	struct actor		 a = api_actor(r);
	struct cjwt_opts	 co;
	char			*secret = req_secret(r, KEY_LEN + 1);
	int			 st;

	if (secret == NULL)
		return 500;
	if ((st = api_cjwt_opts(r, &r->fv[KR_JWT_SIGNING],
	    &r->fv[KR_PUBLIC_JWK], &co)) != 0)
		return st;
	if (!keys_valid_grace(r->fv[KR_GRACE].i))
		return api_fail(r, 400, "invalid_request", "grace_seconds must "
		    "be 0, 3600, 86400 or 604800.");
	if ((st = own_key(r, &old)) != 0)
		return st;
	if (!auth_may_grant(r->auth, &old.perms, old.live))
		return beyond_grant(r);
	switch (cjwt_keys_roll(r->auth->user_id, old.id, r->fv[KR_GRACE].i,
	    &co, &a, r->now, &k, secret)) {
	case KEYS_OK:
		return reply_new_key(r, &k, secret);
	case KEYS_NOTFOUND:
		return api_fail(r, 400, "invalid_request",
		    "Only an active key that hasn't been rolled can be "
		    "rolled.");
	default:
		return 503;
	}
}

int
api_keys_delete(struct req *r)
{
	struct apikey	 k;
	struct actor	 a = api_actor(r);
	int		 st;

	if ((st = own_key(r, &k)) != 0)
		return st;
	if (!auth_may_grant(r->auth, &k.perms, k.live))
		return api_fail(r, 403, "forbidden", "A credential can't "
		    "revoke a key with permissions it lacks.");
	if ((st = http_status(keys_revoke(r->auth->user_id, k.id,
	    REVOKE_OWNER, "", &a, r->now))) != 0)
		return st;
	return 204;
}

int
api_keys_revoke_leaked(struct req *r)
{
	const struct fval	*keys = &r->fv[KL_KEYS];
	struct apikey		 k;
	struct actor		 a = api_actor(r);
	struct json		*o;
	int64_t			 wait, n = 0;
	size_t			 i;
	char			 ra[24];

	if ((wait = throttle_hit("leaked", r->ip, LEAKED_PER_HOUR, 3600,
	    r->now)) != 0) {
		if (wait < 0)
			return 503;
		snprintf(ra, sizeof(ra), "%lld", (long long)wait);
		http_header(r, "Retry-After", ra);
		return 429;
	}
	/* A report is not a use (last_used_at stays the owner's clue),
	 * and a disabled owner's key is revoked too, before re-enabling
	 * could bring it back. */
	for (i = 0; i < keys->n; i++)
		switch (keys_revoke_secret(keys->list[i], "leaked", &a,
		    r->now, &k)) {
		case KEYS_OK:
			n++;
			break;
		case KEYS_ERR:
			return 503;
		default:
			break;
		}
	o = json_object();
	json_set_int(o, "revoked", n);
	return api_reply(r, 200, o);
}

/* SPEC 9: the tier (null when none) and, when a quota applies, the
 * month's limit, remaining (after this request) and reset. */
static void
add_tier_quota(struct req *r, struct json *o)
{
	const struct lim_set	*s = r->limits;
	struct json		*q;
	size_t			 i;

	if (r->auth->tier[0] != '\0')
		json_set_str(o, "tier", r->auth->tier);
	else
		json_set_null(o, "tier");
	for (i = 0; s != NULL && i < s->n; i++) {
		if (s->w[i].kind != LIM_MONTH || !s->w[i].shown)
			continue;
		q = json_object();
		json_set_int(q, "limit", s->rl[i].limit);
		json_set_int(q, "remaining", limits_remaining(s, i));
		set_time(q, "reset", s->w[i].reset);
		json_set(o, "quota", q);
	}
}

/*
 * SPEC 12: the identity of a verified credential as headers too, so a
 * gateway (nginx auth_request, Caddy forward_auth, Traefik forwardAuth)
 * can pass it upstream without reading the body. One place builds them,
 * so a header added later (a tier) reaches every gateway at once.
 * scopes is the space-separated list the body holds as an array.
 */
static void
identity_headers(struct req *r, const struct principal *p,
    const char *scopes)
{
	http_header(r, "X-Latchkey-User-Id", p->user_id);
	http_header(r, "X-Latchkey-Credential-Type", cred_type_names[p->type]);
	http_header(r, "X-Latchkey-Scopes", scopes);
	if (p->type == CRED_APIKEY)
		http_header(r, "X-Latchkey-Key-Id", p->key_id);
	if (p->type == CRED_OAUTH)
		http_header(r, "X-Latchkey-Client-Id", p->client_id);
	if (p->has_env)
		http_header(r, "X-Latchkey-Environment", p->live ? "live" :
		    "test");
	if (p->tier[0] != '\0')
		http_header(r, "X-Latchkey-Tier", p->tier);
	/* A token's sub: the client for client_credentials (RFC 9068). */
	if (p->type != CRED_APIKEY)
		http_header(r, "X-Latchkey-Subject", p->cc ? p->client_id :
		    p->user_id);
}

int
api_verify(struct req *r)
{
	const struct principal	*p = r->auth;
	const struct fval	*scope = &r->fv[VF_SCOPE];
	const struct fval	*env = &r->fv[VF_ENV];
	struct json		*o;
	char			 want[512], *w, *save = NULL;
	char			 scopes[2048];

	if (scope->present) {
		snprintf(want, sizeof(want), "%s", scope->s);
		for (w = strtok_r(want, " ", &save); w != NULL;
		    w = strtok_r(NULL, " ", &save))
			if (!perm_covers_one(&p->perms, w))
				return api_insufficient(r, "The credential "
				    "lacks the requested scope.");
	}
	if (env->present && p->has_env &&
	    p->live != (strcmp(env->s, "live") == 0))
		return api_insufficient(r, "The credential is for another "
		    "environment.");
	o = json_object();
	json_set_bool(o, "authenticated", 1);
	json_set_str(o, "type", cred_type_names[p->type]);
	json_set_str(o, "user_id", p->user_id);
	if (p->key_id[0] != '\0')
		json_set_str(o, "key_id", p->key_id);
	if (p->client_id[0] != '\0')
		json_set_str(o, "client_id", p->client_id);
	api_cjwt_verify_fields(o, p);
	if (p->cc)
		json_set_str(o, "grant_type", "client_credentials");
	json_set(o, "scopes", perm_list(&p->perms));
	if (p->has_env)
		json_set_str(o, "environment", p->live ? "live" : "test");
	set_time(o, "expires_at", p->expires_at);
	add_tier_quota(r, o);
	if (perm_format(&p->perms, scopes, sizeof(scopes)) == -1) {
		json_free(o);
		return 500;
	}
	identity_headers(r, p, scopes);
	return api_reply(r, 200, o);
}
