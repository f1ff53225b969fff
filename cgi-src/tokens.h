/*
 * Access and refresh tokens. Every issue starts a family (a sign-in, an
 * OAuth grant or a client-credentials token); the access token is a
 * signed JWT (1 h) naming its family in "sid", the refresh token opaque
 * ("rt_" + 43 base64url, 30 days, stored hashed). Each refresh rotates
 * the token; presenting a rotated one revokes the whole family, and
 * access tokens of a revoked family stop verifying.
 */
#ifndef LK_TOKENS_H
#define LK_TOKENS_H

#include <stdint.h>

#include "jwt.h"
#include "rc.h"
#include "rnd.h"

#define ACCESS_TTL	3600
#define REFRESH_TTL	(30 * 86400)
#define REFRESH_LEN	(3 + RND_TOKEN_LEN)
#define LOGIN_SCOPE	"read write delete admin"
#define FAMILY_IDLEN	20

struct actor;
struct arena;
struct buf;
struct client;
struct user;

/* What to issue: login tokens have no client. */
struct grant {
	const char	*user_id;	/* the resource owner */
	const char	*client_id;	/* NULL: a dashboard/API sign-in */
	const char	*scope;		/* granted, space-separated */
	int		 refresh;	/* issue a refresh token */
	const char	*ip;		/* where the sign-in came from */
	const char	*user_agent;
};

struct issued {
	struct buf	*access;	/* the JWT is appended here */
	int64_t		 expires_at;
	char		 scope[1024];	/* of the access token */
	char		 refresh[REFRESH_LEN + 1];	/* "" if none */
	char		 family[FAMILY_IDLEN + 1];
	char		 user_id[21];
};

/* The result of checking an access token. */
struct access {
	struct jwt_claims	 c;
	char			 user_id[21];	/* the family's user */
	char			 client_id[64];	/* "" for login tokens */
	int			 cc;		/* client_credentials */
};

/* An API sign-in (a login family), for Settings -> Security. */
struct signin_info {
	const char	*id;		/* fam_... */
	const char	*ip;
	const char	*user_agent;
	int64_t		 created_at;
	int64_t		 last_used_at;	/* 0: never refreshed */
};

enum tokens_rc {
	TOKENS_OK = RC_OK,
	TOKENS_ERR = RC_ERR,	/* database or signing trouble: 503 */
	TOKENS_INVALID = RC_NOTFOUND,	/* unknown, expired, revoked, reused */
	TOKENS_SCOPE = -3,	/* asked for more than the family holds */
};

/* Starts a family and issues its tokens; TOKENS_INVALID if the grant's
 * app no longer exists (deletion won the race: SPEC 8.5). */
enum tokens_rc	tokens_issue(const struct grant *, int64_t now,
		    struct issued *);
/* A client_credentials access token of c: no family, no row; it lives
 * as long as c's cc_sid (client.h). */
enum tokens_rc	tokens_issue_cc(const struct client *, const char *scope,
		    int64_t now, struct issued *);
/* Rotates refresh token rt of client (NULL: a login token); scope NULL
 * keeps the family's, else must be a subset of it. */
enum tokens_rc	tokens_refresh(const char *rt, const char *client_id,
		    const char *scope, int64_t now, struct issued *out);
/* Revokes the family of refresh token rt if it belongs to client (NULL:
 * a login token); TOKENS_INVALID if there is none. */
enum tokens_rc	tokens_revoke_refresh(const char *rt, const char *client_id,
		    int64_t now);
/* Revokes a family by id (client NULL: any); families of client for
 * user (user NULL: all users). */
int		tokens_revoke_family(const char *family, int64_t now);
int		tokens_revoke_client(const char *client_id, const char *user_id,
		    int64_t now);
/* The user's live API sign-ins, newest first. 0 / -1. */
int		tokens_each_signin(const char *user_id, int64_t now,
		    void (*)(const struct signin_info *, void *), void *);
/* Ends one of them (audited); TOKENS_INVALID if it isn't the user's. */
enum tokens_rc	tokens_end_signin(const char *user_id, const char *family,
		    const struct actor *, int64_t now);
/*
 * Verifies an access JWT of type typ ("JWT", "at+jwt", or NULL for
 * either): signature, claims, a lifetime of at most ACCESS_TTL, that typ
 * matches the kind of family (a sign-in is "JWT", an app's "at+jwt"),
 * that its scope is within the family's, and that the family, its user
 * and its app (and the app's owner) are still alive.
 */
enum jwt_rc	tokens_verify(struct arena *, const char *jwt, const char *typ,
		    int64_t now, struct access *);
/* Looks up a live refresh token for introspection: 0 live (fills the
 * family's user, client, scope, expiry), 1 not live, -1 error. */
int		tokens_refresh_info(const char *rt, int64_t now, char user[21],
		    char client[64], char scope[1024], int64_t *exp);
/* 1 if every space-separated token of want is in have. */
int		scope_subset(const char *want, const char *have);

#endif
