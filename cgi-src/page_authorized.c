/* /settings/authorized-apps: the apps the user approved; revoke each. */
#include <stdio.h>
#include <string.h>

#include "code.h"
#include "pages.h"
#include "session.h"
#include "timefmt.h"
#include "tmpl.h"
#include "web.h"

struct fill {
	struct tmpl	*t;
	int64_t		 now;
	int		 n;
	const char	*want;		/* confirm mode: this client */
	char		 name[101];
};

static void
add_grant(const struct consent_info *ci, void *arg)
{
	struct fill	*f = arg;
	int		 i;

	if (f->want != NULL) {
		if (strcmp(ci->client_id, f->want) == 0)
			snprintf(f->name, sizeof(f->name), "%s", ci->app_name);
		return;
	}
	i = f->n++;
	tmpl_set_item(f->t, "Grants", i, "client_id", ci->client_id);
	tmpl_set_item(f->t, "Grants", i, "app_name", ci->app_name);
	tmpl_set_item(f->t, "Grants", i, "owner_email", ci->owner_email);
	tmpl_set_item_time(f->t, "Grants", i, "granted", f->now,
	    ci->created_at);
	tmpl_set_item_words(f->t, "Grants", i, "scopes", ci->scope);
}

static int
render(struct req *r, const char *want)
{
	struct fill	 f = { NULL, r->now, 0, want, "" };

	if ((f.t = web_page(r, "Authorized apps", "authorized-apps")) == NULL)
		return 500;
	if (consent_each(r->sess->user.id, add_grant, &f) == -1) {
		tmpl_free(f.t);
		return 503;
	}
	if (want != NULL) {
		if (f.name[0] == '\0') {
			tmpl_free(f.t);
			return 404;
		}
		tmpl_set(f.t, "Confirm.client_id", want);
		tmpl_set(f.t, "Confirm.app_name", f.name);
	}
	tmpl_set_int(f.t, "Grants.count", f.n);
	return web_render(r, f.t, "authorized_apps.cs", 200);
}

int
page_authorized(struct req *r)
{
	return render(r, NULL);
}

int
page_authorized_confirm(struct req *r)
{
	return render(r, r->args[0]);
}

int
page_authorized_revoke(struct req *r)
{
	struct actor	 a = web_actor(r);

	switch (consent_revoke(r->sess->user.id, r->args[0], &a, r->now)) {
	case 0:
		break;
	case 1:
		return 404;
	default:
		return 503;
	}
	web_notice(r, "Access revoked; the app's tokens no longer work.");
	return http_redirect(r, "/settings/authorized-apps");
}
