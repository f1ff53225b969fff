/*
 * Random identifiers and secrets, base62 and base64url, all from
 * libsodium. This is the only source of randomness in Latchkey.
 */
#ifndef LK_RND_H
#define LK_RND_H

#include <stddef.h>
#include <stdint.h>

extern const char BASE62[63];

/* Fills out[0..n-1] with uniform base62 characters and NUL-terminates
 * out[n]; out must hold n + 1 bytes. */
void	rnd_base62(char *out, size_t n);
/* "<prefix><n base62>" into out (size outsz); -1 if it doesn't fit. */
int	rnd_id(char *out, size_t outsz, const char *prefix, size_t n);
/* 32 random bytes as unpadded base64url (43 chars + NUL). */
#define RND_TOKEN_LEN	43
void	rnd_token(char out[RND_TOKEN_LEN + 1]);
/* 1 if s is exactly RND_TOKEN_LEN base64url characters. */
int	rnd_token_shape(const char *s);
/* 1 if s is prefix followed by exactly n base62 characters. */
int	rnd_id_shape(const char *s, const char *prefix, size_t n);
/* Keyed BLAKE2b-256 of msg. */
void	rnd_keyed_hash(unsigned char out[32], const unsigned char key[32],
	    const void *msg, size_t len);

#endif
