/*
 * The request pipeline and the FastCGI loop both programs share. The
 * order of checks is fixed here, so no handler can skip one:
 * request line -> body size -> body syntax -> route -> credential ->
 * media type -> fields -> app guard (session, CSRF, role) -> handler.
 */
#ifndef LK_SERVE_H
#define LK_SERVE_H

#include "http.h"
#include "route.h"

struct app {
	const char		*name;
	const struct route	*routes;
	/* Once per process, after config, secrets and db; 0 or -1. */
	int			(*init)(void);
	/* Before the input is bound: API credentials and rate limits, so
	 * an unauthenticated request learns nothing of the validation
	 * rules. 0 or a status; may be NULL. */
	int			(*authenticate)(struct req *);
	/* After: sessions, roles, CSRF (its token is an input). */
	int			(*guard)(struct req *);
	/* Fills r->out with the error body for r->status. */
	void			(*error)(struct req *);
	/* Adds headers every response of the program carries. */
	void			(*finish)(struct req *);
	/* When the loop ends (SIGTERM): writes what the process holds
	 * back, e.g. usage counts; may be NULL. */
	void			(*stop)(void);
};

/* Runs one request through the pipeline and sends the response. */
void	serve_request(const struct app *, struct req *);
/* Process main: FastCGI loop, or one request when run as plain CGI.
 * Returns the process exit status. */
int	serve_main(const struct app *);

#endif
