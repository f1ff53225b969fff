/*
 * The dashboard's routes: what each page needs (a session, an admin,
 * CSRF) and takes (its field table, in the handler's file), checked by
 * the request layer before the handler runs. Linked into the unit tests
 * (tests/unit/test_tables.c), which check the table's rules.
 */
#include <stddef.h>

#include "pages.h"
#include "route.h"

#define FORM_POST	(R_CSRF | R_FORM)
#define SIGNED_IN	(R_SESSION | FORM_POST)
#define ADMIN_PAGE	(R_SESSION | R_ADMIN)
#define ADMIN_POST	(SIGNED_IN | R_ADMIN)
/* Forms whose body or answer holds a password, key or secret. */
#define SECRET_FORM	(FORM_POST | R_SECRET)
#define SECRET_POST	(SIGNED_IN | R_SECRET)
#define SECRET_ADMIN	(ADMIN_POST | R_SECRET)

const struct route web_routes[] = {
	{ METHOD_GET, "/", page_home, R_SESSION, NOFIELDS },
	{ METHOD_GET, "/settings", page_home, R_SESSION, NOFIELDS },
	{ METHOD_GET, "/admin", page_admin_home, ADMIN_PAGE, NOFIELDS },
	{ METHOD_GET, "/login", page_login_get, 0,
	    FIELDS(page_login_get_fields) },
	{ METHOD_POST, "/login", page_login_post, SECRET_FORM,
	    FIELDS(page_login_post_fields) },
	{ METHOD_POST, "/logout", page_logout, SIGNED_IN, NOFIELDS },
	{ METHOD_GET, "/signup", page_signup, 0, NOFIELDS },
	{ METHOD_POST, "/signup", page_signup_post, SECRET_FORM,
	    FIELDS(page_signup_post_fields) },
	{ METHOD_GET, "/settings/api-keys", page_keys, R_SESSION, NOFIELDS },
	{ METHOD_POST, "/settings/api-keys", page_keys_create, SECRET_POST,
	    FIELDS(page_keys_create_fields) },
	{ METHOD_GET, "/settings/api-keys/{id}/revoke",
	    page_keys_revoke_confirm, R_SESSION, NOFIELDS },
	{ METHOD_POST, "/settings/api-keys/{id}/revoke", page_keys_revoke,
	    SIGNED_IN, NOFIELDS },
	{ METHOD_GET, "/settings/api-keys/{id}/roll", page_keys_roll_confirm,
	    R_SESSION, NOFIELDS },
	{ METHOD_POST, "/settings/api-keys/{id}/roll", page_keys_roll,
	    SECRET_POST, FIELDS(page_keys_roll_fields) },
	{ METHOD_GET, "/settings/oauth-apps", page_apps, R_SESSION, NOFIELDS },
	{ METHOD_POST, "/settings/oauth-apps", page_apps_create, SECRET_POST,
	    FIELDS(page_apps_create_fields) },
	{ METHOD_GET, "/settings/oauth-apps/{id}/rotate-secret",
	    page_apps_rotate_confirm, R_SESSION, NOFIELDS },
	{ METHOD_POST, "/settings/oauth-apps/{id}/rotate-secret",
	    page_apps_rotate, SECRET_POST, NOFIELDS },
	{ METHOD_GET, "/settings/oauth-apps/{id}/delete",
	    page_apps_delete_confirm, R_SESSION, NOFIELDS },
	{ METHOD_POST, "/settings/oauth-apps/{id}/delete", page_apps_delete,
	    SIGNED_IN, NOFIELDS },
	{ METHOD_GET, "/oauth/authorize", page_authorize, 0,
	    FIELDS(page_authorize_get_fields) },
	{ METHOD_POST, "/oauth/authorize", page_authorize_decide, SIGNED_IN,
	    FIELDS(page_authorize_post_fields) },
	{ METHOD_GET, "/settings/authorized-apps", page_authorized, R_SESSION,
	    NOFIELDS },
	{ METHOD_GET, "/settings/authorized-apps/{id}/revoke",
	    page_authorized_confirm, R_SESSION, NOFIELDS },
	{ METHOD_POST, "/settings/authorized-apps/{id}/revoke",
	    page_authorized_revoke, SIGNED_IN, NOFIELDS },
	{ METHOD_GET, "/admin/users", page_admin_users, ADMIN_PAGE, NOFIELDS },
	{ METHOD_POST, "/admin/users", page_admin_users_add, SECRET_ADMIN,
	    FIELDS(page_admin_users_add_fields) },
	{ METHOD_GET, "/admin/users/{id}/disable",
	    page_admin_users_disable_confirm, ADMIN_PAGE, NOFIELDS },
	{ METHOD_POST, "/admin/users/{id}/disable", page_admin_users_disable,
	    ADMIN_POST, NOFIELDS },
	{ METHOD_POST, "/admin/users/{id}/enable", page_admin_users_enable,
	    ADMIN_POST, NOFIELDS },
	{ METHOD_GET, "/admin/users/{id}/role", page_admin_users_role_confirm,
	    ADMIN_PAGE, FIELDS(page_admin_users_role_get_fields) },
	{ METHOD_POST, "/admin/users/{id}/role", page_admin_users_role,
	    ADMIN_POST, FIELDS(page_admin_users_role_fields) },
	{ METHOD_GET, "/admin/users/{id}/reset-password",
	    page_admin_users_reset_confirm, ADMIN_PAGE, NOFIELDS },
	{ METHOD_POST, "/admin/users/{id}/reset-password",
	    page_admin_users_reset, SECRET_ADMIN, NOFIELDS },
	{ METHOD_GET, "/admin/keys", page_admin_keys, ADMIN_PAGE,
	    FIELDS(page_admin_keys_fields) },
	{ METHOD_POST, "/admin/keys/find", page_admin_keys_find, SECRET_ADMIN,
	    FIELDS(page_admin_keys_find_fields) },
	{ METHOD_GET, "/admin/keys/revoke", page_admin_keys_revoke_confirm,
	    ADMIN_PAGE, FIELDS(page_admin_keys_revoke_get_fields) },
	{ METHOD_POST, "/admin/keys/revoke", page_admin_keys_revoke,
	    ADMIN_POST, FIELDS(page_admin_keys_revoke_fields) },
	{ METHOD_GET, "/admin/keys/{id}/revoke", page_admin_keys_confirm,
	    ADMIN_PAGE, NOFIELDS },
	{ METHOD_GET, "/admin/audit", page_admin_audit, ADMIN_PAGE,
	    FIELDS(page_admin_audit_fields) },
	{ METHOD_GET, "/admin/apps", page_admin_apps, ADMIN_PAGE, NOFIELDS },
	{ METHOD_POST, "/admin/apps/{id}/resource-server",
	    page_admin_apps_resource_server, ADMIN_POST,
	    FIELDS(page_admin_apps_rs_fields) },
	{ METHOD_GET, "/settings/security", page_security, R_SESSION,
	    NOFIELDS },
	{ METHOD_POST, "/settings/security/password", page_security_password,
	    SECRET_POST, FIELDS(page_security_password_fields) },
	{ METHOD_POST, "/settings/security/sessions/{id}/revoke",
	    page_security_session_revoke, SIGNED_IN, NOFIELDS },
	{ METHOD_POST, "/settings/security/sessions/revoke-others",
	    page_security_revoke_others, SIGNED_IN, NOFIELDS },
	{ METHOD_POST, "/settings/security/sign-ins/{id}/revoke",
	    page_security_signin_revoke, SIGNED_IN, NOFIELDS },
	{ 0, NULL, NULL, 0, NOFIELDS },
};
