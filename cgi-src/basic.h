/* HTTP Basic credentials of OAuth clients (RFC 6749 2.3.1). */
#ifndef LK_BASIC_H
#define LK_BASIC_H

struct arena;

/*
 * Splits "Basic base64(id:secret)" into id and secret, each form-decoded
 * as RFC 6749 2.3.1 requires, into arena memory. -1 if malformed:
 * another scheme, non-canonical base64, no colon, a NUL, bad escapes.
 */
int	basic_parse(struct arena *, const char *header, const char **id,
	    const char **secret);

#endif
