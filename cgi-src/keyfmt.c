#include <string.h>

#include <zlib.h>

#include "keyfmt.h"
#include "rnd.h"

void
keyfmt_checksum(const char *s, size_t n, char out[KEY_SUMLEN + 1])
{
	uint32_t	 c = (uint32_t)crc32(0L, (const Bytef *)s, (uInt)n);
	int		 i;

	for (i = KEY_SUMLEN - 1; i >= 0; i--) {
		out[i] = BASE62[c % 62];
		c /= 62;
	}
	out[KEY_SUMLEN] = '\0';
}

void
keyfmt_generate(int restricted, int live, char out[KEY_LEN + 1])
{
	memcpy(out, restricted ? "rk_" : "sk_", 3);
	memcpy(out + 3, live ? "live_" : "test_", 5);
	rnd_base62(out + KEY_PREFIXLEN, KEY_RANDLEN);
	keyfmt_checksum(out, KEY_PREFIXLEN + KEY_RANDLEN,
	    out + KEY_PREFIXLEN + KEY_RANDLEN);
}

static int
is_base62(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z');
}

int
keyfmt_check(const char *s, int *restricted, int *live)
{
	char	 sum[KEY_SUMLEN + 1];
	size_t	 i;

	if (strncmp(s, "sk_", 3) == 0)
		*restricted = 0;
	else if (strncmp(s, "rk_", 3) == 0)
		*restricted = 1;
	else
		return 0;
	if (strncmp(s + 3, "live_", 5) == 0)
		*live = 1;
	else if (strncmp(s + 3, "test_", 5) == 0)
		*live = 0;
	else
		return 0;
	for (i = KEY_PREFIXLEN; i < KEY_LEN; i++)
		if (!is_base62(s[i]))
			return 0;
	if (s[KEY_LEN] != '\0')
		return 0;
	keyfmt_checksum(s, KEY_PREFIXLEN + KEY_RANDLEN, sum);
	/* The checksum is public (anyone can compute it), so a plain
	 * comparison leaks nothing. */
	return memcmp(sum, s + KEY_PREFIXLEN + KEY_RANDLEN, KEY_SUMLEN) == 0;
}

/* A key's shape at s (n bytes left): a prefix, 38 base62 characters,
 * and no base62 character right after. */
static int
shaped(const char *s, size_t n)
{
	size_t	 i;

	if (n < KEY_LEN || (strncmp(s, "sk_", 3) != 0 &&
	    strncmp(s, "rk_", 3) != 0) || (strncmp(s + 3, "live_", 5) != 0 &&
	    strncmp(s + 3, "test_", 5) != 0))
		return 0;
	for (i = KEY_PREFIXLEN; i < KEY_LEN; i++)
		if (!is_base62(s[i]))
			return 0;
	return n == KEY_LEN || !is_base62(s[KEY_LEN]);
}

/* The checksum of the key at s is right. It is public: no secret in
 * comparing it plainly. */
static int
summed(const char *s)
{
	char	 sum[KEY_SUMLEN + 1];

	keyfmt_checksum(s, KEY_PREFIXLEN + KEY_RANDLEN, sum);
	return memcmp(sum, s + KEY_PREFIXLEN + KEY_RANDLEN, KEY_SUMLEN) == 0;
}

int
keyfmt_find(const char *text, size_t n, char out[KEY_LEN + 1])
{
	size_t	 i, at = SIZE_MAX;

	for (i = 0; i + KEY_LEN <= n; i++) {
		/* A key starts a word: "xsk_live_..." or "a_sk_..." is
		 * something else. */
		if ((i > 0 && (is_base62(text[i - 1]) || text[i - 1] == '_')) ||
		    !shaped(text + i, n - i))
			continue;
		if (summed(text + i)) {
			at = i;
			break;
		}
		if (at == SIZE_MAX)
			at = i;
	}
	out[0] = '\0';
	if (at == SIZE_MAX)
		return 0;
	memcpy(out, text + at, KEY_LEN);
	out[KEY_LEN] = '\0';
	return 1;
}
