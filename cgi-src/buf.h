/*
 * Growable byte buffer for response bodies and headers. Always NUL
 * terminated so its contents can be used as a C string when textual.
 */
#ifndef LK_BUF_H
#define LK_BUF_H

#include <stddef.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	int	 failed;	/* an append ran out of memory */
	int	 secret;	/* wipe what it held on growth and free */
};

/* Appends; on failure sets b->failed and returns -1. */
int	buf_append(struct buf *, const void *, size_t);
int	buf_puts(struct buf *, const char *);
int	buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_reset(struct buf *);
/* Frees the storage (wiped first if b->secret); the struct may be
 * reused after, and stays secret. */
void	buf_free(struct buf *);

#endif
