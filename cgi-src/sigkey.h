/*
 * Signing keys for JWTs, of any pkey.h algorithm (each row names its
 * alg; a token verifies only with its kid's key and that key's alg).
 * The private half is stored sealed with
 * XChaCha20-Poly1305 under the secrets file's seal key (the kid is the
 * associated data), so the database alone can't mint tokens. Exactly one
 * key signs at a time; a rotated key stays published in the JWKS until
 * every token it signed has expired.
 */
#ifndef LK_SIGKEY_H
#define LK_SIGKEY_H

#include <stdint.h>

#include "jwt.h"

#define SIGKEY_PUBLISH	(3600 + 300)	/* token lifetime plus clock skew */

struct actor;

/* Creates a signing key of alg if there is none, or rotates to one if
 * the current key is of another alg (*rotated then 1); 0 or -1. */
int	sigkey_ensure(const struct actor *, int64_t now, enum pkey_alg,
	    int *rotated);
/* Starts signing with a new key of alg; the old one is retired
 * (audited) and stays published for SIGKEY_PUBLISH. Fills kid. */
int	sigkey_rotate(const struct actor *, int64_t now, enum pkey_alg,
	    char kid[JWT_KIDLEN + 1]);
/* The current key (cached per process, re-read when it changes); *sec
 * points to process memory valid until the next call. */
int	sigkey_current(char kid[JWT_KIDLEN + 1], const struct pkey **sec);
/* jwt_keyfn: the public key of kid, if we published it. */
int	sigkey_public(const char *kid, struct pkey *pub, void *);
/* Calls fn for each key the JWKS must list. 0 or -1. */
int	sigkey_each_published(int64_t now,
	    void (*fn)(const char *kid, const struct pkey *pub, void *),
	    void *);

#endif
