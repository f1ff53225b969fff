/* What the API says and takes about client-signed JWTs (SPEC 10). */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "arena.h"
#include "apis.h"
#include "auth.h"
#include "clientjwt.h"
#include "json.h"

#define B64	sodium_base64_VARIANT_URLSAFE_NO_PADDING

/* The stored canonical JWK as an object of the answer. */
static struct json *
jwk_object(const char *canon)
{
	struct json	*o;
	unsigned char	 x[32];
	char		 b[48], c[CJWT_JWKMAX];
	const char	*msg;

	if (cjwt_jwk_parse(canon, x, c, &msg) == -1)
		return NULL;
	sodium_bin2base64(b, sizeof(b), x, 32, B64);
	o = json_object();
	json_set_str(o, "kty", "OKP");
	json_set_str(o, "crv", "Ed25519");
	json_set_str(o, "x", b);
	return o;
}

void
api_cjwt_key_fields(struct json *o, const char *id)
{
	struct cjwt_info	 i;
	struct json		*jwk = NULL;

	if (cjwt_key_info(id, &i) != CJWT_OK)
		memset(&i, 0, sizeof(i));
	json_set_bool(o, "jwt_signing", i.jwt_signing);
	if (i.jwk[0] != '\0')
		jwk = jwk_object(i.jwk);
	if (jwk != NULL)
		json_set(o, "public_jwk", jwk);
	else
		json_set_null(o, "public_jwk");
}

int
api_cjwt_opts(struct req *r, const struct fval *signing,
    const struct fval *jwk, struct cjwt_opts *co)
{
	unsigned char	 x[32];
	char		*canon;
	const char	*msg;

	memset(co, 0, sizeof(*co));
	co->jwt_signing = signing->present && signing->i;
	co->keep = !signing->present;
	if (jwk == NULL || !jwk->present)
		return 0;
	if ((canon = arena_alloc(r->arena, CJWT_JWKMAX)) == NULL)
		return 500;
	if (cjwt_jwk_parse(jwk->s, x, canon, &msg) == -1)
		return api_fail(r, 400, "invalid_request", msg);
	co->public_jwk = canon;
	return 0;
}

void
api_cjwt_verify_fields(struct json *o, const struct principal *p)
{
	if (p->type != CRED_CLIENT_JWT)
		return;
	if (p->subject[0] != '\0')
		json_set_str(o, "subject", p->subject);
	else
		json_set_null(o, "subject");
	/* Tiers (SPEC 9) are not kept yet: no credential has one. */
	json_set_null(o, "tier");
}
