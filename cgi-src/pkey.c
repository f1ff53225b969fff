#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <sodium.h>

#include "log.h"
#include "pkey.h"

#define B64		sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define RSA_BITS	2048	/* SPEC 12 */

const char *const pkey_alg_names[PKEY__MAX] = { "EdDSA", "ES256", "RS256" };

int
pkey_alg_parse(const char *s)
{
	int	 i;

	for (i = 0; i < PKEY__MAX; i++)
		if (strcmp(s, pkey_alg_names[i]) == 0)	/* lint-ok: a name */
			return i;
	return -1;
}

/* One DER INTEGER of the 32-byte unsigned v: minimal, non-negative. */
static size_t
der_int(unsigned char *out, const unsigned char v[32])
{
	size_t	 i = 0, n;

	while (i < 31 && v[i] == 0)
		i++;
	n = 32 - i + ((v[i] & 0x80) != 0);
	out[0] = 0x02;
	out[1] = (unsigned char)n;
	if (v[i] & 0x80)
		out[2] = 0;
	memcpy(out + 2 + (n - (32 - i)), v + i, 32 - i);
	return n + 2;
}

size_t
pkey_sig_to_der(const unsigned char rs[64], unsigned char der[PKEY_DERSIG])
{
	size_t	 n;

	n = der_int(der + 2, rs);
	n += der_int(der + 2 + n, rs + 32);
	der[0] = 0x30;
	der[1] = (unsigned char)n;
	return n + 2;
}

/* Reads one strict DER INTEGER at *p (before end) into out[32]. */
static int
read_int(const unsigned char **p, const unsigned char *end,
    unsigned char out[32])
{
	const unsigned char	*v = *p + 2;
	size_t			 l;

	if (end - *p < 3 || (*p)[0] != 0x02)
		return -1;
	l = (*p)[1];
	if (l < 1 || l > 33 || (size_t)(end - v) < l || (v[0] & 0x80) ||
	    (l > 1 && v[0] == 0 && !(v[1] & 0x80)) || (l == 33 && v[0] != 0))
		return -1;
	if (l == 33) {
		v++;
		l--;
	}
	memset(out, 0, 32);
	memcpy(out + 32 - l, v, l);
	*p = v + l;
	return 0;
}

int
pkey_sig_from_der(const unsigned char *der, size_t n, unsigned char rs[64])
{
	const unsigned char	*p = der + 2, *end = der + n;

	if (n < 8 || n > PKEY_DERSIG || der[0] != 0x30 || der[1] != n - 2 ||
	    read_int(&p, end, rs) == -1 || read_int(&p, end, rs + 32) == -1)
		return -1;
	return p == end ? 0 : -1;
}

/*
 * Decoded keys, kept for the process: OpenSSL 3's decoders cost far more
 * than a signature, and a process uses the same few keys (the current
 * one, those in the JWKS) over and over. Keyed by a hash of the bytes.
 */
#define PKCACHE	8
static struct {
	unsigned char	 h[32];
	EVP_PKEY	*pk;
} pkcache[PKCACHE];
static size_t	 pknext;

/* libcrypto's object for k, of the type its alg says; NULL if not. The
 * cache owns it: never freed by the caller. */
static EVP_PKEY *
load(const struct pkey *k, int secret)
{
	const unsigned char	*p = k->d;
	unsigned char		 h[32], tag = (unsigned char)secret;
	crypto_generichash_state st;
	EVP_PKEY		*pk;
	size_t			 i;

	if (k->len > PKEY_MAX || k->len > 0x7fffffff)
		return NULL;
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, &tag, 1);
	crypto_generichash_update(&st, k->d, k->len);
	crypto_generichash_final(&st, h, sizeof(h));
	for (i = 0; i < PKCACHE; i++)
		if (pkcache[i].pk != NULL && sodium_memcmp(pkcache[i].h, h,
		    sizeof(h)) == 0)
			return pkcache[i].pk;
	pk = secret ? d2i_AutoPrivateKey(NULL, &p, (long)k->len) :
	    d2i_PUBKEY(NULL, &p, (long)k->len);
	if (pk != NULL && (p != k->d + k->len ||
	    !EVP_PKEY_is_a(pk, k->alg == PKEY_ES256 ? "EC" : "RSA"))) {
		EVP_PKEY_free(pk);
		pk = NULL;
	}
	if (pk != NULL) {
		EVP_PKEY_free(pkcache[pknext].pk);
		memcpy(pkcache[pknext].h, h, sizeof(h));
		pkcache[pknext].pk = pk;
		pknext = (pknext + 1) % PKCACHE;
	}
	return pk;
}

/* i2d output of pk into k, if it fits. */
static int
store(EVP_PKEY *pk, int secret, struct pkey *k)
{
	unsigned char	*p = k->d;
	int		 n = secret ? i2d_PrivateKey(pk, NULL) :
			    i2d_PUBKEY(pk, NULL);

	if (n <= 0 || (size_t)n > PKEY_MAX)
		return -1;
	n = secret ? i2d_PrivateKey(pk, &p) : i2d_PUBKEY(pk, &p);
	k->len = n > 0 ? (size_t)n : 0;
	return n > 0 ? 0 : -1;
}

int
pkey_generate(enum pkey_alg alg, struct pkey *sec, struct pkey *pub)
{
	EVP_PKEY	*pk;
	int		 rc;

	sec->alg = pub->alg = alg;
	if (alg == PKEY_EDDSA) {
		crypto_sign_keypair(pub->d, sec->d);
		pub->len = crypto_sign_PUBLICKEYBYTES;
		sec->len = crypto_sign_SECRETKEYBYTES;
		return 0;
	}
	pk = alg == PKEY_ES256 ? EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256") :
	    EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)RSA_BITS);
	if (pk == NULL) {
		log_msg("libcrypto can't make a %s key", pkey_alg_names[alg]);
		return -1;
	}
	rc = store(pk, 1, sec) == 0 && store(pk, 0, pub) == 0 ? 0 : -1;
	EVP_PKEY_free(pk);
	return rc;
}

int
pkey_sign(const struct pkey *sec, const void *msg, size_t n,
    unsigned char sig[PKEY_SIGMAX], size_t *siglen)
{
	unsigned char	 der[PKEY_SIGMAX];
	EVP_PKEY	*pk = NULL;
	EVP_MD_CTX	*ctx = NULL;
	size_t		 len = sizeof(der);
	int		 rc = -1;

	if (sec->alg == PKEY_EDDSA) {
		if (sec->len != crypto_sign_SECRETKEYBYTES)
			return -1;
		*siglen = crypto_sign_BYTES;
		return crypto_sign_detached(sig, NULL, msg, n, sec->d);
	}
	if ((pk = load(sec, 1)) == NULL || (ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, pk) != 1 ||
	    EVP_DigestSign(ctx, der, &len, msg, n) != 1)
		goto out;
	if (sec->alg == PKEY_ES256) {
		rc = pkey_sig_from_der(der, len, sig);
		*siglen = 64;
	} else if (len == PKEY_SIGMAX) {
		memcpy(sig, der, len);
		*siglen = len;
		rc = 0;
	}
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

int
pkey_verify(const struct pkey *pub, const void *msg, size_t n,
    const unsigned char *sig, size_t siglen)
{
	unsigned char	 der[PKEY_DERSIG];
	const unsigned char *s = sig;
	EVP_PKEY	*pk = NULL;
	EVP_MD_CTX	*ctx = NULL;
	int		 rc = -1;

	if (pub->alg == PKEY_EDDSA)
		return pub->len == crypto_sign_PUBLICKEYBYTES &&
		    siglen == crypto_sign_BYTES &&
		    crypto_sign_verify_detached(sig, msg, n, pub->d) == 0 ?
		    0 : -1;
	if (pub->alg == PKEY_ES256) {
		if (siglen != 64)
			return -1;
		siglen = pkey_sig_to_der(sig, der);
		s = der;
	} else if (siglen != PKEY_SIGMAX)
		return -1;
	if ((pk = load(pub, 0)) != NULL && (ctx = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, pk) == 1 &&
	    EVP_DigestVerify(ctx, s, siglen, msg, n) == 1)
		rc = 0;
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* The big number param of pk as base64url, padded to pad bytes. */
static int
bn_b64(EVP_PKEY *pk, const char *param, int pad, char out[PKEY_B64MAX])
{
	unsigned char	 bin[PKEY_SIGMAX];
	BIGNUM		*bn = NULL;
	int		 n = -1;

	if (EVP_PKEY_get_bn_param(pk, param, &bn) == 1 &&
	    BN_num_bytes(bn) <= (int)sizeof(bin))
		n = pad > 0 ? BN_bn2binpad(bn, bin, pad) : BN_bn2bin(bn, bin);
	BN_free(bn);
	if (n <= 0)
		return -1;
	sodium_bin2base64(out, PKEY_B64MAX, bin, (size_t)n, B64);
	return 0;
}

int
pkey_jwk(const struct pkey *pub, char a[PKEY_B64MAX], char b[PKEY_B64MAX])
{
	EVP_PKEY	*pk;
	int		 rc;

	b[0] = '\0';
	if (pub->alg == PKEY_EDDSA) {
		if (pub->len != crypto_sign_PUBLICKEYBYTES)
			return -1;
		sodium_bin2base64(a, PKEY_B64MAX, pub->d, pub->len, B64);
		return 0;
	}
	if ((pk = load(pub, 0)) == NULL)
		return -1;
	/* PyJWT refuses an EC coordinate of 31 bytes: keep its zeros. */
	rc = pub->alg == PKEY_ES256 ?
	    bn_b64(pk, OSSL_PKEY_PARAM_EC_PUB_X, 32, a) == 0 &&
	    bn_b64(pk, OSSL_PKEY_PARAM_EC_PUB_Y, 32, b) == 0 :
	    bn_b64(pk, OSSL_PKEY_PARAM_RSA_N, 0, a) == 0 &&
	    bn_b64(pk, OSSL_PKEY_PARAM_RSA_E, 0, b) == 0;
	return rc ? 0 : -1;
}
