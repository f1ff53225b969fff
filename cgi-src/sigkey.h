/*
 * Ed25519 signing keys for JWTs. The private half is stored sealed with
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

/* Creates a signing key if there is none; 0 or -1. */
int	sigkey_ensure(int64_t now);
struct actor;

/* Starts signing with a new key; the old one is retired (audited).
 * Fills kid. */
int	sigkey_rotate(const struct actor *, int64_t now,
	    char kid[JWT_KIDLEN + 1]);
/* The current key (cached per process, re-read when it changes). */
int	sigkey_current(char kid[JWT_KIDLEN + 1], unsigned char sk[64]);
/* jwt_keyfn: the public key of kid, if we published it. */
int	sigkey_public(const char *kid, unsigned char pk[32], void *);
/* Calls fn for each key the JWKS must list. 0 or -1. */
int	sigkey_each_published(int64_t now,
	    void (*fn)(const char *kid, const unsigned char pk[32], void *),
	    void *);

#endif
