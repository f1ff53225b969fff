#include <string.h>

#include "valid.h"

/* Length of the UTF-8 sequence at s (at most n bytes), 0 if invalid.
 * Follows RFC 3629's table, which excludes overlongs and surrogates. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char	 c = s[0], lo = 0x80, hi = 0xbf;
	size_t		 len, i;

	if (c == 0)
		return 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

int
valid_utf8(const char *p, size_t n)
{
	const unsigned char	*s = (const unsigned char *)p;
	size_t			 i = 0, l;

	while (i < n) {
		if ((l = utf8_seq(s + i, n - i)) == 0)
			return 0;
		i += l;
	}
	return 1;
}

size_t
valid_utf8_len(const char *p, size_t n)
{
	const unsigned char	*s = (const unsigned char *)p;
	size_t			 i = 0, l, count = 0;

	while (i < n && (l = utf8_seq(s + i, n - i)) != 0) {
		i += l;
		count++;
	}
	return count;
}

int
valid_no_controls(const char *p, size_t n, int multiline)
{
	size_t	 i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)p[i];
		if (c >= 0x20 && c != 0x7f)
			continue;
		if (multiline && (c == '\t' || c == '\r' || c == '\n'))
			continue;
		return 0;
	}
	return 1;
}

static int
email_local_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr(".!#$%&'*+/=?^_`{|}~-", c);
}

static int
email_domain_ok(const char *d)
{
	size_t	 label = 0;

	if (*d == '\0' || strlen(d) > 253)
		return 0;
	for (; *d != '\0'; d++) {
		if (*d == '.') {
			if (label == 0 || d[-1] == '-')
				return 0;
			label = 0;
		} else if ((*d >= 'a' && *d <= 'z') ||
		    (*d >= 'A' && *d <= 'Z') || (*d >= '0' && *d <= '9') ||
		    (*d == '-' && label > 0)) {
			if (++label > 63)
				return 0;
		} else
			return 0;
	}
	return label > 0 && d[-1] != '-';
}

int
valid_email(const char *s)
{
	const char	*at = strchr(s, '@'), *p;

	if (at == NULL || at == s || at - s > 64 || strlen(s) > 254 ||
	    strchr(at + 1, '@') != NULL)
		return 0;
	for (p = s; p < at; p++)
		if (!email_local_char(*p))
			return 0;
	if (s[0] == '.' || at[-1] == '.' || strstr(s, "..") != NULL)
		return 0;
	return email_domain_ok(at + 1);
}

int
valid_local_path(const char *s)
{
	size_t	 i;

	/* "//host" and "/\host" are read by browsers as another origin. */
	if (s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f ||
		    s[i] == '\\' || (unsigned char)s[i] >= 0x80)
			return 0;
	return i <= VALID_PATHMAX;
}

int
valid_id(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		    s[i] == '-') || i >= 64)
			return 0;
	return i > 0;
}

int
valid_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long	 v = 0;
	size_t			 i;

	if (s[0] == '\0' || (s[0] == '0' && s[1] != '\0'))
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		if ((unsigned)(s[i] - '0') > max ||
		    v > (max - (unsigned)(s[i] - '0')) / 10)
			return 0;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (out != NULL)
		*out = v;
	return 1;
}

int
valid_not_blank(const char *s)
{
	return s[strspn(s, " ")] != '\0';
}

int
valid_words(const char *s, int (*ok)(const char *))
{
	char	 w[64];
	size_t	 n;

	if (*s == '\0')
		return 0;
	while (*s != '\0') {
		n = strcspn(s, " ");
		if (n == 0 || n >= sizeof(w))
			return 0;
		memcpy(w, s, n);
		w[n] = '\0';
		if (!ok(w))
			return 0;
		s += n;
		if (*s == ' ' && *++s == '\0')
			return 0;
	}
	return 1;
}

int
valid_echo_safe(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > 40)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || strchr("_.:-", s[i]) != NULL))
			return 0;
	return 1;
}
