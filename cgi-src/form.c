#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "form.h"
#include "valid.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..n) into arena memory; NULL if malformed. */
static char *
pct_decode(struct arena *a, const char *s, size_t n, size_t *outlen)
{
	char	*out, *o;
	size_t	 i;
	int	 h, l;

	if ((out = arena_alloc(a, n + 1)) == NULL)
		return NULL;
	for (i = 0, o = out; i < n; i++) {
		if (s[i] == '+')
			*o++ = ' ';
		else if (s[i] == '%') {
			if (n - i < 3 || (h = hexval(s[i + 1])) < 0 ||
			    (l = hexval(s[i + 2])) < 0)
				return NULL;
			*o++ = (char)(h << 4 | l);
			i += 2;
		} else
			*o++ = s[i];
	}
	*o = '\0';
	*outlen = (size_t)(o - out);
	return valid_utf8(out, *outlen) ? out : NULL;
}

int
form_decode(struct arena *a, const char *s, size_t n, int from_body,
    struct kv **kvs, size_t *nkv)
{
	const char	*p = s, *end = s + n, *amp, *eq;
	struct kv	*grown;
	size_t		 cnt = 0, klen, vlen, i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == '&')
			cnt++;
	cnt += *nkv + 1;
	if ((grown = arena_alloc(a, cnt * sizeof(*grown))) == NULL)
		return -1;
	if (*nkv > 0)
		memcpy(grown, *kvs, *nkv * sizeof(*grown));
	*kvs = grown;
	while (p <= end) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		/* "a=1&" or "&&": an empty pair is a malformed request. */
		if (amp == p)
			return -1;
		eq = memchr(p, '=', (size_t)(amp - p));
		klen = (size_t)((eq != NULL ? eq : amp) - p);
		if (klen == 0)
			return -1;
		grown[*nkv].key = pct_decode(a, p, klen, &vlen);
		if (grown[*nkv].key == NULL || vlen != strlen(grown[*nkv].key))
			return -1;
		if (eq != NULL)
			grown[*nkv].val = pct_decode(a, eq + 1,
			    (size_t)(amp - eq - 1), &grown[*nkv].vlen);
		else
			grown[*nkv].val = pct_decode(a, "", 0,
			    &grown[*nkv].vlen);
		if (grown[*nkv].val == NULL ||
		    memchr(grown[*nkv].val, '\0', grown[*nkv].vlen) != NULL)
			return -1;
		grown[*nkv].from_body = from_body;
		(*nkv)++;
		p = amp + 1;
		if (amp == end)
			break;
	}
	return 0;
}

int
field_check_str(const struct field *f, const char *s, size_t len)
{
	if (len > f->maxlen || memchr(s, '\0', len) != NULL ||
	    !valid_utf8(s, len) ||
	    !valid_no_controls(s, len, f->type == FT_TEXT ||
	    f->type == FT_JSON))
		return -1;
	if (f->check != NULL && !f->check(s))
		return -1;
	return 0;
}

int
field_check_int(const struct field *f, int64_t v)
{
	return f->max > 0 && (v < f->min || v > f->max) ? -1 : 0;
}

const char *
field_error(struct arena *a, const struct field *f, const char *what)
{
	const char	*s = NULL;

	if (f->type == FT_INT && f->max > 0)
		s = arena_printf(a, "%s must be a whole number from %lld to "
		    "%lld", f->name, (long long)f->min, (long long)f->max);
	return s != NULL ? s : what;
}

static int
bind_one(struct arena *a, const struct field *f, struct fval *v,
    const struct kv *kv)
{
	unsigned long long	 u;
	const char		**l;

	if (kv->vlen == 0)
		return 0;
	switch (f->type) {
	case FT_STR:
	case FT_TEXT:
	case FT_JSON:
		if (field_check_str(f, kv->val, kv->vlen) == -1)
			return -1;
		v->s = kv->val;
		v->len = kv->vlen;
		break;
	case FT_INT:
		if (!valid_uint(kv->val, 1000000000000ULL, &u) ||
		    field_check_int(f, (int64_t)u) == -1)
			return -1;
		v->i = (int64_t)u;
		break;
	case FT_BOOL:
		if (strcmp(kv->val, "1") != 0)
			return -1;
		v->i = 1;
		break;
	case FT_LIST:
		if (v->n >= f->maxlen || kv->vlen > 256 ||
		    !valid_no_controls(kv->val, kv->vlen, 0) ||
		    (f->check != NULL && !f->check(kv->val)))
			return -1;
		if ((l = arena_alloc(a, (v->n + 1) * sizeof(*l))) == NULL)
			return -1;
		if (v->n > 0)
			memcpy(l, v->list, v->n * sizeof(*l));
		l[v->n++] = kv->val;
		v->list = l;
		break;
	default:
		return -1;
	}
	v->present = 1;
	return 0;
}

static const struct field *
find_field(const struct field *fields, const char *name, int from_body,
    size_t *idx)
{
	size_t	 i;

	for (i = 0; fields != NULL && fields[i].name != NULL; i++) {
		if (strcmp(fields[i].name, name) != 0)
			continue;
		if (!(fields[i].flags & (from_body ? F_BODY : F_QUERY)))
			return NULL;
		*idx = i;
		return &fields[i];
	}
	return NULL;
}

static int
lenient(const struct field *fields)
{
	size_t	 i;

	for (i = 0; fields != NULL && fields[i].name != NULL; i++)
		;
	return fields != NULL && (fields[i].flags & F_LENIENT);
}

/* Declared under any source: then a wrong source is still an error. */
static int
declared(const struct field *fields, const char *name)
{
	size_t	 i;

	for (i = 0; fields[i].name != NULL; i++)
		if (strcmp(fields[i].name, name) == 0)
			return 1;
	return 0;
}

int
form_bind(struct arena *a, const struct kv *kvs, size_t n,
    const struct field *fields, struct fval *out, const char *skip,
    const char **skipval, const char **err)
{
	const struct field	*f;
	unsigned char		 seen[FORM_MAXFIELDS] = { 0 };
	size_t			 i, idx = 0;

	for (i = 0; fields != NULL && fields[i].name != NULL; i++)
		if (i + 1 >= FORM_MAXFIELDS) {
			*err = "too many fields declared";
			return -1;
		}
	for (i = 0; i < n; i++) {
		if (skip != NULL && kvs[i].from_body &&
		    strcmp(kvs[i].key, skip) == 0) {	/* lint-ok: a name */
			if (*skipval != NULL) {
				*err = "repeated parameter";
				return -1;
			}
			*skipval = kvs[i].val;
			continue;
		}
		if ((f = find_field(fields, kvs[i].key, kvs[i].from_body,
		    &idx)) == NULL) {
			if (lenient(fields) && !declared(fields, kvs[i].key))
				continue;
			*err = "unknown parameter";
			return -1;
		}
		if (f->type != FT_LIST && seen[idx]) {
			*err = "repeated parameter";
			return -1;
		}
		seen[idx] = 1;
		if (bind_one(a, f, &out[idx], &kvs[i]) == -1) {
			*err = field_error(a, f, "malformed parameter");
			return -1;
		}
	}
	return 0;
}

int
form_required(const struct field *fields, const struct fval *out,
    const char **err)
{
	size_t	 i;

	for (i = 0; fields != NULL && fields[i].name != NULL; i++)
		if ((fields[i].flags & F_REQ) && !out[i].present) {
			*err = "missing parameter";
			return -1;
		}
	return 0;
}

char *
form_encode(struct arena *a, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 n = strlen(s);
	char			*out, *o;

	if (n > (SIZE_MAX - 1) / 3 || (out = arena_alloc(a, 3 * n + 1)) ==
	    NULL)
		return NULL;
	for (o = out; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			*o++ = (char)c;
		else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}
