/*
 * Shared-memory rate limits: exact across processes, robust against a
 * process killed while it holds a bucket's lock, windows that reset.
 */
#include <sys/mman.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "ratelimit.h"
#include "t.h"

#define PROCS	6
#define TRIES	400
#define LIMIT	1000

static char	 path[64];

/* Each child takes TRIES times and reports how many were allowed. */
static int
hammer(const char *key, int64_t now, int *allowed)
{
	pid_t	 pids[PROCS];
	int	 fds[PROCS][2], i, total = 0;

	for (i = 0; i < PROCS; i++) {
		if (pipe(fds[i]) == -1 || (pids[i] = fork()) == -1)
			return -1;
		if (pids[i] == 0) {
			struct rl_result res;
			int n = 0, k;
			if (ratelimit_open(path) == -1)
				_exit(2);
			for (k = 0; k < TRIES; k++)
				if (ratelimit_take(key, LIMIT, 3600, now,
				    &res) == 0 && res.allowed)
					n++;
			if (write(fds[i][1], &n, sizeof(n)) != sizeof(n))
				_exit(3);
			_exit(0);
		}
		close(fds[i][1]);
	}
	for (i = 0; i < PROCS; i++) {
		int n = 0;
		if (read(fds[i][0], &n, sizeof(n)) != sizeof(n))
			n = -100000;
		total += n;
		close(fds[i][0]);
		waitpid(pids[i], NULL, 0);
	}
	*allowed = total;
	return 0;
}

/* Kills children at random moments while they take, many times. */
static void
kill_storm(int64_t now)
{
	struct rl_result res;
	int		 i;
	pid_t		 p;

	for (i = 0; i < 150; i++) {
		if ((p = fork()) == 0) {
			if (ratelimit_open(path) == -1)
				_exit(2);
			for (;;)
				(void)ratelimit_take("storm", RL_MAXLIMIT, 3600,
				    now, &res);
		}
		usleep(200 + randombytes_uniform(3000));
		kill(p, SIGKILL);
		waitpid(p, NULL, 0);
	}
}

int
main(void)
{
	struct rl_result res;
	int64_t		 now = 1800000000;
	time_t		 t0;
	int		 allowed = 0, i;

	if (sodium_init() < 0)
		return 1;
	snprintf(path, sizeof(path), "/tmp/lk-rl-%d", (int)getpid());
	CHECK(ratelimit_open(path) == 0);

	/* 2400 attempts from 6 processes on a limit of 1000: exactly 1000. */
	CHECK(hammer("cred:key_A", now, &allowed) == 0);
	CHECKF(allowed == LIMIT, "allowed %d", allowed);
	CHECK(ratelimit_peek("cred:key_A", LIMIT, 3600, now, &res) == 0);
	CHECK(!res.allowed && res.remaining == 0);
	CHECK(res.reset == (now / 3600 + 1) * 3600);

	/* Other credentials are counted apart. */
	CHECK(ratelimit_take("cred:key_B", 3, 3600, now, &res) == 0);
	CHECK(res.allowed && res.remaining == 2 && res.limit == 3);
	CHECK(ratelimit_take("cred:key_B", 3, 3600, now, &res) == 0);
	CHECK(ratelimit_take("cred:key_B", 3, 3600, now, &res) == 0);
	CHECK(res.allowed && res.remaining == 0);
	CHECK(ratelimit_take("cred:key_B", 3, 3600, now, &res) == 0);
	CHECK(!res.allowed && res.remaining == 0);

	/* The next window starts from zero, at its first second. */
	CHECK(ratelimit_take("cred:key_B", 3, 3600, res.reset, &res) == 0);
	CHECK(res.allowed && res.remaining == 2);
	CHECK(ratelimit_take("cred:key_B", 3, 3600, res.reset - 1, &res) == 0);

	/* A peek doesn't count. */
	CHECK(ratelimit_peek("cred:key_C", 1, 60, now, &res) == 0);
	CHECK(ratelimit_peek("cred:key_C", 1, 60, now, &res) == 0);
	CHECK(res.allowed && res.remaining == 1);

	/* Bounded: 200,000 distinct credentials fit the same file, and a
	 * credential seen before keeps its count among them. */
	CHECK(ratelimit_take("cred:keep", 5, 3600, now, &res) == 0);
	for (i = 0; i < 200000; i++) {
		char k[32];
		snprintf(k, sizeof(k), "cred:many_%d", i);
		if (ratelimit_take(k, 10, 3600, now, &res) != 0)
			break;
	}
	CHECK(i == 200000);
	CHECK(ratelimit_take("cred:keep", 5, 3600, now, &res) == 0);
	CHECKF(res.remaining == 3, "remaining %lld", (long long)res.remaining);

	/* Processes killed at random, some inside a bucket's lock: the
	 * others carry on (robust mutexes), promptly. */
	kill_storm(now);
	t0 = time(NULL);
	CHECK(ratelimit_take("storm", RL_MAXLIMIT, 3600, now, &res) == 0);
	CHECK(hammer("cred:after_storm", now, &allowed) == 0);
	CHECK(allowed == LIMIT);
	CHECK(time(NULL) - t0 < 10);

	/* Bad arguments are refused, not counted. */
	CHECK(ratelimit_take("x", RL_MAXLIMIT + 1, 3600, now, &res) == -1);
	CHECK(ratelimit_take("x", 10, 0, now, &res) == -1);
	ratelimit_close();
	unlink(path);
	return t_done("test_ratelimit");
}
