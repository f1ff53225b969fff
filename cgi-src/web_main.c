/* latchkey-web: the dashboard, as a FastCGI (or plain CGI) program. */
#include <string.h>

#include "client.h"
#include "config.h"
#include "hashgate.h"
#include "keys.h"
#include "pages.h"
#include "password.h"
#include "ratelimit.h"
#include "rnd.h"
#include "serve.h"
#include "tmpl.h"
#include "valid.h"
#include "web.h"

/* Passwords are checked for length by policy, not here: the limit only
 * bounds the work an attacker can make argon2id do. */
#define PW_MAXBYTES	1024
/* An authorization request to come back to may carry a 4096-character
 * state, percent-encoded (SPEC 8.12). */
#define LOGIN_NEXTMAX	VALID_PATHMAX

static const struct field login_get[] = {
	[LOGIN_GET_NEXT] = { "next", FT_STR, F_QUERY, LOGIN_NEXTMAX, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field login_post[] = {
	[LOGIN_POST_EMAIL] = { "email", FT_STR, F_BODY | F_REQ, 254, NULL },
	[LOGIN_POST_PASSWORD] = { "password", FT_STR, F_BODY | F_REQ,
	    PW_MAXBYTES, NULL },
	[LOGIN_POST_NEXT] = { "next", FT_STR, F_BODY, LOGIN_NEXTMAX, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field signup_post[] = {
	[SU_EMAIL] = { "email", FT_STR, F_BODY | F_REQ, 254, NULL },
	[SU_NAME] = { "name", FT_STR, F_BODY, 200, NULL },
	[SU_PASSWORD] = { "password", FT_STR, F_BODY | F_REQ, PW_MAXBYTES,
	    NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field password_post[] = {
	[PW_CURRENT] = { "current_password", FT_STR, F_BODY | F_REQ,
	    PW_MAXBYTES, NULL },
	[PW_NEW] = { "new_password", FT_STR, F_BODY | F_REQ, PW_MAXBYTES,
	    NULL },
	{ NULL, 0, 0, 0, NULL },
};

static int
is_base_perm(const char *s)
{
	return strcmp(s, "read") == 0 || strcmp(s, "write") == 0 ||
	    strcmp(s, "delete") == 0 || strcmp(s, "admin") == 0;
}

static int
is_client_type(const char *s)
{
	return strcmp(s, "confidential") == 0 || strcmp(s, "public") == 0;
}

static int
is_grant_type(const char *s)
{
	return client_grant_bit(s) != 0;
}

static const struct field key_create[] = {
	[KF_NAME] = { "name", FT_STR, F_BODY, KEY_NAMEMAX, NULL },
	[KF_ENV] = { "environment", FT_STR, F_BODY, 4, keys_valid_env },
	[KF_RESTRICTED] = { "restricted", FT_BOOL, F_BODY, 0, NULL },
	[KF_PERMS] = { "permissions", FT_LIST, F_BODY, 4, is_base_perm },
	[KF_RESPERMS] = { "resource_permissions", FT_STR, F_BODY, 1500, NULL },
	[KF_EXPIRES] = { "expires_in_days", FT_INT, F_BODY, 0, NULL },
	[KF_EXPIRES_ON] = { "expires_on", FT_STR, F_BODY, 10, NULL },
	[KF_NONCE] = { "form_nonce", FT_STR, F_BODY, RND_TOKEN_LEN,
	    rnd_token_shape },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field key_roll[] = {
	[KRF_GRACE] = { "grace_seconds", FT_INT, F_BODY | F_REQ, 0, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field app_create[] = {
	[AF_NAME] = { "name", FT_STR, F_BODY, 100, NULL },
	[AF_URIS] = { "redirect_uris", FT_TEXT, F_BODY, 6000, NULL },
	[AF_TYPE] = { "client_type", FT_STR, F_BODY, 12, is_client_type },
	[AF_SCOPES] = { "scopes", FT_STR, F_BODY, 1000, NULL },
	[AF_GRANTS] = { "grant_types", FT_LIST, F_BODY, 3, is_grant_type },
	[AF_NONCE] = { "form_nonce", FT_STR, F_BODY, RND_TOKEN_LEN,
	    rnd_token_shape },
	{ NULL, 0, 0, 0, NULL },
};

/* Unknown parameters are ignored (RFC 6749 3.1); repeats are not. */
#define AUTHORIZE_FIELDS(from)						\
	[AZ_RESPONSE_TYPE] = { "response_type", FT_STR, from, 256, NULL }, \
	[AZ_CLIENT_ID] = { "client_id", FT_STR, from, 64, NULL },	\
	[AZ_REDIRECT] = { "redirect_uri", FT_STR, from, 600, NULL },	\
	[AZ_SCOPE] = { "scope", FT_STR, from, 1000, NULL },		\
	[AZ_STATE] = { "state", FT_STR, from, 4096, NULL },		\
	[AZ_CHALLENGE] = { "code_challenge", FT_STR, from, 1024, NULL }, \
	[AZ_METHOD] = { "code_challenge_method", FT_STR, from, 256, NULL }

static const struct field authorize_get[] = {
	AUTHORIZE_FIELDS(F_QUERY),
	[AZ_DECISION] = { NULL, 0, F_LENIENT, 0, NULL },
};

static const struct field authorize_post[] = {
	AUTHORIZE_FIELDS(F_BODY),
	[AZ_DECISION] = { "decision", FT_STR, F_BODY | F_REQ, 8, NULL },
	{ NULL, 0, F_LENIENT, 0, NULL },
};

static int
is_role(const char *s)
{
	return strcmp(s, "user") == 0 || strcmp(s, "admin") == 0;
}

static int
is_status(const char *s)
{
	return strcmp(s, "active") == 0 || strcmp(s, "expired") == 0 ||
	    strcmp(s, "revoked") == 0;
}

static const struct field admin_user_add[] = {
	[UA_EMAIL] = { "email", FT_STR, F_BODY, 254, NULL },
	[UA_NAME] = { "name", FT_STR, F_BODY, 200, NULL },
	[UA_ROLE] = { "role", FT_STR, F_BODY, 5, is_role },
	[UA_PASSWORD] = { "password", FT_STR, F_BODY, PW_MAXBYTES, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field admin_user_role[] = {
	[UR_ROLE] = { "role", FT_STR, F_BODY | F_REQ, 5, is_role },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field admin_keys[] = {
	[AK_OWNER] = { "owner", FT_STR, F_QUERY, 254, NULL },
	[AK_STATUS] = { "status", FT_STR, F_QUERY, 8, is_status },
	[AK_ENV] = { "environment", FT_STR, F_QUERY, 4, keys_valid_env },
	[AK_Q] = { "q", FT_STR, F_QUERY, 100, NULL },
	[AK_PAGE] = { "page", FT_INT, F_QUERY, 0, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field admin_key_find[] = {
	[AF_KEY] = { "key", FT_STR, F_BODY | F_REQ, 128, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field admin_key_revoke[] = {
	[AR_KEYS] = { "key_id", FT_LIST, F_BODY, 1000, valid_id },
	[AR_USER] = { "all_of_user", FT_STR, F_BODY, 20, valid_id },
	[AR_REASON] = { "reason", FT_STR, F_BODY, 500, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static int
is_on_off(const char *s)
{
	return strcmp(s, "on") == 0 || strcmp(s, "off") == 0;
}

static const struct field admin_app_rs[] = {
	[RS_ON] = { "resource_server", FT_STR, F_BODY | F_REQ, 3, is_on_off },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field admin_audit[] = {
	[AU_ACTOR] = { "actor", FT_STR, F_QUERY, 254, NULL },
	[AU_ACTION] = { "action", FT_STR, F_QUERY, 64, NULL },
	[AU_FROM] = { "from", FT_STR, F_QUERY, 10, NULL },
	[AU_TO] = { "to", FT_STR, F_QUERY, 10, NULL },
	[AU_PAGE] = { "page", FT_INT, F_QUERY, 0, NULL },
	{ NULL, 0, 0, 0, NULL },
};

#define FORM_POST	(R_CSRF | R_FORM)
#define SIGNED_IN	(R_SESSION | FORM_POST)
#define ADMIN_PAGE	(R_SESSION | R_ADMIN)
#define ADMIN_POST	(SIGNED_IN | R_ADMIN)

static const struct route routes[] = {
	{ METHOD_GET, "/", page_home, R_SESSION, NULL },
	{ METHOD_GET, "/login", page_login_get, 0, login_get },
	{ METHOD_POST, "/login", page_login_post, FORM_POST, login_post },
	{ METHOD_POST, "/logout", page_logout, SIGNED_IN, NULL },
	{ METHOD_GET, "/signup", page_signup, 0, NULL },
	{ METHOD_POST, "/signup", page_signup_post, FORM_POST, signup_post },
	{ METHOD_GET, "/settings/api-keys", page_keys, R_SESSION, NULL },
	{ METHOD_POST, "/settings/api-keys", page_keys_create, SIGNED_IN,
	    key_create },
	{ METHOD_GET, "/settings/api-keys/{id}/revoke",
	    page_keys_revoke_confirm, R_SESSION, NULL },
	{ METHOD_POST, "/settings/api-keys/{id}/revoke", page_keys_revoke,
	    SIGNED_IN, NULL },
	{ METHOD_GET, "/settings/api-keys/{id}/roll", page_keys_roll_confirm,
	    R_SESSION, NULL },
	{ METHOD_POST, "/settings/api-keys/{id}/roll", page_keys_roll,
	    SIGNED_IN, key_roll },
	{ METHOD_GET, "/settings/oauth-apps", page_apps, R_SESSION, NULL },
	{ METHOD_POST, "/settings/oauth-apps", page_apps_create, SIGNED_IN,
	    app_create },
	{ METHOD_GET, "/settings/oauth-apps/{id}/rotate-secret",
	    page_apps_rotate_confirm, R_SESSION, NULL },
	{ METHOD_POST, "/settings/oauth-apps/{id}/rotate-secret",
	    page_apps_rotate, SIGNED_IN, NULL },
	{ METHOD_GET, "/settings/oauth-apps/{id}/delete",
	    page_apps_delete_confirm, R_SESSION, NULL },
	{ METHOD_POST, "/settings/oauth-apps/{id}/delete", page_apps_delete,
	    SIGNED_IN, NULL },
	{ METHOD_GET, "/oauth/authorize", page_authorize, 0, authorize_get },
	{ METHOD_POST, "/oauth/authorize", page_authorize_decide, SIGNED_IN,
	    authorize_post },
	{ METHOD_GET, "/settings/authorized-apps", page_authorized, R_SESSION,
	    NULL },
	{ METHOD_GET, "/settings/authorized-apps/{id}/revoke",
	    page_authorized_confirm, R_SESSION, NULL },
	{ METHOD_POST, "/settings/authorized-apps/{id}/revoke",
	    page_authorized_revoke, SIGNED_IN, NULL },
	{ METHOD_GET, "/admin/users", page_admin_users, ADMIN_PAGE, NULL },
	{ METHOD_POST, "/admin/users", page_admin_users_add, ADMIN_POST,
	    admin_user_add },
	{ METHOD_GET, "/admin/users/{id}/disable",
	    page_admin_users_disable_confirm, ADMIN_PAGE, NULL },
	{ METHOD_POST, "/admin/users/{id}/disable", page_admin_users_disable,
	    ADMIN_POST, NULL },
	{ METHOD_POST, "/admin/users/{id}/enable", page_admin_users_enable,
	    ADMIN_POST, NULL },
	{ METHOD_POST, "/admin/users/{id}/role", page_admin_users_role,
	    ADMIN_POST, admin_user_role },
	{ METHOD_GET, "/admin/users/{id}/reset-password",
	    page_admin_users_reset_confirm, ADMIN_PAGE, NULL },
	{ METHOD_POST, "/admin/users/{id}/reset-password",
	    page_admin_users_reset, ADMIN_POST, NULL },
	{ METHOD_GET, "/admin/keys", page_admin_keys, ADMIN_PAGE, admin_keys },
	{ METHOD_POST, "/admin/keys/find", page_admin_keys_find, ADMIN_POST,
	    admin_key_find },
	{ METHOD_POST, "/admin/keys/revoke", page_admin_keys_revoke,
	    ADMIN_POST, admin_key_revoke },
	{ METHOD_GET, "/admin/keys/{id}/revoke", page_admin_keys_confirm,
	    ADMIN_PAGE, NULL },
	{ METHOD_GET, "/admin/audit", page_admin_audit, ADMIN_PAGE,
	    admin_audit },
	{ METHOD_GET, "/admin/apps", page_admin_apps, ADMIN_PAGE, NULL },
	{ METHOD_POST, "/admin/apps/{id}/resource-server",
	    page_admin_apps_resource_server, ADMIN_POST, admin_app_rs },
	{ METHOD_GET, "/settings/security", page_security, R_SESSION, NULL },
	{ METHOD_POST, "/settings/security/password", page_security_password,
	    SIGNED_IN, password_post },
	{ METHOD_POST, "/settings/security/sessions/{id}/revoke",
	    page_security_session_revoke, SIGNED_IN, NULL },
	{ METHOD_POST, "/settings/security/sessions/revoke-others",
	    page_security_revoke_others, SIGNED_IN, NULL },
	{ METHOD_POST, "/settings/security/sign-ins/{id}/revoke",
	    page_security_signin_revoke, SIGNED_IN, NULL },
	{ 0, NULL, NULL, 0, NULL },
};

static int
web_init(void)
{
	const struct config	*c = config_get();

	if (tmpl_init(c->templates) == -1 ||
	    hashgate_open(c->hashgate_file, (int)c->hash_concurrency) == -1 ||
	    ratelimit_open(c->ratelimit_file) == -1)
		return -1;
	/* Pay for the dummy hash now, not on the first unknown email. */
	return password_init();
}

static const struct app web = {
	"latchkey-web", routes, web_init, NULL, web_guard, web_error,
	web_finish,
};

int
main(void)
{
	int	 rc = serve_main(&web);

	tmpl_shutdown();
	return rc;
}
