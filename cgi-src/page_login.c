/* /login and /logout. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "form.h"
#include "login.h"
#include "pages.h"
#include "session.h"
#include "tmpl.h"
#include "valid.h"
#include "web.h"

/* An authorization request to come back to may carry a 4096-character
 * state, percent-encoded (SPEC 8.12). */
#define LOGIN_NEXTMAX	VALID_PATHMAX

const struct field page_login_get_fields[LOGIN_GET__MAX + 1] = {
	[LOGIN_GET_NEXT] = { "next", FT_STR, F_QUERY, LOGIN_NEXTMAX, NULL },
};

const struct field page_login_post_fields[LOGIN_POST__MAX + 1] = {
	[LOGIN_POST_EMAIL] = { "email", FT_STR, F_BODY | F_REQ, 254, NULL },
	[LOGIN_POST_PASSWORD] = { "password", FT_STR, F_BODY | F_REQ,
	    PW_MAXBYTES, NULL },
	[LOGIN_POST_NEXT] = { "next", FT_STR, F_BODY, LOGIN_NEXTMAX, NULL },
};

#define EXPIRED_TEXT	"Your session expired. Sign in again to go on where " \
	"you were."

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
	    next->s : NULL, r->sess_lost ? EXPIRED_TEXT : NULL, 0, 200);
}

/* A query string that Apache still passes to a FastCGI program: it
 * encodes each variable into 16 KB (mod_proxy_fcgi). */
#define LOGIN_URL_MAX	8000

int
page_login_redirect(struct req *r, const char *next, int expired)
{
	const char	*enc, *loc;

	if ((enc = form_encode(r->arena, next)) == NULL ||
	    (loc = arena_printf(r->arena, "/login?next=%s", enc)) == NULL)
		return 500;
	if (strlen(loc) >= LOGIN_URL_MAX)
		return show_form(r, NULL, next, expired ? EXPIRED_TEXT : NULL,
		    0, 200);
	/* The expired cookie goes on to /login, which says so. */
	if (expired)
		r->sess_lost = 2;
	return http_redirect(r, loc);
}

int
page_login_ended(struct req *r, const char *next)
{
	return show_form(r, NULL, next, "Your session has ended, so this "
	    "form was not sent and nothing changed. Sign in, then send it "
	    "again.", 0, 403);
}

struct web_start {
	struct req	*r;
	struct session	*s;
};

/* Inside the sign-in's transaction: the new session. A session id the
 * browser brought (maybe planted) is never reused: it ends. */
static int
start_session(const struct user *u, void *arg)
{
	struct web_start	*ws = arg;
	struct req		*r = ws->r;

	if (r->sess != NULL)
		(void)session_end(r->sess->user.id, r->sess->id);
	ws->s->user = *u;
	return session_create(ws->s, r->ip, req_env(r, "HTTP_USER_AGENT"),
	    r->now) == SESSION_OK ? 0 : -1;
}

static int
too_many(struct req *r, const char *email, const char *next, int64_t wait)
{
	char	 msg[128];

	snprintf(msg, sizeof(msg), "Too many sign-in attempts. Try again in "
	    "%lld minute%s.", (long long)(wait + 59) / 60,
	    (wait + 59) / 60 > 1 ? "s" : "");
	http_header(r, "Retry-After", arena_printf(r->arena, "%lld",
	    (long long)wait));
	return show_form(r, email, next, msg, 1, 429);
}

int
page_login_post(struct req *r)
{
	const char	*email = r->fv[LOGIN_POST_EMAIL].s;
	const char	*next = landing(&r->fv[LOGIN_POST_NEXT]);
	struct login_req lr = { 0 };
	struct web_start ws = { r, NULL };
	struct actor	 a = web_actor(r);
	struct user	 u;
	int64_t		 wait;

	if ((ws.s = arena_alloc(r->arena, sizeof(*ws.s))) == NULL)
		return 500;
	lr.email = email;
	lr.password = r->fv[LOGIN_POST_PASSWORD].s;
	lr.device = web_device_cookie(r);
	lr.start = start_session;
	lr.arg = &ws;
	switch (login_password(&lr, &a, r->now, &u, &wait)) {
	case LOGIN_OK:
		web_set_session_cookie(r, ws.s->token);
		web_set_device_cookie(r, u.id);
		return web_redirect(r, next);
	case LOGIN_INVALID:
		return show_form(r, email, next, "Incorrect email or password.",
		    0, 401);
	case LOGIN_THROTTLED:
		return too_many(r, email, next, wait);
	case LOGIN_BUSY:
		http_header(r, "Retry-After", "1");
		r->errmsg = "Many people are signing in right now. Try again "
		    "in a moment.";
		return 503;
	default:
		return 503;
	}
}

int
page_logout(struct req *r)
{
	struct actor	 a = web_actor(r);

	(void)session_logout(r->sess, &a, r->now);
	r->sess = NULL;
	web_clear_session_cookie(r);
	return http_redirect(r, "/login");
}

int
page_home(struct req *r)
{
	return http_redirect(r, "/settings/api-keys");
}

int
page_admin_home(struct req *r)
{
	return http_redirect(r, "/admin/users");
}
