/*
 * bench-seed: real API keys (and an OAuth app) for the benchmarks, fast.
 *
 *   LATCHKEY_DB=... LATCHKEY_SECRETS=... bench-seed -u EMAIL -n N
 *       [-p PERMS] [-o FILE [-k K]] [-a APPFILE]
 *
 * Inserts N keys for the existing user EMAIL through the product's own
 * keys_create() (keyfmt_generate, keyed BLAKE2b with the pepper of the
 * secrets file, the api_keys INSERT prepared once by db_q) inside ONE
 * transaction, so each key is exactly what the dashboard would have
 * made and a 1M-key seed takes seconds. Keys are "test", unrestricted,
 * with PERMS (default "read write delete admin").
 *
 *   -o FILE  writes K (default 10) of the new secrets to FILE, one a
 *            line, mode 0600, spread evenly over the batch
 *   -a FILE  also registers a confidential OAuth app of EMAIL allowed
 *            client_credentials with scopes "read write" (client_create,
 *            so its secret is hashed as the dashboard would) and writes
 *            "CLIENT_ID CLIENT_SECRET" to FILE
 *
 * Prints "seeded N keys in S s" on standard error. The secrets printed
 * are benchmark credentials of a throwaway database.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "client.h"
#include "db.h"
#include "audit.h"
#include "keys.h"
#include "perm.h"
#include "secrets.h"
#include "user.h"

/* 512 MiB of page cache while seeding: the three indexes of api_keys
 * (id, key_hash, user_id+created_at) take random inserts. */
/* Audit rows name the operator, as the command line's do. */
static const struct actor seeder = { NULL, "", VIA_CLI };

static const char SQL_SEED_PRAGMAS[] = "PRAGMA cache_size=-524288;";
/* Moves the batch from the WAL into the database file now, so no server
 * process pays for an auto-checkpoint of it during a measurement. */
static const char SQL_SEED_CHECKPOINT[] = "PRAGMA wal_checkpoint(TRUNCATE);";

static void
usage(void)
{
	fprintf(stderr, "usage: bench-seed -u EMAIL -n N [-p PERMS] "
	    "[-o FILE [-k K]] [-a APPFILE]\n");
	exit(2);
}

static FILE *
open_private(const char *path)
{
	int	 fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE	*f;

	if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "bench-seed: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
make_app(const struct user *u, const char *path)
{
	struct client	 c;
	char		 secret[CLIENT_SECRETLEN + 1];
	FILE		*f;

	memset(&c, 0, sizeof(c));
	snprintf(c.user_id, sizeof(c.user_id), "%s", u->id);
	snprintf(c.name, sizeof(c.name), "bench app");
	c.confidential = 1;
	snprintf(c.scopes, sizeof(c.scopes), "read write");
	c.grants = GRANT_CLIENT;
	if (client_create(&c, &seeder, (int64_t)time(NULL), secret) != CLIENT_OK) {
		fprintf(stderr, "bench-seed: client_create failed\n");
		return -1;
	}
	f = open_private(path);
	fprintf(f, "%s %s\n", c.id, secret);
	sodium_memzero(secret, sizeof(secret));
	return fclose(f) == 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	const char	*email = NULL, *out = NULL, *app = NULL;
	const char	*perms = "read write delete admin";
	const char	*db = getenv("LATCHKEY_DB"), *sec = getenv("LATCHKEY_SECRETS");
	long long	 n = -1, k = 10, i, every;
	struct user	 u;
	struct apikey	 key;
	char		 secret[KEY_LEN + 1];
	int64_t		 now = (int64_t)time(NULL);
	FILE		*f = NULL;
	double		 t0;
	int		 ch;

	while ((ch = getopt(argc, argv, "u:n:p:o:k:a:")) != -1)
		switch (ch) {
		case 'u': email = optarg; break;
		case 'n': n = atoll(optarg); break;
		case 'p': perms = optarg; break;
		case 'o': out = optarg; break;
		case 'k': k = atoll(optarg); break;
		case 'a': app = optarg; break;
		default: usage();
		}
	if (email == NULL || n < 0 || k < 1 || db == NULL || sec == NULL) {
		if (db == NULL || sec == NULL)
			fprintf(stderr, "bench-seed: set LATCHKEY_DB and "
			    "LATCHKEY_SECRETS\n");
		usage();
	}
	if (sodium_init() < 0 || secrets_load(sec) == -1 || db_open(db) == -1 ||
	    db_script(SQL_SEED_PRAGMAS) == -1) {
		fprintf(stderr, "bench-seed: cannot open %s with %s\n", db, sec);
		return 1;
	}
	if (user_by_email(email, &u) != USER_OK) {
		fprintf(stderr, "bench-seed: no user %s\n", email);
		return 1;
	}
	memset(&key, 0, sizeof(key));
	snprintf(key.user_id, sizeof(key.user_id), "%s", u.id);
	snprintf(key.name, sizeof(key.name), "bench");
	key.live = 0;
	key.restricted = 0;
	if (perm_parse(&key.perms, perms) == -1 ||
	    (key.perms.base == 0 && key.perms.nres == 0)) {
		fprintf(stderr, "bench-seed: bad permissions '%s'\n", perms);
		return 2;
	}
	if (out != NULL)
		f = open_private(out);
	every = n > k ? n / k : 1;
	t0 = now_s();
	if (db_begin() == -1)
		return 1;
	for (i = 0; i < n; i++) {
		struct apikey	 nk = key;

		snprintf(nk.name, sizeof(nk.name), "bench %lld", i);
		if (keys_create(&nk, &seeder, now, secret) != KEYS_OK) {
			fprintf(stderr, "bench-seed: insert %lld failed\n", i);
			db_rollback();
			return 1;
		}
		if (f != NULL && i % every == 0 && i / every < k)
			fprintf(f, "%s\n", secret);
	}
	if (app != NULL && make_app(&u, app) == -1) {
		db_rollback();
		return 1;
	}
	if (db_commit() == -1 || db_script(SQL_SEED_CHECKPOINT) == -1)
		return 1;
	sodium_memzero(secret, sizeof(secret));
	if (f != NULL && fclose(f) != 0)
		return 1;
	fprintf(stderr, "seeded %lld keys in %.2f s\n", n, now_s() - t0);
	db_close();
	return 0;
}
