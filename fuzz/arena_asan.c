/*
 * A drop-in arena.c for the fuzz builds: the same contract (arena.h),
 * but every allocation is its own malloc of exactly the size asked for,
 * so AddressSanitizer sees a read or write one byte past it. The real
 * arena carves 16-byte-rounded pieces out of 16 KiB blocks, where such
 * an overrun lands in padding or a neighbour and goes unseen.
 * FUZZ_ARENA=real in mk/fuzz.mk links cgi-src/arena.c instead.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

struct arena {
	void	**p;
	size_t	  n, cap;
};

struct arena *
arena_new(void)
{
	return calloc(1, sizeof(struct arena));
}

void
arena_free(struct arena *a)
{
	size_t	 i;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++)
		free(a->p[i]);
	free(a->p);
	free(a);
}

/* Sizes aren't kept: a wipe here is only the contract, not tested. */
void
arena_free_wipe(struct arena *a)
{
	arena_free(a);
}

void *
arena_alloc(struct arena *a, size_t n)
{
	void	**grown, *p;
	size_t	  cap;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - 16)
		return NULL;
	if (a->n == a->cap) {
		cap = a->cap ? a->cap * 2 : 16;
		if ((grown = realloc(a->p, cap * sizeof(*grown))) == NULL)
			return NULL;
		a->p = grown;
		a->cap = cap;
	}
	/* 16-aligned like the real arena; the size stays exact. */
	if (posix_memalign(&p, 16, n) != 0)
		return NULL;
	memset(p, 0, n);
	a->p[a->n++] = p;
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p;

	if (n == SIZE_MAX || (p = arena_alloc(a, n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;
	char	*p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (p = arena_alloc(a, (size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
