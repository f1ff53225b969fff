/*
 * Cross-site request forgery defence: every POST form carries a token
 * derived from a secret the browser holds in an HttpOnly cookie (the
 * session token, or before sign-in a random pre-session cookie), and
 * its Origin must be ours.
 */
#ifndef LK_CSRF_H
#define LK_CSRF_H

#include "rnd.h"

#define CSRF_COOKIE	"__Host-latchkey_csrf"
#define CSRF_LEN	RND_TOKEN_LEN

struct req;

/* The form token bound to secret (a session or pre-session token). */
void	csrf_token(const char *secret, char out[CSRF_LEN + 1]);
/* 1 if given is the token for secret, compared in constant time. */
int	csrf_check(const char *secret, const char *given);
/* 1 if the request's Origin (or, without one, Referer) is this site. */
int	csrf_origin_ok(const struct req *);

#endif
