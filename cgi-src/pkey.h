/*
 * The signature algorithms of the JWTs Latchkey signs (SPEC 12): EdDSA
 * (Ed25519, libsodium), ES256 (P-256) and RS256 (2048-bit RSA), the last
 * two through OpenSSL's libcrypto. This file is the only includer of
 * OpenSSL headers (scripts/lint.sh checks it). Keys travel as bytes:
 * Ed25519 as libsodium's 64-byte secret and 32-byte public key, the
 * others as DER (the private key as libcrypto writes it, the public key
 * as SubjectPublicKeyInfo). Signatures are in JOSE form (RFC 7518 3.4:
 * ES256 is r || s, 64 bytes, not DER).
 */
#ifndef LK_PKEY_H
#define LK_PKEY_H

#include <stddef.h>

#define PKEY_MAX	1400	/* bytes of a key (RSA-2048 DER: ~1200) */
#define PKEY_SIGMAX	256	/* bytes of a signature (RS256) */
#define PKEY_B64MAX	350	/* base64url of a JWK member, NUL included */
#define PKEY_DERSIG	72	/* DER ECDSA-Sig-Value of P-256, at most */

enum pkey_alg { PKEY_EDDSA, PKEY_ES256, PKEY_RS256, PKEY__MAX };

/* "EdDSA", "ES256", "RS256": the JOSE names, as in "alg". */
extern const char *const pkey_alg_names[PKEY__MAX];

struct pkey {
	enum pkey_alg	 alg;
	unsigned char	 d[PKEY_MAX];
	size_t		 len;
};

/* The algorithm named s, or -1. */
int	pkey_alg_parse(const char *s);
/* A new key pair of alg: 0 or -1. The caller wipes sec. */
int	pkey_generate(enum pkey_alg, struct pkey *sec, struct pkey *pub);
/* Signs msg with sec into sig (PKEY_SIGMAX bytes), JOSE form; 0 or -1. */
int	pkey_sign(const struct pkey *sec, const void *msg, size_t n,
	    unsigned char sig[PKEY_SIGMAX], size_t *siglen);
/* 0 if sig (JOSE form) is pub's signature of msg, else -1. */
int	pkey_verify(const struct pkey *pub, const void *msg, size_t n,
	    const unsigned char *sig, size_t siglen);
/*
 * pub's JWK members, base64url without padding: OKP x (b empty), EC x
 * and y (32 bytes each, leading zeros kept), RSA n and e; 0 or -1.
 */
int	pkey_jwk(const struct pkey *pub, char a[PKEY_B64MAX],
	    char b[PKEY_B64MAX]);
/* An ECDSA P-256 signature, DER -> r || s: 0, or -1 for anything but
 * strict DER of two integers of at most 32 bytes. */
int	pkey_sig_from_der(const unsigned char *der, size_t n,
	    unsigned char rs[64]);
/* r || s -> DER (at most PKEY_DERSIG bytes); returns its length. */
size_t	pkey_sig_to_der(const unsigned char rs[64],
	    unsigned char der[PKEY_DERSIG]);

#endif
