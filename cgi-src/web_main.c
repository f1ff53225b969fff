/* latchkey-web: the dashboard, as a FastCGI (or plain CGI) program. */
#include "config.h"
#include "pages.h"
#include "password.h"
#include "serve.h"
#include "tmpl.h"
#include "valid.h"
#include "web.h"

/* Passwords are checked for length by policy, not here: the limit only
 * bounds the work an attacker can make argon2id do. */
#define PW_MAXBYTES	1024

static const struct field login_get[] = {
	[LOGIN_GET_NEXT] = { "next", FT_STR, F_QUERY, 2048, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field login_post[] = {
	[LOGIN_POST_EMAIL] = { "email", FT_STR, F_BODY | F_REQ, 254, NULL },
	[LOGIN_POST_PASSWORD] = { "password", FT_STR, F_BODY | F_REQ,
	    PW_MAXBYTES, NULL },
	[LOGIN_POST_NEXT] = { "next", FT_STR, F_BODY, 2048, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field password_post[] = {
	[PW_CURRENT] = { "current_password", FT_STR, F_BODY | F_REQ,
	    PW_MAXBYTES, NULL },
	[PW_NEW] = { "new_password", FT_STR, F_BODY | F_REQ, PW_MAXBYTES,
	    NULL },
	{ NULL, 0, 0, 0, NULL },
};

#define FORM_POST	(R_CSRF | R_FORM)
#define SIGNED_IN	(R_SESSION | FORM_POST)

static const struct route routes[] = {
	{ METHOD_GET, "/", page_home, R_SESSION, NULL },
	{ METHOD_GET, "/login", page_login_get, 0, login_get },
	{ METHOD_POST, "/login", page_login_post, FORM_POST, login_post },
	{ METHOD_POST, "/logout", page_logout, SIGNED_IN, NULL },
	{ METHOD_GET, "/settings/security", page_security, R_SESSION, NULL },
	{ METHOD_POST, "/settings/security/password", page_security_password,
	    SIGNED_IN, password_post },
	{ METHOD_POST, "/settings/security/sessions/{id}/revoke",
	    page_security_session_revoke, SIGNED_IN, NULL },
	{ METHOD_POST, "/settings/security/sessions/revoke-others",
	    page_security_revoke_others, SIGNED_IN, NULL },
	{ 0, NULL, NULL, 0, NULL },
};

static int
web_init(void)
{
	if (tmpl_init(config_get()->templates) == -1)
		return -1;
	/* Pay for the dummy hash now, not on the first unknown email. */
	password_verify_dummy("");
	return 0;
}

static const struct app web = {
	"latchkey-web", routes, web_init, web_guard, web_error, web_finish,
};

int
main(void)
{
	int	 rc = serve_main(&web);

	tmpl_shutdown();
	return rc;
}
