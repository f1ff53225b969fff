#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "shm.h"

void *
shm_map(const char *path, size_t size, uint64_t magic, int (*init)(void *))
{
	_Atomic uint64_t	*m;
	void			*p = MAP_FAILED, *rc = NULL;
	int			 fd;

	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd == -1) {
		log_msg("shared file %s: %s", path, strerror(errno));
		return NULL;
	}
	if (flock(fd, LOCK_EX) == -1 || ftruncate(fd, (off_t)size) == -1 ||
	    (p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
	    0)) == MAP_FAILED) {
		log_msg("shared file %s: %s", path, strerror(errno));
		goto out;
	}
	m = p;
	if (atomic_load(m) != magic) {
		memset((char *)p + sizeof(*m), 0, size - sizeof(*m));
		if (init != NULL && init(p) == -1) {
			log_msg("shared file %s: cannot initialise", path);
			goto out;
		}
		atomic_store(m, magic);
	}
	rc = p;
	p = MAP_FAILED;
out:
	if (p != MAP_FAILED)
		munmap(p, size);
	(void)flock(fd, LOCK_UN);
	close(fd);
	return rc;
}

void
shm_unmap(void *p, size_t size)
{
	if (p != NULL)
		munmap(p, size);
}

int
shm_mutex_init(pthread_mutex_t *m)
{
	pthread_mutexattr_t	 a;
	int			 rc = 0;

	if (pthread_mutexattr_init(&a) != 0)
		return -1;
	if (pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED) != 0 ||
	    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST) != 0 ||
	    pthread_mutex_init(m, &a) != 0)
		rc = -1;
	pthread_mutexattr_destroy(&a);
	return rc;
}

/* A holder died: what it guarded is written with single stores, so it
 * is consistent; take the lock over. */
static int
recover(pthread_mutex_t *m, int rc)
{
	if (rc == EOWNERDEAD)
		rc = pthread_mutex_consistent(m);
	return rc;
}

int
shm_lock(pthread_mutex_t *m)
{
	return recover(m, pthread_mutex_lock(m)) == 0 ? 0 : -1;
}

int
shm_trylock(pthread_mutex_t *m)
{
	int	 rc = recover(m, pthread_mutex_trylock(m));

	return rc == 0 ? 0 : rc == EBUSY ? 1 : -1;
}
