/*
 * Counters for GET /metrics (SPEC 13), kept in a file every process of
 * the host maps (shm.c), so one answer sums them all: requests by route
 * and status, verify latency as a histogram, rate-limit denials,
 * sign-in failures, webhook deliveries. Counting is a relaxed atomic
 * add, never a lock or a write to the database.
 */
#ifndef LK_METRICS_H
#define LK_METRICS_H

#include <stdint.h>

struct buf;

enum metric_event {
	M_RATELIMITED,		/* a 429 answered */
	M_SIGNIN_FAILURE,	/* a wrong password or unknown account */
	M_WEBHOOK_OK,
	M_WEBHOOK_FAILED,
	M_EVENT__MAX
};

/* Maps "<db>-metrics"; without it counting is a no-op. 0 / -1. */
int	metrics_open(const char *db);
void	metrics_close(void);
/* One answered request: its route ("GET /v1/keys/{id}", or NULL for
 * none matched), status and duration; verify 1 for the verify path. */
void	metrics_request(const char *method, const char *pattern, int status,
	    int64_t us, int verify);
void	metrics_event(enum metric_event);
/* The Prometheus text exposition (format 0.0.4) into out; 0 / -1. */
int	metrics_render(struct buf *out);
/* 1 if ip may read /metrics: loopback, or within one of the CIDRs of
 * LATCHKEY_METRICS_ALLOW (space or comma separated). */
int	metrics_allowed(const char *ip);
/* 1 if allow (a CIDR list as above) holds ip; -1 if allow is malformed. */
int	metrics_cidr_match(const char *allow, const char *ip);

#endif
