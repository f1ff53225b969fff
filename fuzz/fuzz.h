/*
 * Shared by the libFuzzer targets in fuzz/: the entry points' prototypes,
 * a property check and input copies. Each target is one small program;
 * see fuzz/README.md.
 */
#ifndef LK_FUZZ_H
#define LK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***);

/*
 * A property that must hold for every input. On violation: say which,
 * then abort() so that libFuzzer saves the input as a crash file.
 */
#define PROP(cond) do {							\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: property violated: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/* A NUL-terminated heap copy of d[0..n); an embedded NUL ends the C
 * string early, as it would in a CGI variable. Caller frees. */
static inline char *
fz_cstr(const uint8_t *d, size_t n)
{
	char	*s;

	if ((s = malloc(n + 1)) == NULL)
		abort();
	if (n > 0)
		memcpy(s, d, n);
	s[n] = '\0';
	return s;
}

/* 1 if c is an RFC 3986 unreserved character. */
static inline int
fz_unreserved(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

#endif
