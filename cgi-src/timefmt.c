#include <stdio.h>
#include <string.h>
#include <time.h>

#include "timefmt.h"

void
timefmt_rfc3339(int64_t t, char out[RFC3339_LEN + 1])
{
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, RFC3339_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, RFC3339_LEN + 1, "1970-01-01T00:00:00Z");
}

static void
timefmt_ago_as(int64_t now, int64_t t, int brief, char *out, size_t outsz)
{
	/* Each unit from where the one below it would round to its
	 * limit: 59 min 40 s is "1 hour", 29 days 23 h "30 days"; days go
	 * on to 45, as a key's 30-day expiry reads best in days. */
	static const struct {
		int64_t		 from, secs;
		const char	*unit, *abbr;
	} units[] = {
		{ 365 * 86400 - 15 * 86400, 365 * 86400, "year", "y" },
		{ 45 * 86400, 30 * 86400, "month", "mo" },
		{ 86400 - 1800, 86400, "day", "d" },
		{ 3600 - 30, 3600, "hour", "h" },
		{ 60, 60, "minute", "min" },
	};
	int64_t	 d = now - t, ad = d < 0 ? -d : d, n;
	size_t	 i;

	if (ad < 60) {
		snprintf(out, outsz, "%s", d >= 0 ? "just now" : "in a moment");
		return;
	}
	/* The last unit (a minute) always fits: ad >= 60 here. */
	for (i = 0; i + 1 < sizeof(units) / sizeof(units[0]); i++)
		if (ad >= units[i].from)
			break;
	n = (ad + units[i].secs / 2) / units[i].secs;
	if (brief)
		snprintf(out, outsz, d >= 0 ? "%lld %s ago" : "in %lld %s",
		    (long long)n, units[i].abbr);
	else
		snprintf(out, outsz, d >= 0 ? "%lld %s%s ago" :
		    "in %lld %s%s", (long long)n, units[i].unit,
		    n == 1 ? "" : "s");
}

void
timefmt_ago(int64_t now, int64_t t, char *out, size_t outsz)
{
	timefmt_ago_as(now, t, 0, out, outsz);
}

void
timefmt_ago_short(int64_t now, int64_t t, char *out, size_t outsz)
{
	timefmt_ago_as(now, t, 1, out, outsz);
}

void
timefmt_human(int64_t t, char out[TIMEFMT_HUMAN_LEN + 1])
{
	time_t		 tt = (time_t)t;
	struct tm	 tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, TIMEFMT_HUMAN_LEN + 1, "%Y-%m-%d %H:%M UTC",
	    &tm) == 0)
		snprintf(out, TIMEFMT_HUMAN_LEN + 1, "1970-01-01 00:00 UTC");
}

/* n decimal digits at s; -1 if any is not a digit. */
static int
digits(const char *s, int n)
{
	int	 v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
timefmt_parse_date(const char *s, int64_t *out)
{
	struct tm	 tm;
	int		 y, m, d;
	time_t		 t;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    (y = digits(s, 4)) < 1970 || (m = digits(s + 5, 2)) < 1 ||
	    m > 12 || (d = digits(s + 8, 2)) < 1 || d > 31)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	if ((t = timegm(&tm)) == (time_t)-1)
		return -1;
	/* timegm normalises 2026-02-31 to March: refuse such dates. */
	if (gmtime_r(&t, &tm) == NULL || tm.tm_mday != d)
		return -1;
	*out = (int64_t)t;
	return 0;
}
