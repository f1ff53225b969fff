/* /v1/keys and /v1/auth/verify. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "apis.h"
#include "audit.h"
#include "auth.h"
#include "json.h"
#include "keys.h"
#include "throttle.h"
#include "timefmt.h"

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
	return o;
}

static void
push_key(const struct apikey *k, void *arg)
{
	struct json	**ctx = arg;

	json_push(ctx[0], api_key_object(k, *(int64_t *)ctx[1]));
}

int
api_keys_list(struct req *r)
{
	struct json	*o = json_object(), *data = json_array();
	void		*ctx[2] = { data, &r->now };

	if (keys_each(r->auth->user_id, push_key, ctx) != KEYS_OK) {
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
	sodium_memzero(secret, KEY_LEN + 1);
	return api_reply(r, 201, o);
}

int
api_keys_create(struct req *r)
{
	const struct fval	*f = r->fv;
	struct apikey		 k;
	char			 secret[KEY_LEN + 1];
	const char		*err;
	size_t			 i;

	memset(&k, 0, sizeof(k));
	snprintf(k.user_id, sizeof(k.user_id), "%s", r->auth->user_id);
	snprintf(k.name, sizeof(k.name), "%s", f[KC_NAME].s);
	k.live = strcmp(f[KC_ENV].s, "live") == 0;
	k.restricted = f[KC_RESTRICTED].present && f[KC_RESTRICTED].i;
	for (i = 0; i < f[KC_PERMS].n; i++)
		if (perm_add(&k.perms, f[KC_PERMS].list[i]) == -1)
			return api_fail(r, 400, "invalid_request",
			    "Unknown permission.");
	if ((err = keys_check_perms(&k)) != NULL)
		return api_fail(r, 400, "invalid_request", err);
	if (f[KC_EXPIRES].present && (f[KC_EXPIRES].i < 1 ||
	    f[KC_EXPIRES].i > KEY_MAXDAYS))
		return api_fail(r, 400, "invalid_request",
		    "expires_in_days must be between 1 and 3650.");
	if (f[KC_EXPIRES].present)
		k.expires_at = r->now + f[KC_EXPIRES].i * 86400;
	if (!auth_may_grant(r->auth, &k.perms, k.live))
		return api_fail(r, 403, "forbidden", "A key can't have "
		    "permissions or an environment its creator lacks.");
	if (keys_create(&k, r->now, secret) != KEYS_OK ||
	    audit_log(r->now, r->auth->user_id, "key.create", k.id, r->ip,
	    "via api") == -1)
		return 503;
	return reply_new_key(r, &k, secret);
}

int
api_keys_get(struct req *r)
{
	struct apikey	 k;

	switch (keys_get(r->auth->user_id, r->args[0], &k)) {
	case KEYS_OK:
		return api_reply(r, 200, api_key_object(&k, r->now));
	case KEYS_NOTFOUND:
		return 404;
	default:
		return 503;
	}
}

int
api_keys_roll(struct req *r)
{
	struct apikey	 old, k;
	char		 secret[KEY_LEN + 1];

	if (r->fv[KR_GRACE].i > KEY_MAXGRACE)
		return api_fail(r, 400, "invalid_request",
		    "grace_seconds must be between 0 and 604800.");
	switch (keys_get(r->auth->user_id, r->args[0], &old)) {
	case KEYS_OK:
		break;
	case KEYS_NOTFOUND:
		return 404;
	default:
		return 503;
	}
	if (!auth_may_grant(r->auth, &old.perms, old.live))
		return api_fail(r, 403, "forbidden", "A key can't have "
		    "permissions or an environment its creator lacks.");
	switch (keys_roll(r->auth->user_id, old.id, r->fv[KR_GRACE].i, r->now,
	    &k, secret)) {
	case KEYS_OK:
		break;
	case KEYS_NOTFOUND:
		return api_fail(r, 400, "invalid_request",
		    "Only an active key that hasn't been rolled can be rolled.");
	default:
		return 503;
	}
	if (audit_log(r->now, r->auth->user_id, "key.roll", old.id, r->ip,
	    k.id) == -1) {
		sodium_memzero(secret, sizeof(secret));
		return 503;
	}
	return reply_new_key(r, &k, secret);
}

int
api_keys_delete(struct req *r)
{
	switch (keys_revoke(r->auth->user_id, r->args[0], r->now, "")) {
	case KEYS_OK:
		break;
	case KEYS_NOTFOUND:
		return 404;
	default:
		return 503;
	}
	if (audit_log(r->now, r->auth->user_id, "key.revoke", r->args[0],
	    r->ip, "via api") == -1)
		return 503;
	return 204;
}

int
api_keys_revoke_leaked(struct req *r)
{
	const struct fval	*keys = &r->fv[KL_KEYS];
	struct apikey		 k;
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
	for (i = 0; i < keys->n; i++) {
		switch (keys_find(keys->list[i], &k)) {
		case KEYS_OK:
			break;
		case KEYS_ERR:
			return 503;
		default:
			continue;
		}
		switch (keys_revoke(NULL, k.id, r->now, "leaked")) {
		case KEYS_OK:
			break;
		case KEYS_NOTFOUND:
			continue;
		default:
			return 503;
		}
		if (audit_log(r->now, NULL, "key.revoke_leaked", k.id, r->ip,
		    k.user_id) == -1)
			return 503;
		n++;
	}
	o = json_object();
	json_set_int(o, "revoked", n);
	return api_reply(r, 200, o);
}

int
api_verify(struct req *r)
{
	const struct principal	*p = r->auth;
	const struct fval	*scope = &r->fv[VF_SCOPE];
	const struct fval	*env = &r->fv[VF_ENV];
	struct json		*o;
	char			 want[512], *w, *save = NULL;

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
	if (p->type == CRED_APIKEY)
		json_set_str(o, "key_id", p->key_id);
	if (p->type == CRED_OAUTH)
		json_set_str(o, "client_id", p->client_id);
	json_set(o, "scopes", perm_list(&p->perms));
	if (p->has_env)
		json_set_str(o, "environment", p->live ? "live" : "test");
	set_time(o, "expires_at", p->expires_at);
	return api_reply(r, 200, o);
}
