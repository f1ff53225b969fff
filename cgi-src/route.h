/*
 * Static route tables. Each program declares its routes once, with what
 * each needs; the request layer checks all of it before a handler runs.
 */
#ifndef LK_ROUTE_H
#define LK_ROUTE_H

#include "http.h"

#define R_SESSION	0x01	/* a signed-in dashboard user */
#define R_ADMIN		0x02	/* ... who is an admin */
#define R_CSRF		0x04	/* CSRF token and Origin checked */
#define R_FORM		0x08	/* body, if any, is urlencoded */
#define R_JSON		0x10	/* body, if any, is a JSON object */
#define R_AUTH		0x20	/* an API credential (key or token) */
#define R_OAUTH		0x40	/* errors as RFC 6749 5.2 JSON */
#define R_NODELEGATE	0x80	/* R_AUTH: not with an OAuth token */
#define R_SECRET	0x100	/* its body or answer holds a secret */
#define R_METERED	0x200	/* R_AUTH: a verification, counted
				   against the account's quota (SPEC 9) */
#define R_CORS		0x400	/* browser apps may call it (SPEC 12) */

struct route {
	enum http_method	 method;
	const char		*pattern;	/* "{id}" matches valid_id */
	int			(*handler)(struct req *);
	unsigned		 flags;
	const struct field	*fields;	/* NULL: takes no input */
	size_t			 nfields;	/* fields[nfields] ends it */
	const char		*perm;		/* R_AUTH: permission needed */
};

/* A route's input: a field table declared with its size, X__MAX + 1
 * (the last entry ends it), or none. */
#define FIELDS(t)	(t), (sizeof(t) / sizeof((t)[0]) - 1)
#define NOFIELDS	NULL, 0

/*
 * Finds r's route in table (ended by a NULL pattern), filling r->route
 * and r->args. HEAD uses GET routes. Returns 0, 404, or 405 with an
 * Allow header. OPTIONS on a path with an R_CORS route (a preflight)
 * matches that route with r->allow set to the path's methods.
 */
int	route_match(const struct route *table, struct req *r);
/* The route of table for method and path, or NULL; no side effects. */
const struct route *route_find(const struct route *table,
	    enum http_method, const char *path, struct arena *);

#endif
