/* rnd.c: random identifiers and tokens, their shape checks, the keyed
 * hash. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "rnd.h"
#include "t.h"

#define LEN(a)	(sizeof(a) / sizeof((a)[0]))

static const char tok43[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_Z";

static const struct { const char *s; int ok; } tokens[] = {
	{ tok43, 1 },
	{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 1 },
	{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0 },	/* 42 */
	{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0 },	/* 44 */
	{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", 0 },	/* padding */
	{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", 0 },	/* base64 */
	{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/", 0 },
	{ "AAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAA", 0 },
	{ "AAAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAAA", 0 },
	{ "AAAAAAAAAAAAAAAAAAAAA\xc3\xa9" "AAAAAAAAAAAAAAAAAAAA", 0 },
	{ "", 0 },
	{ "A", 0 },
};

static const struct {
	const char	*s, *prefix;
	size_t		 n;
	int		 ok;
} ids[] = {
	{ "ses_0123456789abcdef", "ses_", 16, 1 },
	{ "ses_ABCDEFGHIJKLMNOP", "ses_", 16, 1 },
	{ "ses_0123456789abcde", "ses_", 16, 0 },	/* 15 */
	{ "ses_0123456789abcdefg", "ses_", 16, 0 },	/* 17 */
	{ "usr_0123456789abcdef", "ses_", 16, 0 },	/* wrong prefix */
	{ "SES_0123456789abcdef", "ses_", 16, 0 },
	{ "ses0123456789abcdef", "ses_", 16, 0 },
	{ "ses_0123456789abcd-f", "ses_", 16, 0 },
	{ "ses_0123456789abcd_f", "ses_", 16, 0 },
	{ "ses_0123456789abcd f", "ses_", 16, 0 },
	{ "ses_", "ses_", 16, 0 },
	{ "", "ses_", 16, 0 },
	{ "abc", "", 3, 1 },
	{ "ab", "", 3, 0 },
	{ "ses_", "ses_", 0, 1 },
};

static int
in_base62(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (s[i] == '\0' || strchr(BASE62, s[i]) == NULL)
			return 0;
	return 1;
}

int
main(void)
{
	static char		 big[100001];
	static const char	 msg[] = "the quick brown fox";
	unsigned char		 key[32], key2[32], h[32], h2[32], want[32];
	unsigned char		 raw[32];
	size_t			 counts[256] = { 0 }, i, binlen;
	char			 s[64];
	char			 t1[RND_TOKEN_LEN + 1], t2[RND_TOKEN_LEN + 1];
	char			 id[21];
	int			 distinct = 1;

	CHECK(sodium_init() >= 0);

	/* The alphabet: 62 distinct characters, digits then upper, lower. */
	CHECK(strlen(BASE62) == 62);
	CHECK(strcmp(BASE62, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz") == 0);

	memset(s, '#', sizeof(s));
	rnd_base62(s, 10);
	CHECK(s[10] == '\0' && strlen(s) == 10 && in_base62(s, 10));
	CHECK(s[11] == '#');			/* nothing written past n + 1 */
	rnd_base62(s, 0);
	CHECK(s[0] == '\0');
	rnd_base62(s, 63);
	CHECK(strlen(s) == 63 && in_base62(s, 63));

	/* 100000 characters: each of the 62 near 1/62 of them, nothing else. */
	rnd_base62(big, 100000);
	CHECK(strlen(big) == 100000);
	for (i = 0; i < 100000; i++)
		counts[(unsigned char)big[i]]++;
	for (i = 0; i < 256; i++) {
		double	 want_n = 100000.0 / 62;

		if (strchr(BASE62, (int)i) != NULL && i != 0)
			CHECKF(counts[i] >= want_n * 0.8 &&
			    counts[i] <= want_n * 1.2,
			    "'%c' appears %zu times", (int)i, counts[i]);
		else if (counts[i] != 0) {
			CHECKF(0, "byte 0x%02zx appears %zu times", i,
			    counts[i]);
			distinct = 0;
		}
	}
	CHECK(distinct);

	/* rnd_id and its shape. */
	CHECK(rnd_id(id, sizeof(id), "ses_", 16) == 0);
	CHECK(strlen(id) == 20 && strncmp(id, "ses_", 4) == 0 &&
	    in_base62(id + 4, 16));
	CHECK(rnd_id_shape(id, "ses_", 16) == 1);
	CHECK(rnd_id_shape(id, "ses_", 15) == 0);
	CHECK(rnd_id_shape(id, "usr_", 16) == 0);
	CHECK(rnd_id(id, 20, "ses_", 16) == -1);	/* no room for NUL */
	CHECK(rnd_id(id, 21, "ses_", 16) == 0);
	CHECK(rnd_id(s, sizeof(s), "", 8) == 0 && strlen(s) == 8 &&
	    in_base62(s, 8));
	for (i = 0; i < LEN(ids); i++)
		CHECKF(rnd_id_shape(ids[i].s, ids[i].prefix, ids[i].n) ==
		    ids[i].ok, "rnd_id_shape(\"%s\", \"%s\", %zu)", ids[i].s,
		    ids[i].prefix, ids[i].n);

	/* Tokens: 43 base64url characters holding 32 random bytes. */
	rnd_token(t1);
	rnd_token(t2);
	CHECK(strlen(t1) == RND_TOKEN_LEN && rnd_token_shape(t1));
	CHECK(strcmp(t1, t2) != 0);
	CHECK(sodium_base642bin(raw, sizeof(raw), t1, strlen(t1), NULL,
	    &binlen, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
	    binlen == 32);
	for (i = 0; i < LEN(tokens); i++)
		CHECKF(rnd_token_shape(tokens[i].s) == tokens[i].ok,
		    "rnd_token_shape row %zu \"%s\"", i, tokens[i].s);

	/* Keyed BLAKE2b-256, as libsodium computes it. */
	for (i = 0; i < 32; i++) {
		key[i] = (unsigned char)i;
		key2[i] = (unsigned char)i;
	}
	key2[31] ^= 1;
	crypto_generichash(want, 32, (const unsigned char *)msg,
	    sizeof(msg) - 1, key, 32);
	memset(h, 0, sizeof(h));
	rnd_keyed_hash(h, key, msg, sizeof(msg) - 1);
	CHECK(memcmp(h, want, 32) == 0);
	rnd_keyed_hash(h2, key, msg, sizeof(msg) - 1);
	CHECK(memcmp(h, h2, 32) == 0);		/* deterministic */
	rnd_keyed_hash(h2, key2, msg, sizeof(msg) - 1);
	CHECK(memcmp(h, h2, 32) != 0);		/* another key */
	rnd_keyed_hash(h2, key, msg, sizeof(msg) - 2);
	CHECK(memcmp(h, h2, 32) != 0);		/* another message */
	crypto_generichash(want, 32, (const unsigned char *)msg,
	    sizeof(msg) - 1, NULL, 0);
	CHECK(memcmp(h, want, 32) != 0);	/* the key is used */
	crypto_generichash(want, 32, NULL, 0, key, 32);
	rnd_keyed_hash(h2, key, "", 0);
	CHECK(memcmp(h2, want, 32) == 0);
	return t_done("test_rnd");
}
