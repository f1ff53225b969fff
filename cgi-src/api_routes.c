/*
 * The API's routes: what each endpoint needs (a credential and its
 * permission, a JSON or form body) and takes (its field table, in the
 * handler's file), checked before the handler runs. Linked into the unit
 * tests (tests/unit/test_tables.c), which check the tables' rules.
 */
#include <stddef.h>

#include "apis.h"
#include "route.h"

#define AUTH_JSON	(R_AUTH | R_JSON)
/* Bodies or answers that hold a password, token, key or secret. */
#define SECRET_JSON	(R_JSON | R_SECRET)
#define OAUTH_FORM	(R_FORM | R_OAUTH | R_SECRET)
#define KEY_MGMT	(AUTH_JSON | R_NODELEGATE | R_SECRET)
/* What single-page apps call from another origin (SPEC 12). */
#define CORS_FORM	(OAUTH_FORM | R_CORS)
/* OpenID Connect userinfo: a Bearer token, OAuth errors (RFC 6750). */
#define USERINFO	(R_AUTH | R_FORM | R_OAUTH | R_CORS)

const struct route api_routes[] = {
	{ METHOD_POST, "/v1/auth/login", api_auth_login, SECRET_JSON,
	    FIELDS(api_auth_login_fields), NULL },
	{ METHOD_POST, "/v1/auth/refresh", api_auth_refresh, SECRET_JSON,
	    FIELDS(api_auth_refresh_fields), NULL },
	{ METHOD_POST, "/v1/auth/logout", api_auth_logout, SECRET_JSON,
	    FIELDS(api_auth_refresh_fields), NULL },
	{ METHOD_GET, "/v1/auth/verify", api_verify, R_AUTH | R_METERED,
	    FIELDS(api_verify_fields), NULL },
	{ METHOD_GET, "/.well-known/jwks.json", api_jwks, R_CORS, NOFIELDS,
	    NULL },
	{ METHOD_GET, "/.well-known/oauth-authorization-server",
	    api_oauth_metadata, R_CORS, NOFIELDS, NULL },
	{ METHOD_GET, "/.well-known/openid-configuration",
	    api_oidc_configuration, R_CORS, NOFIELDS, NULL },
	{ METHOD_GET, "/oauth/userinfo", api_oidc_userinfo, USERINFO,
	    NOFIELDS, NULL },
	{ METHOD_POST, "/oauth/userinfo", api_oidc_userinfo, USERINFO,
	    NOFIELDS, NULL },
	{ METHOD_POST, "/oauth/token", api_oauth_token, CORS_FORM,
	    FIELDS(api_oauth_token_fields), NULL },
	{ METHOD_POST, "/oauth/revoke", api_oauth_revoke, CORS_FORM,
	    FIELDS(api_oauth_revoke_fields), NULL },
	{ METHOD_POST, "/oauth/introspect", api_oauth_introspect,
	    OAUTH_FORM, FIELDS(api_oauth_introspect_fields), NULL },
	{ METHOD_GET, "/v1/keys", api_keys_list, R_AUTH, NOFIELDS, "read" },
	{ METHOD_POST, "/v1/keys", api_keys_create, KEY_MGMT,
	    FIELDS(api_keys_create_fields), "admin" },
	{ METHOD_POST, "/v1/keys/revoke-leaked", api_keys_revoke_leaked,
	    SECRET_JSON, FIELDS(api_keys_leaked_fields), NULL },
	{ METHOD_GET, "/v1/keys/{id}", api_keys_get, R_AUTH, NOFIELDS, "read" },
	{ METHOD_POST, "/v1/keys/{id}/roll", api_keys_roll, KEY_MGMT,
	    FIELDS(api_keys_roll_fields), "admin" },
	{ METHOD_DELETE, "/v1/keys/{id}", api_keys_delete, R_AUTH,
	    NOFIELDS, "delete" },
	{ METHOD_GET, "/healthz", api_healthz, 0, NOFIELDS, NULL },
	{ METHOD_GET, "/readyz", api_readyz, 0, NOFIELDS, NULL },
	{ METHOD_GET, "/metrics", api_metrics, 0, NOFIELDS, NULL },
	{ METHOD_GET, "/v1/keys/{id}/usage", api_keys_usage, R_AUTH,
	    FIELDS(api_usage_fields), "read" },
	{ METHOD_GET, "/v1/usage", api_usage, R_AUTH, NOFIELDS, "read" },
	{ 0, NULL, NULL, 0, NOFIELDS, NULL },
};

/* The pool that answers verification and introspection: it never hashes
 * a password, so sign-ins can't starve it (SPEC 8.9). */
const struct route api_verify_routes[] = {
	{ METHOD_GET, "/v1/auth/verify", api_verify, R_AUTH | R_METERED,
	    FIELDS(api_verify_fields), NULL },
	{ METHOD_POST, "/oauth/introspect", api_oauth_introspect,
	    OAUTH_FORM, FIELDS(api_oauth_introspect_fields), NULL },
	{ 0, NULL, NULL, 0, NOFIELDS, NULL },
};
