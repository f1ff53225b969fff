#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "log.h"
#include "ratelimit.h"

#define RL_MAGIC	0x4c4b524c00000002ULL	/* "LKRL", layout 2 */

struct rl_entry {
	uint64_t	 tag;		/* 0: free */
	uint64_t	 state;		/* window << 32 | count, one store */
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
init_locks(struct rl_file *f)
{
	pthread_mutexattr_t	 a;
	size_t			 i;
	int			 rc = 0;

	if (pthread_mutexattr_init(&a) != 0)
		return -1;
	if (pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED) != 0 ||
	    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST) != 0)
		rc = -1;
	for (i = 0; rc == 0 && i < RL_BUCKETS; i++)
		if (pthread_mutex_init(&f->b[i].lock, &a) != 0)
			rc = -1;
	pthread_mutexattr_destroy(&a);
	return rc;
}

int
ratelimit_open(const char *path)
{
	struct rl_file	*f = MAP_FAILED;
	int		 fd, rc = -1;

	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1) {
		log_msg("ratelimit %s: %s", path, strerror(errno));
		return -1;
	}
	/* One process initialises; the others wait on the file lock and
	 * then see the magic. A crash mid-way leaves no magic: the next
	 * opener starts over. */
	if (flock(fd, LOCK_EX) == -1 ||
	    ftruncate(fd, sizeof(struct rl_file)) == -1 ||
	    (f = mmap(NULL, sizeof(*f), PROT_READ | PROT_WRITE, MAP_SHARED,
	    fd, 0)) == MAP_FAILED) {
		log_msg("ratelimit %s: %s", path, strerror(errno));
		goto out;
	}
	if (atomic_load(&f->magic) != RL_MAGIC) {
		memset(f->b, 0, sizeof(f->b));
		if (init_locks(f) == -1) {
			log_msg("ratelimit %s: mutexes unavailable", path);
			goto out;
		}
		atomic_store(&f->magic, RL_MAGIC);
	}
	rl = f;
	f = MAP_FAILED;
	rc = 0;
out:
	if (f != MAP_FAILED)
		munmap(f, sizeof(*f));
	(void)flock(fd, LOCK_UN);
	close(fd);
	return rc;
}

void
ratelimit_close(void)
{
	if (rl != NULL)
		munmap(rl, sizeof(*rl));
	rl = NULL;
}

static int
lock(struct rl_bucket *b)
{
	int	 rc = pthread_mutex_lock(&b->lock);

	/* Its holder died: entries are written with single stores, so
	 * what it left is consistent. Take the lock over. */
	if (rc == EOWNERDEAD)
		rc = pthread_mutex_consistent(&b->lock);
	return rc == 0 ? 0 : -1;
}

/* The entry of tag in b, claiming one if needed (never NULL). */
static struct rl_entry *
entry(struct rl_bucket *b, uint64_t tag, uint64_t win)
{
	struct rl_entry	*e, *victim = NULL;
	size_t		 i;

	for (i = 0; i < RL_WAYS; i++)
		if (b->e[i].tag == tag)
			return &b->e[i];
	for (i = 0; i < RL_WAYS; i++) {
		e = &b->e[i];
		if (e->tag == 0 || (e->state >> 32) != (win & 0xffffffff)) {
			victim = e;
			break;
		}
		if (victim == NULL || (uint32_t)e->state <
		    (uint32_t)victim->state)
			victim = e;
	}
	victim->state = 0;
	victim->tag = tag;
	return victim;
}

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
	if (lock(b) == -1)
		return -1;
	e = entry(b, tag, win);
	n = (e->state >> 32) == (win & 0xffffffff) ? (uint32_t)e->state : 0;
	res->allowed = n < (uint64_t)limit;
	if (res->allowed && take)
		n++;
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
