/* Timestamps are stored as UNIX seconds and shown as RFC 3339 UTC. */
#ifndef LK_TIMEFMT_H
#define LK_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

#define RFC3339_LEN	20	/* 2026-11-22T11:13:22Z */

void	timefmt_rfc3339(int64_t t, char out[RFC3339_LEN + 1]);
/* "just now", "5 minutes ago", "in 3 days" ... relative to now, each
 * rounded to the nearest of its unit. */
void	timefmt_ago(int64_t now, int64_t t, char *out, size_t outsz);
/* The same for narrow columns: "59 min ago", "in 30 d", "2 y ago". */
void	timefmt_ago_short(int64_t now, int64_t t, char *out, size_t outsz);
/* "2027-01-01 12:00 UTC": the exact time a person reads. */
#define TIMEFMT_HUMAN_LEN	20
void	timefmt_human(int64_t t, char out[TIMEFMT_HUMAN_LEN + 1]);
/* Parses YYYY-MM-DD as midnight UTC; -1 if malformed or out of range. */
int	timefmt_parse_date(const char *s, int64_t *out);

#endif
