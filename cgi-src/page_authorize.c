/*
 * /oauth/authorize (RFC 6749 4.1, RFC 7636, RFC 9207): checks the
 * request, signs the user in if needed, asks for consent, and sends the
 * browser back with a code. Until the client and redirect_uri are known
 * good every refusal is an error page: never a redirect to an address
 * we haven't verified.
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "client.h"
#include "code.h"
#include "config.h"
#include "db.h"
#include "form.h"
#include "pages.h"
#include "session.h"
#include "tmpl.h"
#include "tokens.h"
#include "valid.h"
#include "web.h"

/* Unknown parameters are ignored (RFC 6749 3.1); repeats are not. */
#define AUTHORIZE_FIELDS(from)						\
	[AZ_RESPONSE_TYPE] = { "response_type", FT_STR, from, 256, NULL }, \
	[AZ_CLIENT_ID] = { "client_id", FT_STR, from, 64, NULL },	\
	[AZ_REDIRECT] = { "redirect_uri", FT_STR, from, 600, NULL },	\
	[AZ_SCOPE] = { "scope", FT_STR, from, 1000, NULL },		\
	[AZ_STATE] = { "state", FT_STR, from, 4096, NULL },		\
	[AZ_CHALLENGE] = { "code_challenge", FT_STR, from, 1024, NULL }, \
	[AZ_METHOD] = { "code_challenge_method", FT_STR, from, 256, NULL }, \
	[AZ_NONCE] = { "nonce", FT_STR, from, CODE_NONCEMAX, NULL }

const struct field page_authorize_get_fields[AZ_DECISION + 1] = {
	AUTHORIZE_FIELDS(F_QUERY),
	[AZ_DECISION] = { NULL, 0, F_LENIENT, 0, NULL },
};

const struct field page_authorize_post_fields[AZ__MAX + 1] = {
	AUTHORIZE_FIELDS(F_BODY),
	[AZ_DECISION] = { "decision", FT_STR, F_BODY | F_REQ, 8, NULL },
	[AZ__MAX] = { NULL, 0, F_LENIENT, 0, NULL },
};

static const char *const param_names[AZ_DECISION] = {
	"response_type", "client_id", "redirect_uri", "scope", "state",
	"code_challenge", "code_challenge_method", "nonce",
};

static const char *
str(const struct req *r, int i)
{
	return r->fv[i].present ? r->fv[i].s : NULL;
}

/* redirect_uri plus "code=..." or "error=...", state and iss. */
static int
back(struct req *r, const char *key, const char *value)
{
	const char	*uri = str(r, AZ_REDIRECT), *state = str(r, AZ_STATE);
	const char	*loc, *enc_state = NULL;

	if (state != NULL && (enc_state = form_encode(r->arena, state)) ==
	    NULL)
		return 500;
	loc = arena_printf(r->arena, "%s%c%s=%s%s%s&iss=%s", uri,
	    strchr(uri, '?') != NULL ? '&' : '?', key,
	    form_encode(r->arena, value), enc_state ? "&state=" : "",
	    enc_state ? enc_state : "",
	    form_encode(r->arena, config_get()->issuer));
	if (loc == NULL)
		return 500;
	return web_redirect(r, loc);
}

/* Refusals before the redirect URI is trusted: an error page. */
static int
refuse_page(struct req *r, const char *msg)
{
	r->errmsg = msg;
	return 400;
}

/*
 * Checks the request; 0 with c filled if good, else the status of the
 * refusal (an error page or a redirect back with error=).
 */
static int
check_request(struct req *r, struct client *c)
{
	const char	*rt = str(r, AZ_RESPONSE_TYPE), *m = str(r, AZ_METHOD);
	const char	*ch = str(r, AZ_CHALLENGE), *scope = str(r, AZ_SCOPE);

	if (str(r, AZ_CLIENT_ID) == NULL)
		return refuse_page(r, "The app didn't say who it is "
		    "(client_id is missing).");
	switch (client_get(NULL, str(r, AZ_CLIENT_ID), c)) {
	case CLIENT_OK:
		break;
	case CLIENT_NOTFOUND:
		return refuse_page(r, "No app is registered with this "
		    "client_id.");
	default:
		return 503;
	}
	if (c->owner_disabled)
		return refuse_page(r, "This app has been disabled.");
	if (str(r, AZ_REDIRECT) == NULL || !client_redirect_ok(c,
	    str(r, AZ_REDIRECT)))
		return refuse_page(r, "The app asked to send you to an address "
		    "it hasn't registered, so we stopped here.");
	if (rt == NULL || strcmp(rt, "code") != 0)
		return back(r, "error", rt != NULL &&
		    strcmp(rt, "token") == 0 ?	/* lint-ok: a response type */
		    "unsupported_response_type" : rt == NULL ?
		    "invalid_request" : "unsupported_response_type");
	if (m == NULL || strcmp(m, "S256") != 0 || ch == NULL ||
	    !code_valid_challenge(ch))
		return back(r, "error", "invalid_request");
	if (!(c->grants & GRANT_CODE))
		return back(r, "error", "unauthorized_client");
	if (scope == NULL || !client_valid_scope_list(scope) ||
	    !client_scope_ok(c, scope))
		return back(r, "error", "invalid_scope");
	return 0;
}

/* Issues a code and sends the browser back with it; with consent, the
 * user has just approved and the consent is stored with the code. */
static int
approve(struct req *r, const struct client *c, int consent)
{
	struct code_req	 cr;
	struct actor	 a = web_actor(r);
	char		 code[RND_TOKEN_LEN + 1];

	cr.client_id = c->id;
	cr.user_id = r->sess->user.id;
	cr.redirect_uri = str(r, AZ_REDIRECT);
	cr.scope = str(r, AZ_SCOPE);
	cr.challenge = str(r, AZ_CHALLENGE);
	/* OpenID Connect: the id_token echoes the nonce and says when
	 * the user signed in (this session's start). */
	cr.nonce = str(r, AZ_NONCE);
	cr.auth_time = r->sess->created_at;
	switch (code_issue(&cr, consent, &a, r->now, code)) {
	case CODE_OK:
		return back(r, "code", code);
	case CODE_INVALID:
		return 0;	/* the consent went away: ask again */
	default:
		return 503;
	}
}

static const char *
scope_text(struct req *r, const char *s)
{
	static const struct { const char *name, *text; } t[] = {
		{ "read", "Read your resources" },
		{ "write", "Create and change your resources" },
		{ "delete", "Delete your resources" },
		{ "admin", "Full access to your account, including API keys" },
		{ "offline_access", "Keep access when you're not using it" },
		{ "openid", "Sign you in to the app as you" },
		{ "email", "See your email address" },
		{ "profile", "See your name" },
	};
	const char	*colon = strchr(s, ':');
	size_t		 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(s, t[i].name) == 0)
			return t[i].text;
	if (colon == NULL)
		return s;
	return arena_printf(r->arena, "%s your %.*s",
	    strcmp(colon + 1, "read") == 0 ? "Read" :
	    strcmp(colon + 1, "write") == 0 ? "Change" : "Delete",
	    (int)(colon - s), s);
}

static int
show_consent(struct req *r, const struct client *c)
{
	struct tmpl	*t;
	const char	*uri = str(r, AZ_REDIRECT), *host, *s;
	char		 w[64];
	size_t		 n;
	int		 i, j = 0;

	if ((t = web_page(r, arena_printf(r->arena, "Authorize %s", c->name),
	    "")) == NULL)
		return 500;
	tmpl_set(t, "Consent.app_name", c->name);
	tmpl_set(t, "Consent.owner_email", c->owner_email);
	tmpl_set(t, "Consent.user_email", r->sess->user.email);
	tmpl_set(t, "Consent.client_id", c->id);
	host = strstr(uri, "://") + 3;
	tmpl_set(t, "Consent.redirect_host", arena_strndup(r->arena, host,
	    strcspn(host, "/?")));
	/* Approve and Deny end in a redirect to the app's origin. The URI
	 * passed registration; check its origin again all the same, since
	 * it goes into a header (SPEC 8.12). */
	n = (size_t)(host - uri) + strcspn(host, "/?");
	r->form_action = strspn(uri, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:/[]") >= n ?
	    arena_printf(r->arena, "'self' %.*s", (int)n, uri) : "'self'";
	for (s = str(r, AZ_SCOPE); *s != '\0'; s += n + (s[n] == ' ')) {
		n = strcspn(s, " ");
		snprintf(w, sizeof(w), "%.*s", (int)n, s);
		tmpl_set_item(t, "Consent.scopes", j, "name", w);
		tmpl_set_item(t, "Consent.scopes", j++, "text",
		    scope_text(r, w));
	}
	for (i = 0, j = 0; i < AZ_DECISION; i++)
		if (r->fv[i].present) {
			tmpl_set_item(t, "Params", j, "name", param_names[i]);
			tmpl_set_item(t, "Params", j++, "value", r->fv[i].s);
		}
	return web_render(r, t, "consent.cs", 200);
}

/* This URL again, for the sign-in round trip. */
static int
to_login(struct req *r)
{
	const char	*next;

	next = arena_printf(r->arena, "/oauth/authorize?%s", r->query);
	return next != NULL ? page_login_redirect(r, next, r->sess_lost) : 500;
}

int
page_authorize(struct req *r)
{
	struct client	 c;
	int		 st;

	if ((st = check_request(r, &c)) != 0)
		return st;
	if (r->sess == NULL)
		return to_login(r);
	/* Consent once given covers the same confidential app asking again,
	 * for no more, at a redirect URI registered character for
	 * character. A public client can be impersonated by any app on the
	 * device, and a loopback port by any program: those ask every time
	 * (RFC 8252 8.6, SPEC 8.7). code_issue checks the consent. */
	if (c.confidential && client_redirect_exact(&c, str(r, AZ_REDIRECT)) &&
	    (st = approve(r, &c, 0)) != 0)
		return st;
	return show_consent(r, &c);
}

int
page_authorize_decide(struct req *r)
{
	const char	*d = str(r, AZ_DECISION);
	struct client	 c;
	struct actor	 a;
	int		 st;

	if ((st = check_request(r, &c)) != 0)
		return st;
	if (d == NULL || (strcmp(d, "approve") != 0 && strcmp(d, "deny") != 0))
		return refuse_page(r, "Choose Approve or Deny.");
	if (strcmp(d, "deny") == 0) {
		a = web_actor(r);
		if (consent_deny(c.id, str(r, AZ_SCOPE), &a, r->now) == -1)
			return 503;
		return back(r, "error", "access_denied");
	}
	return (st = approve(r, &c, 1)) != 0 ? st : 503;
}
