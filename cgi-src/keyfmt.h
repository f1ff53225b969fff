/*
 * The API key format, checkable offline by anyone:
 *   {sk|rk}_{live|test}_ + 32 base62 random + 6 base62 CRC32
 * The checksum is zlib's crc32 of everything before it, most significant
 * digit first, left-padded with '0', alphabet 0-9A-Za-z.
 */
#ifndef LK_KEYFMT_H
#define LK_KEYFMT_H

#include <stddef.h>
#include <stdint.h>

#define KEY_PREFIXLEN	8	/* "sk_live_" */
#define KEY_RANDLEN	32
#define KEY_SUMLEN	6
#define KEY_LEN		(KEY_PREFIXLEN + KEY_RANDLEN + KEY_SUMLEN)
#define KEY_HINTLEN	4

/* A new key; out holds KEY_LEN + 1 bytes. */
void	keyfmt_generate(int restricted, int live, char out[KEY_LEN + 1]);
/* 1 if s has the shape and a correct checksum; sets restricted/live.
 * Reads at most KEY_LEN + 1 bytes of s. */
int	keyfmt_check(const char *s, int *restricted, int *live);
/*
 * The first key in a pasted text of n bytes ("Authorization: Bearer
 * sk_live_...", a log line, a key with spaces around it): a token of the
 * key's shape (prefix and 38 base62 characters, not part of a longer
 * word) with a correct checksum, or else the first of that shape (so a
 * mistyped key is reported as such). Copies it to out and returns 1;
 * 0 (out "") if the text holds none. Never reads beyond n.
 */
int	keyfmt_find(const char *text, size_t n, char out[KEY_LEN + 1]);
/* The 6-character checksum of the first n bytes of s. */
void	keyfmt_checksum(const char *s, size_t n, char out[KEY_SUMLEN + 1]);

#endif
