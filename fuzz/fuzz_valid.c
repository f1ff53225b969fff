/*
 * The pure validators. valid_utf8 and valid_utf8_len are compared with
 * a reference decoder written here (code point arithmetic rather than
 * valid.c's table); valid_no_controls and valid_uint with references
 * too. For valid_email, valid_local_path, valid_id,
 * code_valid_verifier, code_valid_challenge and timefmt_parse_date, what
 * they accept must have the documented shape.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "timefmt.h"
#include "valid.h"

#include "fuzz.h"

/* Decodes one code point at s[0..n); its length, or 0 if malformed
 * (truncated, overlong, surrogate, above U+10FFFF) or NUL. */
static size_t
ref_cp(const uint8_t *s, size_t n)
{
	uint32_t	 cp, min;
	size_t		 len, i;

	if (s[0] < 0x80) {
		len = 1;
		cp = s[0];
		min = 0;
	} else if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = s[0] & 0x0f;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    cp == 0)
		return 0;
	return len;
}

static void
check_utf8(const uint8_t *s, size_t n)
{
	size_t	 i = 0, l, count = 0;
	int	 ok = 1;

	while (i < n) {
		if ((l = ref_cp(s + i, n - i)) == 0) {
			ok = 0;
			break;
		}
		i += l;
		count++;
	}
	PROP(valid_utf8((const char *)s, n) == ok);
	if (ok)
		PROP(valid_utf8_len((const char *)s, n) == count);
}

static void
check_controls(const uint8_t *s, size_t n)
{
	size_t	 i;
	int	 one = 1, multi = 1;

	for (i = 0; i < n; i++) {
		if (s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
			one = 0;
		else if (s[i] < 0x20 || s[i] == 0x7f)
			one = multi = 0;
	}
	PROP(valid_no_controls((const char *)s, n, 0) == one);
	PROP(valid_no_controls((const char *)s, n, 1) == multi);
}

static void
check_uint(const char *s)
{
	static const unsigned long long maxes[] = { 0, 9, 10, 65535,
	    1000000000000ULL, ~0ULL };
	unsigned long long	 v, want;
	size_t			 i, k;
	int			 ok;

	for (k = 0; k < sizeof(maxes) / sizeof(maxes[0]); k++) {
		/* Reference: strict digits, no leading zero, no overflow
		 * past max, computed in 128 bits. */
		unsigned __int128 acc = 0;
		ok = s[0] != '\0' && !(s[0] == '0' && s[1] != '\0');
		for (i = 0; ok && s[i] != '\0'; i++) {
			if (s[i] < '0' || s[i] > '9') {
				ok = 0;
				break;
			}
			acc = acc * 10 + (unsigned)(s[i] - '0');
			if (acc > maxes[k])
				ok = 0;
		}
		want = (unsigned long long)acc;
		v = 12345;
		PROP(valid_uint(s, maxes[k], &v) == ok);
		if (ok)
			PROP(v == want);
	}
}

static void
check_email(const char *s)
{
	const char	*at = strchr(s, '@'), *p;

	if (!valid_email(s))
		return;
	PROP(at != NULL && at > s && strchr(at + 1, '@') == NULL);
	PROP(at - s <= 64 && strlen(s) <= 254 && at[1] != '\0');
	for (p = s; *p != '\0'; p++)
		PROP((unsigned char)*p > 0x20 && (unsigned char)*p < 0x7f &&
		    *p != '"' && *p != '\\' && *p != '<' && *p != '>' &&
		    *p != ',' && *p != ';' && *p != ':');
	PROP(strstr(s, "..") == NULL && s[0] != '.' && at[-1] != '.');
	PROP(strchr(at + 1, '/') == NULL && strchr(at + 1, '%') == NULL);
}

static void
check_local_path(const char *s)
{
	const char	*p;

	if (!valid_local_path(s))
		return;
	PROP(s[0] == '/' && s[1] != '/' && s[1] != '\\');
	for (p = s; *p != '\0'; p++)
		PROP((unsigned char)*p > 0x20 && (unsigned char)*p < 0x7f &&
		    *p != '\\');
}

static void
check_code(const char *s)
{
	size_t	 i, n = strlen(s);

	if (code_valid_verifier(s)) {
		PROP(n >= 43 && n <= 128);
		for (i = 0; i < n; i++)
			PROP(fz_unreserved((unsigned char)s[i]));
	}
	if (code_valid_challenge(s)) {
		PROP(n == 43);
		for (i = 0; i < n; i++)
			PROP(fz_unreserved((unsigned char)s[i]) &&
			    s[i] != '.' && s[i] != '~');
		/* The last character carries 4 bits and 2 zero bits. */
		PROP(strchr("AEIMQUYcgkosw048", s[42]) != NULL);
	}
}

static void
check_date(const char *s)
{
	char	 back[RFC3339_LEN + 1];
	int64_t	 t = -1;

	if (timefmt_parse_date(s, &t) == -1)
		return;
	PROP(strlen(s) == 10 && t >= 0 && t % 86400 == 0);
	timefmt_rfc3339(t, back);
	PROP(memcmp(back, s, 10) == 0 &&
	    strcmp(back + 10, "T00:00:00Z") == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;
	size_t	 i;

	check_utf8(data, size);
	check_controls(data, size);

	s = fz_cstr(data, size);
	check_uint(s);
	check_email(s);
	check_local_path(s);
	check_code(s);
	check_date(s);
	if (valid_id(s)) {
		PROP(*s != '\0' && strlen(s) <= 64);
		for (i = 0; s[i] != '\0'; i++)
			PROP(fz_unreserved((unsigned char)s[i]) &&
			    s[i] != '.' && s[i] != '~');
	}
	(void)valid_not_blank(s);
	free(s);
	return 0;
}
