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
