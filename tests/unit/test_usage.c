/*
 * Usage counts (usage.c): exact across processes, readers see what is
 * not written yet, a flush writes each count once, at most every
 * USAGE_FLUSH seconds on the request path; against a real database.
 */
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "db.h"
#include "t.h"
#include "usage.h"

extern const char schema_sql[];

#define PROCS	6
#define EACH	500

static char	 dir[] = "/tmp/lk-usage-XXXXXX";

static int64_t
written(const char *key, const char *col)
{
	static const char SQL_SUM[] = "SELECT coalesce(sum(ok), 0), "
	    "coalesce(sum(insufficient_scope), 0), "
	    "coalesce(sum(rate_limited), 0) FROM key_usage WHERE key_id = ?1";
	struct dbq	*q;
	int64_t		 v = -1;
	int		 i = strcmp(col, "ok") == 0 ? 0 :
			    strcmp(col, "scope") == 0 ? 1 : 2;

	if ((q = db_q(SQL_SUM)) == NULL || db_bind_text(q, 1, key) == -1)
		return -1;
	if (db_step(q) == DB_ROW)
		v = db_int(q, i);
	db_end(q);
	return v;
}

/* PROCS children count EACH requests each of key A (one in ten refused
 * for scope) and one of key B; none flushes (now stays in the minute). */
static void
race(int64_t now)
{
	pid_t	 p[PROCS];
	int	 i, k;

	for (i = 0; i < PROCS; i++)
		if ((p[i] = fork()) == 0) {
			for (k = 0; k < EACH; k++)
				(void)usage_count("key_A", "usr_1", k % 10 ?
				    USAGE_OK : USAGE_SCOPE, now);
			(void)usage_count("key_B", "usr_1", USAGE_RATE, now);
			_exit(0);
		}
	for (i = 0; i < PROCS; i++)
		waitpid(p[i], NULL, 0);
}

int
main(void)
{
	struct usage_day	 d[3];
	char			 path[128];
	int64_t			 now = 1800000000 - 1800000000 % 86400 + 3600;
	static const char *const files[4] = { "db", "db-wal", "db-shm", "usage" };
	int			 i;

	if (sodium_init() < 0 || mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/db", dir);
	CHECK(db_open(path) == 0 && db_script(schema_sql) == 0);
	snprintf(path, sizeof(path), "%s/usage", dir);
	CHECK(usage_open(path) == 0);

	/* The first count starts the minute; the race stays inside it. */
	CHECK(usage_count("key_A", "usr_1", USAGE_OK, now) == 0);
	race(now + 1);
	CHECK(written("key_A", "ok") == 0);
	CHECK(usage_days("key_A", NULL, now, 3, d) == 0);
	CHECK(d[2].day == now / 86400 && d[0].day == now / 86400 - 2);
	CHECKF(d[2].n[USAGE_OK] == 1 + PROCS * EACH * 9 / 10 &&
	    d[2].n[USAGE_SCOPE] == PROCS * EACH / 10, "%lld %lld",
	    (long long)d[2].n[USAGE_OK], (long long)d[2].n[USAGE_SCOPE]);
	CHECK(d[1].n[USAGE_OK] == 0);
	CHECK(usage_days(NULL, "usr_1", now, 3, d) == 0);
	CHECK(d[2].n[USAGE_RATE] == PROCS);

	/* A minute later a count writes everything, once. */
	CHECK(usage_count("key_A", "usr_1", USAGE_OK, now + USAGE_FLUSH) == 0);
	CHECK(written("key_A", "ok") == 2 + PROCS * EACH * 9 / 10);
	CHECK(written("key_A", "scope") == PROCS * EACH / 10);
	CHECK(written("key_B", "rate") == PROCS);
	CHECK(usage_days("key_A", NULL, now + USAGE_FLUSH, 1, d) == 0);
	CHECK(d[0].n[USAGE_OK] == 2 + PROCS * EACH * 9 / 10);
	/* Nothing pending: a second flush writes nothing more. */
	CHECK(usage_flush(now + 2 * USAGE_FLUSH) == 0);
	CHECK(written("key_A", "ok") == 2 + PROCS * EACH * 9 / 10);
	/* The next day is a row of its own. */
	CHECK(usage_count("key_A", "usr_1", USAGE_QUOTA, now + 86400) == 0);
	CHECK(usage_flush(now + 86400) == 0);
	CHECK(usage_days("key_A", NULL, now + 86400, 2, d) == 0);
	CHECK(d[1].n[USAGE_QUOTA] == 1 && d[1].n[USAGE_OK] == 0 &&
	    d[0].n[USAGE_OK] == 2 + PROCS * EACH * 9 / 10);
	CHECK(usage_count("key_that_is_far_too_long_to_be_an_id", "u",
	    USAGE_OK, now) == -1);

	usage_close();
	db_close();
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		(void)unlink(path);
	}
	(void)rmdir(dir);
	return t_done("test_usage");
}
