/*
 * form.c: form_decode against a reference decoder written here, then
 * form_bind on a table holding every field type (strict, and again with
 * an F_LENIENT terminator), and form_encode round trips.
 *
 * Input: "body\nquery" (without a newline, all of it is the body); the
 * query pairs are appended to the body's as serve.c does.
 */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "field.h"
#include "form.h"
#include "valid.h"

#include "fuzz.h"

#define NFIELDS	6

static const struct field strict[NFIELDS + 1] = {
	{ "s", FT_STR, F_QUERY | F_BODY, 16, NULL },
	{ "t", FT_TEXT, F_BODY, 64, NULL },
	{ "i", FT_INT, F_BODY | F_REQ, 0, NULL },
	{ "b", FT_BOOL, F_BODY, 0, NULL },
	{ "l", FT_LIST, F_QUERY | F_BODY, 4, valid_id },
	{ "q", FT_STR, F_QUERY, 8, valid_not_blank },
	{ NULL, 0, 0, 0, NULL },
};

static const struct field lenient[NFIELDS + 1] = {
	{ "s", FT_STR, F_QUERY | F_BODY, 16, NULL },
	{ "t", FT_TEXT, F_BODY, 64, NULL },
	{ "i", FT_INT, F_BODY | F_REQ, 0, NULL },
	{ "b", FT_BOOL, F_BODY, 0, NULL },
	{ "l", FT_LIST, F_QUERY | F_BODY, 4, valid_id },
	{ "q", FT_STR, F_QUERY, 8, valid_not_blank },
	{ NULL, 0, F_LENIENT, 0, NULL },
};

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reference: percent-decodes s[0..n) into out (n + 1 bytes); -1 on a bad
 * escape, a NUL or invalid UTF-8. */
static long
ref_pct(const char *s, size_t n, char *out)
{
	size_t	 i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (n - i < 3 ||
			    hexval((unsigned char)s[i + 1]) < 0 ||
			    hexval((unsigned char)s[i + 2]) < 0)
				return -1;
			out[o++] = (char)(hexval((unsigned char)s[i + 1]) * 16 +
			    hexval((unsigned char)s[i + 2]));
			i += 2;
		} else
			out[o++] = s[i] == '+' ? ' ' : s[i];
	}
	out[o] = '\0';
	if (memchr(out, '\0', o) != NULL || !valid_utf8(out, o))
		return -1;
	return (long)o;
}

/* Checks form_decode's pairs kv[first..] against s[0..n). */
static void
check_decode(const char *s, size_t n, int rc, const struct kv *kv,
    size_t first, size_t nkv, int from_body)
{
	const char	*p = s, *end = s + n, *amp, *eq;
	char		*kbuf, *vbuf;
	size_t		 k = first;
	long		 kl, vl;
	int		 ok = 1;

	if (n == 0) {
		PROP(rc == 0 && nkv == first);
		return;
	}
	if ((kbuf = malloc(n + 1)) == NULL || (vbuf = malloc(n + 1)) == NULL)
		abort();
	for (;;) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		eq = memchr(p, '=', (size_t)(amp - p));
		if (amp == p || (eq != NULL ? eq : amp) == p) {
			ok = 0;
			break;
		}
		kl = ref_pct(p, (size_t)((eq != NULL ? eq : amp) - p), kbuf);
		vl = eq != NULL ? ref_pct(eq + 1, (size_t)(amp - eq - 1), vbuf) :
		    (vbuf[0] = '\0', 0);
		if (kl < 0 || vl < 0) {
			ok = 0;
			break;
		}
		if (rc == 0) {
			PROP(k < nkv);
			PROP(strcmp(kv[k].key, kbuf) == 0);
			PROP(kv[k].vlen == (size_t)vl);
			PROP(memcmp(kv[k].val, vbuf, (size_t)vl + 1) == 0);
			PROP(kv[k].from_body == from_body);
		}
		k++;
		if (amp == end)
			break;
		p = amp + 1;
	}
	/* Whatever the reference refuses, form_decode refuses, and the
	 * other way round. */
	PROP(ok == (rc == 0));
	if (rc == 0)
		PROP(k == nkv);
	free(kbuf);
	free(vbuf);
}

static void
check_bound(const struct field *f, const struct fval *v,
    const struct kv *kv, size_t nkv)
{
	size_t	 i, j, cnt;

	for (i = 0; i < NFIELDS; i++) {
		cnt = 0;
		for (j = 0; j < nkv; j++)
			if (strcmp(kv[j].key, f[i].name) == 0 &&
			    !(kv[j].from_body &&
			    strcmp(kv[j].key, "csrf_token") == 0))
				cnt++;
		if (f[i].type != FT_LIST)
			PROP(cnt <= 1);
		if (!v[i].present)
			continue;
		PROP(cnt >= 1);
		switch (f[i].type) {
		case FT_STR:
		case FT_TEXT:
			PROP(v[i].s != NULL && v[i].len > 0);
			PROP(v[i].len <= f[i].maxlen);
			PROP(strlen(v[i].s) == v[i].len);
			PROP(valid_utf8(v[i].s, v[i].len));
			PROP(valid_no_controls(v[i].s, v[i].len,
			    f[i].type == FT_TEXT));
			PROP(f[i].check == NULL || f[i].check(v[i].s));
			break;
		case FT_INT:
			PROP(v[i].i >= 0 && v[i].i <= 1000000000000LL);
			break;
		case FT_BOOL:
			PROP(v[i].i == 1);
			break;
		case FT_LIST:
			PROP(v[i].n >= 1 && v[i].n <= f[i].maxlen &&
			    v[i].n <= cnt);
			for (j = 0; j < v[i].n; j++)
				PROP(valid_id(v[i].list[j]));
			break;
		default:
			PROP(0);
		}
	}
}

static int
same_fval(const struct fval *a, const struct fval *b)
{
	size_t	 j;

	if (a->present != b->present || a->len != b->len || a->i != b->i ||
	    a->n != b->n || (a->s == NULL) != (b->s == NULL) ||
	    (a->s != NULL && strcmp(a->s, b->s) != 0))
		return 0;
	for (j = 0; j < a->n; j++)
		if (strcmp(a->list[j], b->list[j]) != 0)
			return 0;
	return 1;
}

static void
bind(struct arena *a, const struct kv *kv, size_t nkv)
{
	struct fval	 vs[NFIELDS + 1], vl[NFIELDS + 1];
	const char	*err = NULL, *err2 = NULL, *csrf = NULL, *csrf2 = NULL;
	int		 rs, rl;
	size_t		 i;

	memset(vs, 0, sizeof(vs));
	memset(vl, 0, sizeof(vl));
	rs = form_bind(a, kv, nkv, strict, vs, "csrf_token", &csrf, &err);
	rl = form_bind(a, kv, nkv, lenient, vl, "csrf_token", &csrf2, &err2);
	PROP(rs == 0 || (rs == -1 && err != NULL));
	PROP(rl == 0 || (rl == -1 && err2 != NULL));
	if (rs == 0) {
		check_bound(strict, vs, kv, nkv);
		/* Lenience only ignores undeclared names. */
		PROP(rl == 0);
		for (i = 0; i < NFIELDS; i++)
			PROP(same_fval(&vs[i], &vl[i]));
		PROP((csrf == NULL) == (csrf2 == NULL));
		(void)form_required(strict, vs, &err);
	}
	if (rl == 0)
		check_bound(lenient, vl, kv, nkv);
}

/* decode("k=" + encode(x)) gives back x exactly when x is valid UTF-8. */
static void
roundtrip(struct arena *a, const char *x)
{
	struct kv	*kv = NULL;
	size_t		 nkv = 0, xl = strlen(x);
	const char	*enc, *p;
	char		*pair;
	int		 rc;

	PROP((enc = form_encode(a, x)) != NULL);
	for (p = enc; *p != '\0'; p++)
		if (*p == '%') {
			PROP(strchr("0123456789ABCDEF", p[1]) != NULL &&
			    p[1] != '\0');
			PROP(strchr("0123456789ABCDEF", p[2]) != NULL &&
			    p[2] != '\0');
			p += 2;
		} else
			PROP(fz_unreserved((unsigned char)*p));
	PROP((pair = arena_printf(a, "k=%s&%s=v", enc, enc)) != NULL);
	rc = form_decode(a, pair, strlen(pair), 1, &kv, &nkv);
	if (!valid_utf8(x, xl) || xl == 0) {
		PROP(rc == -1 || xl == 0);
		if (xl == 0)
			PROP(rc == -1);	/* "&=v": empty key */
		return;
	}
	PROP(rc == 0 && nkv == 2);
	PROP(kv[0].vlen == xl && memcmp(kv[0].val, x, xl + 1) == 0);
	PROP(strcmp(kv[1].key, x) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a;
	struct kv	*kv = NULL;
	const char	*s = (const char *)data, *nl;
	size_t		 nkv = 0, blen, before;
	char		*x;
	int		 rc;

	if ((a = arena_new()) == NULL)
		abort();
	nl = memchr(s, '\n', size);
	blen = nl != NULL ? (size_t)(nl - s) : size;
	rc = form_decode(a, s, blen, 1, &kv, &nkv);
	check_decode(s, blen, rc, kv, 0, nkv, 1);
	if (rc == 0 && nl != NULL) {
		before = nkv;
		rc = form_decode(a, nl + 1, size - blen - 1, 0, &kv, &nkv);
		check_decode(nl + 1, size - blen - 1, rc, kv, before, nkv, 0);
	}
	if (rc == 0)
		bind(a, kv, nkv);

	x = fz_cstr(data, size);
	roundtrip(a, x);
	free(x);
	arena_free(a);
	return 0;
}
