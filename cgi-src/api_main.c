/* latchkey-api: the JSON API and OAuth endpoints, as FastCGI or CGI. */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "client.h"
#include "config.h"
#include "hashgate.h"
#include "ratelimit.h"
#include "apis.h"
#include "keys.h"
#include "password.h"
#include "perm.h"
#include "serve.h"
#include "valid.h"

static const struct field key_create[] = {
	[KC_NAME] = { "name", FT_STR, F_BODY | F_REQ, KEY_NAMEMAX,
	    valid_not_blank },
	[KC_ENV] = { "environment", FT_STR, F_BODY | F_REQ, 4, keys_valid_env },
	[KC_RESTRICTED] = { "restricted", FT_BOOL, F_BODY, 0, NULL },
	[KC_PERMS] = { "permissions", FT_LIST, F_BODY | F_REQ, PERM_MAXRES + 4,
	    perm_valid_name },
	[KC_EXPIRES] = { "expires_in_days", FT_INT, F_BODY, 0, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field key_roll[] = {
	[KR_GRACE] = { "grace_seconds", FT_INT, F_BODY | F_REQ, 0, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field key_leaked[] = {
	[KL_KEYS] = { "keys", FT_LIST, F_BODY | F_REQ, 1000, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field verify[] = {
	[VF_SCOPE] = { "scope", FT_STR, F_QUERY, 500, perm_valid_scope },
	[VF_ENV] = { "environment", FT_STR, F_QUERY, 4, keys_valid_env },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field auth_login[] = {
	[AL_EMAIL] = { "email", FT_STR, F_BODY | F_REQ, 254, NULL },
	[AL_PASSWORD] = { "password", FT_STR, F_BODY | F_REQ, 1024, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field auth_refresh[] = {
	[AR_TOKEN] = { "refresh_token", FT_STR, F_BODY | F_REQ, 128, NULL },
	{ NULL, 0, 0, 0, NULL },
};

/* OAuth parameters are form fields; each may appear once. */
#define OAUTH_TOKEN_LEN	4096
static const struct field oauth_token[] = {
	[TK_GRANT] = { "grant_type", FT_STR, F_BODY | F_REQ, 64, NULL },
	[TK_CODE] = { "code", FT_STR, F_BODY, 64, NULL },
	[TK_REDIRECT] = { "redirect_uri", FT_STR, F_BODY, 600, NULL },
	[TK_VERIFIER] = { "code_verifier", FT_STR, F_BODY, 200, NULL },
	[TK_REFRESH] = { "refresh_token", FT_STR, F_BODY, 128, NULL },
	[TK_SCOPE] = { "scope", FT_STR, F_BODY, 1000, client_valid_scope_list },
	[TK_CLIENT_ID] = { "client_id", FT_STR, F_BODY, 64, NULL },
	[TK_SECRET] = { "client_secret", FT_STR, F_BODY | F_QUERY, 128, NULL },
	{ NULL, 0, F_LENIENT, 0, NULL },
};

static const struct field oauth_revoke[] = {
	[RV_TOKEN] = { "token", FT_STR, F_BODY | F_REQ, OAUTH_TOKEN_LEN, NULL },
	[RV_HINT] = { "token_type_hint", FT_STR, F_BODY, 64, NULL },
	[RV_CLIENT_ID] = { "client_id", FT_STR, F_BODY, 64, NULL },
	[RV_SECRET] = { "client_secret", FT_STR, F_BODY | F_QUERY, 128, NULL },
	{ NULL, 0, F_LENIENT, 0, NULL },
};

#define AUTH_JSON	(R_AUTH | R_JSON)
#define KEY_MGMT	(AUTH_JSON | R_NODELEGATE)

static const struct route routes[] = {
	{ METHOD_POST, "/v1/auth/login", api_auth_login, R_JSON, auth_login,
	    NULL },
	{ METHOD_POST, "/v1/auth/refresh", api_auth_refresh, R_JSON,
	    auth_refresh, NULL },
	{ METHOD_POST, "/v1/auth/logout", api_auth_logout, R_JSON,
	    auth_refresh, NULL },
	{ METHOD_GET, "/v1/auth/verify", api_verify, R_AUTH, verify, NULL },
	{ METHOD_GET, "/.well-known/jwks.json", api_jwks, 0, NULL, NULL },
	{ METHOD_GET, "/.well-known/oauth-authorization-server",
	    api_oauth_metadata, 0, NULL, NULL },
	{ METHOD_POST, "/oauth/token", api_oauth_token, R_FORM | R_OAUTH,
	    oauth_token, NULL },
	{ METHOD_POST, "/oauth/revoke", api_oauth_revoke, R_FORM | R_OAUTH,
	    oauth_revoke, NULL },
	{ METHOD_POST, "/oauth/introspect", api_oauth_introspect,
	    R_FORM | R_OAUTH, oauth_revoke, NULL },
	{ METHOD_GET, "/v1/keys", api_keys_list, R_AUTH, NULL, "read" },
	{ METHOD_POST, "/v1/keys", api_keys_create, KEY_MGMT, key_create,
	    "admin" },
	{ METHOD_POST, "/v1/keys/revoke-leaked", api_keys_revoke_leaked,
	    R_JSON, key_leaked, NULL },
	{ METHOD_GET, "/v1/keys/{id}", api_keys_get, R_AUTH, NULL, "read" },
	{ METHOD_POST, "/v1/keys/{id}/roll", api_keys_roll, KEY_MGMT,
	    key_roll, "admin" },
	{ METHOD_DELETE, "/v1/keys/{id}", api_keys_delete, R_AUTH, NULL,
	    "delete" },
	{ 0, NULL, NULL, 0, NULL, NULL },
};

/* The pool that answers verification and introspection: it never hashes
 * a password, so sign-ins can't starve it (SPEC 8.9). */
static const struct route verify_routes[] = {
	{ METHOD_GET, "/v1/auth/verify", api_verify, R_AUTH, verify, NULL },
	{ METHOD_POST, "/oauth/introspect", api_oauth_introspect,
	    R_FORM | R_OAUTH, oauth_revoke, NULL },
	{ 0, NULL, NULL, 0, NULL, NULL },
};

static int
api_init(void)
{
	const struct config	*c = config_get();

	if (password_init() == -1 ||
	    hashgate_open(c->hashgate_file, (int)c->hash_concurrency) == -1)
		return -1;
	return ratelimit_open(c->ratelimit_file);
}

static int
verify_init(void)
{
	return ratelimit_open(config_get()->ratelimit_file);
}

static const struct app api = {
	"latchkey-api", routes, api_init, api_authenticate, NULL, api_error,
	api_finish,
};

static const struct app verify_pool = {
	"latchkey-api --verify", verify_routes, verify_init,
	api_authenticate, NULL, api_error, api_finish,
};

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--verify") == 0)
		return serve_main(&verify_pool);
	if (argc != 1) {
		fprintf(stderr, "usage: latchkey-api [--verify]\n");
		return 2;
	}
	return serve_main(&api);
}
