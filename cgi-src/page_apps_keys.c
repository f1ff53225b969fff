/* /settings/oauth-apps/{id}/signing-keys: an app's Ed25519 public keys
 * for client-signed JWTs and private_key_jwt (SPEC 10). */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "clientjwt.h"
#include "pages.h"
#include "session.h"
#include "tmpl.h"
#include "web.h"

const struct field page_apps_keys_fields[APK__MAX + 1] = {
	[APK_JWKS] = { "public_jwks", FT_JSON, F_BODY, CJWT_JWKMAX, NULL },
};

/* The page: the app, its keys as stored, the form (with an error). */
static int
render(struct req *r, const struct client *c, const char *text,
    const char *err, int status)
{
	struct cjwt_info	 ci;
	struct tmpl		*t = web_page(r, "Signing keys", "oauth-apps");

	if (t == NULL)
		return 500;
	if (cjwt_client_info(c->id, &ci) != CJWT_OK) {
		tmpl_free(t);
		return 503;
	}
	tmpl_set(t, "App.client_id", c->id);
	tmpl_set(t, "App.name", c->name);
	tmpl_set(t, "App.jwt_signing", ci.jwt_signing ? "1" : NULL);
	tmpl_set(t, "Form.public_jwks", text != NULL ? text : ci.jwk);
	tmpl_set(t, "Errors.public_jwks", err);
	return web_render(r, t, "oauth_app_keys.cs", status);
}

/* The user's confidential app named in the path. */
static int
own_app(struct req *r, struct client *c)
{
	int	 st;

	if ((st = http_status(client_get(r->sess->user.id, r->args[0], c))))
		return st;
	return c->confidential ? 0 : 404;
}

int
page_apps_keys(struct req *r)
{
	struct client	 c;
	int		 st;

	if ((st = own_app(r, &c)) != 0)
		return st;
	return render(r, &c, NULL, NULL, 200);
}

int
page_apps_keys_post(struct req *r)
{
	const struct fval	*f = &r->fv[APK_JWKS];
	struct cjwt_jwks	 set;
	struct client		 c;
	struct actor		 a = web_actor(r);
	char			 canon[CJWT_JWKMAX], notice[160];
	const char		*msg;
	int			 st;

	if ((st = own_app(r, &c)) != 0)
		return st;
	if (f->present && cjwt_jwks_parse(f->s, &set, canon, &msg) == -1)
		return render(r, &c, f->s, msg, 400);
	if ((st = http_status(cjwt_client_set_jwks(r->sess->user.id, c.id,
	    f->present ? canon : NULL, &a, r->now))) != 0)
		return st;
	snprintf(notice, sizeof(notice), f->present ? "Signing keys of '%s' "
	    "saved." : "Signing keys of '%s' removed.", c.name);
	web_notice(r, notice);
	return http_redirect(r, "/settings/oauth-apps");
}
