/*
 * The usage pages' pictures (SPEC 9, UI.md "Charts"), as numbers for a
 * template to draw in SVG: bars of requests per day with a labelled
 * axis, today marked, and the month's use against the quota. No HTML is
 * made here; usage_chart.cs and quota_bar.cs draw what this fills.
 */
#ifndef LK_CHART_H
#define LK_CHART_H

#include <stdint.h>

#include "usage.h"

struct tmpl;

/* Fills prefix.{max,bars.N,ticks.N,xlabels.N} and the data table
 * prefix.days.N for the n days of d (oldest first, today last), and
 * prefix.total. */
void	chart_days(struct tmpl *, const char *prefix,
	    const struct usage_day *d, int n);
/* A small chart of the n days of d for a table row: prefix.spark.N.{x,
 * y,h,date,total} in a viewBox of 0 0 120 24, scaled to its own most. */
void	chart_spark(struct tmpl *, const char *prefix,
	    const struct usage_day *d, int n);
/* Fills prefix.{used,quota,pct,width,level}: level is ok, warn (80 %)
 * or over (100 %); no quota: only used. */
void	chart_quota(struct tmpl *, const char *prefix, int64_t used,
	    int64_t quota);

#endif
