/* http.c through a fake CGI environment and memory io. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "http.h"
#include "t.h"

#define LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* Reads come from p[0..len) at most chunk bytes at a time; writes
 * append to sent. */
struct src { const char *p; size_t len, off, chunk; int reads, fail; };
struct mem { struct src src; struct buf sent; };

static long
mread(void *ctx, char *out, size_t n)
{
	struct src	*s = &((struct mem *)ctx)->src;
	size_t		 k = s->len - s->off;

	s->reads++;
	if (s->fail)
		return -1;
	if (k > n)
		k = n;
	if (s->chunk && k > s->chunk)
		k = s->chunk;
	memcpy(out, s->p + s->off, k);
	s->off += k;
	return (long)k;
}

static int
mwrite(void *ctx, const char *p, size_t n)
{
	return buf_append(&((struct mem *)ctx)->sent, p, n);
}

static struct mem	 mem;
static const struct http_io io = { mread, mwrite, &mem };
static char		 envbuf[5][1200], *envp[6];

/* A request with REQUEST_METHOD, REQUEST_URI and up to two more
 * "NAME=value" variables (each NULL: absent); http_prep already run. */
static struct req *
mkreq(const char *m, const char *uri, const char *e1, const char *e2,
    int *prep)
{
	const char	*v[4] = { m, uri, e1, e2 };
	const char	*name[4] = { "REQUEST_METHOD=", "REQUEST_URI=", "",
			    "" };
	struct req	*r;
	size_t		 n = 0, i;

	for (i = 0; i < 4; i++)
		if (v[i] != NULL) {
			snprintf(envbuf[n], sizeof(envbuf[n]), "%s%s", name[i],
			    v[i]);
			envp[n] = envbuf[n];
			n++;
		}
	envp[n] = NULL;
	r = req_new(envp, &io, 1700000000LL * 1000000);
	*prep = r != NULL ? http_prep(r) : -1;
	return r;
}

static char	 p1024[1100], p1025[1100], p1024q[1100];

static const struct {
	const char	*uri, *path, *query;
} preps[] = {
	{ "/", "/", "" },
	{ "/a/b?x=1", "/a/b", "x=1" },
	{ "/a/b?", "/a/b", "" },
	{ "/a?b?c=/d", "/a", "b?c=/d" },
	{ "/.well-known/x", "/.well-known/x", "" },
	{ "/a/..b/c.d/~e_f-g", "/a/..b/c.d/~e_f-g", "" },
	{ "/?x=%2e%2e", "/", "x=%2e%2e" },
	{ p1024, p1024, "" },
	{ p1024q, NULL, "x=1" },
};

/* Request targets http_prep answers with 400. */
static const char *const bad_uris[] = {
	"//", "//evil", "/a//b", "/a/../b", "/a/./b", "/..", "/.", "/a/..",
	"/a/.?x", "/%2e%2e", "/a%2Fb", "/a b", "/a\\b", "/a#b",
	"/caf\xc3\xa9", "a/b", "", "?x=1", "http://host/a", p1025,
};

static const struct {
	const char	*m;
	enum http_method want;
	const char	*name;
} methods[] = {
	{ "GET", METHOD_GET, "GET" }, { "HEAD", METHOD_HEAD, "HEAD" },
	{ "POST", METHOD_POST, "POST" }, { "PUT", METHOD_PUT, "PUT" },
	{ "DELETE", METHOD_DELETE, "DELETE" },
	{ "PATCH", METHOD_PATCH, "PATCH" },
	{ "OPTIONS", METHOD_OPTIONS, "OPTIONS" },
	{ "get", METHOD_OTHER, "OTHER" }, { "BREW", METHOD_OTHER, "OTHER" },
	{ "", METHOD_OTHER, "OTHER" },
};

static char	 big[HTTP_MAXBODY + 1];

/* cl NULL: no CONTENT_LENGTH. body NULL: the 64 KiB buffer. */
static const struct {
	const char	*m, *cl, *body;
	size_t		 chunk;
	int		 fail, rc;
	size_t		 len;
	int		 reads;		/* -1: don't care */
} bodies[] = {
	{ "POST", NULL, "", 0, 0, 411, 0, 0 },
	{ "PUT", NULL, "", 0, 0, 411, 0, 0 },
	{ "PATCH", NULL, "", 0, 0, 411, 0, 0 },
	{ "POST", "CONTENT_LENGTH=", "", 0, 0, 411, 0, 0 },
	{ "GET", NULL, "", 0, 0, 0, 0, 0 },
	{ "DELETE", NULL, "", 0, 0, 0, 0, 0 },
	{ "GET", "CONTENT_LENGTH=0", "", 0, 0, 0, 0, 0 },
	{ "POST", "CONTENT_LENGTH=0", "", 0, 0, 0, 0, 0 },
	{ "POST", "CONTENT_LENGTH=-1", "abc", 0, 0, 400, 0, 0 },
	{ "POST", "CONTENT_LENGTH=abc", "abc", 0, 0, 400, 0, 0 },
	{ "POST", "CONTENT_LENGTH= 12", "abc", 0, 0, 400, 0, 0 },
	{ "POST", "CONTENT_LENGTH=12 ", "abc", 0, 0, 400, 0, 0 },
	{ "POST", "CONTENT_LENGTH=+3", "abc", 0, 0, 400, 0, 0 },
	{ "POST", "CONTENT_LENGTH=03", "abc", 0, 0, 400, 0, 0 },
	{ "POST", "CONTENT_LENGTH=18446744073709551616", "", 0, 0, 400, 0, 0 },
	{ "POST", "CONTENT_LENGTH=18446744073709551615", "", 0, 0, 413, 0, 0 },
	{ "POST", "CONTENT_LENGTH=65537", NULL, 0, 0, 413, 0, 0 },
	{ "POST", "CONTENT_LENGTH=65536", NULL, 0, 0, 0, 65536, -1 },
	{ "POST", "CONTENT_LENGTH=3", "abcdef", 0, 0, 0, 3, 1 },
	{ "POST", "CONTENT_LENGTH=20", "abcdefghijklmnopqrst", 7, 0, 0, 20, 3 },
	{ "POST", "CONTENT_LENGTH=10", "abcde", 0, 0, 400, 0, -1 },
	{ "POST", "CONTENT_LENGTH=3", "abc", 0, 1, 400, 0, 1 },
};

#define SC	"__Host-latchkey_session"
static const struct { const char *hdr, *name, *want; } cookies[] = {
	{ NULL, SC, NULL },
	{ "HTTP_COOKIE=" SC "=tok", SC, "tok" },
	{ "HTTP_COOKIE=a=1; " SC "=tok; b=2", SC, "tok" },
	{ "HTTP_COOKIE=a=1;" SC "=tok;b=2", SC, "tok" },
	{ "HTTP_COOKIE=a=1; b=2", "b", "2" },
	{ "HTTP_COOKIE=a=1; b=2", SC, NULL },
	{ "HTTP_COOKIE=" SC "=", SC, "" },
	{ "HTTP_COOKIE=" SC "=a; " SC "=b", SC, NULL },
	{ "HTTP_COOKIE=" SC "=a; x=1; " SC "=a", SC, NULL },
	{ "HTTP_COOKIE=" SC "2=x", SC, NULL },
	{ "HTTP_COOKIE=" SC "2=x; " SC "=y", SC, "y" },
	{ "HTTP_COOKIE=x" SC "=z", SC, NULL },
	{ "HTTP_COOKIE=" SC, SC, NULL },
	{ "HTTP_COOKIE=", SC, NULL },
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
	size_t		 i;
	int		 rc, pr;

	unsetenv("LATCHKEY_TRUSTED_PROXY");
	unsetenv("LATCHKEY_ORIGIN");
	CHECK(config_load() == 0);
	memset(p1024, 'a', 1024);
	p1024[0] = '/';
	memcpy(p1025, p1024, 1024);
	p1025[1024] = 'b';
	memcpy(p1024q, p1024, 1024);
	memcpy(p1024q + 1024, "?x=1", 5);
	for (i = 0; i < sizeof(big) - 1; i++)
		big[i] = (char)('a' + i % 26);

	for (i = 0; i < LEN(preps); i++) {
		r = mkreq("GET", preps[i].uri, NULL, NULL, &pr);
		CHECKF(pr == 0 && (preps[i].path == NULL ||
		    strcmp(r->path, preps[i].path) == 0) &&
		    strcmp(r->query, preps[i].query) == 0,
		    "http_prep row %zu: %d, path %s query %s", i, pr, r->path,
		    r->query);
		req_free(r);
	}
	for (i = 0; i < LEN(bad_uris); i++) {
		r = mkreq("GET", bad_uris[i], NULL, NULL, &pr);
		CHECKF(pr == 400 && strcmp(r->query, "") == 0,
		    "http_prep(\"%.40s\") = %d", bad_uris[i], pr);
		req_free(r);
	}
	r = mkreq(NULL, "/", NULL, NULL, &pr);
	CHECK(pr == 400);
	req_free(r);
	r = mkreq("GET", NULL, NULL, NULL, &pr);
	CHECK(pr == 400);
	req_free(r);
	for (i = 0; i < LEN(methods); i++) {
		r = mkreq(methods[i].m, "/", NULL, NULL, &pr);
		CHECKF(pr == 0 && r->method == methods[i].want &&
		    strcmp(r->method_name, methods[i].name) == 0, "method %s",
		    methods[i].m);
		req_free(r);
	}
	/* Without a trusted proxy, X-Forwarded-For is ignored. */
	r = mkreq("GET", "/", "REMOTE_ADDR=192.0.2.5",
	    "HTTP_X_FORWARDED_FOR=203.0.113.1", &pr);
	CHECK(pr == 0 && strcmp(r->ip, "192.0.2.5") == 0);
	req_free(r);

	for (i = 0; i < LEN(bodies); i++) {
		memset(&mem.src, 0, sizeof(mem.src));
		mem.src.p = bodies[i].body ? bodies[i].body : big;
		mem.src.len = bodies[i].body ? strlen(bodies[i].body) :
		    sizeof(big) - 1;
		mem.src.chunk = bodies[i].chunk;
		mem.src.fail = bodies[i].fail;
		r = mkreq(bodies[i].m, "/", bodies[i].cl, NULL, &pr);
		rc = http_read_body(r);
		CHECKF(rc == bodies[i].rc, "body row %zu: %d", i, rc);
		if (bodies[i].reads >= 0)
			CHECKF(mem.src.reads == bodies[i].reads,
			    "body row %zu: %d reads", i, mem.src.reads);
		if (rc == 0 && bodies[i].cl != NULL && bodies[i].rc == 0)
			CHECKF(r->body != NULL && r->bodylen == bodies[i].len &&
			    memcmp(r->body, mem.src.p, r->bodylen) == 0 &&
			    r->body[r->bodylen] == '\0' &&
			    mem.src.off == r->bodylen,
			    "body row %zu: content", i);
		if (rc == 0 && bodies[i].cl == NULL)
			CHECK(r->body == NULL && r->bodylen == 0);
		req_free(r);
	}

	for (i = 0; i < LEN(cookies); i++) {
		r = mkreq("GET", "/", cookies[i].hdr, NULL, &pr);
		CHECKF(same(http_cookie(r, cookies[i].name), cookies[i].want),
		    "cookie row %zu", i);
		req_free(r);
	}

	r = mkreq("GET", "/", "CONTENT_TYPE=Application/JSON; charset=utf-8",
	    NULL, &pr);
	CHECK(http_ctype_is(r, "application/json") == 1);
	CHECK(http_ctype_is(r, "application/x-www-form-urlencoded") == 0);
	CHECK(http_header(r, "X-A", "1") == 0);
	CHECK(http_header(r, "X-B", "a\r\nSet-Cookie: x=1") == -1);
	CHECK(http_header(r, "X-B", "a\nb") == -1);
	CHECK(http_header(r, "X-B", "a\rb") == -1);
	CHECK(http_header(r, "X-B\r\nX-C", "1") == -1);
	CHECK(http_redirect(r, "/next\r\nX-D: 1") == 500);
	CHECK(strcmp(r->head.data, "X-A: 1\r\n") == 0);
	req_free(r);

	/* 204: no Content-Type, no body; 303: Location; HEAD: no body. */
	buf_reset(&mem.sent);
	r = mkreq("POST", "/x", NULL, NULL, &pr);
	r->status = 204;
	r->ctype = "text/html; charset=utf-8";
	buf_puts(&r->out, "dropped");
	http_header(r, "X-A", "1");
	CHECK(http_send(r) == 0);
	CHECKF(strcmp(mem.sent.data,
	    "Status: 204 No Content\r\nX-A: 1\r\n\r\n") == 0, "%s",
	    mem.sent.data);
	req_free(r);
	buf_reset(&mem.sent);
	r = mkreq("POST", "/x", NULL, NULL, &pr);
	r->status = http_redirect(r, "/next?a=1");
	r->ctype = "text/plain; charset=utf-8";
	buf_puts(&r->out, "See /next");
	CHECK(r->status == 303 && http_send(r) == 0);
	CHECKF(strcmp(mem.sent.data, "Status: 303 See Other\r\nContent-Type: "
	    "text/plain; charset=utf-8\r\nLocation: /next?a=1\r\n\r\nSee /next")
	    == 0, "%s", mem.sent.data);
	req_free(r);
	buf_reset(&mem.sent);
	r = mkreq("HEAD", "/x", NULL, NULL, &pr);
	r->ctype = "text/plain";
	buf_puts(&r->out, "body");
	CHECK(http_send(r) == 0);
	CHECK(strcmp(mem.sent.data, "Status: 200 OK\r\nContent-Type: text/plain"
	    "\r\n\r\n") == 0);
	req_free(r);
	/* A sensitive request's buffers wipe what they held. */
	{
		struct buf	 s = { .secret = 1 };
		char		*old;
		size_t		 k, zero = 1;

		buf_puts(&s, "sk_test_secret");
		old = s.data;
		buf_reset(&s);
		for (k = 0; k < 14; k++)
			zero &= old[k] == '\0';
		CHECK(zero && s.secret == 1);
		buf_free(&s);
		CHECK(s.secret == 1 && s.data == NULL);
		r = mkreq("GET", "/x", NULL, NULL, &pr);
		CHECK(r->sensitive == 0 && r->out.secret == 0);
		CHECK(req_secret(r, 16) != NULL && r->sensitive == 1 &&
		    r->out.secret == 1 && r->head.secret == 1);
		req_free(r);
		CHECK(http_status(0) == 0 && http_status(-2) == 404 &&
		    http_status(-1) == 503 && http_status(-7) == 503);
	}
	CHECK(strcmp(http_reason(413), "Content Too Large") == 0);
	CHECK(strcmp(http_reason(299), "Unknown") == 0);
	buf_free(&mem.sent);
	return t_done("test_http");
}
