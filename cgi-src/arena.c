#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"

#define ARENA_BLOCK	16384
#define ARENA_ALIGN	16

struct block {
	struct block	*next;
	size_t		 size;
	size_t		 used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
	struct block	*head;
};

struct arena *
arena_new(void)
{
	return calloc(1, sizeof(struct arena));
}

static void
release(struct arena *a, int wipe)
{
	struct block	*b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		if (wipe)
			sodium_memzero(b->data, b->used);
		free(b);
	}
	free(a);
}

void
arena_free(struct arena *a)
{
	release(a, 0);
}

void
arena_free_wipe(struct arena *a)
{
	release(a, 1);
}

static struct block *
block_new(size_t need)
{
	struct block	*b;
	size_t		 size = need > ARENA_BLOCK ? need : ARENA_BLOCK;

	if (size > SIZE_MAX - sizeof(*b))
		return NULL;
	if ((b = malloc(sizeof(*b) + size)) == NULL)
		return NULL;
	b->size = size;
	b->used = 0;
	b->next = NULL;
	return b;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct block	*b;
	size_t		 off;
	void		*p;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	b = a->head;
	off = b != NULL ? b->used : 0;
	if (b == NULL || b->size - off < n) {
		/* Big requests get their own block behind the head so the
		 * head's free space stays usable for small ones. */
		if ((b = block_new(n)) == NULL)
			return NULL;
		if (n > ARENA_BLOCK / 4 && a->head != NULL) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
		off = 0;
	}
	p = b->data + off;
	b->used = off + n;
	memset(p, 0, n);
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
