/* valid.c: the pure input validators, one table per function. */
#include <stdio.h>
#include <string.h>

#include "valid.h"
#include "t.h"

#define LEN(a)	(sizeof(a) / sizeof((a)[0]))

/* Bytes with an explicit length, so NUL and truncation can be tested. */
struct bytes {
	const char	*s;
	size_t		 n;
	int		 ok;
};
#define B(lit, ok)	{ lit, sizeof(lit) - 1, ok }

static const struct bytes utf8[] = {
	B("", 1),
	B("plain ASCII ~!", 1),
	B("\xc3\xa9", 1),			/* é, 2 bytes */
	B("\xc2\x80", 1),			/* U+0080, lowest 2-byte */
	B("\xdf\xbf", 1),			/* U+07FF */
	B("\xe2\x82\xac", 1),			/* €, 3 bytes */
	B("\xe0\xa0\x80", 1),			/* U+0800, lowest 3-byte */
	B("\xed\x9f\xbf", 1),			/* U+D7FF, below surrogates */
	B("\xee\x80\x80", 1),			/* U+E000, above surrogates */
	B("\xef\xbf\xbf", 1),			/* U+FFFF */
	B("\xf0\x9f\x94\x91", 1),		/* 🔑, 4 bytes */
	B("\xf0\x90\x80\x80", 1),		/* U+10000 */
	B("\xf4\x8f\xbf\xbf", 1),		/* U+10FFFF */
	B("a\xc3\xa9z\xf0\x9f\x94\x91!", 1),
	B("\xc0\xaf", 0),			/* overlong '/' */
	B("\xc1\xbf", 0),			/* overlong */
	B("\xe0\x80\xaf", 0),			/* overlong '/', 3 bytes */
	B("\xe0\x9f\xbf", 0),			/* overlong U+07FF */
	B("\xf0\x80\x80\xaf", 0),		/* overlong, 4 bytes */
	B("\xf0\x8f\xbf\xbf", 0),		/* overlong U+FFFF */
	B("\xed\xa0\x80", 0),			/* lone surrogate U+D800 */
	B("\xed\xbf\xbf", 0),			/* U+DFFF */
	B("\xed\xa0\xbd\xed\xb4\x91", 0),	/* CESU-8 pair */
	B("\xf4\x90\x80\x80", 0),		/* U+110000 */
	B("\xf5\x80\x80\x80", 0),
	B("\xff", 0),
	B("\xfe", 0),
	B("\x80", 0),				/* lone continuation */
	B("a\xbf", 0),
	B("\xc3", 0),				/* truncated 2-byte */
	B("\xe2\x82", 0),			/* truncated 3-byte */
	B("\xf0\x9f\x94", 0),			/* truncated 4-byte */
	B("\xc3z", 0),				/* bad continuation */
	B("\xe2\x82z", 0),
	B("\xf0\x9f\x94z", 0),
	B("a\0b", 0),				/* embedded NUL */
	B("\0", 0),
	B("\xc0\x80", 0),			/* "modified UTF-8" NUL */
};

static const struct { const char *s; size_t n; size_t cps; } lens[] = {
	{ "", 0, 0 },
	{ "abc", 3, 3 },
	{ "\xc3\xa9\xc3\xa9", 4, 2 },
	{ "a\xe2\x82\xac" "b", 5, 3 },
	{ "\xf0\x9f\x94\x91\xf0\x9f\x94\x91x", 9, 3 },
	{ "\xc3\xa9\xc3\xa9", 3, 1 },		/* length stops mid-char */
};

static const struct { const char *s; int multi, ok; } ctl[] = {
	{ "hello world", 0, 1 },
	{ "hello world", 1, 1 },
	{ "tab\there", 0, 0 },
	{ "tab\there", 1, 1 },
	{ "cr\rlf\n", 0, 0 },
	{ "cr\rlf\n", 1, 1 },
	{ "del\x7f", 0, 0 },
	{ "del\x7f", 1, 0 },
	{ "bell\a", 1, 0 },
	{ "esc\x1b[0m", 1, 0 },
	{ "\x1f", 1, 0 },
	{ "vt\v", 1, 0 },
	{ "\xc3\xa9 \xe2\x82\xac", 0, 1 },	/* high bytes are not C0 */
	{ "", 0, 1 },
};

static char	 long_label[80], label63[80], long_addr[300], ok_addr[300];
static char	 local65[80];

static const struct { const char *s; int ok; } emails[] = {
	{ "a@b.co", 1 },
	{ "admin@localhost", 1 },
	{ "first.last+tag@sub.example.com", 1 },
	{ "o'brien_x-y@ex-ample.org", 1 },
	{ "UPPER@EXAMPLE.COM", 1 },
	{ "", 0 },
	{ "no-at-sign", 0 },
	{ "a@b@c.com", 0 },
	{ "@example.com", 0 },
	{ "a@", 0 },
	{ ".a@example.com", 0 },
	{ "a.@example.com", 0 },
	{ "a..b@example.com", 0 },
	{ "a@.example.com", 0 },
	{ "a@example..com", 0 },
	{ "a@example.com.", 0 },
	{ "a@exa_mple.com", 0 },
	{ "a b@example.com", 0 },
	{ "a@exa mple.com", 0 },
	{ " a@example.com", 0 },
	{ "a@example.com ", 0 },
	{ "a@example.com\n", 0 },
	{ "\xc3\xa9@example.com", 0 },
	{ "a@\xc3\xa9xample.com", 0 },
	{ "\"a\"@example.com", 0 },
	{ "a(b)@example.com", 0 },
	{ "a<b>@example.com", 0 },
	{ long_label, 0 },			/* label of 64 */
	{ label63, 1 },
	{ long_addr, 0 },			/* 255 bytes */
	{ ok_addr, 1 },				/* 254 bytes */
	{ local65, 0 },				/* local part of 65 */
};

static const struct { const char *s; int ok; } paths[] = {
	{ "/", 1 },
	{ "/settings/security?x=1", 1 },
	{ "/keys/key_abc#frag", 1 },
	{ "/a?next=%2F%2Fevil", 1 },		/* encoded stays encoded */
	{ "https://evil.example", 0 },
	{ "//evil.example", 0 },
	{ "///evil.example", 0 },
	{ "/\\evil.example", 0 },
	{ "\\evil.example", 0 },
	{ "\\\\evil.example", 0 },
	{ "/a\\b", 0 },
	{ "", 0 },
	{ "settings", 0 },
	{ "./settings", 0 },
	{ "javascript:alert(1)", 0 },
	{ "/\t/evil.example", 0 },		/* browsers drop the tab */
	{ "/\n/evil.example", 0 },
	{ "/a\rb", 0 },
	{ "/a b", 0 },
	{ "/a\x7f", 0 },
	{ "/caf\xc3\xa9", 0 },
	{ " /", 0 },
};

static char	 id64[65], id65[66];

static const struct { const char *s; int ok; } ids[] = {
	{ "a", 1 },
	{ "key_AbC-09", 1 },
	{ id64, 1 },
	{ id65, 0 },
	{ "", 0 },
	{ "a.b", 0 },
	{ "a/b", 0 },
	{ "a b", 0 },
	{ "..", 0 },
	{ "a%20", 0 },
	{ "\xc3\xa9", 0 },
};

static const struct {
	const char		*s;
	unsigned long long	 max, want;
	int			 ok;
} uints[] = {
	{ "0", 100, 0, 1 },
	{ "123", 1000, 123, 1 },
	{ "100", 100, 100, 1 },			/* max itself */
	{ "101", 100, 0, 0 },
	{ "1000", 100, 0, 0 },
	{ "18446744073709551615", ~0ULL, 18446744073709551615ULL, 1 },
	{ "18446744073709551616", ~0ULL, 0, 0 },	/* 2^64 */
	{ "99999999999999999999", ~0ULL, 0, 0 },
	{ "1000000000000", 1000000000000ULL, 1000000000000ULL, 1 },
	{ "1000000000001", 1000000000000ULL, 0, 0 },
	{ "012", 1000, 0, 0 },
	{ "00", 1000, 0, 0 },
	{ "+1", 1000, 0, 0 },
	{ "-1", 1000, 0, 0 },
	{ " 12", 1000, 0, 0 },
	{ "12 ", 1000, 0, 0 },
	{ "", 1000, 0, 0 },
	{ "abc", 1000, 0, 0 },
	{ "1e3", 1000000, 0, 0 },
	{ "0x10", 1000, 0, 0 },
	{ "1.0", 1000, 0, 0 },
	{ "5", 5, 5, 1 },
	/* Regression (found by these tests, since fixed): valid_uint computes (max - digit) in unsigned arithmetic,
	 * which wraps when a digit exceeds max, so the bound is skipped:
	 * valid_uint("7", 5), ("19", 5) and ("1", 0) return 1 with
	 * *out = 7, 19, 1. Every caller today passes max >= 9. */
	{ "7", 5, 0, 0 },
	{ "19", 5, 0, 0 },
	{ "1", 0, 0, 0 },
};

int
main(void)
{
	unsigned long long	 v;
	size_t			 i;

	/* a@<64 x>.com; then 255 and 254 byte addresses of short labels. */
	memset(long_label, 0, sizeof(long_label));
	memcpy(long_label, "a@", 2);
	memset(long_label + 2, 'x', 64);
	memcpy(long_label + 66, ".com", 4);
	memcpy(label63, long_label, 65);
	memcpy(label63 + 65, ".com", 5);
	for (i = 0; i < 64; i++)
		ok_addr[i] = 'l';
	ok_addr[64] = '@';
	for (i = 65; i < 254; i++)		/* "ddd...d.ddd" labels of 50 */
		ok_addr[i] = (i - 65) % 51 == 50 ? '.' : 'd';
	ok_addr[253] = 'd';
	ok_addr[254] = '\0';
	memcpy(long_addr, ok_addr, 254);
	long_addr[254] = 'd';
	long_addr[255] = '\0';
	memset(local65, 'l', 65);
	memcpy(local65 + 65, "@example.com", 13);
	memset(id64, 'i', 64);
	memset(id65, 'i', 65);
	CHECK(strlen(ok_addr) == 254 && strlen(long_addr) == 255);

	for (i = 0; i < LEN(utf8); i++)
		CHECKF(valid_utf8(utf8[i].s, utf8[i].n) == utf8[i].ok,
		    "valid_utf8 row %zu", i);
	for (i = 0; i < LEN(lens); i++)
		CHECKF(valid_utf8_len(lens[i].s, lens[i].n) == lens[i].cps,
		    "valid_utf8_len row %zu: got %zu", i,
		    valid_utf8_len(lens[i].s, lens[i].n));
	for (i = 0; i < LEN(ctl); i++)
		CHECKF(valid_no_controls(ctl[i].s, strlen(ctl[i].s),
		    ctl[i].multi) == ctl[i].ok, "valid_no_controls row %zu", i);
	/* The length is honoured: a NUL byte inside it is a control. */
	CHECK(valid_no_controls("ab\0cd", 5, 1) == 0);
	CHECK(valid_no_controls("ab\0cd", 2, 0) == 1);

	for (i = 0; i < LEN(emails); i++)
		CHECKF(valid_email(emails[i].s) == emails[i].ok,
		    "valid_email(\"%s\")", emails[i].s);
	for (i = 0; i < LEN(paths); i++)
		CHECKF(valid_local_path(paths[i].s) == paths[i].ok,
		    "valid_local_path row %zu \"%s\"", i, paths[i].s);
	{
		/* 32 KiB: an authorization URL with a 4 KB state fits. */
		static char	 p[VALID_PATHMAX + 3];

		memset(p, 'p', VALID_PATHMAX + 1);
		p[0] = '/';
		p[VALID_PATHMAX] = '\0';
		CHECK(valid_local_path(p) == 1);	/* the most */
		p[VALID_PATHMAX] = 'p';
		p[VALID_PATHMAX + 1] = '\0';
		CHECK(valid_local_path(p) == 0);	/* one more */
	}
	for (i = 0; i < LEN(ids); i++)
		CHECKF(valid_id(ids[i].s) == ids[i].ok, "valid_id(\"%s\")",
		    ids[i].s);

	for (i = 0; i < LEN(uints); i++) {
		v = 4242;
		CHECKF(valid_uint(uints[i].s, uints[i].max, &v) == uints[i].ok,
		    "valid_uint(\"%s\", %llu)", uints[i].s, uints[i].max);
		if (uints[i].ok)
			CHECKF(v == uints[i].want, "valid_uint(\"%s\") = %llu",
			    uints[i].s, v);
	}
	CHECK(valid_uint("42", 100, NULL) == 1);	/* out may be NULL */

	/* What an error may quote back: plain names only. */
	CHECK(valid_echo_safe("invoices:reed", 13) == 1);
	CHECK(valid_echo_safe("a.b-c_D9", 8) == 1);
	CHECK(valid_echo_safe("", 0) == 0);
	CHECK(valid_echo_safe("read' OR 1=1", 12) == 0);
	CHECK(valid_echo_safe("<b>", 3) == 0);
	CHECK(valid_echo_safe("a b", 3) == 0);
	CHECK(valid_echo_safe("ab\0cd", 5) == 0);	/* a NUL inside */
	CHECK(valid_echo_safe("\xc3\xa9", 2) == 0);
	CHECK(valid_echo_safe("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 40)
	    == 1);
	CHECK(valid_echo_safe("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 41)
	    == 0);
	return t_done("test_valid");
}
