/*
 * Fixed-window counters shared by every FastCGI process of a host.
 *
 * A file of RL_BUCKETS buckets is mapped MAP_SHARED by all processes.
 * Each bucket has a robust process-shared mutex (a process killed while
 * holding it hands the lock on instead of wedging everyone) and
 * RL_WAYS entries of {credential tag, window, count}. Counting is exact:
 * the check and the increment happen under the bucket's lock, so across
 * any number of processes no more than the limit is ever accepted. The
 * file never grows: a credential takes a free entry, or one whose window
 * has passed, or, only when all RL_WAYS of its bucket are live in this
 * window, the entry with the fewest requests (documented in the README).
 * No database write happens on the request path.
 */
#ifndef LK_RATELIMIT_H
#define LK_RATELIMIT_H

#include <stdint.h>

#define RL_BUCKETS	32768
#define RL_WAYS		16
#define RL_MAXLIMIT	1000000
#define RL_MAXCOUNT	2147483647	/* any window of take_all */
#define RL_MAXWINDOWS	4

struct rl_result {
	int64_t	 limit;
	int64_t	 remaining;	/* after this request */
	int64_t	 reset;		/* epoch seconds when the window ends */
	int	 allowed;
};

/* One window of a request that several windows limit at once. */
struct rl_window {
	char	 key[64];	/* the credential and the kind of limit */
	int64_t	 limit;		/* at most RL_MAXCOUNT */
	int64_t	 id;		/* the window's number, e.g. now / length */
	int64_t	 reset;		/* when it ends, epoch seconds */
	int64_t	 count;		/* out: its count after the call */
};

/* Maps (creating and initialising if needed) the counter file; 0 / -1. */
int	ratelimit_open(const char *path);
void	ratelimit_close(void);
/* Counts one request of key (any bytes naming the credential and the
 * kind of limit) against limit per window seconds, unless the limit is
 * reached; fills res. -1 if the counters are unavailable. */
int	ratelimit_take(const char *key, int64_t limit, int64_t window,
	    int64_t now, struct rl_result *res);
/* Like take, but only looks: allowed is 0 once limit is reached. */
int	ratelimit_peek(const char *key, int64_t limit, int64_t window,
	    int64_t now, struct rl_result *res);
/*
 * Charges cost to each of the n (at most RL_MAXWINDOWS) windows if every
 * one has room for it, else charges none: atomic across processes, as
 * the buckets concerned are locked together, in bucket order. cost 0
 * only looks. Returns the number of windows (n) when charged, else the
 * index of the first window without room; -1 if the counters are
 * unavailable. count is filled either way. now tells which entries of
 * other windows are over and may be reused.
 */
int	ratelimit_take_all(struct rl_window *, size_t n, int64_t cost,
	    int64_t now);
/* Gives back one request taken in the same window (a reservation that
 * was not used). */
int	ratelimit_give(const char *key, int64_t limit, int64_t window,
	    int64_t now);

#endif
