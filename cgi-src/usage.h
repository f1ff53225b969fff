/*
 * Usage per key and UTC day (SPEC 9): counted in a file every process of
 * the host maps (shm.c), written to table key_usage at most every
 * USAGE_FLUSH seconds by whichever process notices first, and when a
 * process stops; readers add what is not written yet, so they are exact.
 * No database write happens per request. Owns table key_usage.
 */
#ifndef LK_USAGE_H
#define LK_USAGE_H

#include <stdint.h>

#define USAGE_FLUSH	60	/* seconds between writes, at most */
#define USAGE_MAXDAYS	90

enum usage_outcome { USAGE_OK, USAGE_SCOPE, USAGE_RATE, USAGE_QUOTA,
    USAGE__MAX };

/* "ok", "insufficient_scope", "rate_limited", "quota_exceeded" */
extern const char *const usage_names[USAGE__MAX];

struct usage_day {
	int64_t	 day;			/* days since 1970-01-01 (UTC) */
	int64_t	 n[USAGE__MAX];
};

/* Maps (creating if needed) the counter file; 0 / -1. */
int	usage_open(const char *path);
void	usage_close(void);
/* Counts one request of key (of user) at now; flushes when the last
 * flush is USAGE_FLUSH seconds old. 0 / -1 (logged). */
int	usage_count(const char *key_id, const char *user_id,
	    enum usage_outcome, int64_t now);
/* Writes every pending count to the database; 0 / -1 (the counts stay
 * pending). */
int	usage_flush(int64_t now);
/*
 * The ndays days ending with today (UTC) into out[0..ndays), oldest
 * first, for key_id, or with key_id NULL for all keys of user_id:
 * written counts plus pending ones. 0 / -1.
 */
int	usage_days(const char *key_id, const char *user_id, int64_t now,
	    int ndays, struct usage_day *out);

#endif
