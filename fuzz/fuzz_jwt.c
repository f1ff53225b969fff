/*
 * jwt_verify with a fixed Ed25519 key (from a fixed seed) behind
 * kid_AAAAAAAAAAAAAAAA, a second key behind kid_BBBBBBBBBBBBBBBB, an
 * ES256 key (made at start) behind kid_CCCCCCCCCCCCCCCC and a failing
 * lookup behind kid_EEEEEEEEEEEEEEEE. Properties:
 *  - any answer past the signature (OK, EXPIRED, CLAIMS) means the
 *    signature, checked again here (libsodium for the Ed25519 keys), is
 *    that of the kid's key, and the header, parsed again here, says the
 *    kid's key's alg with no member but alg, typ and kid;
 *  - OK means every wanted claim holds (typ, iss, aud, exp, nbf, kid);
 *  - ERR only ever comes from the failing lookup;
 *  - the input, read as an ES256 DER signature, is accepted only when
 *    it is strict DER: encoding r || s again gives the very same bytes.
 *
 * Input: "S" header "\n" payload: the target signs them with the key,
 * so the fuzzer reaches claim checking; anything else is a token.
 * LLVMFuzzerInitialize writes a validly signed token and tampered
 * variants into the corpus directory it is given (fuzz/corpus/jwt holds
 * the same files, made by this code).
 */
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include <cJSON.h>
#include <sodium.h>

#include "arena.h"
#include "buf.h"
#include "jwt.h"

#include "fuzz.h"

#define KID	"kid_AAAAAAAAAAAAAAAA"
#define KID2	"kid_BBBBBBBBBBBBBBBB"
#define KID3	"kid_CCCCCCCCCCCCCCCC"
#define KIDERR	"kid_EEEEEEEEEEEEEEEE"
#define ISS	"https://issuer.example"
#define NOW	1800000000LL
#define B64	sodium_base64_VARIANT_URLSAFE_NO_PADDING

static unsigned char	 pk[32], pk2[32];
static struct pkey	 sk, sk2, es_sk, es_pk;
static int		 err_called;

static void
ed_pub(struct pkey *out, const unsigned char key[32])
{
	out->alg = PKEY_EDDSA;
	out->len = 32;
	memcpy(out->d, key, 32);
}

static int
keyfn(const char *kid, struct pkey *out, void *arg)
{
	(void)arg;
	PROP(kid != NULL);
	if (strcmp(kid, KID) == 0)
		ed_pub(out, pk);
	else if (strcmp(kid, KID2) == 0)
		ed_pub(out, pk2);
	else if (strcmp(kid, KID3) == 0)
		*out = es_pk;
	else if (strcmp(kid, KIDERR) == 0) {
		err_called = 1;
		return -1;
	} else
		return 1;
	return 0;
}

/* A token "b64(h).b64(p).b64(sig)" signed with key. */
static void
forge(struct buf *b, const char *h, const char *p, const struct pkey *key)
{
	buf_reset(b);
	PROP(jwt_sign(b, h, p, strlen(p), key) == 0);
}

static void
put(const char *dir, const char *name, const char *s, size_t n)
{
	char	 path[4096];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL)
		return;
	fwrite(s, 1, n, f);
	fclose(f);
}

#define HDR	"{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"" KID "\"}"
#define PAY(extra, exp) "{\"iss\":\"" ISS "\",\"sub\":\"usr_A\"," \
	"\"aud\":\"" ISS "\",\"exp\":" exp ",\"iat\":1800000000," \
	"\"jti\":\"jti_A\",\"scope\":\"read write\"" extra "}"

/* Writes the seed tokens into dir. */
static void
seeds(const char *dir)
{
	static const struct { const char *name, *h, *p; int key2; } t[] = {
		{ "valid", HDR, PAY("", "1800003600"), 0 },
		{ "expired", HDR, PAY("", "1799999999"), 0 },
		{ "nbf-future", HDR, PAY(",\"nbf\":1800000600",
		    "1800003600"), 0 },
		{ "wrong-aud", HDR, "{\"iss\":\"" ISS "\",\"sub\":\"u\","
		    "\"aud\":\"https://evil\",\"exp\":1800003600,\"iat\":1,"
		    "\"jti\":\"j\",\"scope\":\"read\"}", 0 },
		{ "no-exp", HDR, "{\"iss\":\"" ISS "\",\"sub\":\"u\","
		    "\"aud\":\"" ISS "\",\"iat\":1,\"jti\":\"j\","
		    "\"scope\":\"read\"}", 0 },
		{ "other-key", "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\""
		    KID2 "\"}", PAY("", "1800003600"), 1 },
		{ "wrong-key", HDR, PAY("", "1800003600"), 1 },
		{ "alg-none", "{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\""
		    KID "\"}", PAY("", "1800003600"), 0 },
		{ "alg-HS256", "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\""
		    KID "\"}", PAY("", "1800003600"), 0 },
		{ "jku", "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"" KID
		    "\",\"jku\":\"https://evil/k\"}", PAY("", "1800003600"), 0 },
		{ "kid-traversal", "{\"alg\":\"EdDSA\",\"typ\":\"JWT\","
		    "\"kid\":\"../../dev/null\"}", PAY("", "1800003600"), 0 },
		{ "kid-err", "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\""
		    KIDERR "\"}", PAY("", "1800003600"), 0 },
		{ "dup-claim", HDR, PAY(",\"iss\":\"https://evil\"",
		    "1800003600"), 0 },
		{ "typ-at", "{\"alg\":\"EdDSA\",\"typ\":\"at+jwt\",\"kid\":\""
		    KID "\"}", PAY(",\"client_id\":\"app_A\",\"sid\":\"f\"",
		    "1800003600"), 0 },
		{ "es256", "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\""
		    KID3 "\"}", PAY("", "1800003600"), 2 },
		{ "es256-as-eddsa", "{\"alg\":\"EdDSA\",\"typ\":\"JWT\","
		    "\"kid\":\"" KID3 "\"}", PAY("", "1800003600"), 2 },
		{ "eddsa-as-es256", "{\"alg\":\"ES256\",\"typ\":\"JWT\","
		    "\"kid\":\"" KID "\"}", PAY("", "1800003600"), 0 },
	};
	struct buf	 b = { 0 };
	char		 name[64], *s, *dot;
	unsigned char	 rs[64], der[PKEY_DERSIG];
	size_t		 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		forge(&b, t[i].h, t[i].p, t[i].key2 == 2 ? &es_sk :
		    t[i].key2 ? &sk2 : &sk);
		snprintf(name, sizeof(name), "init-%s", t[i].name);
		put(dir, name, b.data, b.len);
	}
	/* Tampered variants of the valid token. */
	forge(&b, HDR, PAY("", "1800003600"), &sk);
	s = b.data;
	dot = strchr(s, '.');
	dot[3] ^= 1;				/* a payload byte */
	put(dir, "init-flip-payload", s, b.len);
	dot[3] ^= 1;
	s[b.len - 2] = s[b.len - 2] == 'A' ? 'B' : 'A';	/* signature */
	put(dir, "init-flip-sig", s, b.len);
	forge(&b, HDR, PAY("", "1800003600"), &sk);
	put(dir, "init-empty-sig", b.data,
	    (size_t)(strrchr(b.data, '.') - b.data) + 1);
	buf_puts(&b, ".AAAA");
	put(dir, "init-4-segments", b.data, b.len);
	forge(&b, HDR, PAY("", "1800003600"), &sk);
	buf_puts(&b, "==");
	put(dir, "init-padding", b.data, b.len);
	forge(&b, HDR, PAY("", "1800003600"), &sk);
	buf_puts(&b, " ");
	put(dir, "init-space", b.data, b.len);
	buf_free(&b);
	/* An ES256 signature in DER, for der_roundtrip: r with its high
	 * bit set (a 0x00 pad), s with leading zeros. */
	memset(rs, 0, sizeof(rs));
	memset(rs, 0xc3, 32);
	rs[40] = 0x12;
	put(dir, "init-der", (const char *)der, pkey_sig_to_der(rs, der));
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	unsigned char	 seed[32];
	struct stat	 st;
	int		 i;

	if (sodium_init() < 0)
		abort();
	memset(seed, 0x4c, sizeof(seed));		/* fixed: 'L' */
	crypto_sign_seed_keypair(pk, sk.d, seed);
	memset(seed, 0x42, sizeof(seed));
	crypto_sign_seed_keypair(pk2, sk2.d, seed);
	sk.alg = sk2.alg = PKEY_EDDSA;
	sk.len = sk2.len = 64;
	if (pkey_generate(PKEY_ES256, &es_sk, &es_pk) == -1)
		abort();
	/* The first corpus directory gets the seeds. */
	for (i = 1; i < *argc; i++)
		if ((*argv)[i][0] != '-' && stat((*argv)[i], &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			seeds((*argv)[i]);
			break;
		}
	return 0;
}

/* 1 if tok's signature is key's, checked here without jwt.c. */
static int
ref_sig_ok(const char *tok, const unsigned char key[32])
{
	const char	*dot2 = strrchr(tok, '.');
	unsigned char	 sig[64];
	size_t		 n;

	if (dot2 == NULL || sodium_base642bin(sig, sizeof(sig), dot2 + 1,
	    strlen(dot2 + 1), NULL, &n, NULL, B64) != 0 || n != 64)
		return 0;
	return crypto_sign_verify_detached(sig, (const unsigned char *)tok,
	    (size_t)(dot2 - tok), key) == 0;
}

/* 1 if the header segment says alg and holds nothing else but typ
 * and kid. */
static int
ref_header_ok(const char *tok, const char *alg)
{
	const char	*dot = strchr(tok, '.');
	unsigned char	*h;
	size_t		 n;
	cJSON		*j, *m;
	int		 ok = 0;

	if ((h = malloc((size_t)(dot - tok) + 1)) == NULL)
		abort();
	if (sodium_base642bin(h, (size_t)(dot - tok), tok,
	    (size_t)(dot - tok), NULL, &n, NULL, B64) != 0)
		goto out;
	h[n] = '\0';
	if ((j = cJSON_ParseWithLength((const char *)h, n)) == NULL)
		goto out;
	ok = cJSON_IsObject(j);
	cJSON_ArrayForEach(m, j)
		if (strcmp(m->string, "alg") == 0)
			ok = ok && cJSON_IsString(m) &&
			    strcmp(m->valuestring, alg) == 0;
		else if (strcmp(m->string, "typ") != 0 &&
		    strcmp(m->string, "kid") != 0)
			ok = 0;
	cJSON_Delete(j);
out:
	free(h);
	return ok;
}

static void
verify(const char *tok)
{
	struct jwt_claims	 want = { 0 }, c;
	struct arena		*a;
	enum jwt_rc		 rc;

	want.typ = "JWT";
	want.iss = ISS;
	want.aud = ISS;
	if ((a = arena_new()) == NULL)
		abort();
	err_called = 0;
	memset(&c, 0, sizeof(c));
	rc = jwt_verify(a, tok, &want, NOW, keyfn, NULL, &c);
	PROP(rc == JWT_OK || rc == JWT_MALFORMED || rc == JWT_BADSIG ||
	    rc == JWT_EXPIRED || rc == JWT_CLAIMS || rc == JWT_ERR);
	PROP((rc == JWT_ERR) == err_called);
	if (rc == JWT_OK || rc == JWT_EXPIRED || rc == JWT_CLAIMS) {
		PROP(jwt_shape(tok) && strlen(tok) <= JWT_MAXLEN);
		PROP(c.kid != NULL);
		PROP((strcmp(c.kid, KID) == 0 && ref_sig_ok(tok, pk)) ||
		    (strcmp(c.kid, KID2) == 0 && ref_sig_ok(tok, pk2)) ||
		    strcmp(c.kid, KID3) == 0);
		PROP(ref_header_ok(tok, strcmp(c.kid, KID3) == 0 ? "ES256" :
		    "EdDSA"));
	}
	if (rc == JWT_OK) {
		PROP(strcmp(c.typ, "JWT") == 0);
		PROP(strcmp(c.iss, ISS) == 0 && strcmp(c.aud, ISS) == 0);
		PROP(c.exp > NOW && c.nbf <= NOW);
		PROP(c.sub != NULL && *c.sub != '\0');
		PROP(c.jti != NULL && *c.jti != '\0');
		PROP(c.scope != NULL);
	}
	arena_free(a);
}

/* pkey.c's own DER codec: what it accepts, it writes back the same. */
static void
der_roundtrip(const uint8_t *data, size_t size)
{
	unsigned char	 rs[64], der[PKEY_DERSIG];

	if (pkey_sig_from_der(data, size, rs) == 0)
		PROP(pkey_sig_to_der(rs, der) == size &&
		    memcmp(der, data, size) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 b = { 0 };
	char		*s, *nl;

	der_roundtrip(data, size);
	s = fz_cstr(data, size);
	(void)jwt_shape(s);
	if (s[0] == 'S') {
		if ((nl = strchr(s + 1, '\n')) != NULL) {
			*nl = '\0';
			if (jwt_sign(&b, s + 1, nl + 1, strlen(nl + 1), &sk) == 0)
				verify(b.data);
		} else if (jwt_sign(&b, HDR, s + 1, strlen(s + 1), &sk) == 0)
			verify(b.data);
		buf_free(&b);
	} else
		verify(s);
	free(s);
	return 0;
}
