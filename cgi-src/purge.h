/*
 * Bounded storage (SPEC 8.13): what has ended is deleted once it is
 * PURGE_AGE old: sessions, token families (with their refresh tokens),
 * refresh tokens, authorization codes, form nonces, throttle events.
 * The audit log is kept. `latchkey purge` runs it all, daily from the
 * shipped timer; sign-ins run a bounded step of it on the way.
 */
#ifndef LK_PURGE_H
#define LK_PURGE_H

#include <stdint.h>

#define PURGE_AGE	(30 * 86400)
#define PURGE_STEP	100	/* rows per table in an opportunistic step */

struct purge_counts {
	int64_t	 sessions, families, refresh_tokens, codes, nonces,
		 throttle_events;
};

/* Deletes what ended before now - PURGE_AGE, at most limit rows of each
 * kind (0: all); fills n (may be NULL). 0 / -1. */
int	purge_run(int64_t now, int limit, struct purge_counts *n);

#endif
