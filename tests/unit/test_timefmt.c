/* timefmt.c: RFC 3339 output, relative times, date parsing. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "timefmt.h"
#include "t.h"

#define LEN(a)	(sizeof(a) / sizeof((a)[0]))

static const struct { int64_t t; const char *s; } rfc[] = {
	{ 0, "1970-01-01T00:00:00Z" },
	{ 1700000000, "2023-11-14T22:13:20Z" },
	{ 951782400, "2000-02-29T00:00:00Z" },
	{ 1767225599, "2025-12-31T23:59:59Z" },
	{ -1, "1969-12-31T23:59:59Z" },
	{ 253402300799LL, "9999-12-31T23:59:59Z" },
};

#define NOW	2000000000LL
#define MIN	60
#define HOUR	3600
#define DAY	86400

static const struct { int64_t t; const char *s; } ago[] = {
	{ NOW, "just now" },
	{ NOW - 1, "just now" },
	{ NOW - 59, "just now" },
	{ NOW - MIN, "1 minute ago" },
	{ NOW - 89, "1 minute ago" },
	{ NOW - 90, "2 minutes ago" },		/* rounded, not cut */
	{ NOW - 2 * MIN, "2 minutes ago" },
	{ NOW - 59 * MIN, "59 minutes ago" },
	{ NOW - 59 * MIN - 31, "1 hour ago" },
	{ NOW - HOUR, "1 hour ago" },
	{ NOW - 2 * HOUR - 59, "2 hours ago" },
	{ NOW - 2 * HOUR - 31 * MIN, "3 hours ago" },
	{ NOW - 23 * HOUR, "23 hours ago" },
	{ NOW - 23 * HOUR - 31 * MIN, "1 day ago" },
	{ NOW - DAY, "1 day ago" },
	{ NOW - 3 * DAY, "3 days ago" },
	{ NOW - 29 * DAY, "29 days ago" },
	{ NOW - 30 * DAY, "30 days ago" },
	{ NOW - 30 * DAY + 5, "30 days ago" },
	{ NOW - 44 * DAY, "44 days ago" },
	{ NOW - 45 * DAY, "2 months ago" },
	{ NOW - 90 * DAY, "3 months ago" },
	{ NOW - 349 * DAY, "12 months ago" },
	{ NOW - 350 * DAY, "1 year ago" },
	{ NOW - 365 * DAY, "1 year ago" },
	{ NOW - 3 * 365 * DAY, "3 years ago" },
	{ NOW + 1, "in a moment" },
	{ NOW + 59, "in a moment" },
	{ NOW + MIN, "in 1 minute" },
	{ NOW + 5 * MIN, "in 5 minutes" },
	{ NOW + HOUR, "in 1 hour" },
	{ NOW + 3 * DAY, "in 3 days" },
	{ NOW + 30 * DAY - 20, "in 30 days" },	/* a 30-day key, seconds on */
	{ NOW + 7 * DAY - 1, "in 7 days" },
	{ NOW + 400 * DAY, "in 1 year" },
};

static const struct { const char *s; int64_t t; int ok; } dates[] = {
	{ "1970-01-01", 0, 1 },
	{ "2023-11-14", 1699920000, 1 },
	{ "2024-02-29", 1709164800, 1 },		/* leap year */
	{ "2026-12-31", 1798675200, 1 },
	{ "9999-12-31", 253402214400LL, 1 },
	{ "2023-02-29", 0, 0 },
	{ "2026-02-31", 0, 0 },
	{ "2026-04-31", 0, 0 },
	{ "2100-02-29", 0, 0 },			/* not a leap year */
	{ "2026-00-10", 0, 0 },
	{ "2026-13-01", 0, 0 },
	{ "2026-01-00", 0, 0 },
	{ "2026-01-32", 0, 0 },
	{ "1969-12-31", 0, 0 },
	{ "0000-01-01", 0, 0 },
	{ "", 0, 0 },
	{ "2026-1-01", 0, 0 },
	{ "2026-01-1", 0, 0 },
	{ "26-01-0001", 0, 0 },
	{ "2026/01/01", 0, 0 },
	{ "2026-01-01x", 0, 0 },
	{ "2026-01-01 ", 0, 0 },
	{ "2026-01-1x", 0, 0 },
	{ "20260-1-01", 0, 0 },
	{ "2026-01--1", 0, 0 },
	{ "2026-01-01T00:00:00Z", 0, 0 },
	{ "10000-01-01", 0, 0 },
	{ "abcd-ef-gh", 0, 0 },
	/* Regression: a sscanf("%2d") parser took a sign or a leading
	 * space as part of the number and accepted these as 2026-01-01. */
	{ "2026-+1-01", 0, 0 },
	{ "2026-01-+1", 0, 0 },
	{ "2026- 1-01", 0, 0 },
	{ "2026-01- 1", 0, 0 },
	{ "+026-01-01", 0, 0 },
	{ "2026-0x-01", 0, 0 },
};

int
main(void)
{
	char	 out[RFC3339_LEN + 1], buf[64], small[5];
	int64_t	 t;
	size_t	 i;
	int	 rc;

	for (i = 0; i < LEN(rfc); i++) {
		memset(out, 'x', sizeof(out));
		timefmt_rfc3339(rfc[i].t, out);
		CHECKF(strcmp(out, rfc[i].s) == 0, "rfc3339(%lld) = %s",
		    (long long)rfc[i].t, out);
	}
	{
		char	 h[TIMEFMT_HUMAN_LEN + 1];

		timefmt_human(1798761600 + 12 * HOUR, h);
		CHECKF(strcmp(h, "2027-01-01 12:00 UTC") == 0, "%s", h);
		timefmt_human(0, h);
		CHECK(strcmp(h, "1970-01-01 00:00 UTC") == 0);
	}
	for (i = 0; i < LEN(ago); i++) {
		timefmt_ago(NOW, ago[i].t, buf, sizeof(buf));
		CHECKF(strcmp(buf, ago[i].s) == 0, "ago(now%+lld) = \"%s\"",
		    (long long)(ago[i].t - NOW), buf);
	}
	{
		static const struct { int64_t t; const char *s; } brief[] = {
			{ NOW - 30, "just now" },
			{ NOW - 59 * 60, "59 min ago" },
			{ NOW - 3600 + 20, "1 h ago" },
			{ NOW + 30 * DAY, "in 30 d" },
			{ NOW - 60 * DAY, "2 mo ago" },
			{ NOW + 400 * DAY, "in 1 y" },
		};
		for (i = 0; i < LEN(brief); i++) {
			timefmt_ago_short(NOW, brief[i].t, buf, sizeof(buf));
			CHECKF(strcmp(buf, brief[i].s) == 0,
			    "ago_short(now%+lld) = \"%s\"",
			    (long long)(brief[i].t - NOW), buf);
		}
	}
	/* A short buffer is truncated, never overrun. */
	memset(small, 'x', sizeof(small));
	timefmt_ago(NOW, NOW - 3 * DAY, small, sizeof(small));
	CHECK(strcmp(small, "3 da") == 0);

	for (i = 0; i < LEN(dates); i++) {
		t = -12345;
		rc = timefmt_parse_date(dates[i].s, &t);
		if (dates[i].ok)
			CHECKF(rc == 0 && t == dates[i].t,
			    "parse_date(\"%s\") = %d, %lld", dates[i].s, rc,
			    (long long)t);
		else
			CHECKF(rc == -1 && t == -12345,
			    "parse_date(\"%s\") accepted as %lld", dates[i].s,
			    (long long)t);
	}
	/* Every parsed date prints back as its own midnight. */
	CHECK(timefmt_parse_date("2024-02-29", &t) == 0);
	timefmt_rfc3339(t, out);
	CHECK(strcmp(out, "2024-02-29T00:00:00Z") == 0);
	return t_done("test_timefmt");
}
