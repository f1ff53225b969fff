/*
 * API credentials: finding the one a request carries and checking it.
 * A credential arrives as "X-API-Key: <key>" or "Authorization: Bearer
 * <key|JWT>"; two different ones in one request are refused.
 */
#ifndef LK_AUTH_H
#define LK_AUTH_H

#include <stdint.h>

#include "perm.h"

struct req;

enum cred_type { CRED_APIKEY, CRED_JWT, CRED_OAUTH, CRED_CLIENT_JWT,
    CRED__MAX };

/* OpenID Connect scopes of an OAuth token (SPEC 12): no permission,
 * only what /oauth/userinfo answers. */
#define ID_OPENID	0x01
#define ID_EMAIL	0x02
#define ID_PROFILE	0x04

struct principal {
	enum cred_type	 type;
	char		 user_id[21];
	char		 key_id[21];	/* CRED_APIKEY; CLIENT_JWT by a key */
	char		 client_id[64];	/* CRED_OAUTH; CLIENT_JWT by an app */
	char		 subject[256];	/* CRED_CLIENT_JWT: its sub, or "" */
	struct perms	 perms;
	int		 has_env;	/* API keys have an environment */
	int		 live;
	int64_t		 expires_at;	/* 0: never */
	int		 cc;		/* CRED_OAUTH: client_credentials */
	unsigned	 idscope;	/* CRED_OAUTH: ID_* scopes granted */
	int		 owner_admin;	/* its user is an administrator */
	char		 rl_key[48];	/* what its rate limit counts */
	int64_t		 rl_limit;	/* requests per window ("hour") */
	int64_t		 rl_second;	/* its tier's per second; 0: none */
	int64_t		 quota;		/* the account's month; 0: none */
	/* The key's tier, or the account's plan for other credentials
	 * (SPEC 9); "" for none. */
	char		 tier[33];
};

extern const char *const cred_type_names[CRED__MAX];

/*
 * Authenticates r, setting r->auth. Returns 0, or the status to answer
 * with (r->errcode, r->errmsg and WWW-Authenticate set): 400 for two
 * different credentials, 401 for a missing or bad one, 503 if the
 * database can't be read (never a success).
 */
int	auth_request(struct req *);
/* 1 if p may create, roll or revoke a key with perms want in
 * environment live (SPEC 8.4): it covers them, and a key acts only on
 * keys of its own environment. */
int	auth_may_grant(const struct principal *, const struct perms *want,
	    int live);
/* 1 if p may see a key of environment live at all: a test key sees
 * test keys only (the others are 404 to it). */
int	auth_sees_env(const struct principal *, int live);

#endif
