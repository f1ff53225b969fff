#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "csrf.h"
#include "http.h"
#include "secrets.h"

void
csrf_token(const char *secret, char out[CSRF_LEN + 1])
{
	unsigned char	 h[32];

	rnd_keyed_hash(h, secret_get(SECRET_CSRF), secret, strlen(secret));
	sodium_bin2base64(out, CSRF_LEN + 1, h, sizeof(h),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int
csrf_check(const char *secret, const char *given)
{
	char	 want[CSRF_LEN + 1];

	if (secret == NULL || given == NULL || strlen(given) != CSRF_LEN)
		return 0;
	csrf_token(secret, want);
	return sodium_memcmp(want, given, CSRF_LEN) == 0;
}

/* "scheme://host[:port]" of this request as the browser addressed it. */
static int
our_origin(const struct req *r, char *out, size_t outsz)
{
	const struct config	*c = config_get();
	const char		*host = req_env(r, "HTTP_HOST");
	const char		*https = req_env(r, "HTTPS");

	if (c->origin != NULL)
		return snprintf(out, outsz, "%s", c->origin) <
		    (int)outsz ? 0 : -1;
	if (host == NULL || *host == '\0')
		return -1;
	return snprintf(out, outsz, "%s://%s",
	    https != NULL && strcmp(https, "on") == 0 ? "https" : "http",
	    host) < (int)outsz ? 0 : -1;
}

/*
 * Browsers send Origin on every cross-site POST, so a mismatch (or the
 * opaque "null") is refused. A request with neither Origin nor Referer
 * comes from a non-browser client that already had to present the
 * HttpOnly cookie's token, so the token alone decides.
 */
int
csrf_origin_ok(const struct req *r)
{
	const char	*origin = req_env(r, "HTTP_ORIGIN");
	const char	*referer = req_env(r, "HTTP_REFERER");
	char		 ours[512];
	size_t		 n;

	if (our_origin(r, ours, sizeof(ours)) == -1)
		return 0;
	n = strlen(ours);
	if (origin != NULL)
		return strcmp(origin, ours) == 0;
	if (referer != NULL)
		return strncmp(referer, ours, n) == 0 &&
		    (referer[n] == '/' || referer[n] == '\0');
	return 1;
}
