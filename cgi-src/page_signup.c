/* /signup: self-service accounts, only when LATCHKEY_SIGNUP=1. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "account.h"
#include "config.h"
#include "pages.h"
#include "session.h"
#include "throttle.h"
#include "tmpl.h"
#include "user.h"
#include "valid.h"
#include "web.h"

const struct field page_signup_post_fields[SU__MAX + 1] = {
	[SU_EMAIL] = { "email", FT_STR, F_BODY | F_REQ, 254, NULL },
	[SU_NAME] = { "name", FT_STR, F_BODY, 200, NULL },
	[SU_PASSWORD] = { "password", FT_STR, F_BODY | F_REQ, PW_MAXBYTES,
	    NULL },
};

#define SIGNUPS_PER_HOUR	10	/* per address */

static int
show(struct req *r, const char *field, const char *msg, int status)
{
	struct tmpl	*t;
	char		 name[32];

	if (web_presession(r) == -1 || (t = web_page(r, "Create account",
	    "")) == NULL)
		return 500;
	if (field != NULL) {
		snprintf(name, sizeof(name), "Errors.%s", field);
		tmpl_set(t, name, msg);
		tmpl_set(t, "Form.email", r->fv[SU_EMAIL].s);
		tmpl_set(t, "Form.name", r->fv[SU_NAME].s);
	}
	return web_render(r, t, "signup.cs", status);
}

int
page_signup(struct req *r)
{
	if (!config_get()->signup)
		return 404;
	if (r->sess != NULL)
		return http_redirect(r, "/");
	return show(r, NULL, NULL, 200);
}

int
page_signup_post(struct req *r)
{
	struct account_new	 n = { 0 };
	struct account_why	 w = { 0 };
	struct actor		 a = web_actor(r);
	struct user		 u;
	struct session		*s;
	char			 unused[25];
	int64_t			 wait;

	if (!config_get()->signup)
		return 404;
	n.email = r->fv[SU_EMAIL].s;
	n.name = r->fv[SU_NAME].present ? r->fv[SU_NAME].s : "";
	n.password = r->fv[SU_PASSWORD].s;
	a.user_id = NULL;
	if (account_check_new(&n, &w) != ACCOUNT_OK)
		return show(r, w.field, w.text, 400);
	if ((wait = throttle_hit("signup", r->ip, SIGNUPS_PER_HOUR, 3600,
	    r->now)) != 0)
		return wait < 0 ? 503 : 429;
	switch (account_create(&n, &a, r->now, &u, unused, &w)) {
	case ACCOUNT_OK:
		break;
	case ACCOUNT_INVALID:
		return show(r, w.field, w.text, 400);
	case ACCOUNT_EXISTS:
		/* Saying so tells a stranger the address has an account;
		 * sign-in would tell them as much through the reset flow,
		 * and a person needs to know why this failed. */
		return show(r, "email", "An account with this email exists: "
		    "sign in instead.", 400);
	case ACCOUNT_BUSY:
		http_header(r, "Retry-After", "1");
		return 503;
	default:
		return 503;
	}
	if ((s = arena_alloc(r->arena, sizeof(*s))) == NULL)
		return 503;
	s->user = u;
	if (session_create(s, r->ip, req_env(r, "HTTP_USER_AGENT"), r->now) !=
	    SESSION_OK)
		return 503;
	web_set_session_cookie(r, s->token);
	web_set_device_cookie(r, u.id);
	return http_redirect(r, "/");
}
