/*
 * Per-request memory. Everything a request allocates comes from one arena
 * that is freed as a whole when the request ends, so handlers never free
 * and a forgotten free cannot leak across requests of a FastCGI process.
 */
#ifndef LK_ARENA_H
#define LK_ARENA_H

#include <stddef.h>

struct arena;

/* New empty arena; NULL on allocation failure. Free with arena_free. */
struct arena	*arena_new(void);
/* Frees every block the arena handed out, then the arena. NULL is fine. */
void		 arena_free(struct arena *);
/* The same, overwriting every block first: the arena held a secret. */
void		 arena_free_wipe(struct arena *);
/* Zeroed memory aligned for any type; NULL on failure or overflow. */
void		*arena_alloc(struct arena *, size_t);
/* Copies of a string / of n bytes plus a NUL; NULL on failure. */
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
/* printf into arena memory; NULL on failure. */
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

#endif
