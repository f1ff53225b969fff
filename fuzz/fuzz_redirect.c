/*
 * Redirect URIs. client_valid_redirect (the registration rule) and
 * client_redirect_ok (the authorize-time match) for a client registered
 * with https://app.example/cb, http://127.0.0.1/cb and
 * http://localhost:8080/cb. Properties:
 *  - a URI valid for registration is https://, or http:// to localhost
 *    or 127.0.0.1 followed by ':' or '/', at most 512 bytes, printable
 *    ASCII without '#', '\\' or whitespace, no '@' in the authority;
 *  - a URI that matches is one registered URI exactly, or a loopback
 *    one that differs from a registered loopback URI only in the port
 *    (":" and at least one digit, or no port).
 */
#include <stdint.h>
#include <string.h>

#include "client.h"

#include "fuzz.h"

static const char *const registered[] = {
	"https://app.example/cb", "http://127.0.0.1/cb",
	"http://localhost:8080/cb",
};
#define NREG	(sizeof(registered) / sizeof(registered[0]))

static struct client	 cl;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t	 i;

	(void)argc;
	(void)argv;
	for (i = 0; i < NREG; i++)
		snprintf(cl.uris[i], sizeof(cl.uris[i]), "%s", registered[i]);
	cl.nuris = NREG;
	return 0;
}

/* Length of "http://localhost" or "http://127.0.0.1" at the start of s
 * if followed by ':' or '/', else 0. */
static size_t
loopback_host(const char *s)
{
	static const char *const hosts[] = { "http://localhost",
	    "http://127.0.0.1" };
	size_t	 i, n;

	for (i = 0; i < 2; i++) {
		n = strlen(hosts[i]);
		if (strncmp(s, hosts[i], n) == 0 &&
		    (s[n] == ':' || s[n] == '/'))
			return n;
	}
	return 0;
}

/* s with a loopback port removed into out; 0 if s is not loopback or
 * has ':' without digits. */
static int
strip_port(const char *s, char *out, size_t outsz)
{
	size_t	 h = loopback_host(s), d;

	if (h == 0)
		return 0;
	if (s[h] == ':') {
		if ((d = strspn(s + h + 1, "0123456789")) == 0)
			return 0;
		snprintf(out, outsz, "%.*s%s", (int)h, s, s + h + 1 + d);
	} else
		snprintf(out, outsz, "%s", s);
	return 1;
}

static void
check_valid(const char *s)
{
	const char	*host, *p;
	size_t		 n;

	PROP(*s != '\0' && strlen(s) <= CLIENT_URIMAX);
	for (p = s; *p != '\0'; p++)
		PROP((unsigned char)*p > 0x20 && (unsigned char)*p < 0x7f &&
		    *p != '#' && *p != '\\');
	if (strncmp(s, "https://", 8) == 0)
		host = s + 8;
	else {
		PROP(loopback_host(s) != 0);
		host = s + 7;
	}
	n = strcspn(host, "/?");
	PROP(n > 0 && memchr(host, '@', n) == NULL);
}

static void
check_match(const char *s)
{
	char	 a[CLIENT_URIMAX * 2], b[CLIENT_URIMAX * 2];
	size_t	 i;

	for (i = 0; i < NREG; i++) {
		if (strcmp(s, registered[i]) == 0)
			return;
		if (strip_port(s, a, sizeof(a)) &&
		    strip_port(registered[i], b, sizeof(b)) &&
		    strcmp(a, b) == 0)
			return;
	}
	PROP(!"matched a URI that differs from every registered one "
	    "in more than the loopback port");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s = fz_cstr(data, size);

	if (client_valid_redirect(s))
		check_valid(s);
	if (client_redirect_ok(&cl, s))
		check_match(s);
	free(s);
	return 0;
}
