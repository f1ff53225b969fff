/*
 * http_cookie: the bytes are the Cookie header (HTTP_COOKIE, cut at the
 * first NUL as a CGI variable would be). Each lookup is compared with a
 * reference written here: segments split at ';', leading spaces dropped,
 * "name=value" matched exactly, a repeated name gives NULL.
 */
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "http.h"
#include "rnd.h"

#include "fuzz.h"

static const char *const names[] = {
	"__Host-latchkey_session", "__Host-latchkey_csrf", "a", "a=b",
	"latchkey_session",
};

static const struct http_io io = { NULL, NULL, NULL };

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sodium_init() < 0 || config_load() == -1)
		abort();
	return 0;
}

/* The reference: 1 found (value in *v, *vlen), 0 absent or repeated. */
static int
ref_cookie(const char *c, const char *name, const char **v, size_t *vlen)
{
	const char	*p = c, *end;
	size_t		 n = strlen(name);
	int		 found = 0;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		end = p + strcspn(p, ";");
		if ((size_t)(end - p) > n && memcmp(p, name, n) == 0 &&
		    p[n] == '=') {
			if (found)
				return 0;
			found = 1;
			*v = p + n + 1;
			*vlen = (size_t)(end - *v);
		}
		if (*end == '\0')
			break;
		p = end + 1;
	}
	return found;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*env[3], *hdr;
	struct req	*r;
	const char	*got, *want = NULL;
	size_t		 i, wlen = 0;
	int		 ok;

	if ((hdr = malloc(size + sizeof("HTTP_COOKIE="))) == NULL)
		abort();
	memcpy(hdr, "HTTP_COOKIE=", 12);
	memcpy(hdr + 12, data, size);
	hdr[12 + size] = '\0';
	env[0] = "REQUEST_METHOD=GET";
	env[1] = hdr;
	env[2] = NULL;
	if ((r = req_new(env, &io, 1700000000LL * 1000000)) == NULL)
		abort();
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		got = http_cookie(r, names[i]);
		ok = ref_cookie(hdr + 12, names[i], &want, &wlen);
		PROP(ok == (got != NULL));
		if (got == NULL)
			continue;
		PROP(strlen(got) == wlen && memcmp(got, want, wlen) == 0);
		PROP(strchr(got, ';') == NULL);
		(void)rnd_token_shape(got);
	}
	req_free(r);
	free(hdr);
	return 0;
}
