#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "db.h"
#include "log.h"
#include "shm.h"
#include "usage.h"

#define US_MAGIC	0x4c4b555300000001ULL	/* "LKUS", layout 1 */
#define US_BUCKETS	4096
#define US_WAYS		8
#define US_IDLEN	24

const char *const usage_names[USAGE__MAX] = {
	"ok", "insufficient_scope", "rate_limited", "quota_exceeded",
};

/* A key's pending counts of one day; key_id "" is a free entry. */
struct us_entry {
	char		 key_id[US_IDLEN];
	char		 user_id[US_IDLEN];
	int64_t		 day;
	int64_t		 n[USAGE__MAX];
};

struct us_bucket {
	pthread_mutex_t	 lock;
	struct us_entry	 e[US_WAYS];
} __attribute__((aligned(64)));

struct us_file {
	_Atomic uint64_t magic;
	_Atomic int64_t	 last_flush;
	pthread_mutex_t	 flush_lock;	/* one flusher at a time */
	struct us_bucket b[US_BUCKETS];
};

static struct us_file	*us;

static const char SQL_ADD[] =
    "INSERT INTO key_usage (key_id, user_id, day, ok, insufficient_scope, "
    "rate_limited, quota_exceeded) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (key_id, day) DO UPDATE SET ok = ok + excluded.ok, "
    "insufficient_scope = insufficient_scope + excluded.insufficient_scope, "
    "rate_limited = rate_limited + excluded.rate_limited, "
    "quota_exceeded = quota_exceeded + excluded.quota_exceeded";
static const char SQL_KEY_DAYS[] =
    "SELECT day, ok, insufficient_scope, rate_limited, quota_exceeded "
    "FROM key_usage WHERE key_id = ?1 AND day BETWEEN ?2 AND ?3";
static const char SQL_USER_DAYS[] =
    "SELECT day, sum(ok), sum(insufficient_scope), sum(rate_limited), "
    "sum(quota_exceeded) FROM key_usage WHERE user_id = ?1 AND "
    "day BETWEEN ?2 AND ?3 GROUP BY day";

static int
init_locks(void *p)
{
	struct us_file	*f = p;
	size_t		 i;

	if (shm_mutex_init(&f->flush_lock) == -1)
		return -1;
	for (i = 0; i < US_BUCKETS; i++)
		if (shm_mutex_init(&f->b[i].lock) == -1)
			return -1;
	return 0;
}

int
usage_open(const char *path)
{
	if (us == NULL)
		us = shm_map(path, sizeof(*us), US_MAGIC, init_locks);
	return us != NULL ? 0 : -1;
}

void
usage_close(void)
{
	shm_unmap(us, sizeof(*us));
	us = NULL;
}

/* Key and user ids are public names, not secrets: a plain compare. */
static int
same_id(const char *a, const char *b)
{
	return strcmp(a, b) == 0; /* lint-ok: public ids */
}

static struct us_bucket *
bucket(const char *key_id, int64_t day)
{
	unsigned char	 h[4];

	crypto_generichash(h, sizeof(h), (const unsigned char *)key_id,
	    strlen(key_id), (const unsigned char *)&day, sizeof(day));
	return &us->b[(h[0] | h[1] << 8 | (uint32_t)h[2] << 16) % US_BUCKETS];
}

/* Adds n to the row of (key, day) straight away: the rare case of a
 * full bucket, and counts a failed flush gives back. 0 / -1. */
static int
write_row(const struct us_entry *e)
{
	struct dbq	*q;
	int		 i;

	if ((q = db_q(SQL_ADD)) == NULL || db_bind_text(q, 1, e->key_id) ||
	    db_bind_text(q, 2, e->user_id) || db_bind_int(q, 3, e->day))
		return -1;
	for (i = 0; i < USAGE__MAX; i++)
		if (db_bind_int(q, 4 + i, e->n[i]) == -1)
			return -1;
	return db_exec(q);
}

/* Adds e's counts to the shared entry of its key and day; -1 when the
 * bucket has no room (the caller writes them itself). */
static int
add(const struct us_entry *e)
{
	struct us_bucket	*b = bucket(e->key_id, e->day);
	struct us_entry		*x = NULL;
	size_t			 i;

	if (shm_lock(&b->lock) == -1)
		return -1;
	for (i = 0; i < US_WAYS && x == NULL; i++)
		if (b->e[i].day == e->day && same_id(b->e[i].key_id,
		    e->key_id))
			x = &b->e[i];
	for (i = 0; i < US_WAYS && x == NULL; i++)
		if (b->e[i].key_id[0] == '\0') {
			x = &b->e[i];
			memcpy(x, e, sizeof(*x));
			memset(x->n, 0, sizeof(x->n));
		}
	for (i = 0; x != NULL && i < USAGE__MAX; i++)
		x->n[i] += e->n[i];
	pthread_mutex_unlock(&b->lock);
	return x != NULL ? 0 : -1;
}

static void
maybe_flush(int64_t now)
{
	int64_t	 last = atomic_load(&us->last_flush);

	if (last == 0) {
		/* A new file: the first flush is a minute from now. */
		atomic_compare_exchange_strong(&us->last_flush, &last, now);
		return;
	}
	if (now - last >= USAGE_FLUSH)
		(void)usage_flush(now);
}

int
usage_count(const char *key_id, const char *user_id,
    enum usage_outcome o, int64_t now)
{
	struct us_entry	 e;

	if (us == NULL || strlen(key_id) >= US_IDLEN ||
	    strlen(user_id) >= US_IDLEN)
		return -1;
	memset(&e, 0, sizeof(e));
	snprintf(e.key_id, sizeof(e.key_id), "%s", key_id);
	snprintf(e.user_id, sizeof(e.user_id), "%s", user_id);
	e.day = now / 86400;
	e.n[o] = 1;
	if (add(&e) == -1 && write_row(&e) == -1) {
		log_msg("usage of %s: not counted", key_id);
		return -1;
	}
	maybe_flush(now);
	return 0;
}

/* Moves every pending entry of b into out (room for US_WAYS more),
 * freeing them; the number moved. */
static size_t
take_bucket(struct us_bucket *b, struct us_entry *out)
{
	size_t	 i, j, n = 0;
	int64_t	 any;

	if (shm_lock(&b->lock) == -1)
		return 0;
	for (i = 0; i < US_WAYS; i++) {
		if (b->e[i].key_id[0] == '\0')
			continue;
		for (j = 0, any = 0; j < USAGE__MAX; j++)
			any |= b->e[i].n[j];
		if (any)
			out[n++] = b->e[i];
		memset(&b->e[i], 0, sizeof(b->e[i]));
	}
	pthread_mutex_unlock(&b->lock);
	return n;
}

/* Writes n entries in one transaction; on failure gives them back. */
static int
write_all(struct us_entry *e, size_t n)
{
	size_t	 i;
	int	 rc = 0;

	if (n == 0)
		return 0;
	if (db_begin() == -1)
		rc = -1;
	for (i = 0; rc == 0 && i < n; i++)
		rc = write_row(&e[i]);
	if (rc == 0 && db_end_tx(0) == -1)
		rc = -1;
	else if (rc == -1 && db_in_tx())
		(void)db_end_tx(1);
	for (i = 0; rc == -1 && i < n; i++)
		(void)add(&e[i]);
	return rc;
}

int
usage_flush(int64_t now)
{
	struct us_entry	*e;
	size_t		 i, n = 0, cap = 1024;
	int		 rc = 0, lk;

	if (us == NULL)
		return 0;
	if ((lk = shm_trylock(&us->flush_lock)) != 0)
		return lk == 1 ? 0 : -1;
	atomic_store(&us->last_flush, now);
	if ((e = malloc(cap * sizeof(*e))) == NULL) {
		pthread_mutex_unlock(&us->flush_lock);
		return -1;
	}
	for (i = 0; i < US_BUCKETS && rc == 0; i++) {
		n += take_bucket(&us->b[i], e + n);
		if (n + US_WAYS > cap) {
			rc = write_all(e, n);
			n = 0;
		}
	}
	if (rc == 0)
		rc = write_all(e, n);
	free(e);
	pthread_mutex_unlock(&us->flush_lock);
	if (rc == -1)
		log_msg("usage: flush failed; the counts stay pending");
	return rc;
}

/* Adds the pending counts of key (NULL: of user's keys) to out. */
static void
add_pending(const char *key_id, const char *user_id, int64_t first,
    int ndays, struct usage_day *out)
{
	struct us_entry	*x;
	size_t		 i, j, k;

	if (us == NULL)
		return;
	for (i = 0; i < US_BUCKETS; i++) {
		if (shm_lock(&us->b[i].lock) == -1)
			continue;
		for (j = 0; j < US_WAYS; j++) {
			x = &us->b[i].e[j];
			if (x->key_id[0] == '\0' || x->day < first ||
			    x->day >= first + ndays || !(key_id != NULL ?
			    same_id(x->key_id, key_id) : same_id(x->user_id,
			    user_id)))
				continue;
			for (k = 0; k < USAGE__MAX; k++)
				out[x->day - first].n[k] += x->n[k];
		}
		pthread_mutex_unlock(&us->b[i].lock);
	}
}

int
usage_days(const char *key_id, const char *user_id, int64_t now,
    int ndays, struct usage_day *out)
{
	const char	*sql = key_id != NULL ? SQL_KEY_DAYS : SQL_USER_DAYS;
	struct dbq	*q;
	enum db_rc	 rc;
	int64_t		 first = now / 86400 - ndays + 1, d;
	int		 i, k;

	for (i = 0; i < ndays; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].day = first + i;
	}
	if ((q = db_q(sql)) == NULL ||
	    db_bind_text(q, 1, key_id != NULL ? key_id : user_id) ||
	    db_bind_int(q, 2, first) || db_bind_int(q, 3, first + ndays - 1))
		return -1;
	while ((rc = db_step(q)) == DB_ROW) {
		d = db_int(q, 0) - first;
		for (k = 0; d >= 0 && d < ndays && k < USAGE__MAX; k++)
			out[d].n[k] += db_int(q, 1 + k);
	}
	db_end(q);
	if (rc != DB_DONE)
		return -1;
	add_pending(key_id, user_id, first, ndays, out);
	return 0;
}
