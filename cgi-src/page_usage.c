/* /settings/usage and /settings/api-keys/{id}: the account's month
 * against its quota, and verifications per day (SPEC 9). */
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "keys.h"
#include "keyview.h"
#include "limits.h"
#include "pages.h"
#include "plan.h"
#include "session.h"
#include "timefmt.h"
#include "tmpl.h"
#include "usage.h"
#include "web.h"

#define CHART_DAYS	30

/* The account's plan and its month into t (Plan.*, Quota.*); 0 / -1. */
static int
month(struct req *r, struct tmpl *t)
{
	struct plan	 p;
	enum plan_rc	 prc;
	int64_t		 used, id, start, end;
	char		 lim[96], when[RFC3339_LEN + 1];

	if ((prc = plan_of_user(r->sess->user.id, &p)) == PLAN_ERR ||
	    limits_month_used(r->sess->user.id, r->now, &used) == -1)
		return -1;
	if (prc == PLAN_OK) {
		tmpl_set(t, "Plan.name", p.name);
		tmpl_set(t, "Plan.display_name", p.display_name);
		plan_limits_text(&p, lim, sizeof(lim));
		tmpl_set(t, "Plan.limits", lim[0] ? lim : NULL);
	}
	chart_quota(t, "Quota", used, prc == PLAN_OK ? p.per_month : 0);
	limits_month(r->now, &id, &start, &end);
	timefmt_rfc3339(start, when);
	when[7] = '\0';
	tmpl_set(t, "Quota.month", when);
	tmpl_set_time(t, "Quota.reset", r->now, end);
	return 0;
}

struct rows {
	struct tmpl	*t;
	int64_t		 now;
	int		 n;
	int		 failed;
};

/* One key's row: its 30 days' totals. */
static void
add_key(const struct apikey *k, void *arg)
{
	struct rows		*f = arg;
	struct usage_day	 d[CHART_DAYS];
	char			 prefix[32];
	int64_t			 ok = 0, bad = 0;
	int			 i;

	if (usage_days(k->id, NULL, f->now, CHART_DAYS, d) == -1) {
		f->failed = 1;
		return;
	}
	for (i = 0; i < CHART_DAYS; i++) {
		ok += d[i].n[USAGE_OK];
		bad += d[i].n[USAGE_SCOPE] + d[i].n[USAGE_RATE] +
		    d[i].n[USAGE_QUOTA];
	}
	snprintf(prefix, sizeof(prefix), "Keys.%d", f->n++);
	key_view_set(f->t, prefix, k, f->now);
	snprintf(prefix, sizeof(prefix), "Keys.%d.ok", f->n - 1);
	tmpl_set_int(f->t, prefix, ok);
	snprintf(prefix, sizeof(prefix), "Keys.%d.refused", f->n - 1);
	tmpl_set_int(f->t, prefix, bad);
	snprintf(prefix, sizeof(prefix), "Keys.%d", f->n - 1);
	chart_spark(f->t, prefix, d, CHART_DAYS);
}

int
page_usage(struct req *r)
{
	struct usage_day	 d[CHART_DAYS];
	struct tmpl		*t = web_page(r, "Usage", "usage");
	struct rows		 f = { t, r->now, 0, 0 };

	if (t == NULL)
		return 500;
	if (month(r, t) == -1 || usage_days(NULL, r->sess->user.id, r->now,
	    CHART_DAYS, d) == -1 || keys_each(r->sess->user.id, add_key,
	    &f) != KEYS_OK || f.failed) {
		tmpl_free(t);
		return 503;
	}
	chart_days(t, "Chart", d, CHART_DAYS);
	tmpl_set_int(t, "Keys.count", f.n);
	return web_render(r, t, "usage.cs", 200);
}

int
page_keys_show(struct req *r)
{
	struct usage_day	 d[CHART_DAYS];
	struct apikey		 k;
	struct tmpl		*t;
	int			 st;

	if ((st = http_status(keys_get(r->sess->user.id, r->args[0], &k))) != 0)
		return st;
	if ((t = web_page(r, k.name, "api-keys")) == NULL)
		return 500;
	if (month(r, t) == -1 ||
	    usage_days(k.id, NULL, r->now, CHART_DAYS, d) == -1) {
		tmpl_free(t);
		return 503;
	}
	key_view_set(t, "Key", &k, r->now);
	chart_days(t, "Chart", d, CHART_DAYS);
	return web_render(r, t, "key.cs", 200);
}
