#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "arena.h"
#include "basic.h"
#include "form.h"

int
basic_parse(struct arena *a, const char *h, const char **id,
    const char **secret)
{
	struct kv	*kv = NULL;
	size_t		 n = 0, len, hl;
	char		*dec, *colon, *pair;

	if (strncasecmp(h, "Basic ", 6) != 0)
		return -1;
	h += 6;
	hl = strlen(h);
	/* libsodium 1.0.18 reads bytes 0x80-0xff as '/': only the base64
	 * alphabet may reach it (found by fuzz/fuzz_basic.c). */
	if (strspn(h, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789+/=") != hl)
		return -1;
	if ((dec = arena_alloc(a, hl + 1)) == NULL ||
	    sodium_base642bin((unsigned char *)dec, hl, h, hl, NULL, &len,
	    NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	dec[len] = '\0';
	if (strlen(dec) != len || (colon = strchr(dec, ':')) == NULL)
		return -1;
	*colon = '\0';
	/* Both halves go through the form decoder's strict rules. */
	pair = arena_printf(a, "i=%s&s=%s", dec, colon + 1);
	if (pair == NULL || form_decode(a, pair, strlen(pair), 1, &kv, &n) ==
	    -1 || n != 2)
		return -1;
	*id = kv[0].val;
	*secret = kv[1].val;
	return 0;
}
