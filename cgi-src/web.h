/* What every dashboard page shares: the frame, cookies, guard, errors. */
#ifndef LK_WEB_H
#define LK_WEB_H

#include "http.h"

struct tmpl;

/* Page data with the frame's values (user, nav, CSRF token, notice)
 * already set; NULL on failure. Consumed by web_render. */
struct tmpl	*web_page(struct req *, const char *title, const char *nav);
/* Makes sure a signed-out visitor has the pre-session cookie that the
 * sign-in form's CSRF token is bound to; call before web_page. */
int		 web_presession(struct req *);
/* Renders file with t into r->out, frees t; returns status or 500. */
int		 web_render(struct req *, struct tmpl *, const char *file,
		    int status);
/* Stores a notice for the next page of this session. */
void		 web_notice(struct req *, const char *);
void		 web_set_session_cookie(struct req *, const char *token);
void		 web_clear_session_cookie(struct req *);

int		 web_guard(struct req *);
void		 web_error(struct req *);
void		 web_finish(struct req *);

#endif
