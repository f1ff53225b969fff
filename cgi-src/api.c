#include <string.h>

#include <stdio.h>

#include "api.h"
#include "audit.h"
#include "config.h"
#include "arena.h"
#include "form.h"
#include "limits.h"
#include "cors.h"
#include "ratelimit.h"
#include "usage.h"
#include "valid.h"
#include "auth.h"
#include "perm.h"
#include "route.h"
#include "json.h"
#include "timefmt.h"

struct actor
api_actor(const struct req *r)
{
	struct actor	 a;

	a.user_id = r->auth != NULL ? r->auth->user_id : NULL;
	a.ip = r->ip;
	a.via = VIA_API;
	return a;
}

int
api_reply(struct req *r, int status, struct json *obj)
{
	int	 rc = json_render(obj, &r->out);

	if (r->sensitive)
		json_free_wipe(obj);
	else
		json_free(obj);
	if (rc == -1) {
		buf_reset(&r->out);
		return 500;
	}
	return status;
}

int
api_fail(struct req *r, int status, const char *code, const char *msg)
{
	r->errcode = code;
	r->errmsg = msg;
	return status;
}

int
api_insufficient(struct req *r, const char *msg)
{
	http_header(r, "WWW-Authenticate",
	    "Bearer realm=\"latchkey\", error=\"insufficient_scope\"");
	return api_fail(r, 403, "insufficient_scope", msg);
}

/* The cost=N of a verification (SPEC 9): read here, before anything
 * is counted, so a bad one is refused having charged nothing. */
static int
request_cost(struct req *r, int64_t *cost)
{
	struct kv		*kvs = NULL;
	size_t			 n = 0, i;
	unsigned long long	 v;
	int			 seen = 0;

	*cost = 1;
	if (!(r->route->flags & R_METERED))
		return 0;
	if (form_decode(r->arena, r->query, strlen(r->query), 0, &kvs,
	    &n) == -1)
		return 400;
	for (i = 0; i < n; i++) {
		if (strcmp(kvs[i].key, "cost") != 0) /* lint-ok: a name */
			continue;
		if (seen++ || !valid_uint(kvs[i].val, LIMITS_MAXCOST, &v) ||
		    v < 1)
			return api_fail(r, 400, "invalid_request", "cost must "
			    "be a whole number from 1 to 1000, given once.");
		*cost = (int64_t)v;
	}
	return 0;
}

/* The windows of r's credential: its tier's second, its hour, and on a
 * verification its account's month (shown when a quota applies). */
static int
windows(struct req *r, struct lim_set *s)
{
	const struct principal	*p = r->auth;
	char			 acct[40];

	memset(s, 0, sizeof(*s));
	if (p->rl_second > 0 && limits_add(s, LIM_SECOND, p->rl_key,
	    p->rl_second, 1, r->now, 1) == -1)
		return -1;
	if (limits_add(s, LIM_HOUR, p->rl_key, p->rl_limit,
	    config_get()->rl_window, r->now, 1) == -1)
		return -1;
	if (!(r->route->flags & R_METERED))
		return 0;
	/* Counted without a quota too: GET /v1/usage reports the month. */
	snprintf(acct, sizeof(acct), "acct:%s", p->user_id);
	return limits_add(s, LIM_MONTH, acct, p->quota > 0 ? p->quota :
	    RL_MAXCOUNT, 1, r->now, p->quota > 0);
}

static void
header_int(struct req *r, const char *name, int64_t v)
{
	char	 text[24];

	snprintf(text, sizeof(text), "%lld", (long long)v);
	http_header(r, name, text);
}

/* X-RateLimit-* of the tightest window, and the draft's two fields. */
static void
limit_headers(struct req *r, const struct lim_set *s)
{
	char	 text[256];
	int	 t = limits_tightest(s);

	if (t >= 0) {
		header_int(r, "X-RateLimit-Limit", s->rl[t].limit);
		header_int(r, "X-RateLimit-Remaining", limits_remaining(s,
		    (size_t)t));
		header_int(r, "X-RateLimit-Reset", s->w[t].reset);
	}
	if (limits_policy(s, text, sizeof(text)) == 0)
		http_header(r, "RateLimit-Policy", text);
	if (limits_header(s, r->now, text, sizeof(text)) == 0)
		http_header(r, "RateLimit", text);
}

/* Counts the request in every window of its credential, or in none,
 * and says so in the headers every authenticated response has. */
static int
rate_limit(struct req *r)
{
	struct lim_set	*s = arena_alloc(r->arena, sizeof(*s));
	int64_t		 cost;
	int		 st, i;

	if (s == NULL)
		return 500;
	/* A bad cost charges nothing, but its 400 still has the headers
	 * every authenticated response has: a look (cost 0) fills them. */
	st = request_cost(r, &cost);
	if (windows(r, s) == -1 || (i = limits_take(s, st ? 0 : cost)) == -1)
		return 503;
	r->limits = s;
	limit_headers(r, s);
	if (st != 0 || (size_t)i == s->n)
		return st;
	header_int(r, "Retry-After", s->w[i].reset - r->now);
	if (s->w[i].kind == LIM_MONTH)
		return api_fail(r, 429, "quota_exceeded", "The account has "
		    "used its quota for this month.");
	return api_fail(r, 429, "rate_limit_exceeded", s->w[i].kind ==
	    LIM_SECOND ? "This credential has used its requests for this "
	    "second." : "This credential has used its requests for this "
	    "hour.");
}

int
api_authenticate(struct req *r)
{
	const struct route	*rt = r->route;
	int			 st;

	/* A CORS preflight carries no credential and gets its headers
	 * from api_finish (cors.c). */
	if (r->method == METHOD_OPTIONS)
		return 204;
	if (!(rt->flags & R_AUTH))
		return 0;
	if ((st = auth_request(r)) != 0 || (st = rate_limit(r)) != 0)
		return st;
	/* Key management is for sign-ins and keys: a delegation never
	 * outlives its grant by minting a key (SPEC 8.3). */
	if ((rt->flags & R_NODELEGATE) && (r->auth->type == CRED_OAUTH ||
	    (r->auth->type == CRED_CLIENT_JWT && r->auth->client_id[0])))
		return api_fail(r, 403, "forbidden", "OAuth tokens can't "
		    "create or roll API keys.");
	if (rt->perm != NULL && !perm_covers_one(&r->auth->perms, rt->perm))
		return api_insufficient(r, "The credential lacks the "
		    "permission this needs.");
	return 0;
}

static const char *
default_error(const char *path, int status, const char **msg)
{
	switch (status) {
	case 400:
		*msg = "The request is malformed.";
		return "invalid_request";
	case 401:
		*msg = "A credential is required.";
		return "unauthorized";
	case 403:
		*msg = "This is not allowed.";
		return "forbidden";
	case 404:
		*msg = "No such resource.";
		return "not_found";
	case 405:
		*msg = "This method is not allowed on this resource.";
		return "method_not_allowed";
	case 411:
		*msg = "A Content-Length is required.";
		return "invalid_request";
	case 413:
		*msg = "The request body is larger than 65536 bytes.";
		return "payload_too_large";
	case 415:
		*msg = strncmp(path, "/oauth/", 7) == 0 ? "The body must be "
		    "application/x-www-form-urlencoded." :
		    "The body must be application/json.";
		return "unsupported_media_type";
	case 429:
		*msg = "Rate limit exceeded.";
		return "rate_limit_exceeded";
	case 503:
		*msg = "The service is temporarily unavailable.";
		return "service_unavailable";
	default:
		*msg = "Internal error.";
		return "internal_error";
	}
}

/* RFC 6749 5.2: {"error","error_description"}. */
static void
oauth_error(struct req *r, const char *code, const char *msg)
{
	struct json	*o = json_object();

	if (r->errcode == NULL)
		code = r->status == 401 ? "invalid_client" : r->status >= 500 ?
		    "server_error" : r->status == 429 ? "slow_down" :
		    "invalid_request";
	json_set_str(o, "error", code);
	json_set_str(o, "error_description", msg);
	if (api_reply(r, r->status, o) != r->status)
		r->status = 500;
}

void
api_error(struct req *r)
{
	struct json	*o;
	const char	*msg, *code = default_error(r->path, r->status, &msg);
	char		 ts[RFC3339_LEN + 1];

	if (r->errcode != NULL)
		code = r->errcode;
	if (r->errmsg != NULL)
		msg = r->errmsg;
	if ((r->route != NULL && (r->route->flags & R_OAUTH)) ||
	    strncmp(r->path, "/oauth/", 7) == 0) {
		oauth_error(r, code, msg);
		return;
	}
	timefmt_rfc3339(r->now, ts);
	o = json_object();
	json_set_str(o, "error", code);
	json_set_str(o, "message", msg);
	json_set_int(o, "code", r->status);
	json_set_str(o, "request_id", r->id);
	json_set_str(o, "timestamp", ts);
	if (api_reply(r, r->status, o) != r->status)
		r->status = 500;
}

/* A verification by an API key counts in its usage (SPEC 9), by how
 * it ended; anything else (a bad request) doesn't. */
static void
count_usage(const struct req *r)
{
	static const char *const codes[USAGE__MAX] = {
		[USAGE_SCOPE] = "insufficient_scope",
		[USAGE_RATE] = "rate_limit_exceeded",
		[USAGE_QUOTA] = "quota_exceeded",
	};
	int	 o;

	if (r->auth == NULL || r->auth->type != CRED_APIKEY ||
	    r->route == NULL || !(r->route->flags & R_METERED))
		return;
	for (o = 0; o < USAGE__MAX; o++)
		if (o == USAGE_OK ? r->status == 200 : r->errcode != NULL &&
		    strcmp(r->errcode, codes[o]) == 0)
			break;
	if (o < USAGE__MAX)
		(void)usage_count(r->auth->key_id, r->auth->user_id,
		    (enum usage_outcome)o, r->now);
}

void
api_finish(struct req *r)
{
	count_usage(r);
	/* JSON always, but for /metrics' 200 (SPEC 13's one exception). */
	if (r->ctype == NULL || r->status != 200)
		r->ctype = "application/json";
	/* SPEC 3: every answer but a 204 is JSON, the trailing-slash 308
	 * included, so clients that parse every answer find a body. */
	if (r->status != 204 && r->out.len == 0)
		buf_puts(&r->out, "{}");
	cors_answer(r);
	http_header(r, "X-Request-Id", r->id);
	http_header(r, "Cache-Control", r->cache != NULL ? r->cache :
	    "no-store");
	http_header(r, "X-Content-Type-Options", "nosniff");
	http_header(r, "Content-Security-Policy",
	    "default-src 'none'; frame-ancestors 'none'");
}
