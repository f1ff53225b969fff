/* OpenID Connect Core (SPEC 12): /oauth/userinfo and OpenID discovery. */
#include <string.h>

#include "api.h"
#include "apis.h"
#include "arena.h"
#include "auth.h"
#include "config.h"
#include "json.h"
#include "pkey.h"
#include "user.h"

/* GET|POST /oauth/userinfo with an access token granted scope openid:
 * sub, and email (scope email), name (scope profile). */
int
api_oidc_userinfo(struct req *r)
{
	const struct principal	*p = r->auth;
	struct json		*o;
	struct user		 u;

	if (p->type != CRED_OAUTH || p->cc || !(p->idscope & ID_OPENID))
		return api_insufficient(r, "userinfo needs an OAuth token "
		    "granted the openid scope.");
	switch (user_by_id(p->user_id, &u)) {
	case USER_OK:
		break;
	case USER_NOTFOUND:
		return api_fail(r, 401, "invalid_token", "The token's user "
		    "is gone.");
	default:
		return 503;
	}
	o = json_object();
	json_set_str(o, "sub", u.id);
	if (p->idscope & ID_EMAIL) {
		json_set_str(o, "email", u.email);
		/* Latchkey never confirms an address by mail. */
		json_set_bool(o, "email_verified", 0);
	}
	if (p->idscope & ID_PROFILE)
		json_set_str(o, "name", u.name);
	return api_reply(r, 200, o);
}

static struct json *
str_array(const char *const *v, size_t n)
{
	struct json	*a = json_array();
	size_t		 i;

	for (i = 0; i < n; i++)
		json_push_str(a, v[i]);
	return a;
}

/* RFC 8414's metadata plus what OpenID Connect Discovery 1.0 adds. */
int
api_oidc_configuration(struct req *r)
{
	static const char *const subjects[] = { "public" };
	static const char *const claims[] = { "iss", "sub", "aud", "exp",
	    "iat", "auth_time", "nonce", "at_hash", "email", "email_verified",
	    "name" };
	struct json	*o = api_oauth_metadata_object(r);
	const char	*iss = config_get()->issuer;

	json_set_str(o, "userinfo_endpoint",
	    arena_printf(r->arena, "%s/oauth/userinfo", iss));
	json_set(o, "subject_types_supported", str_array(subjects, 1));
	json_set(o, "id_token_signing_alg_values_supported",
	    str_array(pkey_alg_names, PKEY__MAX));
	json_set(o, "claims_supported", str_array(claims,
	    sizeof(claims) / sizeof(claims[0])));
	r->cache = "public, max-age=300";
	return api_reply(r, 200, o);
}
