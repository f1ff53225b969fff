#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "config.h"
#include "csrf.h"
#include "db.h"
#include "device.h"
#include "form.h"
#include "log.h"
#include "pages.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"
#include "web.h"

#define COOKIE_FLAGS	"; Path=/; Secure; HttpOnly; SameSite=Lax"

/* The secret the form token is bound to: the session token when signed
 * in, otherwise the pre-session cookie, made on first need. */
static const char *
csrf_secret(struct req *r, int create)
{
	const char	*c;
	char		 tok[RND_TOKEN_LEN + 1], *hdr;

	if (r->sess != NULL)
		return r->sess->token;
	if (r->presession != NULL)
		return r->presession;
	if ((c = http_cookie(r, CSRF_COOKIE)) != NULL && rnd_token_shape(c))
		return c;
	if (!create)
		return NULL;
	rnd_token(tok);
	hdr = arena_printf(r->arena, "%s=%s" COOKIE_FLAGS, CSRF_COOKIE, tok);
	if (hdr == NULL || http_header(r, "Set-Cookie", hdr) == -1)
		return NULL;
	return r->presession = arena_strdup(r->arena, tok);
}

struct tmpl *
web_page(struct req *r, const char *title, const char *nav)
{
	struct tmpl	*t;
	const char	*secret;
	char		 csrf[CSRF_LEN + 1];

	if ((t = tmpl_new()) == NULL)
		return NULL;
	tmpl_set(t, "Page.title", title);
	tmpl_set(t, "Page.nav", nav);
	tmpl_set(t, "Static", "/static");
	tmpl_set_int(t, "Signup.enabled", config_get()->signup);
	if ((secret = csrf_secret(r, 0)) != NULL) {
		csrf_token(secret, csrf);
		tmpl_set(t, "Csrf", csrf);
	}
	if (r->sess == NULL)
		return t;
	tmpl_set(t, "Session.signed_in", "1");
	tmpl_set(t, "User.email", r->sess->user.email);
	tmpl_set(t, "User.name", r->sess->user.name);
	tmpl_set_int(t, "User.is_admin", r->sess->user.admin);
	if (r->sess->notice[0] != '\0') {
		tmpl_set(t, "Notice", r->sess->notice);
		(void)session_set_notice(r->sess, "");
	}
	return t;
}

int
web_presession(struct req *r)
{
	return csrf_secret(r, 1) != NULL ? 0 : -1;
}

int
web_render(struct req *r, struct tmpl *t, const char *file, int status)
{
	int	 rc;

	tmpl_set_int(t, "Page.status", status);
	if (r->sensitive)
		tmpl_sensitive(t);
	rc = tmpl_render(t, file, &r->out);
	tmpl_free(t);
	if (rc == -1) {
		buf_reset(&r->out);
		return 500;
	}
	r->ctype = "text/html; charset=utf-8";
	return status;
}

/* Apache reads a FastCGI header line into 8 KB (HUGE_STRING_LEN). */
#define LOCATION_MAX	8000

int
web_redirect(struct req *r, const char *loc)
{
	struct tmpl	*t;

	if (strlen(loc) < LOCATION_MAX)
		return http_redirect(r, loc);
	if ((t = web_page(r, "Continue", "")) == NULL)
		return 500;
	tmpl_set(t, "Continue.url", loc);
	/* The page leads on to wherever the redirect would have. */
	r->form_action = "";
	return web_render(r, t, "continue.cs", 200);
}

void
web_notice(struct req *r, const char *text)
{
	if (r->sess != NULL)
		(void)session_set_notice(r->sess, text);
}

void
web_set_session_cookie(struct req *r, const char *token)
{
	char	*hdr;

	/* The new cookie replaces a lost one: no clearing it after. */
	r->sess_lost = 0;
	hdr = arena_printf(r->arena, "%s=%s" COOKIE_FLAGS, SESSION_COOKIE,
	    token);
	if (hdr != NULL)
		http_header(r, "Set-Cookie", hdr);
}

void
web_set_device_cookie(struct req *r, const char *user_id)
{
	char	 v[DEVICE_LEN + 1], *hdr;

	device_make(user_id, r->now, v);
	hdr = arena_printf(r->arena, "%s=%s; Path=/; Secure; HttpOnly; "
	    "SameSite=Strict; Max-Age=%d", DEVICE_COOKIE, v, DEVICE_TTL);
	if (hdr != NULL)
		http_header(r, "Set-Cookie", hdr);
}

const char *
web_device_cookie(const struct req *r)
{
	return http_cookie(r, DEVICE_COOKIE);
}

struct actor
web_actor(const struct req *r)
{
	struct actor	 a;

	a.user_id = r->sess != NULL ? r->sess->user.id : NULL;
	a.ip = r->ip;
	a.via = VIA_WEB;
	return a;
}

/* A spent nonce whose first submission made something leads there. */
static int
once_again(struct req *r, const struct fval *nonce, const char *back,
    const char *what)
{
	char		 id[128];
	const char	*to = back;

	if (session_nonce_get(r->sess, nonce->s, id, sizeof(id)) == -1)
		return 503;
	if (id[0] != '\0' &&
	    (to = arena_printf(r->arena, "%s/%s/shown", back, id)) == NULL)
		return 500;
	web_notice(r, arena_printf(r->arena, "That form was already "
	    "submitted; %s.", what));
	return http_redirect(r, to);
}

int
web_once(struct req *r, const struct fval *nonce,
    int (*act)(struct req *, void *), void *arg, const char *made, int *rc,
    const char *back, const char *what)
{
	int	 spent = 0;

	*rc = -1;
	if (db_begin() == -1)
		return 503;
	if (nonce->present &&
	    (spent = session_spend_nonce(r->sess, nonce->s, r->now)) != 0)
		goto out;
	if ((*rc = act(r, arg)) == 0 && nonce->present && made != NULL &&
	    session_nonce_made(r->sess, nonce->s, made) == -1)
		spent = -1;
out:
	if (spent == 0 && *rc != 0) {
		db_rollback();
		return 0;
	}
	if (spent == -1 || db_commit() == -1) {
		db_rollback();
		return 503;
	}
	return spent == 0 ? 0 : once_again(r, nonce, back, what);
}

void
web_clear_session_cookie(struct req *r)
{
	http_header(r, "Set-Cookie", SESSION_COOKIE "=" COOKIE_FLAGS
	    "; Max-Age=0");
}

static int
load_session(struct req *r)
{
	const char	*tok = http_cookie(r, SESSION_COOKIE);
	struct session	*s;

	if (tok == NULL)
		return 0;
	if ((s = arena_alloc(r->arena, sizeof(*s))) == NULL)
		return 500;
	switch (session_lookup(tok, r->now, s)) {
	case SESSION_OK:
		r->sess = s;
		return 0;
	case SESSION_NONE:
		/* web_finish clears the cookie, unless the sign-in page is
		 * next: it says the session expired, then clears it. */
		r->sess_lost = 1;
		return 0;
	default:
		return 503;
	}
}

/* The page a form posted to path came from: the GET of the same path if
 * there is one (a confirmation page), else the dashboard. */
static const char *
form_page(struct req *r)
{
	return route_find(web_routes, METHOD_GET, r->path, r->arena) != NULL ?
	    r->path : "/";
}

static int
to_login(struct req *r)
{
	const char	*next = r->path;

	if (r->query[0] != '\0')
		next = arena_printf(r->arena, "%s?%s", r->path, r->query);
	return next != NULL ? page_login_redirect(r, next, r->sess_lost) : 500;
}

int
web_guard(struct req *r)
{
	const struct route	*rt = r->route;
	int			 st;

	if ((st = load_session(r)) != 0)
		return st;
	if ((rt->flags & R_SESSION) && r->sess == NULL) {
		if (r->method == METHOD_GET || r->method == METHOD_HEAD)
			return to_login(r);
		/* A form sent after the session ended: say so, and sign in
		 * right here to go back to the page it came from. */
		return page_login_ended(r, form_page(r));
	}
	if ((rt->flags & R_ADMIN) && !r->sess->user.admin) {
		r->errmsg = "This page is for administrators only.";
		return 403;
	}
	if ((rt->flags & R_CSRF) && (!csrf_origin_ok(r) ||
	    !csrf_check(csrf_secret(r, 0), r->csrf_given))) {
		r->errmsg = "This form has expired or came from another site. "
		    "Go back, reload the page and try again.";
		return 403;
	}
	return 0;
}

static const char *
error_title(int status, const char **msg)
{
	switch (status) {
	case 400:
		*msg = "The request was malformed, so nothing was changed.";
		return "Bad request";
	case 403:
		*msg = "You don't have permission to do that.";
		return "Not allowed";
	case 404:
		*msg = "There is no page at this address.";
		return "Page not found";
	case 405:
		*msg = "This page can't be used that way.";
		return "Method not allowed";
	case 411:
	case 413:
		*msg = "The request was too large, so nothing was changed.";
		return "Request too large";
	case 415:
		*msg = "The form was sent in a format we don't accept.";
		return "Unsupported format";
	case 429:
		*msg = "Too many attempts. Wait a while and try again.";
		return "Slow down";
	case 503:
		*msg = "The service is busy or unavailable. Try again soon.";
		return "Temporarily unavailable";
	default:
		*msg = "Something went wrong on our side. Try again.";
		return "Something went wrong";
	}
}

void
web_error(struct req *r)
{
	struct tmpl	*t;
	const char	*msg, *title = error_title(r->status, &msg);
	int		 st = r->status;

	/* No route (404, 405): the guard never ran, but a signed-in user
	 * still gets the signed-in frame. */
	if (r->route == NULL && r->sess == NULL)
		(void)load_session(r);
	if (r->errmsg != NULL)
		msg = r->errmsg;
	if ((t = web_page(r, title, "")) != NULL) {
		tmpl_set(t, "Error.title", title);
		tmpl_set(t, "Error.message", msg);
		if (web_render(r, t, "error.cs", st) == st)
			return;
	}
	/* The frame itself failed: fall back to plain words. */
	buf_reset(&r->out);
	r->status = st;
	r->ctype = "text/plain; charset=utf-8";
	buf_printf(&r->out, "%s\n", title);
}

void
web_finish(struct req *r)
{
	const char	*csp;

	/* Browsers apply form-action to the redirects after a submission
	 * too, so pages whose forms lead on to an app widen it (or, when
	 * the app isn't known yet, leave it out); see page_authorize.c. */
	csp = arena_printf(r->arena, "default-src 'none'; script-src 'self'; "
	    "style-src 'self'; img-src 'self'; connect-src 'self'; %s%s%s"
	    "frame-ancestors 'none'; base-uri 'none'",
	    r->form_action == NULL || r->form_action[0] != '\0' ?
	    "form-action " : "", r->form_action == NULL ? "'self'" :
	    r->form_action, r->form_action == NULL ||
	    r->form_action[0] != '\0' ? "; " : "");
	http_header(r, "Content-Security-Policy", csp != NULL ? csp :
	    "default-src 'none'; frame-ancestors 'none'");
	http_header(r, "X-Frame-Options", "DENY");
	http_header(r, "X-Content-Type-Options", "nosniff");
	http_header(r, "Referrer-Policy", "same-origin");
	http_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	http_header(r, "Cache-Control", r->cache != NULL ? r->cache :
	    "no-store");
	http_header(r, "X-Request-Id", r->id);
	if (r->sess_lost == 1)
		web_clear_session_cookie(r);
}
