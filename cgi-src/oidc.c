#include <string.h>

#include <sodium.h>

#include "buf.h"
#include "config.h"
#include "json.h"
#include "jwt.h"
#include "oidc.h"
#include "sigkey.h"

/*
 * OIDC Core 3.1.3.6: the left half of the access token's hash, with the
 * hash of the signature's algorithm: SHA-256 for ES256 and RS256, and
 * SHA-512 for EdDSA (Ed25519 hashes with SHA-512), base64url.
 */
static void
at_hash(enum pkey_alg alg, const char *tok, char out[64])
{
	unsigned char	 h[crypto_hash_sha512_BYTES];
	size_t		 n;

	if (alg == PKEY_EDDSA) {
		crypto_hash_sha512(h, (const unsigned char *)tok, strlen(tok));
		n = crypto_hash_sha512_BYTES / 2;
	} else {
		crypto_hash_sha256(h, (const unsigned char *)tok, strlen(tok));
		n = crypto_hash_sha256_BYTES / 2;
	}
	sodium_bin2base64(out, 64, h, n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int
oidc_id_token(struct buf *out, const struct oidc_id *id, int64_t now)
{
	const struct pkey	*sec;
	struct json		*h, *p;
	struct buf		 hb = { 0 }, pb = { 0 };
	char			 kid[JWT_KIDLEN + 1], ath[64];
	int			 rc = -1;

	if (sigkey_current(kid, &sec) == -1)
		return -1;
	h = json_object();
	p = json_object();
	json_set_str(h, "alg", pkey_alg_names[sec->alg]);
	json_set_str(h, "typ", "JWT");
	json_set_str(h, "kid", kid);
	json_set_str(p, "iss", config_get()->issuer);
	json_set_str(p, "sub", id->user_id);
	json_set_str(p, "aud", id->client_id);
	json_set_int(p, "exp", now + OIDC_TTL);
	json_set_int(p, "iat", now);
	json_set_int(p, "auth_time", id->auth_time);
	if (id->nonce != NULL && id->nonce[0] != '\0')
		json_set_str(p, "nonce", id->nonce);
	at_hash(sec->alg, id->access_token, ath);
	json_set_str(p, "at_hash", ath);
	if (json_render(h, &hb) == 0 && json_render(p, &pb) == 0)
		rc = jwt_sign(out, hb.data, pb.data, pb.len, sec);
	json_free(h);
	json_free(p);
	buf_free(&hb);
	buf_free(&pb);
	return rc;
}
