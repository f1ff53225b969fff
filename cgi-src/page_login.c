/* /login and /logout. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "audit.h"
#include "log.h"
#include "login.h"
#include "pages.h"
#include "session.h"
#include "tmpl.h"
#include "valid.h"
#include "web.h"

/* Where to go after signing in: next if it is a local path. */
static const char *
landing(const struct fval *next)
{
	return next->present && valid_local_path(next->s) ? next->s : "/";
}

static int
show_form(struct req *r, const char *email, const char *next,
    const char *error, int throttled, int status)
{
	struct tmpl	*t;

	if (web_presession(r) == -1 || (t = web_page(r, "Sign in", "")) ==
	    NULL)
		return 500;
	/* Signing in may continue an authorization that ends at an app's
	 * redirect URI, which form-action would block after the submit. */
	if (next != NULL && strncmp(next, "/oauth/authorize?", 17) == 0)
		r->form_action = "";
	tmpl_set(t, "Form.email", email);
	tmpl_set(t, "Form.next", next);
	tmpl_set(t, "Error", error);
	if (throttled)
		tmpl_set(t, "Throttled", "1");
	return web_render(r, t, "login.cs", status);
}

int
page_login_get(struct req *r)
{
	const struct fval	*next = &r->fv[LOGIN_GET_NEXT];

	if (r->sess != NULL)
		return http_redirect(r, landing(next));
	return show_form(r, NULL, next->present && valid_local_path(next->s) ?
	    next->s : NULL, NULL, 0, 200);
}

static int
start_session(struct req *r, const struct user *u, const char *next)
{
	struct session	*s;

	/* A session id the browser brought (maybe planted) is never
	 * reused: end it and issue a fresh token. */
	if (r->sess != NULL)
		(void)session_end(r->sess->user.id, r->sess->id);
	if ((s = arena_alloc(r->arena, sizeof(*s))) == NULL)
		return 500;
	s->user = *u;
	if (session_create(s, r->ip, req_env(r, "HTTP_USER_AGENT"), r->now)
	    != SESSION_OK)
		return 503;
	web_set_session_cookie(r, s->token);
	return http_redirect(r, next);
}

int
page_login_post(struct req *r)
{
	const char	*email = r->fv[LOGIN_POST_EMAIL].s;
	const char	*pw = r->fv[LOGIN_POST_PASSWORD].s;
	const char	*next = landing(&r->fv[LOGIN_POST_NEXT]);
	struct user	 u;
	int64_t		 wait;
	char		 msg[128];

	switch (login_password(email, pw, r->ip, r->now, &u, &wait)) {
	case LOGIN_OK:
		return start_session(r, &u, next);
	case LOGIN_INVALID:
		return show_form(r, email, next, "Incorrect email or password.",
		    0, 401);
	case LOGIN_THROTTLED:
		snprintf(msg, sizeof(msg), "Too many sign-in attempts. Try "
		    "again in %lld minute%s.", (long long)(wait + 59) / 60,
		    (wait + 59) / 60 > 1 ? "s" : "");
		http_header(r, "Retry-After", arena_printf(r->arena, "%lld",
		    (long long)wait));
		return show_form(r, email, next, msg, 1, 429);
	default:
		return 503;
	}
}

int
page_logout(struct req *r)
{
	(void)session_end(r->sess->user.id, r->sess->id);
	(void)audit_log(r->now, r->sess->user.id, "logout", r->sess->user.id,
	    r->ip, "");
	r->sess = NULL;
	web_clear_session_cookie(r);
	return http_redirect(r, "/login");
}

int
page_home(struct req *r)
{
	return http_redirect(r, "/settings/api-keys");
}
