#include <stdio.h>
#include <string.h>

#include "uaname.h"

struct rule {
	const char	*pat;		/* found in the string */
	const char	*name;
};

/* First match wins: Edge and Opera say "Chrome" too, Chrome says
 * "Safari", and every browser says "Mozilla". */
static const struct rule browsers[] = {
	{ "Edg/", "Edge" }, { "OPR/", "Opera" }, { "Firefox/", "Firefox" },
	{ "Chromium/", "Chromium" }, { "Chrome/", "Chrome" },
	{ "CriOS/", "Chrome" }, { "FxiOS/", "Firefox" },
	{ "Safari/", "Safari" },
};
static const struct rule systems[] = {
	{ "iPhone", "iPhone" }, { "iPad", "iPad" }, { "Android", "Android" },
	{ "Windows", "Windows" }, { "Mac OS X", "macOS" },
	{ "CrOS", "ChromeOS" }, { "Linux", "Linux" },
};
/* Programs rather than browsers, by how their string starts. */
static const struct rule programs[] = {
	{ "curl/", "curl" }, { "Wget/", "Wget" },
	{ "python-requests/", "Python requests" },
	{ "python-httpx/", "Python httpx" }, { "Python-urllib/", "Python" },
	{ "Go-http-client/", "Go" }, { "node", "Node.js" },
	{ "okhttp/", "OkHttp" }, { "PostmanRuntime/", "Postman" },
};

static const char *
find(const char *ua, const struct rule *r, size_t n, int prefix)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (prefix ? strncmp(ua, r[i].pat, strlen(r[i].pat)) == 0 :
		    strstr(ua, r[i].pat) != NULL)
			return r[i].name;
	return NULL;
}

#define N(a)	(sizeof(a) / sizeof((a)[0]))

void
uaname(const char *ua, char out[UANAME_LEN + 1])
{
	const char	*p, *b, *s;

	out[0] = '\0';
	if (ua == NULL || *ua == '\0')
		return;
	if ((p = find(ua, programs, N(programs), 1)) != NULL ||
	    (strstr(ua, "HeadlessChrome/") != NULL &&
	    (p = "Headless Chrome") != NULL)) {
		snprintf(out, UANAME_LEN + 1, "%s", p);
		return;
	}
	b = find(ua, browsers, N(browsers), 0);
	s = find(ua, systems, N(systems), 0);
	if (b != NULL && s != NULL)
		snprintf(out, UANAME_LEN + 1, "%s on %s", b, s);
	else if (b != NULL || s != NULL)
		snprintf(out, UANAME_LEN + 1, "%s", b != NULL ? b : s);
}
