/*
 * One HTTP request and its response, as both FastCGI programs see them.
 * A struct req lives for one request; everything it points to is in its
 * arena or its two buffers, all freed by req_free.
 */
#ifndef LK_HTTP_H
#define LK_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "field.h"

#define HTTP_MAXBODY	65536	/* bytes; one more is a 413 */
#define ROUTE_MAXARGS	2

enum http_method {
	METHOD_GET,
	METHOD_HEAD,
	METHOD_POST,
	METHOD_PUT,
	METHOD_DELETE,
	METHOD_PATCH,
	METHOD_OPTIONS,	/* CORS preflights only (route.h R_CORS) */
	METHOD_OTHER,
	METHOD__MAX
};

struct arena;
struct json;
struct principal;
struct lim_set;
struct route;
struct session;

/* How the request layer reads the body and writes the response. */
struct http_io {
	/* Reads up to n bytes; returns bytes read, 0 at end, -1 on error. */
	long	(*read)(void *, char *, size_t);
	int	(*write)(void *, const char *, size_t);
	void	 *ctx;
};

struct req {
	struct arena		*arena;
	char			**env;		/* CGI variables */
	const struct http_io	*io;
	int64_t			 now;		/* seconds, fixed per request */
	int64_t			 start_us;
	char			 id[21];	/* req_ + 16 base62 */

	enum http_method	 method;
	const char		*method_name;
	const char		*path;		/* checked, no query */
	const char		*query;		/* raw, "" if none */
	const char		*ip;		/* client address */
	char			*body;		/* NUL-terminated */
	size_t			 bodylen;
	struct json		*json;		/* parsed JSON body or NULL */

	const struct route	*route;
	const char		*allow;		/* OPTIONS: its methods */
	const char		*args[ROUTE_MAXARGS];	/* {id} parts */
	struct fval		*fv;		/* one per route field */
	const char		*csrf_given;

	struct session		*sess;		/* web: the signed-in user */
	int			 sess_lost;	/* web: see web_finish */
	const char		*presession;	/* web: CSRF cookie set now */
	struct principal	*auth;		/* api: who holds it */
	struct lim_set		*limits;	/* api: its windows, counted */

	/* Response. */
	int			 status;
	const char		*errcode;	/* API error code override */
	const char		*errmsg;	/* safe text for error bodies */
	struct buf		 head;		/* extra header lines */
	struct buf		 out;		/* body */
	const char		*ctype;
	const char		*cache;		/* NULL: no-store */
	const char		*form_action;	/* CSP; NULL: 'self' */
	int			 sensitive;	/* see req_sensitive */
};

/* Allocates a request for env; NULL on failure. Free with req_free. */
struct req	*req_new(char **env, const struct http_io *, int64_t now_us);
void		 req_free(struct req *);

/* A CGI variable, or NULL. */
const char	*req_env(const struct req *, const char *);
/*
 * The request carries a secret (in its body, or in its response): its
 * teardown and the response writer then wipe the body, the headers,
 * the response and every byte of its arena, and pages and JSON built
 * for it are wiped when freed. Handlers need no copies of their own.
 */
void		 req_sensitive(struct req *);
/* n zeroed bytes of r's arena for a secret, and r is sensitive. */
void		*req_secret(struct req *, size_t n);

/*
 * Checks method and path and sets r->method, r->path, r->query, r->ip.
 * Returns 0, or an HTTP status (400) for a request line we refuse.
 */
int		 http_prep(struct req *);
/* Reads the body (at most HTTP_MAXBODY); 0 or 400, 411, 413. */
int		 http_read_body(struct req *);
/* 1 if Content-Type's media type is mt (parameters ignored). */
int		 http_ctype_is(const struct req *, const char *mt);

/* The value of cookie name, or NULL if absent, repeated or malformed. */
const char	*http_cookie(const struct req *, const char *name);

/* Adds a response header; refuses (-1) CR, LF or NUL in either part. */
int		 http_header(struct req *, const char *, const char *);
/* Adds Location; returns 303 (or 500 if loc is unusable), for
 * "return http_redirect(r, loc);" in handlers. */
int		 http_redirect(struct req *, const char *loc);
/* Writes status line, headers and body through io. */
int		 http_send(struct req *);

/* The status a domain result answers (rc.h): 0 for RC_OK, 404 for
 * RC_NOTFOUND, 503 for anything else. */
int		 http_status(int rc);

/* Reason phrase for a status. */
const char	*http_reason(int);

#endif
