#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "route.h"
#include "valid.h"

/* Matches path against pattern, capturing "{id}" segments into args. */
static int
match(const char *pattern, const char *path, const char **args,
    struct arena *a)
{
	const char	*p = pattern, *s = path, *pe, *se;
	size_t		 nargs = 0;
	char		*seg;

	while (*p != '\0' && *s != '\0') {
		pe = strchr(p, '/');
		se = strchr(s, '/');
		if (pe == NULL)
			pe = p + strlen(p);
		if (se == NULL)
			se = s + strlen(s);
		if (pe - p == 4 && strncmp(p, "{id}", 4) == 0) {
			if (nargs == ROUTE_MAXARGS ||
			    (seg = arena_strndup(a, s, (size_t)(se - s))) ==
			    NULL || !valid_id(seg))
				return 0;
			args[nargs++] = seg;
		} else if (pe - p != se - s ||
		    strncmp(p, s, (size_t)(pe - p)) != 0)
			return 0;
		p = *pe ? pe + 1 : pe;
		s = *se ? se + 1 : se;
		if ((*pe == '/') != (*se == '/'))
			return 0;
	}
	return *p == '\0' && *s == '\0';
}


/* glibc 2.36 has no strlcat. */
static void
append(char *dst, size_t sz, const char *s)
{
	size_t	 n = strlen(dst);

	if (n < sz)
		snprintf(dst + n, sz - n, "%s", s);
}

static const char *const method_names[METHOD__MAX] = {
	"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "",
};

const struct route *
route_find(const struct route *t, enum http_method m, const char *path,
    struct arena *a)
{
	const char	*args[ROUTE_MAXARGS];

	for (; t->pattern != NULL; t++)
		if (t->method == m && match(t->pattern, path, args, a))
			return t;
	return NULL;
}

/* "/settings/api-keys/" is the page without its slash: 308 there
 * (keeping the query), else 404. */
static int
slash(const struct route *t, struct req *r, enum http_method m)
{
	size_t		 n = strlen(r->path);
	const char	*bare, *loc;

	if (m != METHOD_GET || n < 2 || r->path[n - 1] != '/' ||
	    (bare = arena_strndup(r->arena, r->path, n - 1)) == NULL ||
	    route_find(t, METHOD_GET, bare, r->arena) == NULL)
		return 404;
	loc = r->query[0] != '\0' ? arena_printf(r->arena, "%s?%s", bare,
	    r->query) : bare;
	if (loc == NULL || http_header(r, "Location", loc) == -1)
		return 404;
	return 308;
}

int
route_match(const struct route *t, struct req *r)
{
	const char	*args[ROUTE_MAXARGS];
	char		 allow[64] = "";
	enum http_method m = r->method == METHOD_HEAD ? METHOD_GET : r->method;
	const struct route *cors = NULL;
	size_t		 i;

	for (i = 0; t[i].pattern != NULL; i++) {
		memset(args, 0, sizeof(args));
		if (!match(t[i].pattern, r->path, args, r->arena))
			continue;
		if (t[i].method == m) {
			r->route = &t[i];
			memcpy(r->args, args, sizeof(args));
			return 0;
		}
		if (cors == NULL && (t[i].flags & R_CORS))
			cors = &t[i];
		if (allow[0] != '\0')
			append(allow, sizeof(allow), ", ");
		append(allow, sizeof(allow), method_names[t[i].method]);
		if (t[i].method == METHOD_GET)
			append(allow, sizeof(allow), ", HEAD");
	}
	if (allow[0] == '\0')
		return slash(t, r, m);
	if (m == METHOD_OPTIONS && cors != NULL) {
		append(allow, sizeof(allow), ", OPTIONS");
		r->route = cors;
		r->allow = arena_strdup(r->arena, allow);
		return r->allow != NULL ? 0 : 500;
	}
	http_header(r, "Allow", allow);
	return 405;
}
