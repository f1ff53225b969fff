/*
 * At most N password hashes (argon2id: ~0.1 s of CPU and 64 MiB each)
 * run at once on a host, whatever the number of processes (SPEC 8.9).
 * The slots are robust process-shared mutexes in a mapped file: a
 * process killed in the middle of a hash frees its slot.
 */
#ifndef LK_HASHGATE_H
#define LK_HASHGATE_H

#define HASHGATE_MAX	64

/* Maps the slot file, allowing n at once (1..HASHGATE_MAX); 0 / -1.
 * Without it (the command line), every hash is let through. */
int	hashgate_open(const char *path, int n);
void	hashgate_close(void);
/* Takes a free slot: its index, or -1 when all n are busy. */
int	hashgate_enter(void);
void	hashgate_leave(int slot);

#endif
