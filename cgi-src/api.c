#include <string.h>

#include <stdio.h>

#include "api.h"
#include "audit.h"
#include "config.h"
#include "cors.h"
#include "ratelimit.h"
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

/* Counts the request against its credential's limit and says so in
 * the X-RateLimit-* headers, which every authenticated response has. */
static int
rate_limit(struct req *r)
{
	struct rl_result	 res;
	char			 v[24];

	if (ratelimit_take(r->auth->rl_key, r->auth->rl_limit,
	    config_get()->rl_window, r->now, &res) == -1)
		return 503;
	snprintf(v, sizeof(v), "%lld", (long long)res.limit);
	http_header(r, "X-RateLimit-Limit", v);
	snprintf(v, sizeof(v), "%lld", (long long)res.remaining);
	http_header(r, "X-RateLimit-Remaining", v);
	snprintf(v, sizeof(v), "%lld", (long long)res.reset);
	http_header(r, "X-RateLimit-Reset", v);
	if (res.allowed)
		return 0;
	snprintf(v, sizeof(v), "%lld", (long long)(res.reset - r->now));
	http_header(r, "Retry-After", v);
	return api_fail(r, 429, "rate_limit_exceeded", "This credential "
	    "has used its requests for this hour.");
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
	if ((rt->flags & R_NODELEGATE) && r->auth->type == CRED_OAUTH)
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

void
api_finish(struct req *r)
{
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
