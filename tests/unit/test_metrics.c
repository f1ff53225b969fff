/* metrics.c: counts summed across processes, the exposition, CIDRs. */
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "metrics.h"
#include "t.h"

static const struct { const char *allow, *ip; int want; } cidrs[] = {
	{ "10.0.0.0/8", "10.1.2.3", 1 },
	{ "10.0.0.0/8", "11.0.0.1", 0 },
	{ "192.168.1.7", "192.168.1.7", 1 },
	{ "192.168.1.7", "192.168.1.8", 0 },
	{ "10.0.0.0/8, 203.0.113.0/25", "203.0.113.127", 1 },
	{ "10.0.0.0/8 203.0.113.0/25", "203.0.113.128", 0 },
	{ "0.0.0.0/0", "8.8.8.8", 1 },
	{ "2001:db8::/32", "2001:db8:1::5", 1 },
	{ "2001:db8::/32", "2001:db9::5", 0 },
	{ "2001:db8::/32", "10.0.0.1", 0 },
	{ "10.0.0.0/33", "10.0.0.1", -1 },
	{ "10.0.0.0/", "10.0.0.1", -1 },
	{ "not-an-address", "10.0.0.1", -1 },
	{ "10.0.0.0/8", "not an ip", 0 },
	{ "", "10.0.0.1", 0 },
};

/* The value of the exposition's line that starts with prefix, or -1
 * (not a "# HELP" line that names it). */
static long long
value(const char *text, const char *prefix)
{
	const char	*p;

	for (p = text; (p = strstr(p, prefix)) != NULL; p++)
		if (p == text || p[-1] == '\n')
			return atoll(p + strlen(prefix));
	return -1;
}

static void
children(int n, int each)
{
	int	 i, j, st;
	pid_t	 pid;

	for (i = 0; i < n; i++) {
		if ((pid = fork()) == 0) {
			for (j = 0; j < each; j++)
				metrics_request("GET", "/v1/auth/verify",
				    j % 10 == 0 ? 429 : 200, 700 + j, 1);
			metrics_event(M_SIGNIN_FAILURE);
			_exit(0);
		}
	}
	for (i = 0; i < n; i++)
		wait(&st);
}

int
main(void)
{
	char		 dir[] = "/tmp/lk-metrics-XXXXXX", db[128];
	struct buf	 b = { 0 };
	size_t		 i;

	for (i = 0; i < sizeof(cidrs) / sizeof(cidrs[0]); i++)
		CHECKF(metrics_cidr_match(cidrs[i].allow, cidrs[i].ip) ==
		    cidrs[i].want, "cidr \"%s\" \"%s\"", cidrs[i].allow,
		    cidrs[i].ip);
	unsetenv("LATCHKEY_METRICS_ALLOW");
	CHECK(metrics_allowed("127.0.0.1") == 1);
	CHECK(metrics_allowed("127.9.8.7") == 1);
	CHECK(metrics_allowed("::1") == 1);
	CHECK(metrics_allowed("203.0.113.9") == 0);
	CHECK(metrics_allowed(NULL) == 0);
	setenv("LATCHKEY_METRICS_ALLOW", "203.0.113.0/24", 1);
	CHECK(metrics_allowed("203.0.113.9") == 1);
	setenv("LATCHKEY_METRICS_ALLOW", "garbage", 1);
	CHECK(metrics_allowed("203.0.113.9") == 0);	/* fails closed */

	CHECK(metrics_render(&b) == -1);	/* not open: no counters */
	CHECK(mkdtemp(dir) != NULL);
	snprintf(db, sizeof(db), "%s/latchkey.db", dir);
	CHECK(metrics_open(db) == 0);
	metrics_request(NULL, NULL, 404, 10, 0);
	children(4, 250);
	CHECK(metrics_render(&b) == 0 && !b.failed);
	CHECK(value(b.data, "latchkey_requests_total{route=\"GET "
	    "/v1/auth/verify\",status=\"200\"} ") == 900);
	CHECK(value(b.data, "latchkey_requests_total{route=\"GET "
	    "/v1/auth/verify\",status=\"429\"} ") == 100);
	CHECK(value(b.data, "latchkey_requests_total{route=\"unmatched\","
	    "status=\"404\"} ") == 1);
	CHECK(value(b.data, "latchkey_ratelimit_denials_total ") == 100);
	CHECK(value(b.data, "latchkey_signin_failures_total ") == 4);
	CHECK(value(b.data, "latchkey_verify_duration_seconds_count ") ==
	    1000);
	/* 700..949 us: none at 0.0005 s, all by 0.001 s. */
	CHECK(value(b.data, "latchkey_verify_duration_seconds_bucket"
	    "{le=\"0.0005\"} ") == 0);
	CHECK(value(b.data, "latchkey_verify_duration_seconds_bucket"
	    "{le=\"0.001\"} ") == 1000);
	CHECK(value(b.data, "latchkey_verify_duration_seconds_bucket"
	    "{le=\"+Inf\"} ") == 1000);
	CHECK(strstr(b.data, "# TYPE latchkey_verify_duration_seconds "
	    "histogram\n") != NULL);
	metrics_close();
	free(b.data);
	snprintf(db, sizeof(db), "rm -rf %s", dir);
	CHECK(system(db) == 0);
	return t_done("test_metrics");
}
