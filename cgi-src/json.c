#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <sodium.h>

#include "arena.h"
#include "buf.h"
#include "form.h"
#include "json.h"
#include "valid.h"

/* Length of the JSON number (RFC 8259 grammar) at s, 0 if malformed:
 * cJSON would take "01" and "1." too. */
static size_t
number_len(const char *s, size_t n)
{
	size_t	 i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return 0;
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		if (++i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	/* "01" ends at "0" with a digit next: malformed. */
	return i < n && s[i] >= '0' && s[i] <= '9' ? 0 : i;
}

/*
 * One linear pass over the raw text before cJSON sees it: cJSON's own
 * depth limit is 1000 and recursive, it accepts invalid UTF-8, raw
 * control characters in strings and numbers like "01", and it silently
 * truncates strings at "\u0000". Returns 0 or -1 with *err.
 */
static int
prescan(const char *s, size_t n, const char **err)
{
	size_t	 i, len;
	int	 depth = 0, in_str = 0;

	if (!valid_utf8(s, n)) {
		*err = "body is not valid UTF-8";
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (in_str) {
			if ((unsigned char)s[i] < 0x20) {
				*err = "control character in string";
				return -1;
			}
			if (s[i] == '\\') {
				if (i + 5 < n && s[i + 1] == 'u' &&
				    strncmp(s + i + 2, "0000", 4) == 0) {
					*err = "NUL character in string";
					return -1;
				}
				i++;
			} else if (s[i] == '"')
				in_str = 0;
			continue;
		}
		if (s[i] == '"')
			in_str = 1;
		else if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9')) {
			if ((len = number_len(s + i, n - i)) == 0) {
				*err = "malformed number";
				return -1;
			}
			i += len - 1;
		} else if (s[i] == '{' || s[i] == '[') {
			if (++depth > JSON_MAXDEPTH) {
				*err = "JSON nested too deeply";
				return -1;
			}
		} else if (s[i] == '}' || s[i] == ']')
			depth--;
	}
	return 0;
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* 1 if any object in the tree repeats a member name. Sorting the names
 * keeps this O(n log n) so a 64 KiB body of members can't stall us. */
static int
has_duplicates(const cJSON *o)
{
	const cJSON	 *c;
	const char	**names;
	size_t		  n = 0, i;
	int		  dup = 0;

	for (c = o->child; c != NULL; c = c->next) {
		if ((cJSON_IsObject(c) || cJSON_IsArray(c)) &&
		    has_duplicates(c))
			return 1;
		n++;
	}
	if (!cJSON_IsObject(o) || n < 2)
		return 0;
	if ((names = calloc(n, sizeof(*names))) == NULL)
		return 1;
	for (i = 0, c = o->child; c != NULL; c = c->next)
		names[i++] = c->string;
	qsort(names, n, sizeof(*names), cmpstr);
	for (i = 1; i < n && !dup; i++)
		dup = strcmp(names[i - 1], names[i]) == 0;
	free(names);
	return dup;
}

struct json *
json_parse(const char *s, size_t n, const char **err)
{
	char		*copy;
	cJSON		*root = NULL;
	const char	*end = NULL;

	if (prescan(s, n, err) == -1)
		return NULL;
	/* cJSON needs the NUL to refuse trailing garbage. */
	if ((copy = malloc(n + 1)) == NULL) {
		*err = "out of memory";
		return NULL;
	}
	memcpy(copy, s, n);
	copy[n] = '\0';
	root = cJSON_ParseWithLengthOpts(copy, n + 1, &end, 1);
	free(copy);
	if (root == NULL) {
		*err = "body is not valid JSON";
		return NULL;
	}
	if (!cJSON_IsObject(root)) {
		*err = "body must be a JSON object";
		goto fail;
	}
	if (has_duplicates(root)) {
		*err = "duplicate member in JSON object";
		goto fail;
	}
	return (struct json *)root;
fail:
	cJSON_Delete(root);
	return NULL;
}

/* A list entry that is a string but not one the field allows is named
 * in the error by its position (*bad); any other fault is not. */
static int
bind_list(struct arena *a, const struct field *f, const cJSON *arr,
    struct fval *v, int *bad)
{
	const cJSON	*c;
	size_t		 n = (size_t)cJSON_GetArraySize(arr), i = 0;

	if (!cJSON_IsArray(arr) || n > f->maxlen)
		return -1;
	if ((v->list = arena_alloc(a, (n + 1) * sizeof(*v->list))) == NULL)
		return -1;
	cJSON_ArrayForEach(c, arr) {
		if (!cJSON_IsString(c) || strlen(c->valuestring) > 256 ||
		    !valid_no_controls(c->valuestring,
		    strlen(c->valuestring), 0))
			return -1;
		if (f->check != NULL && !f->check(c->valuestring)) {
			*bad = (int)i;
			return -1;
		}
		if ((v->list[i++] = arena_strdup(a, c->valuestring)) == NULL)
			return -1;
	}
	v->n = n;
	return 0;
}

static int
bind_member(struct arena *a, const struct field *f, const cJSON *m,
    struct fval *v, int *bad)
{
	double	 d;

	switch (f->type) {
	case FT_STR:
	case FT_TEXT:
		if (!cJSON_IsString(m))
			return -1;
		v->len = strlen(m->valuestring);
		if (v->len == 0)
			return 0;
		if (field_check_str(f, m->valuestring, v->len) == -1 ||
		    (v->s = arena_strdup(a, m->valuestring)) == NULL)
			return -1;
		break;
	case FT_INT:
		/* valueint saturates: range-check the double instead. */
		d = m->valuedouble;
		if (!cJSON_IsNumber(m) || d != floor(d) || d < 0 ||
		    d > 1e12 || field_check_int(f, (int64_t)d) == -1)
			return -1;
		v->i = (int64_t)d;
		break;
	case FT_BOOL:
		if (!cJSON_IsBool(m))
			return -1;
		v->i = cJSON_IsTrue(m) ? 1 : 0;
		break;
	case FT_LIST:
		if (bind_list(a, f, m, v, bad) == -1)
			return -1;
		break;
	default:
		return -1;
	}
	v->present = 1;
	return 0;
}

/* "permissions: entry 2 is not allowed" (its position, never its text,
 * which could be anything); else the field's own message. */
static const char *
bad_member(struct arena *a, const struct field *f, int bad)
{
	const char	*s = NULL;

	if (bad >= 0)
		s = arena_printf(a, "%s: entry %d is not allowed", f->name,
		    bad + 1);
	return s != NULL ? s : field_error(a, f,
	    "malformed member in JSON body");
}

int
json_bind(struct arena *a, const struct json *j, const struct field *fields,
    struct fval *out, const char **err)
{
	const cJSON	*root = (const cJSON *)j, *m;
	int		 bad = -1;
	size_t		 i;

	cJSON_ArrayForEach(m, root) {
		for (i = 0; fields != NULL && fields[i].name != NULL; i++)
			if ((fields[i].flags & F_BODY) &&
			    strcmp(fields[i].name, m->string) == 0)
				break;
		if (fields == NULL || fields[i].name == NULL) {
			*err = "unknown member in JSON body";
			return -1;
		}
		if (cJSON_IsNull(m))
			continue;
		/* The query string may have set it already. */
		if (out[i].present) {
			*err = "repeated parameter";
			return -1;
		}
		if (bind_member(a, &fields[i], m, &out[i], &bad) == -1) {
			*err = bad_member(a, &fields[i], bad);
			return -1;
		}
	}
	return 0;
}

/* A setter ran out of memory since the last render: what it set is
 * missing, so the next render must fail rather than answer without it
 * (a new key's "key", say). Each process builds one response at a time. */
static int	 failed;

static struct json *
made(cJSON *c)
{
	if (c == NULL)
		failed = 1;
	return (struct json *)c;
}

struct json *
json_object(void)
{
	return made(cJSON_CreateObject());
}

struct json *
json_array(void)
{
	return made(cJSON_CreateArray());
}

static void
add(struct json *o, const char *k, cJSON *v)
{
	cJSON_bool	 ok;

	if (o == NULL || v == NULL) {
		cJSON_Delete(v);
		failed = 1;
		return;
	}
	if (cJSON_IsArray((cJSON *)o))
		ok = cJSON_AddItemToArray((cJSON *)o, v);
	else
		ok = cJSON_AddItemToObject((cJSON *)o, k, v);
	if (!ok) {
		cJSON_Delete(v);
		failed = 1;
	}
}

void
json_set_str(struct json *o, const char *k, const char *v)
{
	add(o, k, v != NULL ? cJSON_CreateString(v) : cJSON_CreateNull());
}

void
json_set_int(struct json *o, const char *k, int64_t v)
{
	add(o, k, cJSON_CreateNumber((double)v));
}

void
json_set_bool(struct json *o, const char *k, int v)
{
	add(o, k, cJSON_CreateBool(v));
}

void
json_set_null(struct json *o, const char *k)
{
	add(o, k, cJSON_CreateNull());
}

void
json_set(struct json *o, const char *k, struct json *child)
{
	add(o, k, (cJSON *)child);
}

void
json_push_str(struct json *arr, const char *v)
{
	add(arr, NULL, cJSON_CreateString(v));
}

void
json_push(struct json *arr, struct json *child)
{
	add(arr, NULL, (cJSON *)child);
}

int
json_render(const struct json *o, struct buf *b)
{
	char	*s;
	int	 rc, lost = failed;

	failed = 0;
	if (lost || o == NULL ||
	    (s = cJSON_PrintUnformatted((const cJSON *)o)) == NULL)
		return -1;
	rc = buf_puts(b, s);
	/* The text may hold a secret; b wipes its own copy if told to. */
	sodium_memzero(s, strlen(s));
	cJSON_free(s);
	return rc;
}

void
json_reset(void)
{
	failed = 0;
}

/* Overwrites every name and string below c. */
static void
wipe(cJSON *c)
{
	for (; c != NULL; c = c->next) {
		if (c->string != NULL)
			sodium_memzero(c->string, strlen(c->string));
		if (cJSON_IsString(c) && c->valuestring != NULL)
			sodium_memzero(c->valuestring, strlen(c->valuestring));
		wipe(c->child);
	}
}

void
json_free(struct json *o)
{
	cJSON_Delete((cJSON *)o);
}

void
json_free_wipe(struct json *o)
{
	if (o != NULL)
		wipe(((cJSON *)o)->child);
	cJSON_Delete((cJSON *)o);
}
