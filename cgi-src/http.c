#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "config.h"
#include "http.h"
#include "json.h"
#include "rc.h"
#include "rnd.h"
#include "valid.h"

struct req *
req_new(char **env, const struct http_io *io, int64_t now_us)
{
	struct req	*r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	if ((r->arena = arena_new()) == NULL) {
		free(r);
		return NULL;
	}
	r->env = env;
	r->io = io;
	r->start_us = now_us;
	r->now = now_us / 1000000;
	r->status = 200;
	r->query = "";
	r->path = "/";
	r->method_name = "-";
	r->ip = "";
	rnd_id(r->id, sizeof(r->id), "req_", 16);
	return r;
}

void
req_sensitive(struct req *r)
{
	r->sensitive = 1;
	r->head.secret = r->out.secret = 1;
}

void *
req_secret(struct req *r, size_t n)
{
	req_sensitive(r);
	return arena_alloc(r->arena, n);
}

void
req_free(struct req *r)
{
	if (r == NULL)
		return;
	buf_free(&r->head);
	buf_free(&r->out);
	if (r->sensitive) {
		json_free_wipe(r->json);
		arena_free_wipe(r->arena);
	} else {
		json_free(r->json);
		arena_free(r->arena);
	}
	free(r);
}

const char *
req_env(const struct req *r, const char *name)
{
	size_t	 n = strlen(name);
	char	**e;

	for (e = r->env; e != NULL && *e != NULL; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

static enum http_method
parse_method(const char *m)
{
	static const char *const names[METHOD__MAX] = {
		"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
		NULL,
	};
	size_t	 i;

	for (i = 0; i < METHOD_OTHER; i++)
		if (strcmp(m, names[i]) == 0)
			return (enum http_method)i;
	return METHOD_OTHER;
}

/*
 * Our paths use only unreserved characters, so anything else, and any
 * empty, "." or ".." segment, is refused here rather than decoded: the
 * router then sees one canonical spelling of each path whatever the web
 * server in front did or didn't normalise.
 */
static int
path_ok(const char *p, size_t n)
{
	size_t	 i, seg = 1;

	if (n == 0 || p[0] != '/' || n > 1024)
		return 0;
	for (i = 1; i < n; i++) {
		char c = p[i];
		if (c == '/') {
			if (i == seg)
				return 0;
			if (i - seg == 1 && p[seg] == '.')
				return 0;
			if (i - seg == 2 && p[seg] == '.' && p[seg + 1] == '.')
				return 0;
			seg = i + 1;
		} else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == '~'))
			return 0;
	}
	if ((n - seg == 1 && p[seg] == '.') ||
	    (n - seg == 2 && p[seg] == '.' && p[seg + 1] == '.'))
		return 0;
	return 1;
}

static const char *
client_ip(const struct req *r)
{
	const struct config	*c = config_get();
	const char		*ra = req_env(r, "REMOTE_ADDR"), *xff, *last;

	if (ra == NULL)
		ra = "";
	if (c->trusted_proxy == NULL || strcmp(ra, c->trusted_proxy) != 0 ||
	    (xff = req_env(r, "HTTP_X_FORWARDED_FOR")) == NULL)
		return ra;
	/* The proxy appends the address it saw: trust only the last. */
	last = strrchr(xff, ',');
	last = last != NULL ? last + 1 : xff;
	while (*last == ' ')
		last++;
	return *last != '\0' && strlen(last) <= 45 ?
	    arena_strdup(r->arena, last) : ra;
}

int
http_prep(struct req *r)
{
	const char	*m = req_env(r, "REQUEST_METHOD");
	const char	*uri = req_env(r, "REQUEST_URI"), *q;
	size_t		 plen;

	r->ip = client_ip(r);
	if (r->ip == NULL)
		return 500;
	if (m == NULL || uri == NULL)
		return 400;
	r->method = parse_method(m);
	r->method_name = r->method == METHOD_OTHER ? "OTHER" : m;
	q = strchr(uri, '?');
	plen = q != NULL ? (size_t)(q - uri) : strlen(uri);
	r->path = arena_strndup(r->arena, uri, plen);
	if (r->path == NULL)
		return 500;
	if (!path_ok(uri, plen)) {
		r->path = "(malformed)";
		return 400;
	}
	if (q != NULL)
		r->query = q + 1;
	return 0;
}

int
http_read_body(struct req *r)
{
	const char		*cl = req_env(r, "CONTENT_LENGTH");
	unsigned long long	 n = 0;
	size_t			 got = 0;
	long			 k;

	/* lighttpd sends CONTENT_LENGTH=0 on GET, Apache sends none. */
	if (cl == NULL || *cl == '\0') {
		if (r->method == METHOD_POST || r->method == METHOD_PUT ||
		    r->method == METHOD_PATCH)
			return 411;
		return 0;
	}
	if (!valid_uint(cl, ~0ULL, &n))
		return 400;
	if (n > HTTP_MAXBODY)
		return 413;
	if ((r->body = arena_alloc(r->arena, (size_t)n + 1)) == NULL)
		return 500;
	/* libfcgi doesn't enforce CONTENT_LENGTH: stop at it ourselves
	 * and refuse a body that ends early. */
	while (got < n) {
		k = r->io->read(r->io->ctx, r->body + got, (size_t)n - got);
		if (k <= 0)
			return 400;
		got += (size_t)k;
	}
	r->body[got] = '\0';
	r->bodylen = got;
	return 0;
}

int
http_ctype_is(const struct req *r, const char *mt)
{
	const char	*ct = req_env(r, "CONTENT_TYPE");
	size_t		 n = strlen(mt);

	if (ct == NULL || strncasecmp(ct, mt, n) != 0)
		return 0;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

const char *
http_cookie(const struct req *r, const char *name)
{
	const char	*c = req_env(r, "HTTP_COOKIE"), *p, *v, *end;
	const char	*found = NULL;
	size_t		 n = strlen(name);

	if (c == NULL)
		return NULL;
	for (p = c; *p != '\0'; p = *end ? end + 1 : end) {
		while (*p == ' ')
			p++;
		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) <= n || strncmp(p, name, n) != 0 ||
		    p[n] != '=')
			continue;
		/* Two cookies of one name: someone planted one. */
		if (found != NULL)
			return NULL;
		v = p + n + 1;
		found = arena_strndup(r->arena, v, (size_t)(end - v));
		if (found == NULL)
			return NULL;
	}
	return found;
}

static int
header_ok(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\r' || *s == '\n')
			return 0;
	return 1;
}

int
http_header(struct req *r, const char *name, const char *value)
{
	if (!header_ok(name) || !header_ok(value))
		return -1;
	return buf_printf(&r->head, "%s: %s\r\n", name, value);
}

int
http_redirect(struct req *r, const char *loc)
{
	return http_header(r, "Location", loc) == 0 ? 303 : 500;
}

int
http_status(int rc)
{
	return rc == RC_OK ? 0 : rc == RC_NOTFOUND ? 404 : 503;
}

const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 302: return "Found";
	case 303: return "See Other";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

int
http_send(struct req *r)
{
	struct buf	 h = { 0 };
	int		 rc;

	h.secret = r->sensitive;
	buf_printf(&h, "Status: %d %s\r\n", r->status, http_reason(r->status));
	if (r->status != 204 && r->ctype != NULL && r->out.len > 0)
		buf_printf(&h, "Content-Type: %s\r\n", r->ctype);
	if (r->head.len > 0)
		buf_append(&h, r->head.data, r->head.len);
	buf_puts(&h, "\r\n");
	if (r->status != 204 && r->method != METHOD_HEAD && r->out.len > 0)
		buf_append(&h, r->out.data, r->out.len);
	rc = h.failed ? -1 : r->io->write(r->io->ctx, h.data, h.len);
	buf_free(&h);
	return rc;
}
