/*
 * The request layer as serve.c drives it: http_prep, http_read_body,
 * body decoding by Content-Type, the query string, route_match against
 * both programs' real tables (and a few shapes they lack), binding,
 * http_send.
 *
 * Input: "METHOD\nREQUEST_URI\nCONTENT_LENGTH\nCONTENT_TYPE\n
 * X-Forwarded-For\nbody..."; an empty or missing line leaves that
 * variable unset. The body is read through an io from the rest of the
 * input, at most 1000 bytes per read. REMOTE_ADDR is the trusted proxy.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "client.h"
#include "config.h"
#include "form.h"
#include "http.h"
#include "json.h"
#include "keys.h"
#include "perm.h"
#include "apis.h"
#include "pages.h"
#include "route.h"
#include "valid.h"

#include "fuzz.h"

#define PROXY	"10.0.0.1"

static int	handler(struct req *);

/* Shapes the real tables lack: other methods, three arguments. */
static const struct route extra[] = {
	{ METHOD_PUT, "/v1/keys/{id}/roll", handler, R_AUTH | R_JSON,
	    FIELDS(api_keys_create_fields), "admin" },
	{ METHOD_PATCH, "/v1/orgs/{id}/keys/{id}", handler, R_JSON, NOFIELDS,
	    NULL },
	{ METHOD_GET, "/t/{id}/{id}/{id}", handler, 0, NOFIELDS, NULL },
};

#define NROUTES	256
/* Both programs' real route tables (their fields, flags and patterns
 * exactly), every handler replaced by the one above, then extra. */
static struct route	 routes[NROUTES];

static void
add_routes(const struct route *t, size_t *n)
{
	for (; t->pattern != NULL && *n + 1 < NROUTES; t++) {
		routes[*n] = *t;
		routes[(*n)++].handler = handler;
	}
}

static void
build_routes(void)
{
	size_t	 n = 0, i;

	add_routes(web_routes, &n);
	add_routes(api_routes, &n);
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		routes[n++] = extra[i];
	if (n + 1 >= NROUTES)
		abort();
	memset(&routes[n], 0, sizeof(routes[n]));
}

struct src {
	const char	*p;
	size_t		 len, off;
};

static long
src_read(void *ctx, char *out, size_t n)
{
	struct src	*s = ctx;
	size_t		 k = s->len - s->off;

	if (k > n)
		k = n;
	if (k > 1000)
		k = 1000;
	memcpy(out, s->p + s->off, k);
	s->off += k;
	return (long)k;
}

static int
sink_write(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	PROP(n >= 8 && memcmp(p, "Status: ", 8) == 0);
	return 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (setenv("LATCHKEY_TRUSTED_PROXY", PROXY, 1) == -1 ||
	    sodium_init() < 0 || config_load() == -1)
		abort();
	build_routes();
	return 0;
}

/* Strict decimal as valid_uint reads it; -1 if not one. */
static long long
ref_uint(const char *s)
{
	unsigned long long	 v = 0;
	size_t			 i;

	if (s[0] == '\0' || (s[0] == '0' && s[1] != '\0'))
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 18)
			return i >= 18 && s[i] >= '0' && s[i] <= '9' ?
			    -2 : -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	return (long long)v;
}

/* 1 if path (already accepted by http_prep) matches pattern. */
static int
ref_match(const char *pattern, const char *path, size_t *nargs)
{
	char	 seg[1100];
	size_t	 pl, sl;

	*nargs = 0;
	for (;;) {
		pl = strcspn(pattern, "/");
		sl = strcspn(path, "/");
		if (pl == 4 && memcmp(pattern, "{id}", 4) == 0) {
			if (sl >= sizeof(seg))
				return 0;
			memcpy(seg, path, sl);
			seg[sl] = '\0';
			if (!valid_id(seg))
				return 0;
			++*nargs;
		} else if (pl != sl || memcmp(pattern, path, pl) != 0)
			return 0;
		if ((pattern[pl] == '/') != (path[sl] == '/'))
			return 0;
		if (pattern[pl] == '\0')
			return *nargs <= ROUTE_MAXARGS;
		pattern += pl + 1;
		path += sl + 1;
	}
}

static void
check_path(const char *p)
{
	size_t	 i, seg = 1;

	PROP(p[0] == '/' && strlen(p) <= 1024);
	for (i = 1;; i++) {
		if (p[i] == '/' || p[i] == '\0') {
			PROP(i > seg || p[i] == '\0');
			PROP(!(i - seg == 1 && p[seg] == '.'));
			PROP(!(i - seg == 2 && p[seg] == '.' &&
			    p[seg + 1] == '.'));
			if (p[i] == '\0')
				break;
			seg = i + 1;
		} else
			PROP(fz_unreserved((unsigned char)p[i]));
	}
}

static int
handler(struct req *r)
{
	const struct field	*f = r->route->fields;
	size_t			 i, j;

	for (i = 0; f != NULL && f[i].name != NULL; i++) {
		if (!r->fv[i].present) {
			PROP(!(f[i].flags & F_REQ));
			continue;
		}
		if (f[i].type == FT_STR || f[i].type == FT_TEXT) {
			PROP(r->fv[i].len <= f[i].maxlen &&
			    strlen(r->fv[i].s) == r->fv[i].len);
			PROP(valid_utf8(r->fv[i].s, r->fv[i].len));
			PROP(valid_no_controls(r->fv[i].s, r->fv[i].len,
			    f[i].type == FT_TEXT));
			PROP(f[i].check == NULL || f[i].check(r->fv[i].s));
		} else if (f[i].type == FT_LIST) {
			PROP(r->fv[i].n <= f[i].maxlen);
			for (j = 0; j < r->fv[i].n; j++)
				PROP(f[i].check == NULL ||
				    f[i].check(r->fv[i].list[j]));
		} else if (f[i].type == FT_INT) {
			PROP(r->fv[i].i >= 0 && r->fv[i].i <= 1000000000000LL);
			PROP(f[i].max == 0 || (r->fv[i].i >= f[i].min &&
			    r->fv[i].i <= f[i].max));
		}
		else if (f[i].type == FT_BOOL)
			PROP(r->fv[i].i == 0 || r->fv[i].i == 1);
	}
	return 200;
}

/* serve.c's parse_body. */
static int
parse_body(struct req *r, struct kv **kvs, size_t *nkv)
{
	const char	*err = NULL;

	if (r->bodylen == 0)
		return 0;
	if (http_ctype_is(r, "application/json")) {
		if ((r->json = json_parse(r->body, r->bodylen, &err)) == NULL)
			return 400;
	} else if (http_ctype_is(r, "application/x-www-form-urlencoded")) {
		if (form_decode(r->arena, r->body, r->bodylen, 1, kvs, nkv))
			return 400;
	} else
		return 415;
	return 0;
}

/* serve.c's bind_input. */
static int
bind_input(struct req *r, const struct kv *kvs, size_t nkv)
{
	const struct route	*rt = r->route;
	const char		*err = NULL;
	size_t			 n = 0;

	if (r->bodylen > 0 &&
	    ((r->json != NULL && !(rt->flags & R_JSON)) ||
	    (r->json == NULL && !(rt->flags & R_FORM))))
		return 415;
	while (rt->fields != NULL && rt->fields[n].name != NULL)
		n++;
	if ((r->fv = arena_alloc(r->arena, (n + 1) * sizeof(*r->fv))) == NULL)
		return 500;
	if (form_bind(r->arena, kvs, nkv, rt->fields, r->fv,
	    (rt->flags & R_CSRF) ? CSRF_FIELD : NULL, &r->csrf_given, &err) ||
	    (r->json != NULL &&
	    json_bind(r->arena, r->json, rt->fields, r->fv, &err)) ||
	    form_required(rt->fields, r->fv, &err)) {
		PROP(err != NULL);
		return 400;
	}
	return 0;
}

/* The router's one redirect: a GET for a path that is a GET route plus
 * a trailing slash. */
static int
slash_target(const char *path, enum http_method m)
{
	size_t	 i, n = strlen(path), nargs;
	char	*bare;
	int	 hit = 0;

	if (m != METHOD_GET || n < 2 || path[n - 1] != '/')
		return 0;
	if ((bare = strndup(path, n - 1)) == NULL)
		abort();
	for (i = 0; routes[i].pattern != NULL && !hit; i++)
		hit = routes[i].method == METHOD_GET &&
		    ref_match(routes[i].pattern, bare, &nargs);
	free(bare);
	return hit;
}

static void
check_route(struct req *r, int st)
{
	enum http_method m = r->method == METHOD_HEAD ? METHOD_GET : r->method;
	const struct route *want = NULL, *cors = NULL;
	size_t		 i, nargs, j, wargs = 0;
	int		 any = 0;

	for (i = 0; routes[i].pattern != NULL; i++) {
		if (!ref_match(routes[i].pattern, r->path, &nargs))
			continue;
		any = 1;
		if (cors == NULL && (routes[i].flags & R_CORS))
			cors = &routes[i];
		if (routes[i].method == m && want == NULL) {
			want = &routes[i];
			wargs = nargs;
		}
	}
	if (want != NULL) {
		PROP(st == 0 && r->route == want);
		for (j = 0; j < ROUTE_MAXARGS; j++)
			PROP((j < wargs) == (r->args[j] != NULL));
		for (j = 0; j < wargs; j++)
			PROP(valid_id(r->args[j]));
	} else if (m == METHOD_OPTIONS && cors != NULL) {
		/* A CORS preflight: the path's first CORS route. */
		PROP(st == 0 && r->route == cors && r->allow != NULL &&
		    strstr(r->allow, "OPTIONS") != NULL);
	} else if (any) {
		PROP(st == 405);
		PROP(r->head.data != NULL &&
		    strstr(r->head.data, "Allow: ") != NULL);
	} else
		/* No Location can carry a CR or LF of the query: 404. */
		PROP(st == (slash_target(r->path, m) &&
		    r->query[strcspn(r->query, "\r\n")] == '\0' ? 308 : 404));
}

static int
pipeline(struct req *r, const char *uri, const char *cl, size_t avail)
{
	struct kv	*kvs = NULL;
	size_t		 nkv = 0, plen;
	long long	 want;
	int		 st;

	st = http_prep(r);
	PROP(st == 0 || st == 400);
	if (st != 0)
		return st;
	plen = strcspn(uri, "?");
	PROP(strlen(r->path) == plen && memcmp(r->path, uri, plen) == 0);
	PROP(strcmp(r->query, uri[plen] == '?' ? uri + plen + 1 : "") == 0);
	check_path(r->path);
	PROP((r->method == METHOD_OTHER) ==
	    (strcmp(r->method_name, "OTHER") == 0));
	PROP(r->ip != NULL && strlen(r->ip) <= 45);

	st = http_read_body(r);
	want = cl != NULL ? ref_uint(cl) : -1;
	if (cl == NULL || *cl == '\0')
		PROP(st == ((r->method == METHOD_POST ||
		    r->method == METHOD_PUT || r->method == METHOD_PATCH) ?
		    411 : 0));
	else if (want == -1)
		PROP(st == 400);
	else if (want == -2 || want > HTTP_MAXBODY)
		PROP(st == 413 || (want == -2 && st == 400));
	else if ((size_t)want > avail)
		PROP(st == 400);
	else
		PROP(st == 0 && r->bodylen == (size_t)want &&
		    r->body[r->bodylen] == '\0');
	if (st != 0)
		return st;

	if ((st = parse_body(r, &kvs, &nkv)) != 0)
		return st;
	if (form_decode(r->arena, r->query, strlen(r->query), 0, &kvs,
	    &nkv) == -1)
		return 400;
	st = route_match(routes, r);
	check_route(r, st);
	if (st != 0)
		return st;
	if ((st = bind_input(r, kvs, nkv)) != 0)
		return st;
	return r->route->handler(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const vars[] = { "REQUEST_METHOD=",
	    "REQUEST_URI=", "CONTENT_LENGTH=", "CONTENT_TYPE=",
	    "HTTP_X_FORWARDED_FOR=" };
	char		*line[5] = { NULL }, *env[8];
	const char	*p = (const char *)data, *end = p + size, *nl;
	const char	*val[5] = { NULL };
	struct src	 src;
	struct http_io	 io = { src_read, sink_write, &src };
	struct req	*r;
	size_t		 i, n = 0, vl;

	for (i = 0; i < 5 && p < end; i++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		vl = (size_t)((nl != NULL ? nl : end) - p);
		if (vl > 0) {
			if ((line[i] = malloc(strlen(vars[i]) + vl + 1)) ==
			    NULL)
				abort();
			memcpy(line[i], vars[i], strlen(vars[i]));
			memcpy(line[i] + strlen(vars[i]), p, vl);
			line[i][strlen(vars[i]) + vl] = '\0';
			env[n++] = line[i];
			val[i] = line[i] + strlen(vars[i]);
		}
		p = nl != NULL ? nl + 1 : end;
	}
	env[n++] = "REMOTE_ADDR=" PROXY;
	env[n] = NULL;
	src.p = p;
	src.len = (size_t)(end - p);
	src.off = 0;

	if ((r = req_new(env, &io, 1700000000LL * 1000000)) == NULL)
		abort();
	r->status = pipeline(r, val[1] != NULL ? val[1] : "",
	    val[2], src.len);
	if (val[0] == NULL || val[1] == NULL)
		PROP(r->status == 400);
	(void)http_send(r);
	json_free(r->json);
	r->json = NULL;
	req_free(r);
	for (i = 0; i < 5; i++)
		free(line[i]);
	return 0;
}
