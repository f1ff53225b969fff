#include <string.h>

#include <sodium.h>

#include "rnd.h"

const char BASE62[63] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

void
rnd_base62(char *out, size_t n)
{
	unsigned char	 pool[64];
	size_t		 i = 0, p = sizeof(pool);

	/* Rejection sampling: 248 = 4 * 62, so bytes below it map
	 * uniformly onto the alphabet; the rest are drawn again. */
	while (i < n) {
		if (p == sizeof(pool)) {
			randombytes_buf(pool, sizeof(pool));
			p = 0;
		}
		if (pool[p] < 248)
			out[i++] = BASE62[pool[p] % 62];
		p++;
	}
	out[n] = '\0';
	sodium_memzero(pool, sizeof(pool));
}

int
rnd_id(char *out, size_t outsz, const char *prefix, size_t n)
{
	size_t	 pl = strlen(prefix);

	if (pl + n + 1 > outsz)
		return -1;
	memcpy(out, prefix, pl);
	rnd_base62(out + pl, n);
	return 0;
}

void
rnd_token(char out[RND_TOKEN_LEN + 1])
{
	unsigned char	 raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, RND_TOKEN_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

static int
is_b64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

int
rnd_token_shape(const char *s)
{
	size_t	 i;

	for (i = 0; i < RND_TOKEN_LEN; i++)
		if (!is_b64url(s[i]))
			return 0;
	return s[i] == '\0';
}

int
rnd_id_shape(const char *s, const char *prefix, size_t n)
{
	size_t	 pl = strlen(prefix), i;

	if (strncmp(s, prefix, pl) != 0)
		return 0;
	for (i = 0; i < n; i++)
		if (s[pl + i] == '\0' || strchr(BASE62, s[pl + i]) == NULL)
			return 0;
	return s[pl + n] == '\0';
}

void
rnd_keyed_hash(unsigned char out[32], const unsigned char key[32],
    const void *msg, size_t len)
{
	crypto_generichash(out, 32, msg, len, key, 32);
}
