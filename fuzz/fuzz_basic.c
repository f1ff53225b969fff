/*
 * basic_parse on "Basic " + the bytes, on the raw bytes, and on
 * "Basic " + base64(the bytes). Properties:
 *  - accepted means the scheme is Basic and the base64 canonical (it
 *    re-encodes to the same text);
 *  - for base64(x): accepted exactly when x has no NUL and no '&', has a
 *    colon, and both halves percent-decode (reference decoder here) to
 *    valid UTF-8 without NUL; then id and secret are those decodings;
 *  - whatever is accepted survives form_encode + base64 and parses back
 *    to the same id and secret.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "arena.h"
#include "basic.h"
#include "form.h"
#include "valid.h"

#include "fuzz.h"

#define B64	sodium_base64_VARIANT_ORIGINAL

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reference percent-decoding of s[0..n) into out; -1 if malformed. */
static long
ref_pct(const uint8_t *s, size_t n, char *out)
{
	size_t	 i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (n - i < 3 || hexval(s[i + 1]) < 0 ||
			    hexval(s[i + 2]) < 0)
				return -1;
			out[o++] = (char)(hexval(s[i + 1]) * 16 +
			    hexval(s[i + 2]));
			i += 2;
		} else
			out[o++] = s[i] == '+' ? ' ' : (char)s[i];
	}
	out[o] = '\0';
	return memchr(out, '\0', o) == NULL && valid_utf8(out, o) ?
	    (long)o : -1;
}

/* "Basic " + base64(p[0..n)), heap. */
static char *
basic_of(const void *p, size_t n)
{
	size_t	 len = sodium_base64_ENCODED_LEN(n, B64);
	char	*h;

	if ((h = malloc(6 + len)) == NULL)
		abort();
	memcpy(h, "Basic ", 6);
	sodium_bin2base64(h + 6, len, p, n, B64);
	return h;
}

/* 1 if s is base64 text: alphabet characters, then at most two '='. */
static int
b64_text(const char *s)
{
	size_t	 n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789+/");

	return strspn(s + n, "=") <= 2 && s[n + strspn(s + n, "=")] == '\0';
}

static void
accepted(struct arena *a, const char *h, const char *id, const char *sec)
{
	const char	*ei, *es, *id2, *sec2;
	unsigned char	*bin;
	char		*pair, *h2, *re;
	size_t		 hl, n;

	PROP(id != NULL && sec != NULL);
	PROP(strncasecmp(h, "Basic ", 6) == 0);
	PROP(valid_utf8(id, strlen(id)) && valid_utf8(sec, strlen(sec)));
	/* Canonical base64 only: nothing but its alphabet, and the text
	 * that the decoded bytes encode to. */
	PROP(b64_text(h + 6));
	hl = strlen(h + 6);
	if ((bin = malloc(hl + 1)) == NULL)
		abort();
	PROP(sodium_base642bin(bin, hl, h + 6, hl, NULL, &n, NULL, B64) ==
	    0);
	re = basic_of(bin, n);
	PROP(strcmp(re + 6, h + 6) == 0);
	free(re);
	free(bin);
	/* Round trip. */
	PROP((ei = form_encode(a, id)) != NULL);
	PROP((es = form_encode(a, sec)) != NULL);
	PROP((pair = arena_printf(a, "%s:%s", ei, es)) != NULL);
	h2 = basic_of(pair, strlen(pair));
	PROP(basic_parse(a, h2, &id2, &sec2) == 0);
	PROP(strcmp(id, id2) == 0 && strcmp(sec, sec2) == 0);
	free(h2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a;
	const char	*id = NULL, *sec = NULL;
	const uint8_t	*colon;
	char		*h, *raw, *wi, *ws;
	long		 li = -1, ls = -1;
	int		 rc, want;

	if ((a = arena_new()) == NULL)
		abort();

	raw = fz_cstr(data, size);
	if ((h = malloc(size + 7)) == NULL)
		abort();
	memcpy(h, "Basic ", 6);
	memcpy(h + 6, raw, size + 1);
	if (basic_parse(a, h, &id, &sec) == 0)
		accepted(a, h, id, sec);
	if (basic_parse(a, raw, &id, &sec) == 0)
		accepted(a, raw, id, sec);
	free(h);
	free(raw);

	/* The decoded credentials are the bytes themselves. */
	h = basic_of(data, size);
	rc = basic_parse(a, h, &id, &sec);
	if ((wi = malloc(size + 1)) == NULL || (ws = malloc(size + 1)) == NULL)
		abort();
	colon = memchr(data, ':', size);
	want = colon != NULL && memchr(data, '\0', size) == NULL &&
	    memchr(data, '&', size) == NULL &&
	    (li = ref_pct(data, (size_t)(colon - data), wi)) >= 0 &&
	    (ls = ref_pct(colon + 1, size - (size_t)(colon - data) - 1,
	    ws)) >= 0;
	PROP((rc == 0) == want);
	if (rc == 0) {
		PROP(strlen(id) == (size_t)li && strcmp(id, wi) == 0);
		PROP(strlen(sec) == (size_t)ls && strcmp(sec, ws) == 0);
		accepted(a, h, id, sec);
	}
	free(wi);
	free(ws);
	free(h);
	arena_free(a);
	return 0;
}
