/*
 * Sealing: what the database keeps but must not be able to read alone
 * (private signing keys; secrets a client signs its own JWTs with; the
 * webhook signing secrets) is stored as nonce || XChaCha20-Poly1305 of
 * it under the secrets file's seal key, with what it belongs to (a kid,
 * a key id) as associated data, so a sealed value moved to another row
 * won't open.
 */
#ifndef LK_SEAL_H
#define LK_SEAL_H

#include <stddef.h>

#include <sodium.h>

#include "secrets.h"

/* Bytes a sealed value of n bytes takes. */
#define SEAL_LEN(n)	(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + (n) + \
			    crypto_aead_xchacha20poly1305_ietf_ABYTES)

/* Seals n bytes of plain for ad into out (SEAL_LEN(n) bytes). */
void	seal(const char *ad, const void *plain, size_t n, unsigned char *out);
/* Opens sealed (len bytes) for ad into plain (len - overhead bytes);
 * 0, or -1 if it doesn't open (wrong key, row, or length). */
int	unseal(const char *ad, const unsigned char *sealed, size_t len,
	    void *plain, size_t n);

/* The same under another key of the secrets file: each kind of sealed
 * thing has its own, so one leaked key opens one kind only. */
void	seal_with(enum secret, const char *ad, const void *plain, size_t n,
	    unsigned char *out);
int	unseal_with(enum secret, const char *ad, const unsigned char *sealed,
	    size_t len, void *plain, size_t n);

#endif
