/* /admin/apps: every OAuth app; which may introspect everything. */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "pages.h"
#include "session.h"
#include "tmpl.h"
#include "valid.h"
#include "web.h"

static int
is_on_off(const char *s)
{
	return strcmp(s, "on") == 0 || strcmp(s, "off") == 0;
}

const struct field page_admin_apps_rs_fields[RS__MAX + 1] = {
	[RS_ON] = { "resource_server", FT_STR, F_BODY | F_REQ, 3, is_on_off },
};

struct fill {
	struct tmpl	*t;
	int		 n;
};

static void
add_app(const struct client *c, void *arg)
{
	struct fill	*f = arg;
	int		 i = f->n++;

	tmpl_set_item(f->t, "Apps", i, "client_id", c->id);
	tmpl_set_item(f->t, "Apps", i, "name", c->name);
	tmpl_set_item(f->t, "Apps", i, "owner_email", c->owner_email);
	tmpl_set_item(f->t, "Apps", i, "client_type", c->confidential ?
	    "confidential" : "public");
	tmpl_set_item(f->t, "Apps", i, "resource_server",
	    c->resource_server ? "1" : "0");
	tmpl_set_item(f->t, "Apps", i, "owner_disabled",
	    c->owner_disabled ? "1" : "0");
}

int
page_admin_apps(struct req *r)
{
	struct fill	 f = { NULL, 0 };

	if ((f.t = web_page(r, "Apps", "admin-apps")) == NULL)
		return 500;
	if (client_each_all(add_app, &f) != CLIENT_OK) {
		tmpl_free(f.t);
		return 503;
	}
	tmpl_set_int(f.t, "Apps.count", f.n);
	return web_render(r, f.t, "admin_apps.cs", 200);
}

int
page_admin_apps_resource_server(struct req *r)
{
	struct actor	 a = web_actor(r);
	struct client	 c;
	char		 notice[200];
	int		 st, on = strcmp(r->fv[RS_ON].s, "on") == 0;

	if ((st = http_status(client_get(NULL, r->args[0], &c))) != 0)
		return st;
	if (!c.confidential) {
		r->errmsg = "Only a confidential app can introspect.";
		return 400;
	}
	if (client_set_resource_server(c.id, on, &a, r->now) != CLIENT_OK)
		return 503;
	snprintf(notice, sizeof(notice), on ? "%s may now introspect every "
	    "credential." : "%s now sees only its own tokens.", c.name);
	web_notice(r, notice);
	return http_redirect(r, "/admin/apps");
}
