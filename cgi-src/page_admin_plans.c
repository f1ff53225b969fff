/* /admin/plans (SPEC 9): list, create, edit; an account's plan and a
 * key's tier, set by an admin. */
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "keyview.h"
#include "pages.h"
#include "plan.h"
#include "session.h"
#include "tmpl.h"
#include "user.h"
#include "web.h"

static int
is_plan(const char *s)
{
	return plan_valid_name(s);
}

#define LIMIT(name) { name, FT_INT, F_BODY, 0, NULL, 1, PLAN_MAXLIMIT }

const struct field page_admin_plans_fields[PF__MAX + 1] = {
	[PF_NAME] = { "name", FT_STR, F_BODY, PLAN_NAMEMAX + 1, NULL },
	[PF_DISPLAY] = { "display_name", FT_STR, F_BODY, PLAN_DISPMAX, NULL },
	[PF_RANK] = { "rank", FT_INT, F_BODY, 0, NULL, -1000000, 1000000 },
	[PF_SECOND] = LIMIT("per_second"),
	[PF_HOUR] = LIMIT("per_hour"),
	[PF_MONTH] = LIMIT("per_month"),
};

/* An empty value (or "none") is no plan. */
const struct field page_admin_plan_of_fields[PO__MAX + 1] = {
	[PO_PLAN] = { "plan", FT_STR, F_BODY, PLAN_NAMEMAX + 1, NULL },
};

struct fill {
	struct tmpl	*t;
	int		 n;
};

static void
fill_plan(const struct plan *p, void *arg)
{
	struct fill	*f = arg;
	char		 lim[96];
	int		 i = f->n++;

	tmpl_set_item(f->t, "Plans", i, "name", p->name);
	tmpl_set_item(f->t, "Plans", i, "display_name", p->display_name);
	snprintf(lim, sizeof(lim), "%lld", (long long)p->rank);
	tmpl_set_item(f->t, "Plans", i, "rank", lim);
	plan_limits_text(p, lim, sizeof(lim));
	tmpl_set_item(f->t, "Plans", i, "limits", lim);
	snprintf(lim, sizeof(lim), "%lld", (long long)p->accounts);
	tmpl_set_item(f->t, "Plans", i, "accounts", lim);
	snprintf(lim, sizeof(lim), "%lld", (long long)p->keys);
	tmpl_set_item(f->t, "Plans", i, "keys", lim);
}

/* Every plan into t as Plans.N; 0 / -1. */
int
page_plans_fill(struct tmpl *t)
{
	struct fill	 f = { t, 0 };

	if (plan_each(fill_plan, &f) != PLAN_OK)
		return -1;
	tmpl_set_int(t, "Plans.count", f.n);
	return 0;
}

static int
render_list(struct req *r, struct tmpl *t, int status)
{
	if (page_plans_fill(t) == -1) {
		tmpl_free(t);
		return 503;
	}
	return web_render(r, t, "admin_plans.cs", status);
}

int
page_admin_plans(struct req *r)
{
	struct tmpl	*t = web_page(r, "Plans", "admin-plans");

	return t != NULL ? render_list(r, t, 200) : 500;
}

/* The form's values back into t as Form.*, and one error. */
static void
keep_form(struct req *r, struct tmpl *t, const char *field, const char *msg)
{
	static const char *const names[PF__MAX] = { "name", "display_name",
	    "rank", "per_second", "per_hour", "per_month" };
	const struct fval	*f = r->fv;
	char			 name[48];
	int			 i;

	snprintf(name, sizeof(name), "Errors.%s", field);
	tmpl_set(t, name, msg);
	for (i = 0; i < PF__MAX; i++) {
		snprintf(name, sizeof(name), "Form.%s", names[i]);
		if (i == PF_NAME || i == PF_DISPLAY)
			tmpl_set(t, name, f[i].s);
		else if (f[i].present)
			tmpl_set_int(t, name, f[i].i);
	}
}

/* The plan's values from the form: an empty limit is none. */
static void
read_form(const struct fval *f, struct plan_input *in)
{
	memset(in, 0, sizeof(*in));
	in->display_name = f[PF_DISPLAY].present ? f[PF_DISPLAY].s : "";
	in->has_rank = in->has_second = in->has_hour = in->has_month = 1;
	in->rank = f[PF_RANK].present ? f[PF_RANK].i : 0;
	in->per_second = f[PF_SECOND].present ? f[PF_SECOND].i : 0;
	in->per_hour = f[PF_HOUR].present ? f[PF_HOUR].i : 0;
	in->per_month = f[PF_MONTH].present ? f[PF_MONTH].i : 0;
}

int
page_admin_plans_add(struct req *r)
{
	struct plan_input	 in;
	struct actor		 a = web_actor(r);
	struct tmpl		*t;
	const char		*name = r->fv[PF_NAME].present ?
				    r->fv[PF_NAME].s : "", *err = NULL;
	char			 notice[96];

	read_form(r->fv, &in);
	if (in.display_name[0] == '\0')
		in.display_name = name;
	if (!is_plan(name))
		err = "Use 1 to 32 of a-z, 0-9, _ and -.";
	else
		switch (plan_add(name, &in, &a, r->now)) {
		case PLAN_OK:
			snprintf(notice, sizeof(notice), "Plan %s created.",
			    name);
			web_notice(r, notice);
			return http_redirect(r, "/admin/plans");
		case PLAN_EXISTS:
			err = "A plan with this name exists.";
			break;
		case PLAN_INVALID:
			err = "Check the values.";
			break;
		default:
			return 503;
		}
	if ((t = web_page(r, "Plans", "admin-plans")) == NULL)
		return 500;
	keep_form(r, t, "name", err);
	return render_list(r, t, 400);
}

static int
render_edit(struct req *r, const struct plan *p, const char *err)
{
	struct tmpl	*t = web_page(r, "Edit plan", "admin-plans");

	if (t == NULL)
		return 500;
	tmpl_set(t, "Plan.name", p->name);
	tmpl_set(t, "Plan.display_name", p->display_name);
	tmpl_set_int(t, "Plan.rank", p->rank);
	if (p->per_second > 0)
		tmpl_set_int(t, "Plan.per_second", p->per_second);
	if (p->per_hour > 0)
		tmpl_set_int(t, "Plan.per_hour", p->per_hour);
	if (p->per_month > 0)
		tmpl_set_int(t, "Plan.per_month", p->per_month);
	tmpl_set(t, "Errors.form", err);
	return web_render(r, t, "admin_plan_edit.cs", err != NULL ? 400 : 200);
}

int
page_admin_plans_edit(struct req *r)
{
	struct plan	 p;
	int		 st;

	if ((st = http_status(plan_get(r->args[0], &p))) != 0)
		return st;
	return render_edit(r, &p, NULL);
}

int
page_admin_plans_update(struct req *r)
{
	struct plan_input	 in;
	struct actor		 a = web_actor(r);
	char			 notice[96];
	int			 st;

	read_form(r->fv, &in);
	if (in.display_name[0] == '\0')
		in.display_name = r->args[0];
	if ((st = http_status(plan_set(r->args[0], &in, &a, r->now))) != 0)
		return st;
	snprintf(notice, sizeof(notice), "Plan %s updated.", r->args[0]);
	web_notice(r, notice);
	return http_redirect(r, "/admin/plans");
}

/* The plan named by the form: NULL for none; -1 if malformed. */
static int
chosen(struct req *r, const char **name)
{
	const struct fval	*f = &r->fv[PO_PLAN];

	*name = f->present && strcmp(f->s, "none") != 0 ? f->s : NULL;
	return *name == NULL || is_plan(*name) ? 0 : -1;
}

int
page_admin_users_plan(struct req *r)
{
	struct actor	 a = web_actor(r);
	struct user	 u;
	const char	*name;
	char		 notice[400];
	int		 st;

	if ((st = http_status(user_by_id(r->args[0], &u))) != 0)
		return st;
	if (chosen(r, &name) == -1)
		return 400;
	if ((st = http_status(plan_set_user(u.id, name, &a, r->now))) != 0)
		return st;
	snprintf(notice, sizeof(notice), "%s is now on %s; their keys keep "
	    "their tiers.", u.email, name != NULL ? name : "no plan");
	web_notice(r, notice);
	return http_redirect(r, "/admin/users");
}

int
page_admin_keys_tier_form(struct req *r)
{
	struct apikey	 k;
	struct tmpl	*t;
	int		 st;

	if ((st = http_status(keys_get(NULL, r->args[0], &k))) != 0)
		return st;
	if ((t = web_page(r, "Key tier", "admin-keys")) == NULL)
		return 500;
	key_view_set(t, "Key", &k, r->now);
	tmpl_set(t, "Key.owner_email", k.user_email);
	tmpl_set(t, "Key.owner_plan", k.owner_plan[0] ? k.owner_plan : NULL);
	if (page_plans_fill(t) == -1) {
		tmpl_free(t);
		return 503;
	}
	return web_render(r, t, "admin_key_tier.cs", 200);
}

int
page_admin_keys_tier(struct req *r)
{
	struct actor	 a = web_actor(r);
	const char	*name;
	char		 notice[160];
	int		 st;

	if (chosen(r, &name) == -1)
		return 400;
	if ((st = http_status(plan_set_key(r->args[0], name, &a,
	    r->now))) != 0)
		return st;
	snprintf(notice, sizeof(notice), "Key %s: tier %s.", r->args[0],
	    name != NULL ? name : "none");
	web_notice(r, notice);
	return http_redirect(r, "/admin/keys");
}
