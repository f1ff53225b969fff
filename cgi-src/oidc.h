/*
 * OpenID Connect Core (SPEC 12) for apps that ask for scope openid: the
 * id_token of a code exchange, signed with the same keys as access
 * tokens (sigkey.c).
 */
#ifndef LK_OIDC_H
#define LK_OIDC_H

#include <stdint.h>

struct buf;

#define OIDC_TTL	3600

struct oidc_id {
	const char	*user_id;	/* sub */
	const char	*client_id;	/* aud */
	const char	*nonce;		/* echoed, or NULL */
	int64_t		 auth_time;
	const char	*access_token;	/* its at_hash */
};

/* Appends the signed id_token for id to out; 0 or -1. */
int	oidc_id_token(struct buf *out, const struct oidc_id *, int64_t now);

#endif
