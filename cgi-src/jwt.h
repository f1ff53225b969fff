/*
 * JSON Web Tokens signed with EdDSA, ES256 or RS256 (pkey.c), compact
 * serialisation. Pure: no database. Verification takes the key from a
 * lookup the caller controls (kid is untrusted input) and pins the
 * algorithm to that key's, refuses any header member but alg, typ and
 * kid, and checks exp, nbf, iss, aud, typ.
 */
#ifndef LK_JWT_H
#define LK_JWT_H

#include <stddef.h>
#include <stdint.h>

#include "pkey.h"

#define JWT_MAXLEN	4096	/* bytes of a compact token we accept */
#define JWT_KIDLEN	20	/* kid_ + 16 base62 */

struct arena;
struct buf;

struct jwt_claims {
	const char	*typ;		/* header typ */
	const char	*kid;
	const char	*iss;
	const char	*sub;
	const char	*aud;
	const char	*jti;
	const char	*scope;
	const char	*client_id;	/* OAuth access tokens */
	const char	*sid;		/* the token family */
	const char	*tier;		/* the account's plan (SPEC 9) */
	int64_t		 iat;
	int64_t		 exp;
	int64_t		 nbf;		/* 0: absent */
};

enum jwt_rc {
	JWT_OK = 0,
	JWT_MALFORMED = -1,	/* shape, encoding, JSON, members */
	JWT_BADSIG = -2,	/* unknown kid or signature mismatch */
	JWT_EXPIRED = -3,
	JWT_CLAIMS = -4,	/* iss, aud, typ, nbf or a missing claim */
	JWT_ERR = -5,		/* the key lookup failed (database) */
};

/* Finds the public key (and so the algorithm) for kid: 0 found, 1
 * unknown, -1 error. */
typedef int (*jwt_keyfn)(const char *kid, struct pkey *pub, void *);

/* Appends "header.payload.signature" to out. header and payload are
 * the exact JSON texts; sec is the signing key. */
int		 jwt_sign(struct buf *out, const char *header,
		    const char *payload, size_t payloadlen,
		    const struct pkey *sec);
/* Builds the JSON of our tokens' header (alg from sec) and claims and
 * signs them. */
int		 jwt_issue(struct buf *out, const struct jwt_claims *,
		    const struct pkey *sec);
/* Decodes and checks token: signature first, then claims against want
 * (typ unless NULL, iss and aud must be equal; exp > now; nbf <= now).
 * Strings in c point into arena memory. */
enum jwt_rc	 jwt_verify(struct arena *, const char *token,
		    const struct jwt_claims *want, int64_t now, jwt_keyfn,
		    void *, struct jwt_claims *c);
/* 1 if s has the shape of a compact JWS (three base64url parts). */
int		 jwt_shape(const char *s);

#endif
