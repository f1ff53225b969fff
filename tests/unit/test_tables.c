/*
 * The real route and field tables of both programs, checked for the
 * rules the request layer relies on: every dashboard POST is a form
 * with CSRF, every admin route needs a signed-in admin, the admin's
 * actions that stop something have a confirmation page and admin fields
 * come from the query on a GET, the body on a POST, every table is
 * exactly as long as its enum (no hole, its terminator last), field
 * names are unique, lengths and ranges are set, and no route is
 * declared twice. A table edited carelessly fails here, not in
 * production.
 */
#include <stdio.h>
#include <string.h>

#include "apis.h"
#include "pages.h"
#include "route.h"
#include "t.h"

static const char *
where(const struct route *rt)
{
	static char	 s[160];

	snprintf(s, sizeof(s), "%d %s", (int)rt->method, rt->pattern);
	return s;
}

/* Field names that carry a secret: their routes must be R_SECRET, so the
 * request's memory is wiped when it ends. */
static int
secret_name(const char *s)
{
	static const char *const names[] = { "password", "current_password",
	    "new_password", "refresh_token", "client_secret", "token", "key",
	    "keys", "client_assertion" };
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return 1;
	return 0;
}

/* Named fields 0..n-1, the terminator at n, no duplicate names. */
static void
check_fields(const struct route *rt)
{
	const struct field	*f = rt->fields;
	size_t			 i, j;

	if (f == NULL) {
		CHECKF(rt->nfields == 0, "%s: nfields without a table",
		    where(rt));
		return;
	}
	CHECKF(rt->nfields > 0, "%s: an empty table", where(rt));
	CHECKF(f[rt->nfields].name == NULL, "%s: no terminator at %zu",
	    where(rt), rt->nfields);
	for (i = 0; i < rt->nfields; i++) {
		CHECKF(f[i].name != NULL, "%s: field %zu has no name (a hole "
		    "in the table)", where(rt), i);
		if (f[i].name == NULL)
			continue;
		CHECKF(f[i].flags & (F_QUERY | F_BODY), "%s: %s comes from "
		    "nowhere", where(rt), f[i].name);
		CHECKF(f[i].type == FT_INT || f[i].type == FT_BOOL ||
		    f[i].maxlen > 0, "%s: %s has no length limit", where(rt),
		    f[i].name);
		CHECKF(f[i].type == FT_INT || (f[i].min == 0 && f[i].max == 0),
		    "%s: %s has a range but isn't a number", where(rt),
		    f[i].name);
		CHECKF(f[i].min <= f[i].max, "%s: %s has an empty range",
		    where(rt), f[i].name);
		CHECKF(!secret_name(f[i].name) || (rt->flags & R_SECRET),
		    "%s: %s holds a secret but the route isn't R_SECRET",
		    where(rt), f[i].name);
		/* A route that may seal a secret (SPEC 10) makes one. */
		CHECKF(strcmp(f[i].name, "jwt_signing") != 0 ||
		    (rt->flags & R_SECRET), "%s: jwt_signing on a route that "
		    "isn't R_SECRET", where(rt));
		CHECKF(f[i].type != FT_JSON || f[i].maxlen <= 4096,
		    "%s: %s takes JSON without a small bound", where(rt),
		    f[i].name);
		for (j = i + 1; j < rt->nfields; j++)
			CHECKF(f[j].name == NULL ||
			    strcmp(f[i].name, f[j].name) != 0,
			    "%s: %s declared twice", where(rt), f[i].name);
	}
}

static void
check_unique(const struct route *t)
{
	size_t	 i, j;

	for (i = 0; t[i].pattern != NULL; i++)
		for (j = i + 1; t[j].pattern != NULL; j++)
			CHECKF(t[i].method != t[j].method ||
			    strcmp(t[i].pattern, t[j].pattern) != 0,
			    "%s declared twice", where(&t[i]));
}

/* The admin's POSTs that stop something (issue 16, item 5) have a
 * confirmation page: a GET of the same path. */
static const char *const confirmed[] = {
	"/admin/users/{id}/disable", "/admin/users/{id}/role",
	"/admin/users/{id}/reset-password", "/admin/keys/revoke",
	"/admin/keys/{id}/revoke",
};

static void
admin_rules(void)
{
	const struct route	*rt, *g;
	size_t			 i, j;

	for (i = 0; i < sizeof(confirmed) / sizeof(confirmed[0]); i++) {
		for (g = web_routes; g->pattern != NULL; g++)
			if (g->method == METHOD_GET &&
			    strcmp(g->pattern, confirmed[i]) == 0)
				break;
		CHECKF(g->pattern != NULL, "%s: no confirmation page",
		    confirmed[i]);
	}
	/* An admin GET reads its fields from the query only, a POST from
	 * the body only: a confirmation never acts on a link, and an
	 * action's input never sits in a URL. */
	for (rt = web_routes; rt->pattern != NULL; rt++) {
		if (strncmp(rt->pattern, "/admin", 6) != 0)
			continue;
		for (j = 0; rt->fields != NULL && rt->fields[j].name != NULL;
		    j++)
			CHECKF((rt->fields[j].flags & (F_QUERY | F_BODY)) ==
			    (rt->method == METHOD_GET ? F_QUERY : F_BODY),
			    "%s: field %s from the wrong place", where(rt),
			    rt->fields[j].name);
	}
}

/* SPEC 12: CORS on exactly these, nowhere else. */
static int
cors_path(const char *p)
{
	return strcmp(p, "/oauth/token") == 0 ||
	    strcmp(p, "/oauth/revoke") == 0 ||
	    strcmp(p, "/oauth/userinfo") == 0 ||
	    strncmp(p, "/.well-known/", 13) == 0;
}

static void
web_rules(void)
{
	const struct route	*rt;
	size_t			 n = 0;

	check_unique(web_routes);
	for (rt = web_routes; rt->pattern != NULL; rt++, n++) {
		check_fields(rt);
		CHECKF(rt->pattern[0] == '/', "%s", where(rt));
		CHECKF(!(rt->flags & (R_AUTH | R_JSON | R_OAUTH | R_CORS)),
		    "%s: an API flag on a page", where(rt));
		if (rt->method == METHOD_POST)
			CHECKF((rt->flags & (R_CSRF | R_FORM)) ==
			    (R_CSRF | R_FORM), "%s: a POST without CSRF",
			    where(rt));
		else
			CHECKF(rt->method == METHOD_GET &&
			    !(rt->flags & (R_CSRF | R_FORM)), "%s: only GET "
			    "and POST, and a GET changes nothing", where(rt));
		if (strncmp(rt->pattern, "/admin", 6) == 0)
			CHECKF((rt->flags & (R_SESSION | R_ADMIN)) ==
			    (R_SESSION | R_ADMIN), "%s: admin without a "
			    "session", where(rt));
		if (strncmp(rt->pattern, "/settings", 9) == 0)
			CHECKF(rt->flags & R_SESSION, "%s: settings without "
			    "a session", where(rt));
		if (rt->flags & R_ADMIN)
			CHECKF(rt->flags & R_SESSION, "%s: R_ADMIN without "
			    "R_SESSION", where(rt));
	}
	CHECK(n > 30);
	admin_rules();
}

static void
api_rules(const struct route *t, int verify_pool)
{
	const struct route	*rt, *m;
	size_t			 n = 0;

	check_unique(t);
	for (rt = t; rt->pattern != NULL; rt++, n++) {
		check_fields(rt);
		CHECKF(!(rt->flags & (R_SESSION | R_ADMIN | R_CSRF)),
		    "%s: a dashboard flag in the API", where(rt));
		if (rt->method == METHOD_POST || rt->method == METHOD_DELETE)
			CHECKF(rt->fields == NULL ||
			    (rt->flags & (R_JSON | R_FORM)), "%s: a body with "
			    "no media type", where(rt));
		if (strncmp(rt->pattern, "/oauth/", 7) == 0)
			CHECKF((rt->flags & (R_FORM | R_OAUTH)) ==
			    (R_FORM | R_OAUTH), "%s: OAuth takes forms and "
			    "answers RFC 6749 errors", where(rt));
		if (strncmp(rt->pattern, "/v1/keys", 8) == 0 &&
		    strcmp(rt->pattern, "/v1/keys/revoke-leaked") != 0)
			CHECKF((rt->flags & R_AUTH) && rt->perm != NULL,
			    "%s: key management needs a permission",
			    where(rt));
		if (rt->method == METHOD_POST && (rt->flags & R_AUTH) &&
		    strncmp(rt->pattern, "/v1/keys", 8) == 0)
			CHECKF(rt->flags & R_NODELEGATE, "%s: an OAuth token "
			    "could manage keys (SPEC 8.3)", where(rt));
		CHECKF(rt->perm == NULL || (rt->flags & R_AUTH),
		    "%s: a permission without a credential", where(rt));
		/* Only verification is metered: key management and usage
		 * never count against a quota (SPEC 9). */
		CHECKF(!(rt->flags & R_METERED) == (strcmp(rt->pattern,
		    "/v1/auth/verify") != 0), "%s: metered or not, wrongly",
		    where(rt));
		CHECKF(!(rt->flags & R_METERED) || (rt->flags & R_AUTH),
		    "%s: metered without a credential", where(rt));
		CHECKF(!(rt->flags & R_CORS) == !cors_path(rt->pattern),
		    "%s: CORS where SPEC 12 says no, or none where it says "
		    "yes", where(rt));
		if (!verify_pool)
			continue;
		/* The verify pool serves what the main table says. */
		for (m = api_routes; m->pattern != NULL; m++)
			if (m->method == rt->method &&
			    strcmp(m->pattern, rt->pattern) == 0)
				break;
		CHECKF(m->pattern != NULL && m->handler == rt->handler &&
		    m->flags == rt->flags && m->fields == rt->fields,
		    "%s: differs from the main API table", where(rt));
	}
	CHECK(verify_pool ? n == 2 : n > 10);
}

int
main(void)
{
	web_rules();
	api_rules(api_routes, 0);
	api_rules(api_verify_routes, 1);
	return t_done("test_tables");
}
