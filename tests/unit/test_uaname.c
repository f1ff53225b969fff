/* uaname.c: what a device is called, from its User-Agent. */
#include <string.h>

#include "uaname.h"
#include "t.h"

static const struct { const char *ua, *name; } cases[] = {
	{ "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
	    "Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome on Linux" },
	{ "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
	    "Edge on Windows" },
	{ "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15"
	    " (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
	    "Safari on macOS" },
	{ "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) "
	    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 "
	    "Safari/604.1", "Safari on iPhone" },
	{ "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 "
	    "Firefox/121.0", "Firefox on Linux" },
	{ "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like "
	    "Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36",
	    "Chrome on Android" },
	{ "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
	    "Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", "Headless Chrome" },
	{ "curl/7.88.1", "curl" },
	{ "python-requests/2.31.0", "Python requests" },
	{ "Go-http-client/1.1", "Go" },
	{ "node", "Node.js" },
	{ "Mozilla/5.0", "" },
	{ "", "" },
	{ "'; DROP TABLE sessions;--", "" },
};

int
main(void)
{
	char	 out[UANAME_LEN + 1], big[4096];
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uaname(cases[i].ua, out);
		CHECKF(strcmp(out, cases[i].name) == 0, "\"%s\" -> \"%s\"",
		    cases[i].ua, out);
	}
	uaname(NULL, out);
	CHECK(out[0] == '\0');
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big + 2000, "Firefox/1 Windows", 17);
	uaname(big, out);
	CHECK(strcmp(out, "Firefox on Windows") == 0);
	return t_done("test_uaname");
}
