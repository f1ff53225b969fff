#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "timefmt.h"
#include "tmpl.h"

/* The plot inside the SVG's viewBox (0 0 CHART_W CHART_H). */
#define CHART_W		640
#define CHART_H		220
#define PLOT_L		48
#define PLOT_R		8
#define PLOT_T		12
#define PLOT_B		188
#define TICKS		4

static void
set(struct tmpl *t, const char *prefix, const char *what, const char *v)
{
	char	 name[128];
	int	 n = snprintf(name, sizeof(name), "%s.%s", prefix, what);

	if (n > 0 && (size_t)n < sizeof(name))
		tmpl_set(t, name, v);
}

static void
setf(struct tmpl *t, const char *prefix, const char *what, double v)
{
	char	 text[32];

	snprintf(text, sizeof(text), "%.1f", v);
	set(t, prefix, what, text);
}

static void
seti(struct tmpl *t, const char *prefix, const char *what, int64_t v)
{
	char	 text[24];

	snprintf(text, sizeof(text), "%lld", (long long)v);
	set(t, prefix, what, text);
}

/* The axis' top: max rounded up to 1, 2 or 5 times a power of ten,
 * and a multiple of TICKS so the gridlines have whole labels. */
static int64_t
nice_top(int64_t max)
{
	int64_t	 p = 1, top;

	if (max <= TICKS)
		return TICKS;
	while (p * 10 <= max)
		p *= 10;
	top = max <= p ? p : max <= 2 * p ? 2 * p : max <= 5 * p ? 5 * p :
	    10 * p;
	return (top + TICKS - 1) / TICKS * TICKS;
}

static int64_t
refused(const struct usage_day *d)
{
	return d->n[USAGE_SCOPE] + d->n[USAGE_RATE] + d->n[USAGE_QUOTA];
}

static void
axis(struct tmpl *t, const char *prefix, int64_t top)
{
	char	 p[64];
	int	 i;

	for (i = 0; i <= TICKS; i++) {
		snprintf(p, sizeof(p), "%s.ticks.%d", prefix, i);
		setf(t, p, "y", PLOT_B - (double)(PLOT_B - PLOT_T) * i / TICKS);
		seti(t, p, "label", top / TICKS * i);
	}
}

/* Bar i: the ok part at the bottom, the refused part stacked on it. */
static void
bar(struct tmpl *t, const char *prefix, int i, int n, int64_t top,
    const struct usage_day *d)
{
	double	 slot = (double)(CHART_W - PLOT_L - PLOT_R) / n;
	double	 hok = (double)(PLOT_B - PLOT_T) * d->n[USAGE_OK] / top;
	double	 hbad = (double)(PLOT_B - PLOT_T) * refused(d) / top;
	char	 p[64], date[RFC3339_LEN + 1];

	timefmt_rfc3339(d->day * 86400, date);
	date[10] = '\0';
	snprintf(p, sizeof(p), "%s.bars.%d", prefix, i);
	setf(t, p, "x", PLOT_L + slot * i + slot * 0.15);
	setf(t, p, "w", slot * 0.7);
	setf(t, p, "cx", PLOT_L + slot * i + slot * 0.5);
	setf(t, p, "y", PLOT_B - hok);
	setf(t, p, "h", hok);
	setf(t, p, "ybad", PLOT_B - hok - hbad);
	setf(t, p, "hbad", hbad);
	set(t, p, "date", date);
	set(t, p, "short", date + 5);
	seti(t, p, "ok", d->n[USAGE_OK]);
	seti(t, p, "refused", refused(d));
	if (i == n - 1)
		set(t, p, "today", "1");
	/* A date under every 7th bar, counted back from today. */
	if ((n - 1 - i) % 7 == 0)
		set(t, p, "label", "1");
}

static void
table_row(struct tmpl *t, const char *prefix, int i,
    const struct usage_day *d)
{
	char	 p[64], date[RFC3339_LEN + 1];
	int	 k;

	timefmt_rfc3339(d->day * 86400, date);
	date[10] = '\0';
	snprintf(p, sizeof(p), "%s.days.%d", prefix, i);
	set(t, p, "date", date);
	for (k = 0; k < USAGE__MAX; k++)
		seti(t, p, usage_names[k], d->n[k]);
	seti(t, p, "total", d->n[USAGE_OK] + refused(d));
}

void
chart_days(struct tmpl *t, const char *prefix, const struct usage_day *d,
    int n)
{
	int64_t	 max = 0, total = 0, v;
	int	 i;

	for (i = 0; i < n; i++) {
		v = d[i].n[USAGE_OK] + refused(&d[i]);
		total += v;
		if (v > max)
			max = v;
	}
	max = nice_top(max);
	seti(t, prefix, "max", max);
	seti(t, prefix, "total", total);
	seti(t, prefix, "n", n);
	axis(t, prefix, max);
	for (i = 0; i < n; i++)
		bar(t, prefix, i, n, max, &d[i]);
	/* The table lists the newest day first (HDF keeps the order in
	 * which children are made). */
	for (i = n - 1; i >= 0; i--)
		table_row(t, prefix, n - 1 - i, &d[i]);
}

void
chart_spark(struct tmpl *t, const char *prefix, const struct usage_day *d,
    int n)
{
	int64_t	 max = 0, v;
	double	 slot = 120.0 / n, h;
	char	 p[64], date[RFC3339_LEN + 1];
	int	 i;

	for (i = 0; i < n; i++)
		if ((v = d[i].n[USAGE_OK] + refused(&d[i])) > max)
			max = v;
	for (i = 0; i < n; i++) {
		v = d[i].n[USAGE_OK] + refused(&d[i]);
		/* A day with any use shows at least a sliver. */
		h = max > 0 ? 22.0 * (double)v / (double)max : 0;
		if (v > 0 && h < 1)
			h = 1;
		snprintf(p, sizeof(p), "%s.spark.%d", prefix, i);
		setf(t, p, "x", slot * i + slot * 0.1);
		setf(t, p, "w", slot * 0.8);
		setf(t, p, "y", 23 - h);
		setf(t, p, "h", h);
		timefmt_rfc3339(d[i].day * 86400, date);
		date[10] = '\0';
		set(t, p, "date", date);
		seti(t, p, "total", v);
	}
}

void
chart_quota(struct tmpl *t, const char *prefix, int64_t used, int64_t quota)
{
	double	 pct;

	seti(t, prefix, "used", used);
	if (quota <= 0)
		return;
	pct = 100.0 * (double)used / (double)quota;
	seti(t, prefix, "quota", quota);
	seti(t, prefix, "left", used < quota ? quota - used : 0);
	setf(t, prefix, "pct", pct);
	setf(t, prefix, "width", pct > 100 ? 100 : pct);
	set(t, prefix, "level", pct >= 100 ? "over" : pct >= 80 ? "warn" :
	    "ok");
}
