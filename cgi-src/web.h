/* What every dashboard page shares: the frame, cookies, guard, errors. */
#ifndef LK_WEB_H
#define LK_WEB_H

#include "audit.h"
#include "http.h"

struct fval;
struct tmpl;

/* Who acts in this request: the signed-in user (if any), from the
 * client's address, through the dashboard. */
struct actor	 web_actor(const struct req *);

/*
 * The dashboard's "this form runs once" pattern: begins a transaction,
 * spends the form's single-use nonce (if the form carried one), runs act
 * and commits, or rolls everything back if act fails. Returns 0 if act
 * ran (*rc holds its result, 0 meaning success), else the status to
 * answer: a redirect with a notice that the form was already submitted
 * ("...; <what>."), or 503. made, if not NULL, is the id act fills in
 * (a key's, an app's): it is kept with the nonce, and a second
 * submission goes to <back>/<made>/shown instead of back.
 */
int		 web_once(struct req *, const struct fval *nonce,
		    int (*act)(struct req *, void *), void *arg,
		    const char *made, int *rc, const char *back,
		    const char *what);

/* Page data with the frame's values (user, nav, CSRF token, notice)
 * already set; NULL on failure. Consumed by web_render. */
struct tmpl	*web_page(struct req *, const char *title, const char *nav);
/* Makes sure a signed-out visitor has the pre-session cookie that the
 * sign-in form's CSRF token is bound to; call before web_page. */
int		 web_presession(struct req *);
/* Renders file with t into r->out, frees t; returns status or 500. */
int		 web_render(struct req *, struct tmpl *, const char *file,
		    int status);
/* Sends the browser to loc: a 303, or when loc is too long for a
 * Location header through every web server, a page that goes on by
 * itself (SPEC 8.12: a 4 KB state survives the sign-in round trip). */
int		 web_redirect(struct req *, const char *loc);
/* Stores a notice for the next page of this session. */
void		 web_notice(struct req *, const char *);
void		 web_set_session_cookie(struct req *, const char *token);
/* Marks this browser as a known device of user (SPEC 8.8). */
void		 web_set_device_cookie(struct req *, const char *user_id);
/* The device cookie the browser sent, or NULL. */
const char	*web_device_cookie(const struct req *);
void		 web_clear_session_cookie(struct req *);

int		 web_guard(struct req *);
void		 web_error(struct req *);
void		 web_finish(struct req *);

#endif
