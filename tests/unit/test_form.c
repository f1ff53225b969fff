/* form.c: urlencoded decoding, binding to declared fields, encoding. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "form.h"
#include "valid.h"
#include "t.h"

#define LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* Up to two pairs are compared; n is the expected pair count. */
static const struct {
	const char	*in;
	int		 ok;
	size_t		 n;
	const char	*k0, *v0, *k1, *v1;
} dec[] = {
	{ "", 1, 0, NULL, NULL, NULL, NULL },
	{ "a=1&b=2", 1, 2, "a", "1", "b", "2" },
	{ "a=x+y", 1, 1, "a", "x y", NULL, NULL },
	{ "a=x%20y", 1, 1, "a", "x y", NULL, NULL },
	{ "a=x%2By", 1, 1, "a", "x+y", NULL, NULL },
	{ "a=%2b%2F", 1, 1, "a", "+/", NULL, NULL },	/* either case */
	{ "a=", 1, 1, "a", "", NULL, NULL },
	{ "a", 1, 1, "a", "", NULL, NULL },
	{ "a&b=2", 1, 2, "a", "", "b", "2" },
	{ "a=1=2", 1, 1, "a", "1=2", NULL, NULL },
	{ "k%20y=v", 1, 1, "k y", "v", NULL, NULL },
	{ "a=%C3%A9%E2%82%AC", 1, 1, "a", "\xc3\xa9\xe2\x82\xac", NULL, NULL },
	{ "a=%F0%9F%94%91", 1, 1, "a", "\xf0\x9f\x94\x91", NULL, NULL },
	{ "a=%0A", 1, 1, "a", "\n", NULL, NULL },	/* fields judge */
	{ "%", 0, 0, NULL, NULL, NULL, NULL },
	{ "a=%", 0, 0, NULL, NULL, NULL, NULL },
	{ "a=%z", 0, 0, NULL, NULL, NULL, NULL },
	{ "a=%zz", 0, 0, NULL, NULL, NULL, NULL },
	{ "a=%2", 0, 0, NULL, NULL, NULL, NULL },
	{ "a=%2z", 0, 0, NULL, NULL, NULL, NULL },
	{ "%zz=1", 0, 0, NULL, NULL, NULL, NULL },
	{ "a=%C0%AF", 0, 0, NULL, NULL, NULL, NULL },	/* overlong '/' */
	{ "a=%E0%80%AF", 0, 0, NULL, NULL, NULL, NULL },
	{ "a=%ED%A0%80", 0, 0, NULL, NULL, NULL, NULL },	/* surrogate */
	{ "a=%F4%90%80%80", 0, 0, NULL, NULL, NULL, NULL },
	{ "a=%C3", 0, 0, NULL, NULL, NULL, NULL },	/* truncated */
	{ "a=\xc3", 0, 0, NULL, NULL, NULL, NULL },	/* raw, invalid */
	{ "a=%00", 0, 0, NULL, NULL, NULL, NULL },
	{ "a=x%00y", 0, 0, NULL, NULL, NULL, NULL },
	{ "%00=x", 0, 0, NULL, NULL, NULL, NULL },	/* empty key */
	{ "a%00b=x", 0, 0, NULL, NULL, NULL, NULL },
	{ "&a=1", 0, 0, NULL, NULL, NULL, NULL },
	{ "a=1&", 0, 0, NULL, NULL, NULL, NULL },
	{ "a=1&&b=2", 0, 0, NULL, NULL, NULL, NULL },
	{ "&", 0, 0, NULL, NULL, NULL, NULL },
	{ "=x", 0, 0, NULL, NULL, NULL, NULL },
	{ "=", 0, 0, NULL, NULL, NULL, NULL },
	{ "a=1&=2", 0, 0, NULL, NULL, NULL, NULL },
};

enum { NAME, NOTE, DAYS, OK, TAG, NFIELDS };

static const struct field fields[] = {
	{ "name", FT_STR, F_QUERY | F_BODY, 5, NULL },
	{ "note", FT_TEXT, F_BODY, 20, NULL },
	{ "days", FT_INT, F_QUERY | F_BODY, 0, NULL },
	{ "ok", FT_BOOL, F_BODY, 0, NULL },
	{ "tag", FT_LIST, F_BODY, 3, valid_id },
	{ NULL, FT_STR, 0, 0, NULL },
};

static const struct field reqfields[] = {
	{ "email", FT_STR, F_BODY | F_REQ, 254, valid_email },
	{ "next", FT_STR, F_QUERY, 100, valid_local_path },
	{ NULL, FT_STR, 0, 0, NULL },
};

#define SKIP	CSRF_FIELD

/* err is a word the error must contain; NULL when binding succeeds. */
static const struct {
	const char		*query, *body;
	const struct field	*f;
	const char		*skip, *err;
} binds[] = {
	{ "", "name=abcde", fields, NULL, NULL },
	{ "name=abcde", "", fields, NULL, NULL },
	{ "", "name=abcdef", fields, NULL, "malformed" },
	{ "", "name=%C3%A9%C3%A9", fields, NULL, NULL },
	{ "", "name=%C3%A9%C3%A9%C3%A9", fields, NULL, "malformed" },
	{ "", "name=a%09b", fields, NULL, "malformed" },
	{ "", "name=a%0Ab", fields, NULL, "malformed" },
	{ "", "name=a%7F", fields, NULL, "malformed" },
	{ "", "note=a%09b%0D%0Ac", fields, NULL, NULL },
	{ "", "note=a%07b", fields, NULL, "malformed" },
	{ "", "note=a%7Fb", fields, NULL, "malformed" },
	{ "", "days=", fields, NULL, NULL },
	{ "", "days=30", fields, NULL, NULL },
	{ "days=30", "", fields, NULL, NULL },
	{ "", "days=0", fields, NULL, NULL },
	{ "", "days=1000000000000", fields, NULL, NULL },
	{ "", "days=1000000000001", fields, NULL, "malformed" },
	{ "", "days=-1", fields, NULL, "malformed" },
	{ "", "days=1e3", fields, NULL, "malformed" },
	{ "", "days=030", fields, NULL, "malformed" },
	{ "", "days=+1", fields, NULL, "malformed" },
	{ "", "days=+30", fields, NULL, "malformed" },	/* "+" is a space */
	{ "", "ok=1", fields, NULL, NULL },
	{ "", "ok=0", fields, NULL, "malformed" },
	{ "", "ok=true", fields, NULL, "malformed" },
	{ "", "ok=on", fields, NULL, "malformed" },
	{ "", "ok=11", fields, NULL, "malformed" },
	{ "", "tag=a&tag=b&tag=c", fields, NULL, NULL },
	{ "", "tag=a&tag=b&tag=c&tag=d", fields, NULL, "malformed" },
	{ "", "tag=a.b", fields, NULL, "malformed" },
	{ "", "nope=1", fields, NULL, "unknown" },
	{ "nope=1", "", fields, NULL, "unknown" },
	{ "NAME=a", "", fields, NULL, "unknown" },	/* names are exact */
	{ "", "name=a&name=b", fields, NULL, "repeated" },
	{ "", "name=&name=b", fields, NULL, "repeated" },
	{ "", "name=a&name=", fields, NULL, "repeated" },
	{ "name=a", "name=b", fields, NULL, "repeated" },
	{ "", "days=1&days=1", fields, NULL, "repeated" },
	{ "note=x", "", fields, NULL, "unknown" },	/* body only */
	{ "ok=1", "", fields, NULL, "unknown" },
	{ "tag=a", "", fields, NULL, "unknown" },
	{ "", "csrf_token=abc&name=x", fields, SKIP, NULL },
	{ "csrf_token=abc", "", fields, SKIP, "unknown" },
	{ "", "csrf_token=a&csrf_token=b", fields, SKIP, "repeated" },
	{ "", "csrf_token=abc", fields, NULL, "unknown" },
	{ "", "", reqfields, NULL, "missing" },
	{ "", "email=", reqfields, NULL, "missing" },
	{ "", "email=a%40b.co", reqfields, NULL, NULL },
	{ "", "email=not-an-email", reqfields, NULL, "malformed" },
	{ "email=a%40b.co", "", reqfields, NULL, "unknown" },
	{ "next=%2Fhome", "email=a%40b.co", reqfields, NULL, NULL },
	{ "next=%2F%2Fevil", "email=a%40b.co", reqfields, NULL, "malformed" },
	{ "", "next=%2Fhome&email=a%40b.co", reqfields, NULL, "unknown" },
};

static const struct { const char *in, *out; } enc[] = {
	{ "", "" },
	{ "AZaz09-._~", "AZaz09-._~" },
	{ "a b", "a%20b" },
	{ "/settings", "%2Fsettings" },
	{ "a+b&c=d?e#f", "a%2Bb%26c%3Dd%3Fe%23f" },
	{ "%", "%25" },
	{ "\xc3\xa9", "%C3%A9" },
	{ "\xf0\x9f\x94\x91", "%F0%9F%94%91" },
	{ "\n\"<>", "%0A%22%3C%3E" },
};

/* Decodes query then body and binds them; the arena is the caller's. */
static int
bind(struct arena *a, const char *query, const char *body,
    const struct field *f, const char *skip, struct fval *out,
    const char **skipval, const char **err)
{
	struct kv	*kvs = NULL;
	size_t		 n = 0;

	*skipval = NULL;
	*err = NULL;
	if (form_decode(a, query, strlen(query), 0, &kvs, &n) == -1 ||
	    form_decode(a, body, strlen(body), 1, &kvs, &n) == -1) {
		*err = "(decode)";
		return -1;
	}
	/* As the request layer does: bind every source, then require. */
	if (form_bind(a, kvs, n, f, out, skip, skipval, err) == -1)
		return -1;
	return form_required(f, out, err);
}

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

int
main(void)
{
	struct arena	*a;
	struct kv	*kvs;
	struct fval	 out[NFIELDS];
	const char	*err, *sv;
	char		*s;
	size_t		 i, n;
	int		 rc;

	for (i = 0; i < LEN(dec); i++) {
		a = arena_new();
		kvs = NULL;
		n = 0;
		rc = form_decode(a, dec[i].in, strlen(dec[i].in), 1, &kvs, &n);
		CHECKF(rc == (dec[i].ok ? 0 : -1), "form_decode(\"%s\") = %d",
		    dec[i].in, rc);
		if (rc == 0 && dec[i].ok) {
			CHECKF(n == dec[i].n, "\"%s\": %zu pairs", dec[i].in,
			    n);
			if (n >= 1 && dec[i].n >= 1)
				CHECKF(same(kvs[0].key, dec[i].k0) &&
				    same(kvs[0].val, dec[i].v0) &&
				    kvs[0].vlen == strlen(dec[i].v0) &&
				    kvs[0].from_body == 1,
				    "\"%s\": pair 0", dec[i].in);
			if (n >= 2 && dec[i].n >= 2)
				CHECKF(same(kvs[1].key, dec[i].k1) &&
				    same(kvs[1].val, dec[i].v1),
				    "\"%s\": pair 1", dec[i].in);
		}
		arena_free(a);
	}

	/* A raw NUL inside the given length is refused in key and value. */
	a = arena_new();
	kvs = NULL;
	n = 0;
	CHECK(form_decode(a, "a=x\0y", 5, 0, &kvs, &n) == -1);
	kvs = NULL;
	n = 0;
	CHECK(form_decode(a, "a\0b=1", 5, 0, &kvs, &n) == -1);
	/* Query then body append, each pair remembering where it came from. */
	kvs = NULL;
	n = 0;
	CHECK(form_decode(a, "q=1", 3, 0, &kvs, &n) == 0);
	CHECK(form_decode(a, "b=2&c=3", 7, 1, &kvs, &n) == 0);
	CHECK(n == 3 && strcmp(kvs[0].key, "q") == 0 && !kvs[0].from_body &&
	    strcmp(kvs[1].key, "b") == 0 && kvs[1].from_body &&
	    strcmp(kvs[2].val, "3") == 0 && kvs[2].from_body);
	arena_free(a);

	for (i = 0; i < LEN(binds); i++) {
		a = arena_new();
		memset(out, 0, sizeof(out));
		rc = bind(a, binds[i].query, binds[i].body, binds[i].f,
		    binds[i].skip, out, &sv, &err);
		if (binds[i].err == NULL)
			CHECKF(rc == 0, "bind row %zu (\"%s\" / \"%s\"): %s",
			    i, binds[i].query, binds[i].body, err);
		else
			CHECKF(rc == -1 && err != NULL &&
			    strstr(err, binds[i].err) != NULL,
			    "bind row %zu (\"%s\" / \"%s\"): rc %d, err %s, "
			    "want %s", i, binds[i].query, binds[i].body, rc,
			    err ? err : "NULL", binds[i].err);
		arena_free(a);
	}

	/* The values bound, field by field. */
	a = arena_new();
	memset(out, 0, sizeof(out));
	rc = bind(a, "name=ab%20c&days=30",
	    "note=x%0Ay&ok=1&tag=t1&tag=&tag=t2&csrf_token=tok", fields, SKIP,
	    out, &sv, &err);
	CHECK(rc == 0);
	CHECK(out[NAME].present && strcmp(out[NAME].s, "ab c") == 0 &&
	    out[NAME].len == 4);
	CHECK(out[NOTE].present && strcmp(out[NOTE].s, "x\ny") == 0);
	CHECK(out[DAYS].present && out[DAYS].i == 30);
	CHECK(out[OK].present && out[OK].i == 1);
	CHECK(out[TAG].present && out[TAG].n == 2 &&
	    strcmp(out[TAG].list[0], "t1") == 0 &&
	    strcmp(out[TAG].list[1], "t2") == 0);
	CHECK(sv != NULL && strcmp(sv, "tok") == 0);
	arena_free(a);

	/* Empty values count as absent; nothing else is touched. */
	a = arena_new();
	memset(out, 0, sizeof(out));
	rc = bind(a, "name=&days=", "ok=", fields, SKIP, out, &sv, &err);
	CHECK(rc == 0 && !out[NAME].present && !out[DAYS].present &&
	    !out[OK].present && !out[TAG].present && sv == NULL);
	memset(out, 0, sizeof(out));
	rc = bind(a, "", "days=1000000000000", fields, NULL, out, &sv, &err);
	CHECK(rc == 0 && out[DAYS].i == 1000000000000LL);
	arena_free(a);

	for (i = 0; i < LEN(enc); i++) {
		a = arena_new();
		s = form_encode(a, enc[i].in);
		CHECKF(s != NULL && strcmp(s, enc[i].out) == 0,
		    "form_encode row %zu: \"%s\"", i, s ? s : "NULL");
		arena_free(a);
	}
	return t_done("test_form");
}
