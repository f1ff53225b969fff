/*
 * Files mapped MAP_SHARED by every process of a host: the rate-limit
 * counters and the password-hash slots. A file starts with a magic word
 * that names its layout; whoever maps it first (under an exclusive
 * flock) initialises it, and a crash half-way leaves no magic, so the
 * next process starts over.
 */
#ifndef LK_SHM_H
#define LK_SHM_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Maps path (created mode 0600 if missing) at size bytes. If its first
 * 8 bytes are not magic, zeroes it, calls init (which may be NULL) and
 * stores magic. Returns the mapping or NULL (logged).
 */
void	*shm_map(const char *path, size_t size, uint64_t magic,
	    int (*init)(void *));
void	 shm_unmap(void *, size_t size);

/* Initialises a robust, process-shared mutex; 0 / -1. */
int	 shm_mutex_init(pthread_mutex_t *);
/* Locks m, taking over from a holder that died; 0 / -1. trylock
 * returns 1 when m is held by someone else. */
int	 shm_lock(pthread_mutex_t *);
int	 shm_trylock(pthread_mutex_t *);

#endif
