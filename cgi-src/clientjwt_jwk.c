/* Strict validation of the Ed25519 JWKs callers register (SPEC 10). */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "clientjwt.h"
#include "field.h"
#include "json.h"

#define B64	sodium_base64_VARIANT_URLSAFE_NO_PADDING

static int
is_kty(const char *s)
{
	return strcmp(s, "OKP") == 0;
}

static int
is_crv(const char *s)
{
	return strcmp(s, "Ed25519") == 0;
}

/* A kid goes into JSON we write and into pages: a plain token only;
 * "kid..." is left to our own signing keys (cjwt_is_client_token). */
static int
is_kid(const char *s)
{
	return s[0] != '\0' && strncmp(s, "kid", 3) != 0 &&
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789._:~-") == strlen(s);
}

static int
is_use(const char *s)
{
	return strcmp(s, "sig") == 0;
}

static int
is_alg(const char *s)
{
	return strcmp(s, "EdDSA") == 0;
}

static int
is_op(const char *s)
{
	return strcmp(s, "verify") == 0;
}

/* Everything a public Ed25519 JWK may say; "d" is listed only to be
 * refused by name; anything else (x5u, jku, x5c, ...) is refused as
 * unknown, so nothing in a key can send us fetching. */
enum { J_KTY, J_CRV, J_X, J_KID, J_USE, J_ALG, J_OPS, J_D, J__MAX };
static const struct field jwk_fields[J__MAX + 1] = {
	[J_KTY] = { "kty", FT_STR, F_BODY | F_REQ, 8, is_kty },
	[J_CRV] = { "crv", FT_STR, F_BODY | F_REQ, 8, is_crv },
	[J_X] = { "x", FT_STR, F_BODY | F_REQ, 43, NULL },
	[J_KID] = { "kid", FT_STR, F_BODY, CJWT_KIDMAX, is_kid },
	[J_USE] = { "use", FT_STR, F_BODY, 3, is_use },
	[J_ALG] = { "alg", FT_STR, F_BODY, 5, is_alg },
	[J_OPS] = { "key_ops", FT_LIST, F_BODY, 1, is_op },
	[J_D] = { "d", FT_STR, F_BODY, 64, NULL },
};

/* One key object: x into x, the kid (or "") into kid. */
static int
one_key(struct arena *a, const struct json *j, unsigned char x[32],
    char kid[CJWT_KIDMAX + 1], const char **msg)
{
	struct fval	 v[J__MAX + 1];
	const char	*err;
	size_t		 n;

	memset(v, 0, sizeof(v));
	*msg = "A JWK holds kty \"OKP\", crv \"Ed25519\" and x, and "
	    "optionally kid, use \"sig\", alg \"EdDSA\", key_ops "
	    "[\"verify\"]; nothing else.";
	if (!json_is_object(j) || json_bind(a, j, jwk_fields, v, &err) == -1)
		return -1;
	if (v[J_D].present) {
		*msg = "This JWK holds a private key (\"d\"): register only "
		    "the public half, and treat this one as leaked.";
		return -1;
	}
	if (!v[J_KTY].present || !v[J_CRV].present || !v[J_X].present)
		return -1;
	if (v[J_X].len != 43 || sodium_base642bin(x, 32, v[J_X].s, 43, NULL,
	    &n, NULL, B64) != 0 || n != 32) {
		*msg = "x must be the base64url (no padding) of exactly 32 "
		    "bytes.";
		return -1;
	}
	snprintf(kid, CJWT_KIDMAX + 1, "%s", v[J_KID].present ? v[J_KID].s :
	    "");
	return 0;
}

/* The canonical text of one key: what we store and show. */
static int
canon_key(char *out, size_t sz, const unsigned char x[32], const char *kid)
{
	char	 b[48];
	int	 n;

	sodium_bin2base64(b, sizeof(b), x, 32, B64);
	if (kid != NULL && kid[0] != '\0')
		n = snprintf(out, sz, "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
		    "\"x\":\"%s\",\"kid\":\"%s\"}", b, kid);
	else
		n = snprintf(out, sz, "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
		    "\"x\":\"%s\"}", b);
	return n < 0 || (size_t)n >= sz ? -1 : n;
}

static struct json *
parse_text(const char *text, const char **msg)
{
	struct json	*j;
	const char	*err;

	if (text == NULL || strlen(text) > CJWT_JWKMAX ||
	    (j = json_parse(text, strlen(text), &err)) == NULL) {
		*msg = "The JWK must be one JSON object.";
		return NULL;
	}
	return j;
}

int
cjwt_jwk_parse(const char *text, unsigned char x[32], char *canon,
    const char **msg)
{
	struct arena	*a = arena_new();
	struct json	*j = parse_text(text, msg);
	char		 kid[CJWT_KIDMAX + 1];
	int		 rc = -1;

	if (a != NULL && j != NULL && one_key(a, j, x, kid, msg) == 0)
		rc = canon_key(canon, CJWT_JWKMAX, x, NULL) < 0 ? -1 : 0;
	json_free(j);
	arena_free(a);
	return rc;
}

/* Appends set->n keys' canonical text as a JWK Set into canon. */
static int
canon_set(const struct cjwt_jwks *set, char *canon)
{
	size_t	 i, off;
	int	 n;

	off = (size_t)snprintf(canon, CJWT_JWKMAX, "{\"keys\":[");
	for (i = 0; i < set->n; i++) {
		if (i > 0 && off + 1 < CJWT_JWKMAX)
			canon[off++] = ',';
		if ((n = canon_key(canon + off, CJWT_JWKMAX - off, set->x[i],
		    set->kid[i])) < 0)
			return -1;
		off += (size_t)n;
	}
	return off + 3 > CJWT_JWKMAX ? -1 :
	    (snprintf(canon + off, CJWT_JWKMAX - off, "]}"), 0);
}

static int
set_keys(struct arena *a, const struct json *keys, struct cjwt_jwks *set,
    const char **msg)
{
	int	 i, j, n = json_count(keys);

	if (json_is_object(keys) || n < 1 || n > CJWT_APPKEYS) {
		*msg = "A JWK Set is {\"keys\":[...]} with 1 to 5 keys.";
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (one_key(a, json_elem(keys, i), set->x[i], set->kid[i],
		    msg) == -1)
			return -1;
		*msg = "Each key of the set needs its own kid.";
		if (set->kid[i][0] == '\0')
			return -1;
		for (j = 0; j < i; j++)
			if (strcmp(set->kid[i], set->kid[j]) == 0)
				return -1;
		set->n++;
	}
	return 0;
}

int
cjwt_jwks_parse(const char *text, struct cjwt_jwks *set, char *canon,
    const char **msg)
{
	struct arena	*a = arena_new();
	struct json	*j = parse_text(text, msg);
	int		 rc = -1;

	memset(set, 0, sizeof(*set));
	if (a == NULL || j == NULL)
		goto out;
	*msg = "A JWK Set is {\"keys\":[...]} with 1 to 5 keys.";
	if (json_count(j) != 1 || json_member(j, "keys") == NULL)
		goto out;
	if (set_keys(a, json_member(j, "keys"), set, msg) == 0)
		rc = canon_set(set, canon);
out:
	json_free(j);
	arena_free(a);
	return rc;
}
