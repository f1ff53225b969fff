/*
 * JWT signing and verification: the RFC 8037 appendix A.4 Ed25519 JWS
 * as a vector, then our tokens tampered with in every way an attacker
 * would try (RFC 8725).
 */
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "buf.h"
#include "jwt.h"
#include "t.h"

/* RFC 8037 A.1 private key d, A.4 signed payload and result. */
static const char RFC_D[] = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
static const char RFC_X[] = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
static const char RFC_JWS[] =
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g"
    "7sVvpAr_MuM0KAg";

static struct pkey	 pk, sk;
static const int64_t	 NOW = 1800000000;

static int
keyfn(const char *kid, struct pkey *out, void *arg)
{
	(void)arg;
	if (strcmp(kid, "kid_AAAAAAAAAAAAAAAA") != 0)
		return 1;
	*out = pk;
	return 0;
}

static struct jwt_claims
claims(void)
{
	struct jwt_claims	 c = { 0 };

	c.typ = "JWT";
	c.kid = "kid_AAAAAAAAAAAAAAAA";
	c.iss = "https://issuer.example";
	c.aud = "https://issuer.example";
	c.sub = "usr_AAAAAAAAAAAAAAAA";
	c.jti = "jti_AAAAAAAAAAAAAAAA";
	c.scope = "read write";
	c.sid = "fam_AAAAAAAAAAAAAAAA";
	c.iat = NOW;
	c.exp = NOW + 3600;
	return c;
}

static enum jwt_rc
check(const char *tok, int64_t now)
{
	struct arena		*a = arena_new();
	struct jwt_claims	 want = claims(), got;
	enum jwt_rc		 rc;

	rc = jwt_verify(a, tok, &want, now, keyfn, NULL, &got);
	arena_free(a);
	return rc;
}

static void
b64(char *out, size_t outsz, const char *s)
{
	sodium_bin2base64(out, outsz, (const unsigned char *)s, strlen(s),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* A token with the given header and payload JSON, signed with sk. */
static void
forge(struct buf *b, const char *header, const char *payload)
{
	buf_reset(b);
	jwt_sign(b, header, payload, strlen(payload), &sk);
}

static void
rfc8037(void)
{
	unsigned char	 seed[32], rpk[32], x[32];
	struct pkey	 rsk = { .alg = PKEY_EDDSA, .len = 64 };
	struct buf	 b = { 0 };
	size_t		 n;

	CHECK(sodium_base642bin(seed, 32, RFC_D, strlen(RFC_D), NULL, &n,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 && n == 32);
	crypto_sign_seed_keypair(rpk, rsk.d, seed);
	CHECK(sodium_base642bin(x, 32, RFC_X, strlen(RFC_X), NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
	    memcmp(x, rpk, 32) == 0);
	jwt_sign(&b, "{\"alg\":\"EdDSA\"}", "Example of Ed25519 signing", 26,
	    &rsk);
	CHECKF(b.data != NULL && strcmp(b.data, RFC_JWS) == 0, "%s", b.data);
	CHECK(jwt_shape(RFC_JWS));
	buf_free(&b);
}

/* DER <-> JOSE (r || s) for ES256: round trips of edge values, and
 * DER that is not strict refused. */
static void
der_vectors(void)
{
	static const struct {
		const char	*name;
		unsigned char	 der[80];
		size_t		 n;
	} bad[] = {
		{ "wrong tag", { 0x31, 6, 2, 1, 1, 2, 1, 1 }, 8 },
		{ "length", { 0x30, 7, 2, 1, 1, 2, 1, 1 }, 8 },
		{ "negative r", { 0x30, 6, 2, 1, 0x80, 2, 1, 1 }, 8 },
		{ "padded r", { 0x30, 7, 2, 2, 0, 1, 2, 1, 1 }, 9 },
		{ "empty s", { 0x30, 6, 2, 1, 1, 2, 0, 0 }, 8 },
		{ "s too long", { 0x30, 6, 2, 1, 1, 2, 2, 1 }, 8 },
		{ "trailing", { 0x30, 7, 2, 1, 1, 2, 1, 1, 0 }, 9 },
		{ "three ints", { 0x30, 9, 2, 1, 1, 2, 1, 1, 2, 1, 1 }, 11 },
		{ "short", { 0x30, 0 }, 2 },
	};
	unsigned char	 rs[64], back[64], der[PKEY_DERSIG], big[40];
	size_t		 i, n;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECKF(pkey_sig_from_der(bad[i].der, bad[i].n, rs) == -1,
		    "%s", bad[i].name);
	/* 33-byte r with a high bit (0x00 pad), 1-byte s. */
	memset(rs, 0, 64);
	memset(rs, 0xff, 32);
	rs[63] = 5;
	n = pkey_sig_to_der(rs, der);
	CHECK(n == 2 + 2 + 33 + 2 + 1 && der[3] == 33 && der[4] == 0);
	CHECK(pkey_sig_from_der(der, n, back) == 0 && memcmp(rs, back, 64) ==
	    0);
	/* r = 0 still takes one byte. */
	memset(rs, 0, 32);
	n = pkey_sig_to_der(rs, der);
	CHECK(n == 8 && pkey_sig_from_der(der, n, back) == 0 &&
	    memcmp(rs, back, 64) == 0);
	/* A 33-byte integer without its high-bit reason is refused. */
	memset(big, 0, sizeof(big));
	big[0] = 0x30;
	big[1] = 35 + 3;
	big[2] = 2;
	big[3] = 33;
	big[4] = 1;	/* 33 bytes of value: more than 256 bits */
	big[37] = 2;
	big[38] = 1;
	big[39] = 1;
	CHECK(pkey_sig_from_der(big, 40, back) == -1);
	for (i = 0; i < 2000; i++) {
		randombytes_buf(rs, 64);
		rs[0] &= (unsigned char)randombytes_uniform(256);
		rs[32] = (unsigned char)(i & 0x80);
		n = pkey_sig_to_der(rs, der);
		CHECKF(n <= PKEY_DERSIG && pkey_sig_from_der(der, n, back) ==
		    0 && memcmp(rs, back, 64) == 0, "round trip %zu", i);
	}
}

/* ES256 and RS256 through libcrypto: our tokens verify with their key
 * and only with it, under its own alg only. */
static void
other_algs(void)
{
	static const enum pkey_alg algs[] = { PKEY_ES256, PKEY_RS256 };
	struct jwt_claims	 c = claims();
	struct pkey		 keep = pk, sec, sec2, pub2;
	struct buf		 b = { 0 }, t = { 0 };
	size_t			 i, j, dot;
	char			 a[PKEY_B64MAX], y[PKEY_B64MAX], hdr[128];

	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		const char *name = pkey_alg_names[algs[i]];
		CHECK(pkey_generate(algs[i], &sec, &pk) == 0);
		CHECK(pkey_jwk(&pk, a, y) == 0);
		CHECKF(strlen(a) == (algs[i] == PKEY_ES256 ? 43 : 342) &&
		    strcmp(y, algs[i] == PKEY_ES256 ? y : "AQAB") == 0 &&
		    (algs[i] != PKEY_ES256 || strlen(y) == 43), "%s jwk %s %s",
		    name, a, y);
		buf_reset(&b);
		CHECK(jwt_issue(&b, &c, &sec) == 0);
		CHECKF(check(b.data, NOW) == JWT_OK, "%s", name);
		dot = (size_t)(strrchr(b.data, '.') - b.data);
		CHECK(b.len - dot - 1 == (algs[i] == PKEY_ES256 ? 86 : 342));
		for (j = dot + 1; j < b.len; j += 11) {
			char save = b.data[j];
			b.data[j] = save == 'A' ? 'B' : 'A';
			/* The last character's spare bits make a
			 * non-canonical encoding: malformed, not a bad
			 * signature. Either way, refused. */
			CHECKF(check(b.data, NOW) != JWT_OK, "%s flip %zu",
			    name, j);
			b.data[j] = save;
		}
		/* Another key of the same alg. */
		CHECK(pkey_generate(algs[i], &sec2, &pub2) == 0);
		buf_reset(&t);
		jwt_issue(&t, &c, &sec2);
		CHECK(check(t.data, NOW) == JWT_BADSIG);
		/* The other algorithms' names in the header, with this key's
		 * signature: the key's alg is pinned. */
		for (j = 0; j < PKEY__MAX; j++) {
			if (j == algs[i])
				continue;
			snprintf(hdr, sizeof(hdr), "{\"alg\":\"%s\",\"typ\":"
			    "\"JWT\",\"kid\":\"kid_AAAAAAAAAAAAAAAA\"}",
			    pkey_alg_names[j]);
			buf_reset(&t);
			jwt_sign(&t, hdr, "{}", 2, &sec);
			CHECKF(check(t.data, NOW) == JWT_BADSIG, "%s as %s",
			    name, pkey_alg_names[j]);
		}
		/* An EdDSA token under an ES256/RS256 kid. */
		buf_reset(&t);
		jwt_issue(&t, &c, &sk);
		CHECK(check(t.data, NOW) == JWT_BADSIG);
		sodium_memzero(&sec, sizeof(sec));
	}
	pk = keep;
	buf_free(&b);
	buf_free(&t);
}

int
main(void)
{
	struct jwt_claims	 c = claims();
	struct buf		 b = { 0 }, t = { 0 };
	char			 h[256];
	size_t			 i, start;
	struct pkey		 opk, osk;
	static const char	 pay[] = "{\"iss\":\"https://issuer.example\","
	    "\"sub\":\"usr_AAAAAAAAAAAAAAAA\",\"aud\":\"https://issuer.example\","
	    "\"exp\":1800003600,\"iat\":1800000000,\"jti\":\"jti_x\","
	    "\"scope\":\"read\",\"sid\":\"fam_x\"}";

	if (sodium_init() < 0)
		return 1;
	CHECK(pkey_generate(PKEY_EDDSA, &sk, &pk) == 0);
	rfc8037();
	der_vectors();
	other_algs();

	CHECK(jwt_issue(&b, &c, &sk) == 0);
	CHECK(check(b.data, NOW) == JWT_OK);
	CHECK(check(b.data, NOW + 3599) == JWT_OK);
	CHECK(check(b.data, NOW + 3600) == JWT_EXPIRED);

	/* Every 7th character of the payload and signature, flipped. */
	start = (size_t)(strchr(b.data, '.') + 1 - b.data);
	for (i = start; i < b.len; i += 7) {
		char save = b.data[i];
		if (save == '.')
			continue;
		b.data[i] = save == 'A' ? 'B' : 'A';
		CHECKF(check(b.data, NOW) != JWT_OK, "flip at %zu", i);
		b.data[i] = save;
	}
	/* The same claims signed by another key. */
	pkey_generate(PKEY_EDDSA, &osk, &opk);
	buf_reset(&t);
	jwt_issue(&t, &c, &osk);
	CHECK(check(t.data, NOW) == JWT_BADSIG);

	/* alg none / None / HS256 with an empty or our-public-key MAC. */
	static const char *const algs[] = { "none", "None", "NONE", "HS256",
	    "RS256", "ES256", "EdDSA " };
	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		char hdr[128], ph[256];
		snprintf(hdr, sizeof(hdr), "{\"alg\":\"%s\",\"typ\":\"JWT\","
		    "\"kid\":\"kid_AAAAAAAAAAAAAAAA\"}", algs[i]);
		forge(&t, hdr, pay);
		CHECKF(check(t.data, NOW) == JWT_BADSIG, "alg %s", algs[i]);
		/* Unsigned form: "header.payload." */
		b64(h, sizeof(h), hdr);
		b64(ph, sizeof(ph), pay);
		buf_reset(&t);
		buf_printf(&t, "%s.%s.", h, ph);
		CHECK(check(t.data, NOW) == JWT_MALFORMED);
	}
	/* Header members an attacker could steer lookups with. */
	forge(&t, "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"kid_AAAAAAAA"
	    "AAAAAAAA\",\"jku\":\"https://evil.example/jwks\"}", pay);
	CHECK(check(t.data, NOW) == JWT_MALFORMED);
	forge(&t, "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"kid_AAAAAAAA"
	    "AAAAAAAA\",\"jwk\":{\"kty\":\"OKP\"}}", pay);
	CHECK(check(t.data, NOW) == JWT_MALFORMED);
	static const char *const kids[] = { "../../dev/null", "' OR 1=1--",
	    "kid_BBBBBBBBBBBBBBBB", "", "kid_AAAAAAAAAAAAAAAA\\u0000x" };
	for (i = 0; i < sizeof(kids) / sizeof(kids[0]); i++) {
		char hdr[160];
		snprintf(hdr, sizeof(hdr), "{\"alg\":\"EdDSA\",\"typ\":\"JWT\","
		    "\"kid\":\"%s\"}", kids[i]);
		forge(&t, hdr, pay);
		CHECKF(check(t.data, NOW) != JWT_OK, "kid %s", kids[i]);
	}
	/* Claims: typ, iss, aud, nbf, missing exp, duplicate members. */
	forge(&t, "{\"alg\":\"EdDSA\",\"typ\":\"at+jwt\",\"kid\":\"kid_AAAAAAAA"
	    "AAAAAAAA\"}", pay);
	CHECK(check(t.data, NOW) == JWT_CLAIMS);
	c = claims();
	c.aud = "https://other.example";
	buf_reset(&t);
	jwt_issue(&t, &c, &sk);
	CHECK(check(t.data, NOW) == JWT_CLAIMS);
	c = claims();
	c.iss = "https://issuer.example/";
	buf_reset(&t);
	jwt_issue(&t, &c, &sk);
	CHECK(check(t.data, NOW) == JWT_CLAIMS);
	forge(&t, "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"kid_AAAAAAAA"
	    "AAAAAAAA\"}", "{\"iss\":\"https://issuer.example\",\"sub\":\"u\","
	    "\"aud\":\"https://issuer.example\",\"exp\":1800003600,"
	    "\"iat\":1800000000,\"nbf\":1800000100,\"jti\":\"j\","
	    "\"scope\":\"read\"}");
	CHECK(check(t.data, NOW) == JWT_CLAIMS);
	CHECK(check(t.data, NOW + 100) == JWT_OK);
	forge(&t, "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"kid_AAAAAAAA"
	    "AAAAAAAA\"}", "{\"iss\":\"https://issuer.example\",\"sub\":\"u\","
	    "\"aud\":\"https://issuer.example\",\"iat\":1800000000,"
	    "\"jti\":\"j\",\"scope\":\"read\"}");
	CHECK(check(t.data, NOW) == JWT_MALFORMED);
	forge(&t, "{\"alg\":\"EdDSA\",\"alg\":\"none\",\"typ\":\"JWT\","
	    "\"kid\":\"kid_AAAAAAAAAAAAAAAA\"}", pay);
	CHECK(check(t.data, NOW) == JWT_MALFORMED);
	forge(&t, "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"kid_AAAAAAAA"
	    "AAAAAAAA\"}", "{\"exp\":\"1800003600\"}");
	CHECK(check(t.data, NOW) == JWT_MALFORMED);
	/* Malformed segments. */
	static const char *const bad[] = { "", "a", "a.b", "a.b.c.d", "a..c",
	    ".b.c", "a.b.", "a b.c.d", "eyJ+.eyJ/.abc", "eyJ=.e.x",
	    "a.b.c\n", " a.b.c" };
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECKF(check(bad[i], NOW) == JWT_MALFORMED, "'%s'", bad[i]);
	/* Padding on a real token's signature. */
	buf_reset(&t);
	buf_printf(&t, "%s=", b.data);
	CHECK(check(t.data, NOW) == JWT_MALFORMED);
	buf_free(&b);
	buf_free(&t);
	return t_done("test_jwt");
}
