#include <string.h>

#include "client.h"
#include "cors.h"
#include "http.h"
#include "route.h"

/* What a browser app sends besides the CORS-safelisted headers: a
 * Bearer token (userinfo) or Basic, and a form or JSON type. */
#define CORS_HEADERS	"Authorization, Content-Type"
#define CORS_MAX_AGE	"600"

void
cors_answer(struct req *r)
{
	const char	*origin = req_env(r, "HTTP_ORIGIN");

	if (r->route == NULL || !(r->route->flags & R_CORS))
		return;
	/* Caches (the discovery documents are public for 300 s) must
	 * keep one answer per Origin. */
	http_header(r, "Vary", "Origin");
	if (origin == NULL || strlen(origin) > CLIENT_URIMAX ||
	    client_cors_origin(origin) != CLIENT_OK)
		return;
	http_header(r, "Access-Control-Allow-Origin", origin);
	if (r->method != METHOD_OPTIONS)
		return;
	http_header(r, "Access-Control-Allow-Methods", r->allow);
	http_header(r, "Access-Control-Allow-Headers", CORS_HEADERS);
	http_header(r, "Access-Control-Max-Age", CORS_MAX_AGE);
}
