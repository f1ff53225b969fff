#include <stdio.h>
#include <string.h>

#include "limits.h"

const char *const lim_names[LIM__MAX] = { "second", "hour", "month" };

static const char *const lim_tags[LIM__MAX] = { "s", "h", "m" };

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The civil year and month of a day number (the inverse). */
static void
civil_from_days(int64_t z, int64_t *y, int64_t *m)
{
	int64_t	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

void
limits_month(int64_t t, int64_t *id, int64_t *start, int64_t *end)
{
	int64_t	 day = t >= 0 ? t / 86400 : (t - 86399) / 86400, y, m;

	civil_from_days(day, &y, &m);
	*id = y * 12 + m - 1;
	*start = days_from_civil(y, m, 1) * 86400;
	*end = (m == 12 ? days_from_civil(y + 1, 1, 1) :
	    days_from_civil(y, m + 1, 1)) * 86400;
}

int
limits_add(struct lim_set *s, enum lim_kind kind, const char *subject,
    int64_t limit, int64_t length, int64_t now, int shown)
{
	struct rl_window	*rw;
	struct lim_window	*w;
	int64_t			 start;

	if (s->n >= LIM__MAX || length <= 0)
		return -1;
	rw = &s->rl[s->n];
	w = &s->w[s->n++];
	snprintf(rw->key, sizeof(rw->key), "%s:%s", subject, lim_tags[kind]);
	rw->limit = limit > RL_MAXCOUNT ? RL_MAXCOUNT : limit;
	rw->count = 0;
	w->kind = kind;
	w->shown = shown;
	if (kind == LIM_MONTH) {
		limits_month(now, &rw->id, &start, &w->reset);
		w->length = LIM_MONTH_W;
	} else {
		rw->id = now / length;
		w->reset = (rw->id + 1) * length;
		w->length = length;
	}
	rw->reset = w->reset;
	s->now = now;
	return 0;
}

int64_t
limits_remaining(const struct lim_set *s, size_t i)
{
	int64_t	 left = s->rl[i].limit - s->rl[i].count;

	return left > 0 ? left : 0;
}

int
limits_tightest(const struct lim_set *s)
{
	size_t	 i;
	int	 best = -1;

	for (i = 0; i < s->n; i++) {
		if (!s->w[i].shown)
			continue;
		if (best == -1 || limits_remaining(s, i) <
		    limits_remaining(s, (size_t)best) ||
		    (limits_remaining(s, i) == limits_remaining(s,
		    (size_t)best) && s->w[i].length < s->w[best].length))
			best = (int)i;
	}
	return best;
}

/* Appends one item per shown window, with its two parameters. */
static int
items(const struct lim_set *s, int64_t now, int policy, char *out,
    size_t outsz)
{
	size_t	 i, n = 0;
	int	 k;

	static const char pol[] = "%s\"%s\";q=%lld;w=%lld";
	static const char left[] = "%s\"%s\";r=%lld;t=%lld";

	out[0] = '\0';
	for (i = 0; i < s->n; i++) {
		if (!s->w[i].shown)
			continue;
		if (policy)
			k = snprintf(out + n, outsz - n, pol, n ? ", " : "",
			    lim_names[s->w[i].kind], (long long)s->rl[i].limit,
			    (long long)s->w[i].length);
		else
			k = snprintf(out + n, outsz - n, left, n ? ", " : "",
			    lim_names[s->w[i].kind],
			    (long long)limits_remaining(s, i),
			    (long long)(s->w[i].reset - now));
		if (k < 0 || (size_t)k >= outsz - n)
			return -1;
		n += (size_t)k;
	}
	return 0;
}

int
limits_policy(const struct lim_set *s, char *out, size_t outsz)
{
	return items(s, 0, 1, out, outsz);
}

int
limits_header(const struct lim_set *s, int64_t now, char *out, size_t outsz)
{
	return items(s, now, 0, out, outsz);
}

int
limits_take(struct lim_set *s, int64_t cost)
{
	return ratelimit_take_all(s->rl, s->n, cost, s->now);
}

int
limits_month_used(const char *user_id, int64_t now, int64_t *used)
{
	struct lim_set	 s = { 0 };
	char		 acct[40];

	/* The counter verify charges (api.c), read with cost 0. */
	snprintf(acct, sizeof(acct), "acct:%s", user_id);
	if (limits_add(&s, LIM_MONTH, acct, RL_MAXCOUNT, 1, now, 0) == -1 ||
	    limits_take(&s, 0) == -1)
		return -1;
	*used = s.rl[0].count;
	return 0;
}

int
limits_charge_month(const char *user_id, int64_t quota, int64_t now,
    int64_t cost, int64_t *reset)
{
	struct lim_set	 s = { 0 };
	char		 acct[40];
	int		 rc;

	snprintf(acct, sizeof(acct), "acct:%s", user_id);
	if (limits_add(&s, LIM_MONTH, acct, quota > 0 ? quota : RL_MAXCOUNT,
	    1, now, quota > 0) == -1 || (rc = limits_take(&s, cost)) == -1)
		return -1;
	*reset = s.w[0].reset;
	return rc == 1;
}
