/*
 * json_parse, then json_bind on a table holding every field type. What
 * json.h promises of anything accepted is checked on the parsed tree
 * itself (so this file, unlike cgi-src, looks inside with cJSON): one
 * object, depth <= JSON_MAXDEPTH, no duplicate member names, every
 * string and name valid UTF-8. What json_render writes of it must parse
 * again and render the same.
 */
#include <stdint.h>
#include <string.h>

#include <cJSON.h>

#include "arena.h"
#include "buf.h"
#include "field.h"
#include "form.h"
#include "json.h"
#include "valid.h"

#include "fuzz.h"

#define NFIELDS	6

static const struct field fields[NFIELDS + 1] = {
	{ "name", FT_STR, F_BODY | F_REQ, 100, valid_not_blank },
	{ "note", FT_TEXT, F_BODY, 200, NULL },
	{ "n", FT_INT, F_BODY, 0, NULL },
	{ "flag", FT_BOOL, F_BODY, 0, NULL },
	{ "ids", FT_LIST, F_BODY, 4, valid_id },
	{ "q", FT_STR, F_QUERY, 8, NULL },	/* not from a body */
	{ NULL, 0, 0, 0, NULL },
};

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Walks the tree; returns its depth (an object or array is a level). */
static int
walk(const cJSON *o)
{
	const cJSON	 *c;
	const char	**names;
	size_t		  n = 0, i;
	int		  d, max = 0;

	if (cJSON_IsString(o))
		PROP(valid_utf8(o->valuestring, strlen(o->valuestring)));
	if (!cJSON_IsObject(o) && !cJSON_IsArray(o))
		return 0;
	for (c = o->child; c != NULL; c = c->next) {
		if (cJSON_IsObject(o))
			PROP(c->string != NULL &&
			    valid_utf8(c->string, strlen(c->string)));
		if ((d = walk(c)) > max)
			max = d;
		n++;
	}
	if (cJSON_IsObject(o) && n > 1) {
		if ((names = calloc(n, sizeof(*names))) == NULL)
			abort();
		for (i = 0, c = o->child; c != NULL; c = c->next)
			names[i++] = c->string;
		qsort(names, n, sizeof(*names), cmpstr);
		for (i = 1; i < n; i++)
			PROP(strcmp(names[i - 1], names[i]) != 0);
		free(names);
	}
	return max + 1;
}

static void
check_bound(const struct fval *v, const cJSON *root)
{
	size_t	 i, j;

	for (i = 0; i < NFIELDS; i++) {
		if (!v[i].present)
			continue;
		PROP(cJSON_GetObjectItemCaseSensitive(root,
		    fields[i].name) != NULL);
		PROP(fields[i].flags & F_BODY);
		switch (fields[i].type) {
		case FT_STR:
		case FT_TEXT:
			PROP(v[i].len > 0 && v[i].len <= fields[i].maxlen &&
			    strlen(v[i].s) == v[i].len);
			PROP(valid_no_controls(v[i].s, v[i].len,
			    fields[i].type == FT_TEXT));
			PROP(fields[i].check == NULL ||
			    fields[i].check(v[i].s));
			break;
		case FT_INT:
			PROP(v[i].i >= 0 && v[i].i <= 1000000000000LL);
			break;
		case FT_BOOL:
			PROP(v[i].i == 0 || v[i].i == 1);
			break;
		case FT_LIST:
			PROP(v[i].n <= fields[i].maxlen);
			for (j = 0; j < v[i].n; j++)
				PROP(valid_id(v[i].list[j]));
			break;
		default:
			PROP(0);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a;
	struct json	*j, *j2;
	struct fval	 v[NFIELDS + 1];
	struct buf	 b1 = { 0 }, b2 = { 0 };
	const char	*err = NULL;

	j = json_parse((const char *)data, size, &err);
	if (j == NULL) {
		PROP(err != NULL);
		return 0;
	}
	PROP(cJSON_IsObject((const cJSON *)j));
	PROP(walk((const cJSON *)j) <= JSON_MAXDEPTH);
	PROP(memchr(data, '\0', size) == NULL);

	if ((a = arena_new()) == NULL)
		abort();
	memset(v, 0, sizeof(v));
	if (json_bind(a, j, fields, v, &err) == 0) {
		check_bound(v, (const cJSON *)j);
		(void)form_required(fields, v, &err);
	} else
		PROP(err != NULL);
	arena_free(a);

	/* What we render of an accepted document we accept again. */
	PROP(json_render(j, &b1) == 0);
	j2 = json_parse(b1.data, b1.len, &err);
	PROP(j2 != NULL);
	PROP(json_render(j2, &b2) == 0);
	PROP(b1.len == b2.len && memcmp(b1.data, b2.data, b1.len) == 0);
	json_free(j2);
	json_free(j);
	buf_free(&b1);
	buf_free(&b2);
	return 0;
}
