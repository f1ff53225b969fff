/*
 * The windows that limit one request (SPEC 9): a credential's second and
 * hour, its account's calendar month (the quota), their arithmetic, the
 * choice of the tightest one, and the headers that describe them
 * (X-RateLimit-*, and RateLimit-Policy / RateLimit of
 * draft-ietf-httpapi-ratelimit-headers-09). Counting is ratelimit.c's.
 */
#ifndef LK_LIMITS_H
#define LK_LIMITS_H

#include <stddef.h>
#include <stdint.h>

#include "ratelimit.h"

#define LIMITS_MAXCOST	1000	/* verify's cost=N */

enum lim_kind { LIM_SECOND, LIM_HOUR, LIM_MONTH, LIM__MAX };

/* The policy's w for a month: 30 days, as SPEC 9's example says; the
 * window itself is the UTC calendar month. */
#define LIM_MONTH_W	2592000

struct lim_window {
	enum lim_kind	 kind;
	int64_t		 length;	/* seconds (a month: LIM_MONTH_W) */
	int64_t		 reset;		/* epoch seconds when it ends */
	int		 shown;		/* in the headers (a quota applies) */
};

struct lim_set {
	struct rl_window	 rl[LIM__MAX];
	struct lim_window	 w[LIM__MAX];
	size_t			 n;
	int64_t			 now;	/* of the request (limits_add) */
};

extern const char *const lim_names[LIM__MAX];	/* "second", "hour", "month" */

/* The UTC calendar month of t: its number (year * 12 + month - 1) and
 * the epoch seconds of its first second and of the next month's. */
void	limits_month(int64_t t, int64_t *id, int64_t *start, int64_t *end);
/* Adds a window of kind for subject (a credential or account id):
 * second and hour windows of length seconds counted in fixed windows
 * now / length, a month window the calendar month. shown: it goes in
 * the headers. -1 if the set is full. */
int	limits_add(struct lim_set *, enum lim_kind, const char *subject,
	    int64_t limit, int64_t length, int64_t now, int shown);
/* Remaining in window i after the call (0 at or past the limit). */
int64_t	limits_remaining(const struct lim_set *, size_t i);
/* The shown window with the fewest requests remaining (ties: the
 * shortest); -1 if none is shown. */
int	limits_tightest(const struct lim_set *);
/* RateLimit-Policy: "hour";q=1000;w=3600, "month";q=100000;w=2592000
 * and RateLimit: "hour";r=999;t=3540, ... of the shown windows; 0, or
 * -1 if out is too small. */
int	limits_policy(const struct lim_set *, char *out, size_t outsz);
int	limits_header(const struct lim_set *, int64_t now, char *out,
	    size_t outsz);
/* Charges cost to every window (ratelimit_take_all): the index of the
 * first window without room, s->n when charged, -1 if unavailable. */
int	limits_take(struct lim_set *, int64_t cost);

/* Charges cost to the account's month (quota 0: none, only counted),
 * as a verification does; 1 charged, 0 refused (*reset: when the month
 * ends), -1 if the counters are unavailable. */
int	limits_charge_month(const char *user_id, int64_t quota, int64_t now,
	    int64_t cost, int64_t *reset);
/* What the account's verifications charged this UTC month so far;
 * 0 / -1. */
int	limits_month_used(const char *user_id, int64_t now, int64_t *used);

#endif
