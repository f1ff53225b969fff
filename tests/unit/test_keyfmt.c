/* The API key format: checksum vectors from zlib's crc32 (computed
 * independently with Python's zlib), shape rules and generation. */
#include <string.h>

#include <sodium.h>

#include "keyfmt.h"
#include "rnd.h"
#include "t.h"

static const struct {
	const char	*text;
	const char	*sum;
} sums[] = {
	{ "", "000000" },
	{ "a", "4GEHKN" },
	{ "sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "0z02M7" },
	{ "rk_live_0123456789abcdefghijABCDEFGHIJ01", "3ppk3z" },
	{ "rk_live_0123456789abcdefghijABCDEFGHIJ0123", "0YFfp3" },
};

static const struct {
	const char	*key;
	int		 ok, restricted, live;
} shapes[] = {
	{ "sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA0z02M7", 1, 0, 0 },
	{ "rk_live_0123456789abcdefghijABCDEFGHIJ013ppk3z", 1, 1, 1 },
	/* 34 random characters, though the checksum of them is right */
	{ "rk_live_0123456789abcdefghijABCDEFGHIJ01230YFfp3", 0, 0, 0 },
	/* one checksum character off */
	{ "sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA0z02M8", 0, 0, 0 },
	/* one random character changed: the checksum no longer matches */
	{ "sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB0z02M7", 0, 0, 0 },
	/* the right checksum of a text with another prefix */
	{ "sk_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA0z02M7", 0, 0, 0 },
	{ "pk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA0z02M7", 0, 0, 0 },
	{ "sk_prod_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA0z02M7", 0, 0, 0 },
	{ "SK_TEST_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA0z02M7", 0, 0, 0 },
	/* truncated, extended, non-base62 */
	{ "sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA0z02M", 0, 0, 0 },
	{ "sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA0z02M7x", 0, 0, 0 },
	{ "sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-0z02M7", 0, 0, 0 },
	{ "sk_test_", 0, 0, 0 },
	{ "", 0, 0, 0 },
	{ "sk_", 0, 0, 0 },
};

#define V1	"sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA0z02M7"
#define V2	"rk_live_0123456789abcdefghijABCDEFGHIJ013ppk3z"
#define BAD	"sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA0z02M8"

/* keyfmt_find: what an admin pastes into the leaked-key finder. */
static const struct {
	const char	*text;
	const char	*key;	/* NULL: none found */
} finds[] = {
	{ V1, V1 },
	{ "  " V1 "  \n", V1 },
	{ "\t" V1 "\r\n", V1 },
	{ "Authorization: Bearer " V1, V1 },
	{ "X-API-Key: " V1 "\r\n", V1 },
	{ "2026-12-03T12:00:00Z GET /v1/x?api_key=" V1 "&y=2 200", V1 },
	{ "{\"key\":\"" V1 "\"}", V1 },
	{ "export LATCHKEY_KEY='" V1 "'", V1 },
	{ "curl -H 'X-API-Key:" V1 "' https://api.example", V1 },
	{ V1 "_", V1 },
	{ V1 ".", V1 },
	/* the first with a correct checksum, else the first of the shape */
	{ V2 " " V1, V2 },
	{ BAD " " V2, V2 },
	{ BAD, BAD },
	{ "key " BAD " and " BAD, BAD },
	/* not a key: inside a longer word, too short or long, other case */
	{ "x" V1, NULL },
	{ "a_" V1, NULL },
	{ "9" V1, NULL },
	{ V1 "x", NULL },
	{ V1 "0", NULL },
	{ "sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA0z02M", NULL },
	{ "sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-0z02M7", NULL },
	{ "SK_TEST_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA0z02M7", NULL },
	{ "pk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA0z02M7", NULL },
	{ "sk_prod_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA0z02M7", NULL },
	{ "Bearer sk_test_", NULL },
	{ "", NULL },
	{ "   \n", NULL },
	{ "no key in this line at all", NULL },
	/* "sk_" inside a word, then a real one */
	{ "mask_test_x " V1, V1 },
};

int
main(void)
{
	char	 sum[KEY_SUMLEN + 1], key[KEY_LEN + 1], other[KEY_LEN + 1];
	size_t	 i;
	int	 r = -1, l = -1, k;

	if (sodium_init() < 0)
		return 1;
	for (i = 0; i < sizeof(sums) / sizeof(sums[0]); i++) {
		keyfmt_checksum(sums[i].text, strlen(sums[i].text), sum);
		CHECKF(strcmp(sum, sums[i].sum) == 0, "%s: %s", sums[i].text,
		    sum);
	}
	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		r = l = -1;
		k = keyfmt_check(shapes[i].key, &r, &l);
		CHECKF(k == shapes[i].ok, "%s", shapes[i].key);
		if (shapes[i].ok)
			CHECKF(r == shapes[i].restricted && l == shapes[i].live,
			    "%s: r=%d l=%d", shapes[i].key, r, l);
	}
	for (i = 0; i < sizeof(finds) / sizeof(finds[0]); i++) {
		k = keyfmt_find(finds[i].text, strlen(finds[i].text), key);
		CHECKF(k == (finds[i].key != NULL), "find %s", finds[i].text);
		CHECKF(strcmp(key, finds[i].key ? finds[i].key : "") == 0,
		    "find %s: %s", finds[i].text, key);
	}
	/* It reads no further than n: a key cut off by n is not found,
	 * and text after n does not count. */
	CHECK(keyfmt_find(V1 "x", KEY_LEN, key) == 1 && strcmp(key, V1) == 0);
	CHECK(keyfmt_find(V1, KEY_LEN - 1, key) == 0 && key[0] == '\0');
	CHECK(keyfmt_find("ab " V1, 3 + KEY_LEN - 1, key) == 0);
	/* A generated key is found in a line. */
	keyfmt_generate(1, 1, other);
	{
		char	 line[128];

		snprintf(line, sizeof(line), "Bearer %s\n", other);
		CHECK(keyfmt_find(line, strlen(line), key) == 1 &&
		    strcmp(key, other) == 0);
	}
	for (k = 0; k < 4; k++) {
		keyfmt_generate(k & 1, k >> 1, key);
		CHECK(strlen(key) == KEY_LEN);
		CHECK(strncmp(key, (k & 1) ? "rk_" : "sk_", 3) == 0);
		CHECK(strncmp(key + 3, (k >> 1) ? "live_" : "test_", 5) == 0);
		CHECK(keyfmt_check(key, &r, &l) == 1 && r == (k & 1) &&
		    l == (k >> 1));
		keyfmt_generate(k & 1, k >> 1, other);
		CHECK(strcmp(key, other) != 0);
	}
	/* Any single-character change of a generated key is caught. */
	keyfmt_generate(0, 1, key);
	for (i = KEY_PREFIXLEN; i < KEY_LEN; i++) {
		memcpy(other, key, sizeof(key));
		other[i] = other[i] == 'z' ? 'y' : 'z';
		CHECKF(keyfmt_check(other, &r, &l) == 0, "position %zu", i);
	}
	return t_done("test_keyfmt");
}
