/* Pure validators: each returns 1 when its input is acceptable. */
#ifndef LK_VALID_H
#define LK_VALID_H

#include <stddef.h>

/* Well-formed UTF-8 (no overlongs, surrogates or values over U+10FFFF),
 * no NUL. */
int	valid_utf8(const char *, size_t);
/* Number of code points in valid UTF-8. */
size_t	valid_utf8_len(const char *, size_t);
/* No C0 control characters or DEL; with multiline, \t \r \n allowed. */
int	valid_no_controls(const char *, size_t, int multiline);
/* local@domain, ASCII, at most 254 bytes. */
int	valid_email(const char *);
/* A local redirect target: "/" followed by no "/" or "\", at most
 * VALID_PATHMAX bytes (an authorization request with a 4 KB state of
 * characters that all need escaping fits: SPEC 8.12). */
#define VALID_PATHMAX	32768
int	valid_local_path(const char *);
/* 1 if s is one or more words separated by single spaces, each at most
 * 63 bytes and accepted by ok. */
int	valid_words(const char *, int (*ok)(const char *));
/* 1 if s has a character other than space: names can't be blank. */
int	valid_not_blank(const char *);
/* 1 if the n bytes of s may be quoted back in an error: at most 40 of
 * [A-Za-z0-9_.:-]. Anything else (quotes, spaces, markup, SQL a
 * scanner would read as an echo) is named by its position instead. */
int	valid_echo_safe(const char *s, size_t n);
/* [A-Za-z0-9_-]{1,64}: object ids in paths. */
int	valid_id(const char *);
/* Strict non-negative decimal without sign or spaces, at most max. */
int	valid_uint(const char *, unsigned long long max,
	    unsigned long long *out);

#endif
