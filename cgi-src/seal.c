#include <string.h>

#include <sodium.h>

#include "seal.h"
#include "secrets.h"

#define NONCE	crypto_aead_xchacha20poly1305_ietf_NPUBBYTES

void
seal(const char *ad, const void *plain, size_t n, unsigned char *out)
{
	seal_with(SECRET_SEAL, ad, plain, n, out);
}

int
unseal(const char *ad, const unsigned char *sealed, size_t len, void *plain,
    size_t n)
{
	return unseal_with(SECRET_SEAL, ad, sealed, len, plain, n);
}

void
seal_with(enum secret s, const char *ad, const void *plain, size_t n,
    unsigned char *out)
{
	unsigned long long	 clen;

	randombytes_buf(out, NONCE);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + NONCE, &clen, plain,
	    n, (const unsigned char *)ad, strlen(ad), NULL, out,
	    secret_get(s));
}

int
unseal_with(enum secret s, const char *ad, const unsigned char *sealed,
    size_t len, void *plain, size_t n)
{
	if (len != SEAL_LEN(n))
		return -1;
	return crypto_aead_xchacha20poly1305_ietf_decrypt(plain, NULL, NULL,
	    sealed + NONCE, len - NONCE, (const unsigned char *)ad,
	    strlen(ad), sealed, secret_get(s)) == 0 ? 0 : -1;
}
