/*
 * OAuth authorization codes and remembered consents. A code is random,
 * stored hashed, lives CODE_TTL seconds and is redeemed once, by the
 * client it was issued to, with the same redirect_uri and the PKCE S256
 * verifier; any failed or repeated redemption burns it, and a replay
 * revokes what the first redemption issued.
 */
#ifndef LK_CODE_H
#define LK_CODE_H

#include <stdint.h>

#include "rnd.h"

#define CODE_TTL	60

struct actor;

struct code_req {
	const char	*client_id;
	const char	*user_id;
	const char	*redirect_uri;
	const char	*scope;
	const char	*challenge;	/* S256 */
	const char	*nonce;		/* OpenID Connect, or NULL */
	int64_t		 auth_time;	/* when the user signed in */
};

#define CODE_NONCEMAX	512

struct code_grant {
	char	 user_id[21];
	char	 scope[1024];
	char	 nonce[CODE_NONCEMAX + 1];	/* "" if none */
	int64_t	 auth_time;
};

enum code_rc { CODE_OK = 0, CODE_ERR = -1, CODE_INVALID = -2 };

/* 1 if s is a PKCE S256 challenge (43 base64url characters). */
int		code_valid_challenge(const char *);
/* 1 if s is a PKCE verifier: 43 to 128 unreserved characters. */
int		code_valid_verifier(const char *);

/*
 * Issues a code for cr. With consent set, the user has just approved:
 * the consent is stored (and audited) with the code. Without, a consent
 * given before must still cover the scope, checked in the same
 * transaction, so a revocation racing this leaves no code.
 * CODE_INVALID if there is no such consent.
 */
enum code_rc	code_issue(const struct code_req *cr, int consent,
		    const struct actor *, int64_t now,
		    char code[RND_TOKEN_LEN + 1]);
/* Inside a transaction: checks and burns code, and that its consent
 * still stands (SPEC 8.5); on CODE_OK fills g and the caller must
 * record what it issues with code_bind_family. */
enum code_rc	code_redeem(const char *code, const char *client_id,
		    const char *redirect_uri, const char *verifier,
		    int64_t now, struct code_grant *g);
int		code_bind_family(const char *code, const char *family);

/* The scope user consented to for client ("" if none); -1 on error. */
int		consent_get(const char *user_id, const char *client_id,
		    char scope[1024]);
/* Removes the consent, the codes not yet redeemed and the app's tokens
 * for the user; audited. 1 if there was no consent. */
int		consent_revoke(const char *user_id, const char *client_id,
		    const struct actor *, int64_t now);
/* Removes every user's consent to client and its codes not yet
 * redeemed, inside the caller's transaction (an app's edit that
 * narrowed it); 0 / -1. */
int		consent_drop_client(const char *client_id);
/* Records that the user denied the app (the audit row only). */
int		consent_deny(const char *client_id, const char *scope,
		    const struct actor *, int64_t now);

struct consent_info {
	const char	*client_id;
	const char	*app_name;
	const char	*owner_email;
	const char	*scope;
	int64_t		 created_at;
};
int		consent_each(const char *user_id,
		    void (*)(const struct consent_info *, void *), void *);

#endif
