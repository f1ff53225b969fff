#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include <sodium.h>

#include "ratelimit.h"
#include "shm.h"

#define RL_MAGIC	0x4c4b524c00000003ULL	/* "LKRL", layout 3 */

struct rl_entry {
	uint64_t	 tag;		/* 0: free */
	uint64_t	 state;		/* window << 32 | count, one store */
	/* When its window ends: windows of different lengths (a second,
	 * an hour, a calendar month) share buckets, so whether an entry
	 * is over is its own window's business, not the newcomer's. */
	int64_t		 reset;
};

struct rl_bucket {
	pthread_mutex_t	 lock;
	struct rl_entry	 e[RL_WAYS];
} __attribute__((aligned(64)));

struct rl_file {
	_Atomic uint64_t magic;
	char		 pad[56];
	struct rl_bucket b[RL_BUCKETS];
};

static struct rl_file	*rl;

static int
init_locks(void *p)
{
	struct rl_file	*f = p;
	size_t		 i;

	for (i = 0; i < RL_BUCKETS; i++)
		if (shm_mutex_init(&f->b[i].lock) == -1)
			return -1;
	return 0;
}

int
ratelimit_open(const char *path)
{
	if (rl == NULL)
		rl = shm_map(path, sizeof(*rl), RL_MAGIC, init_locks);
	return rl != NULL ? 0 : -1;
}

void
ratelimit_close(void)
{
	shm_unmap(rl, sizeof(*rl));
	rl = NULL;
}

/* The entry of tag in b, claiming one if needed (never NULL): a free
 * one, or one whose window is over at now, or else the one with the
 * fewest requests. reset is when the caller's window ends. */
static struct rl_entry *
entry(struct rl_bucket *b, uint64_t tag, int64_t now, int64_t reset)
{
	struct rl_entry	*e, *victim = NULL;
	size_t		 i;

	for (i = 0; i < RL_WAYS; i++)
		if (b->e[i].tag == tag) {
			b->e[i].reset = reset;
			return &b->e[i];
		}
	for (i = 0; i < RL_WAYS; i++) {
		e = &b->e[i];
		if (e->tag == 0 || e->reset <= now) {
			victim = e;
			break;
		}
		if (victim == NULL || (uint32_t)e->state <
		    (uint32_t)victim->state)
			victim = e;
	}
	victim->state = 0;
	victim->reset = reset;
	victim->tag = tag;
	return victim;
}

/* The tag and bucket of key. */
static struct rl_bucket *
bucket_of(const char *key, uint64_t *tag)
{
	unsigned char	 h[16];

	crypto_generichash(h, sizeof(h), (const unsigned char *)key,
	    strlen(key), NULL, 0);
	memcpy(tag, h, 8);
	*tag |= 1;
	return &rl->b[(h[8] | h[9] << 8 | h[10] << 16) % RL_BUCKETS];
}

static uint64_t
current(const struct rl_entry *e, uint64_t win)
{
	return (e->state >> 32) == (win & 0xffffffff) ? (uint32_t)e->state : 0;
}

/* Locks the distinct buckets of b[0..n) in address order (so two
 * processes never wait on each other), or unlocks them; 0 / -1. */
static int
lock_all(struct rl_bucket **b, size_t n, int lock)
{
	struct rl_bucket	*s[RL_MAXWINDOWS], *t;
	size_t			 i, j, m = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < m && s[j] != b[i]; j++)
			;
		if (j == m)
			s[m++] = b[i];
	}
	for (i = 1; i < m; i++)
		for (j = i; j > 0 && s[j - 1] > s[j]; j--) {
			t = s[j];
			s[j] = s[j - 1];
			s[j - 1] = t;
		}
	for (i = 0; i < m; i++) {
		if (!lock) {
			pthread_mutex_unlock(&s[m - 1 - i]->lock);
			continue;
		}
		if (shm_lock(&s[i]->lock) == -1) {
			while (i-- > 0)
				pthread_mutex_unlock(&s[i]->lock);
			return -1;
		}
	}
	return 0;
}

int
ratelimit_take_all(struct rl_window *w, size_t n, int64_t cost, int64_t now)
{
	struct rl_bucket	*b[RL_MAXWINDOWS];
	struct rl_entry		*e[RL_MAXWINDOWS];
	uint64_t		 tag[RL_MAXWINDOWS], c;
	size_t			 i, refused = n;

	if (rl == NULL || n > RL_MAXWINDOWS || cost < 0 || cost > RL_MAXCOUNT)
		return -1;
	for (i = 0; i < n; i++) {
		if (w[i].limit < 0 || w[i].limit > RL_MAXCOUNT || w[i].id < 0)
			return -1;
		b[i] = bucket_of(w[i].key, &tag[i]);
	}
	if (lock_all(b, n, 1) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		e[i] = entry(b[i], tag[i], now, w[i].reset);
		c = current(e[i], (uint64_t)w[i].id);
		w[i].count = (int64_t)c;
		if (refused == n && (int64_t)c + cost > w[i].limit)
			refused = i;
	}
	for (i = 0; i < n && refused == n; i++) {
		w[i].count += cost;
		e[i]->state = ((uint64_t)w[i].id & 0xffffffff) << 32 |
		    (uint64_t)w[i].count;
	}
	for (i = 0; i < n && refused != n; i++)
		e[i]->state = ((uint64_t)w[i].id & 0xffffffff) << 32 |
		    (uint64_t)w[i].count;
	(void)lock_all(b, n, 0);
	return (int)refused;
}

/* take: 1 counts a request, 0 only looks, -1 gives one back. */
static int
count(const char *key, int64_t limit, int64_t window, int64_t now,
    int take, struct rl_result *res)
{
	unsigned char	 h[16];
	uint64_t	 tag, win, n;
	struct rl_bucket *b;
	struct rl_entry	*e;

	if (rl == NULL || window <= 0 || limit < 0 || limit > RL_MAXLIMIT)
		return -1;
	crypto_generichash(h, sizeof(h), (const unsigned char *)key,
	    strlen(key), NULL, 0);
	memcpy(&tag, h, 8);
	tag |= 1;
	b = &rl->b[(h[8] | h[9] << 8 | h[10] << 16) % RL_BUCKETS];
	win = (uint64_t)(now / window);
	if (shm_lock(&b->lock) == -1)
		return -1;
	e = entry(b, tag, now, (int64_t)(win + 1) * window);
	n = (e->state >> 32) == (win & 0xffffffff) ? (uint32_t)e->state : 0;
	res->allowed = n < (uint64_t)limit;
	if (res->allowed && take > 0)
		n++;
	else if (take < 0 && n > 0)
		n--;
	e->state = (win & 0xffffffff) << 32 | n;
	pthread_mutex_unlock(&b->lock);
	res->limit = limit;
	res->remaining = limit - (int64_t)n > 0 ? limit - (int64_t)n : 0;
	res->reset = (int64_t)(win + 1) * window;
	return 0;
}

int
ratelimit_take(const char *key, int64_t limit, int64_t window, int64_t now,
    struct rl_result *res)
{
	return count(key, limit, window, now, 1, res);
}

int
ratelimit_peek(const char *key, int64_t limit, int64_t window, int64_t now,
    struct rl_result *res)
{
	return count(key, limit, window, now, 0, res);
}

int
ratelimit_give(const char *key, int64_t limit, int64_t window, int64_t now)
{
	struct rl_result	 res;

	return count(key, limit, window, now, -1, &res);
}
