/*
 * Throttles kept as events in the database: password checks (SPEC 2 and
 * 8.8), and per-address counts of leaked-key reports and sign-ups.
 *
 * A password check is allowed while, within 15 minutes, fewer than 5
 * failures happened for its (account, address), fewer than 20 from its
 * address, and, unless it comes from a known device of the account,
 * fewer than 5 for the account. An allowed check holds one event in each
 * of those counters from the moment it starts, inside a transaction, so
 * concurrent checks never get more guesses than the budget; a failure
 * keeps the events, a success or a check that didn't happen drops them.
 * Refused attempts are not counted, so a stranger can't extend a
 * lock-out beyond the window without failing again.
 */
#ifndef LK_THROTTLE_H
#define LK_THROTTLE_H

#include <stdint.h>

#define THROTTLE_WINDOW		(15 * 60)
#define THROTTLE_PAIR_MAX	5	/* per (account, address) */
#define THROTTLE_IP_MAX		20	/* per address */
#define THROTTLE_ACCOUNT_MAX	5	/* per account, unknown devices */

struct pwcheck {
	char		 acct[255];	/* lower-cased email */
	int64_t		 held[3];	/* rowids of the events it holds */
	int		 nheld;
};

/*
 * Starts a password check of email from ip (known: from a known device
 * of the account). Returns 0 with c holding its events, else seconds
 * until a check may be made, or -1 on a database error.
 */
int64_t	throttle_pw_begin(struct pwcheck *c, const char *email,
	    const char *ip, int known, int64_t now);
/* The password was right: drops c's events and the failures counted
 * for the account (and the pair). 0 / -1. */
int	throttle_pw_ok(struct pwcheck *c, const char *ip);
/* The check did not happen (no hash slot): drops c's events. */
int	throttle_pw_cancel(struct pwcheck *c);

/* Counts one event for scope/subject unless max already happened within
 * window seconds: 0 if allowed (and counted), else seconds to wait;
 * -1 on a database error. */
int64_t	throttle_hit(const char *scope, const char *subject, int max,
	    int window, int64_t now);
/* Drops events older than before; at most limit of them (0: all). */
int	throttle_purge(int64_t before, int limit);

#endif
