/*
 * Login tokens: a signed access JWT (1 h) and an opaque refresh token
 * (30 days, "rt_" + 43 base64url, stored hashed) in a family. Each
 * refresh rotates the token; presenting a rotated one revokes the whole
 * family, and access tokens of a revoked family stop verifying.
 */
#ifndef LK_TOKENS_H
#define LK_TOKENS_H

#include <stdint.h>

#include "jwt.h"
#include "rnd.h"

#define ACCESS_TTL	3600
#define REFRESH_TTL	(30 * 86400)
#define REFRESH_LEN	(3 + RND_TOKEN_LEN)
#define LOGIN_SCOPE	"read write delete admin"

struct arena;
struct buf;
struct user;

struct issued {
	struct buf	*access;	/* the JWT is appended here */
	int64_t		 expires_at;
	char		 refresh[REFRESH_LEN + 1];
};

enum tokens_rc {
	TOKENS_OK = 0,
	TOKENS_ERR = -1,	/* database or signing trouble: 503 */
	TOKENS_INVALID = -2,	/* unknown, expired, revoked or reused */
};

/* A new family for user u with an access and a refresh token. */
enum tokens_rc	tokens_login(const struct user *u, int64_t now,
		    struct issued *);
/* Rotates refresh token rt; fills u (the family's user) and out. */
enum tokens_rc	tokens_refresh(const char *rt, int64_t now, struct user *u,
		    struct issued *out);
/* Revokes the family of rt; TOKENS_INVALID if there is none. */
enum tokens_rc	tokens_logout(const char *rt, int64_t now);
/*
 * Verifies an access JWT of type typ ("JWT" or "at+jwt"): signature,
 * claims, and that its family and user are still alive. Fills c.
 */
enum jwt_rc	tokens_verify(struct arena *, const char *jwt, const char *typ,
		    int64_t now, struct jwt_claims *c);

#endif
