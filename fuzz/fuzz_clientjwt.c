/*
 * The parsing of client-signed JWTs (SPEC 10): cjwt_parse, the time
 * rules, both signature checks, and the JWK / JWK Set validation.
 * Properties:
 *  - a JWK accepted has an x of 32 bytes, and its canonical text is
 *    accepted again with the same x and holds no "d";
 *  - a JWK Set accepted has 1 to 5 keys with distinct, non-empty kids,
 *    and its canonical text gives the same set back;
 *  - a signature accepted is, checked again here without clientjwt.c,
 *    the HMAC-SHA256 of the fixed secret or the Ed25519 signature of the
 *    fixed key over "header.payload", under the matching alg only;
 *  - check_times answers one of OK, EXPIRED, INVALID; OK or EXPIRED
 *    means 0 < exp - iat <= 3600.
 *
 * Input: first byte 'K' a JWK, 'S' a JWK Set, 'H' header "\n" claims
 * that the target signs with HS256 (so the fuzzer gets past the
 * signature), 'E' the same with EdDSA; anything else is a token.
 */
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "clientjwt.h"

#include "fuzz.h"

#define SECRET	"sk_test_0123456789abcdefghijABCDEFGHIJ012345"
#define NOW	1800000000LL
#define B64	sodium_base64_VARIANT_URLSAFE_NO_PADDING

static unsigned char	 pk[32], sk[64];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned char	 seed[32];

	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	memset(seed, 0x4c, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	return 0;
}

static void
jwk(const char *s)
{
	unsigned char	 x[32], x2[32];
	char		 canon[CJWT_JWKMAX], canon2[CJWT_JWKMAX];
	const char	*msg = NULL;

	if (cjwt_jwk_parse(s, x, canon, &msg) != 0) {
		PROP(msg != NULL);
		return;
	}
	PROP(strstr(canon, "\"d\"") == NULL);
	PROP(cjwt_jwk_parse(canon, x2, canon2, &msg) == 0);
	PROP(memcmp(x, x2, 32) == 0 && strcmp(canon, canon2) == 0);
}

static void
jwks(const char *s)
{
	struct cjwt_jwks	 set, set2;
	char			 canon[CJWT_JWKMAX], canon2[CJWT_JWKMAX];
	const char		*msg = NULL;
	size_t			 i, j;

	if (cjwt_jwks_parse(s, &set, canon, &msg) != 0) {
		PROP(msg != NULL);
		return;
	}
	PROP(set.n >= 1 && set.n <= CJWT_APPKEYS);
	for (i = 0; i < set.n; i++) {
		PROP(set.kid[i][0] != '\0');
		for (j = 0; j < i; j++)
			PROP(strcmp(set.kid[i], set.kid[j]) != 0);
	}
	PROP(cjwt_jwks_parse(canon, &set2, canon2, &msg) == 0);
	PROP(set2.n == set.n && strcmp(canon, canon2) == 0);
	PROP(memcmp(set.x, set2.x, sizeof(set.x)) == 0);
}

/* The signature segment of tok, decoded; 0 if it isn't base64url. */
static size_t
ref_sig(const char *tok, unsigned char *sig, size_t max)
{
	const char	*dot = strrchr(tok, '.');
	size_t		 n;

	if (dot == NULL || sodium_base642bin(sig, max, dot + 1,
	    strlen(dot + 1), NULL, &n, NULL, B64) != 0)
		return 0;
	return n;
}

static void
token(const char *tok)
{
	struct arena		*a = arena_new();
	struct cjwt_token		 t;
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 sig[128], mac[32];
	size_t			 n, in;
	enum cjwt_rc		 rc;

	if (a == NULL)
		abort();
	if (cjwt_parse(a, tok, &t) != 0)
		goto out;
	PROP(t.alg != NULL && t.aud != NULL && t.input == tok);
	in = (size_t)(strrchr(tok, '.') - tok);
	PROP(t.inputlen == in);
	(void)cjwt_is_client_token(a, tok);
	rc = cjwt_check_times(&t, NOW);
	PROP(rc == CJWT_OK || rc == CJWT_EXPIRED || rc == CJWT_INVALID);
	if (rc != CJWT_INVALID)
		PROP(t.exp > t.iat && t.exp - t.iat <= CJWT_MAXLIFE);
	n = ref_sig(tok, sig, sizeof(sig));
	if (cjwt_check_hs256(&t, SECRET, strlen(SECRET)) == 0) {
		PROP(strcmp(t.alg, "HS256") == 0 && n == 32);
		crypto_auth_hmacsha256_init(&st,
		    (const unsigned char *)SECRET, strlen(SECRET));
		crypto_auth_hmacsha256_update(&st, (const unsigned char *)tok,
		    in);
		crypto_auth_hmacsha256_final(&st, mac);
		PROP(memcmp(mac, sig, 32) == 0);
	}
	if (cjwt_check_eddsa(&t, pk) == 0) {
		PROP(strcmp(t.alg, "EdDSA") == 0 && n == 64);
		PROP(crypto_sign_verify_detached(sig,
		    (const unsigned char *)tok, in, pk) == 0);
	}
out:
	arena_free(a);
}

/* Signs header.claims (both raw text) with HS256 or EdDSA. */
static char *
sign(const char *h, const char *c, int ed)
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 sig[64];
	size_t				 hl = strlen(h), cl = strlen(c), off;
	size_t				 sl = ed ? 64 : 32;
	char				*out;

	out = malloc(sodium_base64_ENCODED_LEN(hl, B64) +
	    sodium_base64_ENCODED_LEN(cl, B64) +
	    sodium_base64_ENCODED_LEN(64, B64) + 3);
	if (out == NULL)
		abort();
	sodium_bin2base64(out, sodium_base64_ENCODED_LEN(hl, B64),
	    (const unsigned char *)h, hl, B64);
	off = strlen(out);
	out[off++] = '.';
	sodium_bin2base64(out + off, sodium_base64_ENCODED_LEN(cl, B64),
	    (const unsigned char *)c, cl, B64);
	off += strlen(out + off);
	if (ed)
		crypto_sign_detached(sig, NULL, (unsigned char *)out, off, sk);
	else {
		crypto_auth_hmacsha256_init(&st,
		    (const unsigned char *)SECRET, strlen(SECRET));
		crypto_auth_hmacsha256_update(&st, (unsigned char *)out, off);
		crypto_auth_hmacsha256_final(&st, sig);
	}
	out[off++] = '.';
	sodium_bin2base64(out + off, sodium_base64_ENCODED_LEN(sl, B64), sig,
	    sl, B64);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s = fz_cstr(data, size), *nl, *tok;

	if (s[0] == 'K')
		jwk(s + 1);
	else if (s[0] == 'S')
		jwks(s + 1);
	else if ((s[0] == 'H' || s[0] == 'E') &&
	    (nl = strchr(s + 1, '\n')) != NULL) {
		*nl = '\0';
		tok = sign(s + 1, nl + 1, s[0] == 'E');
		token(tok);
		free(tok);
	} else
		token(s);
	free(s);
	return 0;
}
