/*
 * Client-signed JWTs (SPEC 10): tokens a caller signs itself, with an
 * API key or a confidential app's secret (HS256, only when its owner
 * opted in and the secret is kept sealed) or with an Ed25519 key whose
 * public half it registered as a JWK (EdDSA). The same checks serve
 * Bearer tokens at /v1/auth/verify and RFC 7523 client assertions at
 * /oauth/token. Owns the columns jwt_secret and public_jwk(s) of
 * api_keys and oauth_clients, and the table client_jwt_jtis.
 */
#ifndef LK_CLIENTJWT_H
#define LK_CLIENTJWT_H

#include <stddef.h>
#include <stdint.h>

#include "keyfmt.h"
#include "perm.h"
#include "rc.h"

#define CJWT_MAXLIFE	3600	/* exp - iat, seconds */
#define CJWT_SKEW	60	/* clock skew allowed, seconds */
#define CJWT_SUBMAX	255	/* bytes of sub */
#define CJWT_KIDMAX	64	/* bytes of an app key's kid */
#define CJWT_APPKEYS	5	/* Ed25519 keys an app may register */
#define CJWT_JWKMAX	2048	/* bytes of a JWK or JWK Set as text */
#define CJWT_TIERMAX	32

struct actor;
struct apikey;
struct arena;
struct client;

enum cjwt_rc {
	CJWT_OK = RC_OK,
	CJWT_ERR = RC_ERR,		/* database trouble: 503 */
	CJWT_NOTFOUND = RC_NOTFOUND,
	CJWT_INVALID = -3,		/* any rule broken: 401 */
	CJWT_EXPIRED = -4,		/* only exp has passed */
};

/* Ed25519 public keys, as registered. */
struct cjwt_jwks {
	size_t		 n;
	unsigned char	 x[CJWT_APPKEYS][32];
	char		 kid[CJWT_APPKEYS][CJWT_KIDMAX + 1];
};

/*
 * Strict JWK validation: a JSON object with kty "OKP", crv "Ed25519", x
 * the base64url (no padding) of exactly 32 bytes, an optional kid, and
 * optionally use "sig", alg "EdDSA", key_ops ["verify"] (a kid may not
 * start "kid", left to our own keys); a private "d",
 * any other member (x5u, jku, ...) or a duplicate is refused. One key:
 * the kid, if any, is ignored. A set: {"keys":[...]} of 1 to 5 keys,
 * each with a distinct kid. 0, or -1 with *msg saying why. canon (at
 * least CJWT_JWKMAX bytes) gets the text to store.
 */
int	cjwt_jwk_parse(const char *text, unsigned char x[32], char *canon,
	    const char **msg);
int	cjwt_jwks_parse(const char *text, struct cjwt_jwks *, char *canon,
	    const char **msg);

/* What a credential's owner chose for client-signed JWTs. */
struct cjwt_opts {
	int		 jwt_signing;	/* keep the secret sealed for HS256 */
	int		 keep;		/* roll: keep the old key's choice */
	const char	*public_jwk;	/* canonical text, NULL: none */
};

/* What a key or an app holds for client-signed JWTs (no secret). */
struct cjwt_info {
	int		 jwt_signing;
	char		 jwk[CJWT_JWKMAX];	/* "" if none */
};

/*
 * keys_create, keys_roll, client_create and client_rotate_secret, with
 * the opted-in secret sealed (or cleared) and the public key stored in
 * the same transaction. A roll keeps the old key's public JWK. Return
 * the codes of the function they wrap.
 */
int	cjwt_keys_create(struct apikey *, const struct cjwt_opts *,
	    const struct actor *, int64_t now, char secret[KEY_LEN + 1]);
int	cjwt_keys_roll(const char *user_id, const char *id, int64_t grace,
	    const struct cjwt_opts *, const struct actor *, int64_t now,
	    struct apikey *newk, char secret[KEY_LEN + 1]);
int	cjwt_client_create(struct client *, const struct cjwt_opts *,
	    const struct actor *, int64_t now, char *secret);
int	cjwt_client_rotate(const char *owner, const char *id, int64_t grace,
	    int jwt_signing, const struct actor *, int64_t now, char *secret);
/* Replaces the JWK Set (canonical text; NULL: none) of owner's
 * confidential app id, with its audit row; CJWT_NOTFOUND if no such. */
enum cjwt_rc cjwt_client_set_jwks(const char *owner, const char *id,
	    const char *jwks, const struct actor *, int64_t now);
/* What key id (or app id) holds; CJWT_OK, or ERR. */
enum cjwt_rc cjwt_key_info(const char *id, struct cjwt_info *);
enum cjwt_rc cjwt_client_info(const char *id, struct cjwt_info *);

/* Who a verified client-signed token speaks for. */
struct cjwt_result {
	char		 user_id[21];
	char		 key_id[21];		/* signed by an API key */
	char		 client_id[21];		/* signed by an app */
	struct perms	 perms;			/* the token's scope */
	int		 has_env;		/* keys have one */
	int		 live;
	int		 owner_admin;
	int64_t		 rate_limit;		/* the key's; 0: default */
	int64_t		 per_second;		/* its tier's; 0: unset */
	int64_t		 per_hour;		/* its tier's; 0: unset */
	int64_t		 quota;			/* the account's month */
	int64_t		 exp;
	char		 subject[CJWT_SUBMAX + 1];	/* "" if no sub */
	char		 tier[CJWT_TIERMAX + 1];	/* "" if none */
};

/* 1 if a compact JWS is a client's, not one of our access tokens: its
 * header says another alg than EdDSA, or no kid, or a kid that isn't
 * one of ours ("kid_..."). Reads the header only. */
int		cjwt_is_client_token(struct arena *, const char *tok);
/* Checks a Bearer token by every rule of SPEC 10 against audience,
 * records its jti, counts a use of the key. */
enum cjwt_rc	cjwt_verify(struct arena *, const char *tok,
		    const char *audience, int64_t now, struct cjwt_result *);
/* Checks an RFC 7523 client assertion: iss = sub = the app (and
 * client_id, if the request also named one), aud the token endpoint URL
 * or the issuer, jti required and single-use. Fills c. */
enum cjwt_rc	cjwt_assertion(struct arena *, const char *tok,
		    const char *client_id, int64_t now, struct client *c);
/* Deletes at most limit (0: all) used jtis whose token has ended, and
 * wipes the sealed secrets of as many keys revoked or expired; returns
 * how many jtis went, or -1. */
int64_t		cjwt_purge(int64_t now, int limit);

/*
 * The pure parts, for the tests and the fuzzer. A parsed token: header
 * and claims, both only shape-checked, and the signing input.
 */
struct cjwt_token {
	const char	*alg, *kid;
	const char	*iss, *sub, *aud, *jti, *scope, *tier;
	int64_t		 iat, exp, nbf;	/* nbf 0: absent */
	int		 has_nbf;
	const char	*input;		/* "header.payload" */
	size_t		 inputlen;
	unsigned char	*sig;
	size_t		 siglen;
};
/* 0, or -1 if tok is no well-formed token of ours to consider. */
int		cjwt_parse(struct arena *, const char *tok,
		    struct cjwt_token *);
/* The time rules: iat, exp (lifetime at most CJWT_MAXLIFE), nbf, with
 * CJWT_SKEW. CJWT_OK, CJWT_EXPIRED or CJWT_INVALID. */
enum cjwt_rc	cjwt_check_times(const struct cjwt_token *, int64_t now);
/* 0 if the signature is good: HS256 with secret (len bytes), or EdDSA
 * with the Ed25519 public key x; the token's alg must be the one. */
int		cjwt_check_hs256(const struct cjwt_token *, const char *secret,
		    size_t len);
int		cjwt_check_eddsa(const struct cjwt_token *,
		    const unsigned char x[32]);

#endif
