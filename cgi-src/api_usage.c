/* /v1/keys/{id}/usage and /v1/usage (SPEC 9). */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "apis.h"
#include "auth.h"
#include "json.h"
#include "keys.h"
#include "limits.h"
#include "plan.h"
#include "timefmt.h"
#include "usage.h"

const struct field api_usage_fields[UF__MAX + 1] = {
	[UF_DAYS] = { "days", FT_INT, F_QUERY, 0, NULL, 1, USAGE_MAXDAYS },
};

/* YYYY-MM-DD of a day number. */
static void
day_text(int64_t day, char out[RFC3339_LEN + 1])
{
	timefmt_rfc3339(day * 86400, out);
	out[10] = '\0';
}

int
api_keys_usage(struct req *r)
{
	struct usage_day	 d[USAGE_MAXDAYS];
	struct apikey		 k;
	struct json		*o, *data, *e;
	char			 date[RFC3339_LEN + 1];
	int			 st, i, j, n = r->fv[UF_DAYS].present ?
				    (int)r->fv[UF_DAYS].i : 30;

	if ((st = http_status(keys_get(r->auth->user_id, r->args[0], &k))) != 0)
		return st;
	if (!auth_sees_env(r->auth, k.live))
		return 404;
	if (usage_days(k.id, NULL, r->now, n, d) == -1)
		return 503;
	o = json_object();
	data = json_array();
	for (i = 0; i < n; i++) {
		e = json_object();
		day_text(d[i].day, date);
		json_set_str(e, "date", date);
		for (j = 0; j < USAGE__MAX; j++)
			json_set_int(e, usage_names[j], d[i].n[j]);
		json_push(data, e);
	}
	json_set(o, "data", data);
	return api_reply(r, 200, o);
}

int
api_usage(struct req *r)
{
	struct plan	 p;
	struct json	*o;
	enum plan_rc	 prc;
	char		 month[RFC3339_LEN + 1];
	int64_t		 used;

	if ((prc = plan_of_user(r->auth->user_id, &p)) == PLAN_ERR ||
	    limits_month_used(r->auth->user_id, r->now, &used) == -1)
		return 503;
	timefmt_rfc3339(r->now, month);
	month[7] = '\0';
	o = json_object();
	json_set_str(o, "month", month);
	json_set_int(o, "used", used);
	if (prc == PLAN_OK && p.per_month > 0)
		json_set_int(o, "quota", p.per_month);
	else
		json_set_null(o, "quota");
	if (prc == PLAN_OK)
		json_set_str(o, "plan", p.name);
	else
		json_set_null(o, "plan");
	return api_reply(r, 200, o);
}
