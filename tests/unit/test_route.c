/* route.c: the static route table matcher, through http_prep. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "http.h"
#include "route.h"
#include "t.h"

#define LEN(a)	(sizeof(a) / sizeof((a)[0]))

static char	 envbuf[2][200], *envp[3];

/* A request for method and uri with http_prep already run. */
static struct req *
mkreq(const char *m, const char *uri, int *prep)
{
	struct req	*r;

	snprintf(envbuf[0], sizeof(envbuf[0]), "REQUEST_METHOD=%s", m);
	snprintf(envbuf[1], sizeof(envbuf[1]), "REQUEST_URI=%s", uri);
	envp[0] = envbuf[0];
	envp[1] = envbuf[1];
	envp[2] = NULL;
	r = req_new(envp, NULL, 0);
	*prep = r != NULL ? http_prep(r) : -1;
	return r;
}

static int	 h(struct req *r) { (void)r; return 200; }

static const struct route routes[] = {
	{ METHOD_GET, "/", h, 0, NOFIELDS, NULL },
	{ METHOD_GET, "/keys", h, 0, NOFIELDS, NULL },
	{ METHOD_POST, "/keys", h, 0, NOFIELDS, NULL },
	{ METHOD_GET, "/keys/{id}", h, 0, NOFIELDS, NULL },
	{ METHOD_DELETE, "/keys/{id}", h, 0, NOFIELDS, NULL },
	{ METHOD_POST, "/keys/{id}/revoke", h, 0, NOFIELDS, NULL },
	{ METHOD_GET, "/u/{id}/k/{id}", h, 0, NOFIELDS, NULL },
	{ METHOD_GET, NULL, NULL, 0, NOFIELDS, NULL },
};

static char	 id64[80], id65[80];

static const struct {
	const char	*m, *uri;
	int		 rc, idx;
	const char	*a0, *a1, *allow;
} matches[] = {
	{ "GET", "/", 0, 0, NULL, NULL, NULL },
	{ "GET", "/keys", 0, 1, NULL, NULL, NULL },
	{ "HEAD", "/keys", 0, 1, NULL, NULL, NULL },
	{ "POST", "/keys", 0, 2, NULL, NULL, NULL },
	{ "GET", "/keys/key_A-9", 0, 3, "key_A-9", NULL, NULL },
	{ "DELETE", "/keys/k1", 0, 4, "k1", NULL, NULL },
	{ "POST", "/keys/k1/revoke", 0, 5, "k1", NULL, NULL },
	{ "GET", "/u/u1/k/k2", 0, 6, "u1", "k2", NULL },
	{ "GET", id64, 0, 3, id64 + 6, NULL, NULL },
	{ "PUT", "/keys", 405, -1, NULL, NULL, "GET, HEAD, POST" },
	{ "DELETE", "/", 405, -1, NULL, NULL, "GET, HEAD" },
	{ "POST", "/keys/k1", 405, -1, NULL, NULL, "GET, HEAD, DELETE" },
	{ "GET", "/keys/k1/revoke", 405, -1, NULL, NULL, "POST" },
	{ "HEAD", "/keys/k1/revoke", 405, -1, NULL, NULL, "POST" },
	{ "BREW", "/keys", 405, -1, NULL, NULL, "GET, HEAD, POST" },
};

/* Paths no route matches, for any method. */
static const char *const not_found[] = {
	"/nope", "/keysx", "/keys//", "/keys/a.b", "/keys/~x", id65,
	"/keys/k1/extra", "/u/u1/k", "/u//k/x",
};

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

int
main(void)
{
	struct req	*r;
	char		 allow[80];
	size_t		 i;
	int		 rc, pr;

	unsetenv("LATCHKEY_TRUSTED_PROXY");
	CHECK(config_load() == 0);
	memcpy(id64, "/keys/", 6);
	memset(id64 + 6, 'k', 64);
	memcpy(id65, id64, 70);
	id65[70] = 'k';

	for (i = 0; i < LEN(matches); i++) {
		r = mkreq(matches[i].m, matches[i].uri, &pr);
		rc = pr == 0 ? route_match(routes, r) : -pr;
		CHECKF(rc == matches[i].rc, "route row %zu: %d", i, rc);
		if (rc == 0 && matches[i].rc == 0)
			CHECKF(r->route == &routes[matches[i].idx] &&
			    same(r->args[0], matches[i].a0) &&
			    same(r->args[1], matches[i].a1),
			    "route row %zu", i);
		snprintf(allow, sizeof(allow), "Allow: %s\r\n",
		    matches[i].allow ? matches[i].allow : "");
		if (matches[i].rc == 405)
			CHECKF(r->head.data && strcmp(r->head.data, allow) == 0,
			    "route row %zu: %s", i, r->head.data);
		else
			CHECKF(r->head.len == 0, "route row %zu: headers", i);
		req_free(r);
	}
	for (i = 0; i < LEN(not_found) * 3; i++) {
		r = mkreq(i % 3 == 0 ? "GET" : i % 3 == 1 ? "HEAD" : "POST",
		    not_found[i / 3], &pr);
		rc = pr == 0 ? route_match(routes, r) : -pr;
		CHECKF((rc == 404 || rc == -400) && r->route == NULL &&
		    r->head.len == 0, "route %s: %d", not_found[i / 3], rc);
		req_free(r);
	}

	/* A trailing slash: a GET goes to the page without it (query kept);
	 * another method, or a path that isn't a page without it, is 404. */
	r = mkreq("GET", "/keys/?a=1", &pr);
	CHECK(pr == 0 && route_match(routes, r) == 308 && r->route == NULL &&
	    r->head.data && strcmp(r->head.data, "Location: /keys?a=1\r\n") ==
	    0);
	req_free(r);
	r = mkreq("HEAD", "/keys/k1/", &pr);
	CHECK(pr == 0 && route_match(routes, r) == 308 &&
	    strcmp(r->head.data, "Location: /keys/k1\r\n") == 0);
	req_free(r);
	r = mkreq("POST", "/keys/", &pr);
	CHECK(pr == 0 && route_match(routes, r) == 404 && r->head.len == 0);
	req_free(r);
	r = mkreq("GET", "/keys/k1/revoke/", &pr);
	CHECK(pr == 0 && route_match(routes, r) == 404 && r->head.len == 0);
	req_free(r);

	return t_done("test_route");
}
