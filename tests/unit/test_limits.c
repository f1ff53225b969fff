/*
 * The windows of SPEC 9: calendar-month arithmetic, fixed windows, the
 * tightest window, the RateLimit-Policy / RateLimit fields, and charging
 * several windows at once (all or none, exact across processes).
 */
#include <sys/wait.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "limits.h"
#include "t.h"

static const struct {
	int64_t	 t;		/* a time */
	int64_t	 id;		/* year * 12 + month - 1 */
	int64_t	 start, end;	/* the month's first second, the next's */
} months[] = {
	{ 0, 1970 * 12, 0, 2678400 },
	{ 2678399, 1970 * 12, 0, 2678400 },
	{ 2678400, 1970 * 12 + 1, 2678400, 5097600 },
	/* 2024 is a leap year: February has 29 days. */
	{ 1709251199, 2024 * 12 + 1, 1706745600, 1709251200 },
	{ 1709251200, 2024 * 12 + 2, 1709251200, 1711929600 },
	/* 2100 is not. */
	{ 4107542399, 2100 * 12 + 1, 4105123200, 4107542400 },
	/* December into January. */
	{ 1798761599, 2026 * 12 + 11, 1796083200, 1798761600 },
	{ 1798761600, 2027 * 12, 1798761600, 1801440000 },
	{ 1796302136, 2026 * 12 + 11, 1796083200, 1798761600 },
};

static void
test_months(void)
{
	int64_t	 id, start, end;
	size_t	 i;

	for (i = 0; i < sizeof(months) / sizeof(months[0]); i++) {
		limits_month(months[i].t, &id, &start, &end);
		CHECKF(id == months[i].id && start == months[i].start &&
		    end == months[i].end, "%lld: %lld %lld %lld",
		    (long long)months[i].t, (long long)id, (long long)start,
		    (long long)end);
	}
}

static void
test_windows_and_headers(void)
{
	struct lim_set	 s = { 0 };
	char		 out[256];
	int64_t		 now = 1796302136;	/* 2026-12-03T12:48:56Z */

	CHECK(limits_add(&s, LIM_SECOND, "cred:a", 10, 1, now, 1) == 0);
	CHECK(limits_add(&s, LIM_HOUR, "cred:a", 1000, 3600, now, 1) == 0);
	CHECK(limits_add(&s, LIM_MONTH, "acct:u", 100000, 1, now, 1) == 0);
	CHECK(limits_add(&s, LIM_HOUR, "x", 1, 3600, now, 1) == -1);
	CHECK(s.rl[0].id == now && s.w[0].reset == now + 1);
	CHECK(s.rl[1].id == now / 3600 && s.w[1].reset == 1796302800);
	CHECK(s.w[2].reset == 1798761600 && s.w[2].length == LIM_MONTH_W);
	CHECK(strcmp(s.rl[0].key, "cred:a:s") == 0);
	CHECK(strcmp(s.rl[1].key, "cred:a:h") == 0);
	CHECK(strcmp(s.rl[2].key, "acct:u:m") == 0);
	CHECK(limits_policy(&s, out, sizeof(out)) == 0);
	CHECK(strcmp(out, "\"second\";q=10;w=1, \"hour\";q=1000;w=3600, "
	    "\"month\";q=100000;w=2592000") == 0);
	/* Counts as after a request of cost 1 in each. */
	s.rl[0].count = 1;
	s.rl[1].count = 991;
	s.rl[2].count = 5;
	CHECK(limits_header(&s, now, out, sizeof(out)) == 0);
	CHECKF(strcmp(out, "\"second\";r=9;t=1, \"hour\";r=9;t=664, "
	    "\"month\";r=99995;t=2459464") == 0, "%s", out);
	/* Fewest remaining; a tie goes to the shortest window. */
	CHECK(limits_tightest(&s) == 0);
	s.rl[1].count = 992;
	CHECK(limits_tightest(&s) == 1);
	s.rl[2].count = 100001;	/* past the limit: 0 remaining */
	CHECK(limits_remaining(&s, 2) == 0 && limits_tightest(&s) == 2);
	/* A window not shown (no quota) is in neither header nor choice. */
	s.w[2].shown = 0;
	CHECK(limits_tightest(&s) == 1);
	CHECK(limits_policy(&s, out, sizeof(out)) == 0);
	CHECK(strcmp(out, "\"second\";q=10;w=1, \"hour\";q=1000;w=3600") == 0);
	CHECK(limits_policy(&s, out, 20) == -1);
	/* The next window of a fixed length starts at its boundary. */
	memset(&s, 0, sizeof(s));
	CHECK(limits_add(&s, LIM_HOUR, "c", 5, 6, 1800000003, 1) == 0);
	CHECK(s.rl[0].id == 300000000 && s.w[0].reset == 1800000006);
}

static struct lim_set
three(const char *who, int64_t now)
{
	struct lim_set	 s = { 0 };

	(void)limits_add(&s, LIM_SECOND, who, 5, 1, now, 1);
	(void)limits_add(&s, LIM_HOUR, who, 8, 3600, now, 1);
	(void)limits_add(&s, LIM_MONTH, "acct:shared", 12, 1, now, 1);
	return s;
}

static void
test_take_all(int64_t now)
{
	struct lim_set	 s;
	int		 i, n = 0;

	/* The second window refuses the 6th; the others stay uncharged. */
	for (i = 0; i < 7; i++) {
		s = three("cred:t1", now);
		if (limits_take(&s, 1) == 3)
			n++;
		else
			CHECK(limits_take(&s, 0) == 3 && s.rl[0].count == 5 &&
			    s.rl[1].count == 5 && s.rl[2].count == 5);
	}
	CHECK(n == 5);
	/* A cost beyond what is left is refused whole: hour has 3 left. */
	s = three("cred:t1", now + 1);
	CHECK(limits_take(&s, 4) == 1);
	CHECK(s.rl[1].count == 5 && s.rl[0].count == 0);
	CHECK(limits_take(&s, 3) == 3);
	CHECK(s.rl[0].count == 3 && s.rl[1].count == 8 && s.rl[2].count == 8);
	/* The month is shared: another credential has 4 left of it. */
	s = three("cred:t2", now + 2);
	CHECK(limits_take(&s, 5) == 2);
	CHECK(limits_take(&s, 4) == 3 && s.rl[2].count == 12);
	s = three("cred:t3", now + 3);
	CHECK(limits_take(&s, 1) == 2);
	CHECK(limits_take(&s, 0) == 3);
	CHECK(ratelimit_take_all(s.rl, 3, -1, now) == -1);
	CHECK(ratelimit_take_all(s.rl, RL_MAXWINDOWS + 1, 1, now) == -1);
}

/* Six processes each try 100 requests of cost 1 against a hour of 1000
 * and a shared month of 250: exactly 250 pass, the hours agree. */
static void
test_race(int64_t now)
{
	struct lim_set	 s;
	int		 fds[6][2], i, k, total = 0, got;
	pid_t		 p[6];
	char		 who[32];

	for (i = 0; i < 6; i++) {
		if (pipe(fds[i]) == -1 || (p[i] = fork()) == -1)
			return;
		if (p[i] == 0) {
			int	 n = 0;

			snprintf(who, sizeof(who), "cred:race%d", i % 2);
			for (k = 0; k < 100; k++) {
				memset(&s, 0, sizeof(s));
				(void)limits_add(&s, LIM_HOUR, who, 1000, 3600,
				    now, 1);
				(void)limits_add(&s, LIM_MONTH, "acct:race",
				    250, 1, now, 1);
				n += limits_take(&s, 1) == 2;
			}
			_exit(write(fds[i][1], &n, sizeof(n)) == sizeof(n) ?
			    0 : 1);
		}
		close(fds[i][1]);
	}
	for (i = 0; i < 6; i++) {
		if (read(fds[i][0], &got, sizeof(got)) == sizeof(got))
			total += got;
		close(fds[i][0]);
		waitpid(p[i], NULL, 0);
	}
	CHECKF(total == 250, "passed %d", total);
	memset(&s, 0, sizeof(s));
	(void)limits_add(&s, LIM_HOUR, "cred:race0", 1000, 3600, now, 1);
	(void)limits_add(&s, LIM_HOUR, "cred:race1", 1000, 3600, now, 1);
	(void)limits_add(&s, LIM_MONTH, "acct:race", 250, 1, now, 1);
	CHECK(limits_take(&s, 0) == 3);
	CHECK(s.rl[0].count + s.rl[1].count == 250 && s.rl[2].count == 250);
}

/* ratelimit.c's bucket of a key (the same formula). */
static unsigned
bucket_of(const char *key)
{
	unsigned char	 h[16];

	crypto_generichash(h, sizeof(h), (const unsigned char *)key,
	    strlen(key), NULL, 0);
	return (h[8] | h[9] << 8 | h[10] << 16) % RL_BUCKETS;
}

/* A month's count is not lost when credentials counted in windows of
 * another length come to its bucket (a regression: an entry was judged
 * over by the newcomer's window, not its own). */
static void
test_mixed_windows(int64_t now)
{
	struct lim_set	 s;
	char		 key[48];
	unsigned	 want = bucket_of("acct:mixed:m");
	int		 found = 0, i;

	memset(&s, 0, sizeof(s));
	(void)limits_add(&s, LIM_MONTH, "acct:mixed", 100, 1, now, 1);
	CHECK(limits_take(&s, 5) == 1);
	for (i = 0; found < RL_WAYS - 1 && i < 5000000; i++) {
		snprintf(key, sizeof(key), "cred:mix%d:h", i);
		if (bucket_of(key) != want)
			continue;
		found++;
		key[strlen(key) - 2] = '\0';
		memset(&s, 0, sizeof(s));
		(void)limits_add(&s, LIM_HOUR, key, 100, 3600, now, 1);
		(void)limits_take(&s, 1);
	}
	CHECK(found == RL_WAYS - 1);
	memset(&s, 0, sizeof(s));
	(void)limits_add(&s, LIM_MONTH, "acct:mixed", 100, 1, now + 7200, 1);
	CHECK(limits_take(&s, 0) == 1 && s.rl[0].count == 5);
}

int
main(void)
{
	char	 path[64];
	int64_t	 now = 1800000000;

	if (sodium_init() < 0)
		return 1;
	snprintf(path, sizeof(path), "/tmp/lk-lim-%d", (int)getpid());
	CHECK(ratelimit_open(path) == 0);
	test_months();
	test_windows_and_headers();
	test_take_all(now);
	test_race(now);
	test_mixed_windows(now);
	ratelimit_close();
	unlink(path);
	return t_done("test_limits");
}
