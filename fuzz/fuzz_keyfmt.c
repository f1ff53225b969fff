/*
 * keyfmt_check must never accept a key whose checksum, recomputed here
 * with zlib and our own base62 digits, differs, nor anything not of the
 * documented shape.
 *
 * Input: first byte even: the rest is checked as it is (a C string).
 * Odd: the rest (up to 40 bytes) is given the correct checksum first,
 * so the fuzzer reaches acceptance; then every checksum digit is also
 * changed once and must be refused. Even inputs also go, as raw bytes,
 * through keyfmt_find: what it finds is in the input as a word of its
 * own, with the shape.
 */
#include <stdint.h>
#include <string.h>

#include <zlib.h>

#include "keyfmt.h"

#include "fuzz.h"

static const char digits[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

static void
ref_sum(const char *s, char out[KEY_SUMLEN])
{
	uint32_t	 c = (uint32_t)crc32(0L, (const Bytef *)s,
			    KEY_PREFIXLEN + KEY_RANDLEN);
	int		 i;

	for (i = KEY_SUMLEN - 1; i >= 0; i--) {
		out[i] = digits[c % 62];
		c /= 62;
	}
}

/* The shape, independently of keyfmt.c. */
static int
ref_shape(const char *s, int *restricted, int *live)
{
	size_t	 i;

	if (strlen(s) != KEY_LEN)
		return 0;
	if (memcmp(s, "sk_", 3) != 0 && memcmp(s, "rk_", 3) != 0)
		return 0;
	if (memcmp(s + 3, "live_", 5) != 0 && memcmp(s + 3, "test_", 5) != 0)
		return 0;
	for (i = KEY_PREFIXLEN; i < KEY_LEN; i++)
		if (s[i] == '\0' || strchr(digits, s[i]) == NULL)
			return 0;
	*restricted = s[0] == 'r';
	*live = s[3] == 'l';
	return 1;
}

static int
check(const char *s)
{
	char	 sum[KEY_SUMLEN];
	int	 r = -1, l = -1, rr, rl, ok;

	ok = keyfmt_check(s, &r, &l);
	if (!ok)
		return 0;
	PROP(ref_shape(s, &rr, &rl));
	PROP(r == rr && l == rl);
	ref_sum(s, sum);
	PROP(memcmp(sum, s + KEY_PREFIXLEN + KEY_RANDLEN, KEY_SUMLEN) == 0);
	return 1;
}

/* A byte that may stand next to a key: not base62 (strchr finds the
 * terminating NUL of digits too, hence the test of 0). */
static int
apart(uint8_t c)
{
	return c == 0 || strchr(digits, c) == NULL;
}

static void
find(const uint8_t *d, size_t n)
{
	char	 out[KEY_LEN + 1];
	size_t	 i, at = n;
	int	 r, l;

	if (!keyfmt_find((const char *)d, n, out)) {
		PROP(out[0] == '\0');
		return;
	}
	PROP(strlen(out) == KEY_LEN && ref_shape(out, &r, &l));
	for (i = 0; i + KEY_LEN <= n && at == n; i++)
		if (memcmp(d + i, out, KEY_LEN) == 0 && (i == 0 ||
		    (apart(d[i - 1]) && d[i - 1] != '_')) &&
		    (i + KEY_LEN == n || apart(d[i + KEY_LEN])))
			at = i;
	PROP(at < n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	 key[KEY_LEN + 2], *s, sum[KEY_SUMLEN], c;
	size_t	 n, i;
	int	 r, l;

	if (size == 0)
		return 0;
	if (!(data[0] & 1)) {
		s = fz_cstr(data + 1, size - 1);
		(void)check(s);
		free(s);
		find(data + 1, size - 1);
		return 0;
	}
	n = size - 1 > KEY_PREFIXLEN + KEY_RANDLEN ?
	    KEY_PREFIXLEN + KEY_RANDLEN : size - 1;
	memset(key, 0, sizeof(key));
	memcpy(key, data + 1, n);
	if (n < KEY_PREFIXLEN + KEY_RANDLEN || memchr(key, '\0', n) != NULL) {
		(void)check(key);
		return 0;
	}
	ref_sum(key, sum);
	memcpy(key + KEY_PREFIXLEN + KEY_RANDLEN, sum, KEY_SUMLEN);
	/* With the right checksum, the shape alone decides. */
	PROP(check(key) == ref_shape(key, &r, &l));
	for (i = 0; i < KEY_SUMLEN; i++) {
		c = key[KEY_PREFIXLEN + KEY_RANDLEN + i];
		key[KEY_PREFIXLEN + KEY_RANDLEN + i] = c == 'z' ? '0' : 'z';
		PROP(!check(key));
		key[KEY_PREFIXLEN + KEY_RANDLEN + i] = c;
	}
	/* Nothing may follow a key. */
	key[KEY_LEN] = 'A';
	PROP(!check(key));
	return 0;
}
