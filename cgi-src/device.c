#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "device.h"
#include "secrets.h"

#define B64		sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define NONCE_B64	22	/* 16 bytes */
#define MAC_B64		43	/* 32 bytes */

/* The MAC key, derived from the CSRF secret for this one purpose. */
static void
device_key(unsigned char k[32])
{
	crypto_kdf_derive_from_key(k, 32, 1, "lkdevice",
	    secret_get(SECRET_CSRF));
}

static void
mac(const char *signed_part, const char *user_id, char out[MAC_B64 + 1])
{
	crypto_generichash_state st;
	unsigned char		 k[32], h[32];

	device_key(k);
	crypto_generichash_init(&st, k, sizeof(k), sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)signed_part,
	    strlen(signed_part));
	crypto_generichash_update(&st, (const unsigned char *)"|", 1);
	crypto_generichash_update(&st, (const unsigned char *)user_id,
	    strlen(user_id));
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2base64(out, MAC_B64 + 1, h, sizeof(h), B64);
	sodium_memzero(k, sizeof(k));
}

void
device_make(const char *user_id, int64_t now, char out[DEVICE_LEN + 1])
{
	unsigned char	 nonce[16];
	char		 head[64], m[MAC_B64 + 1];

	randombytes_buf(nonce, sizeof(nonce));
	sodium_bin2base64(head, NONCE_B64 + 1, nonce, sizeof(nonce), B64);
	snprintf(head + NONCE_B64, sizeof(head) - NONCE_B64, ".%lld",
	    (long long)now);
	mac(head, user_id, m);
	snprintf(out, DEVICE_LEN + 1, "%s.%s", head, m);
}

int
device_check(const char *value, const char *user_id, int64_t now)
{
	char		 head[64], want[MAC_B64 + 1];
	const char	*dot;
	size_t		 hl;
	long long	 issued = 0;
	int		 i;

	if (value == NULL || (dot = strrchr(value, '.')) == NULL ||
	    (hl = (size_t)(dot - value)) >= sizeof(head) ||
	    hl < NONCE_B64 + 2 || strlen(dot + 1) != MAC_B64 ||
	    value[NONCE_B64] != '.')
		return 0;
	for (i = NONCE_B64 + 1; (size_t)i < hl; i++) {
		if (value[i] < '0' || value[i] > '9' ||
		    issued > 1000000000000LL)
			return 0;
		issued = issued * 10 + (value[i] - '0');
	}
	memcpy(head, value, hl);
	head[hl] = '\0';
	mac(head, user_id, want);
	if (sodium_memcmp(want, dot + 1, MAC_B64) != 0)
		return 0;
	return issued <= now + 60 && now - issued < DEVICE_TTL;
}
