/* /signup: self-service accounts, only when LATCHKEY_SIGNUP=1. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "audit.h"
#include "config.h"
#include "pages.h"
#include "password.h"
#include "session.h"
#include "throttle.h"
#include "tmpl.h"
#include "user.h"
#include "valid.h"
#include "web.h"

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

/* Creates the account; -1 error, 0 done, 1 email taken. */
static int
create(struct req *r, struct user *u)
{
	const char	*pw = r->fv[SU_PASSWORD].s;

	memset(u, 0, sizeof(*u));
	snprintf(u->email, sizeof(u->email), "%s", r->fv[SU_EMAIL].s);
	snprintf(u->name, sizeof(u->name), "%s", r->fv[SU_NAME].present ?
	    r->fv[SU_NAME].s : "");
	if (password_hash(pw, u->hash) == -1)
		return -1;
	switch (user_create(u, r->now)) {
	case USER_OK:
		break;
	case USER_EXISTS:
		return 1;
	default:
		return -1;
	}
	return audit_log(r->now, u->id, "user.create", u->id, r->ip,
	    "signup") == -1 ? -1 : 0;
}

int
page_signup_post(struct req *r)
{
	struct user	 u;
	struct session	*s;
	const char	*why;
	int64_t		 wait;
	int		 rc;

	if (!config_get()->signup)
		return 404;
	if (!valid_email(r->fv[SU_EMAIL].s))
		return show(r, "email", "Enter a valid email address.", 400);
	if ((why = password_policy(r->fv[SU_PASSWORD].s,
	    r->fv[SU_EMAIL].s)) != NULL)
		return show(r, "password", why, 400);
	if ((wait = throttle_hit("signup", r->ip, SIGNUPS_PER_HOUR, 3600,
	    r->now)) != 0)
		return wait < 0 ? 503 : 429;
	if ((rc = create(r, &u)) == 1)
		/* Saying so tells a stranger the address has an account;
		 * sign-in would tell them as much through the reset flow,
		 * and a person needs to know why this failed. */
		return show(r, "email", "An account with this email exists: "
		    "sign in instead.", 400);
	if (rc == -1 || (s = arena_alloc(r->arena, sizeof(*s))) == NULL)
		return 503;
	s->user = u;
	if (session_create(s, r->ip, req_env(r, "HTTP_USER_AGENT"), r->now) !=
	    SESSION_OK)
		return 503;
	web_set_session_cookie(r, s->token);
	return http_redirect(r, "/");
}
