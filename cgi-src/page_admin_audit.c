/* /admin/audit: the whole audit log, filtered and paged. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "pages.h"
#include "timefmt.h"
#include "tmpl.h"
#include "valid.h"
#include "web.h"

const struct field page_admin_audit_fields[AU__MAX + 1] = {
	[AU_ACTOR] = { "actor", FT_STR, F_QUERY, 254, NULL },
	[AU_ACTION] = { "action", FT_STR, F_QUERY, 64, NULL },
	[AU_FROM] = { "from", FT_STR, F_QUERY, 10, NULL },
	[AU_TO] = { "to", FT_STR, F_QUERY, 10, NULL },
	[AU_PAGE] = { "page", FT_INT, F_QUERY, 0, NULL, 0, PAGE_MAX },
};

#define PAGE_ROWS	50

struct fill {
	struct tmpl	*t;
	int64_t		 now;
	int		 n;
};

static void
add_event(const struct audit_entry *e, void *arg)
{
	struct fill	*f = arg;
	int		 i = f->n++;

	tmpl_set_item_time(f->t, "Events", i, "at", f->now, e->at);
	tmpl_set_item(f->t, "Events", i, "actor_id", e->actor_id);
	tmpl_set_item(f->t, "Events", i, "actor_email", e->actor_email);
	tmpl_set_item(f->t, "Events", i, "action", e->action);
	tmpl_set_item(f->t, "Events", i, "action_text",
	    audit_describe(e->action));
	tmpl_set_item(f->t, "Events", i, "target", e->target);
	tmpl_set_item(f->t, "Events", i, "ip", e->ip);
	tmpl_set_item(f->t, "Events", i, "detail", e->detail);
}

/* A filter date: its midnight UTC; -1 if malformed. to is inclusive for
 * people, so it ends a day later. */
static int
read_dates(struct req *r, struct audit_filter *af)
{
	if (r->fv[AU_FROM].present &&
	    timefmt_parse_date(r->fv[AU_FROM].s, &af->from) == -1)
		return -1;
	if (r->fv[AU_TO].present) {
		if (timefmt_parse_date(r->fv[AU_TO].s, &af->to) == -1)
			return -1;
		af->to += 86400;
	}
	return 0;
}

int
page_admin_audit(struct req *r)
{
	static const int	 fields[] = { AU_ACTOR, AU_ACTION, AU_FROM,
	    AU_TO };
	static const char *const names[] = { "actor", "action", "from", "to" };
	const struct fval	*f = r->fv;
	struct audit_filter	 af;
	struct fill		 fl = { NULL, r->now, 0 };
	int64_t			 page, total = 0;
	size_t			 i;

	if ((fl.t = web_page(r, "Audit log", "admin-audit")) == NULL)
		return 500;
	memset(&af, 0, sizeof(af));
	af.actor_email = f[AU_ACTOR].present ? f[AU_ACTOR].s : NULL;
	af.action = f[AU_ACTION].present ? f[AU_ACTION].s : NULL;
	for (i = 0; i < 4; i++) {
		char name[32];
		snprintf(name, sizeof(name), "Filter.%s", names[i]);
		tmpl_set(fl.t, name, f[fields[i]].s);
	}
	if (read_dates(r, &af) == -1) {
		tmpl_set(fl.t, "Errors.filter", "Dates look like 2026-11-22.");
		tmpl_set_int(fl.t, "Events.count", 0);
		tmpl_set_int(fl.t, "Events.total", 0);
		return web_render(r, fl.t, "admin_audit.cs", 400);
	}
	page = f[AU_PAGE].present && f[AU_PAGE].i > 0 ? f[AU_PAGE].i : 1;
	if (audit_search(&af, (page - 1) * PAGE_ROWS, PAGE_ROWS, &total,
	    add_event, &fl) == -1) {
		tmpl_free(fl.t);
		return 503;
	}
	tmpl_set_int(fl.t, "Events.count", fl.n);
	tmpl_set_int(fl.t, "Events.total", total);
	admin_paging(r, fl.t, "/admin/audit", fields, names, 4, page, total);
	return web_render(r, fl.t, "admin_audit.cs", 200);
}
