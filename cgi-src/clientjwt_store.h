/*
 * What a key or an app holds to check client-signed JWTs with, read for
 * clientjwt.c; the secret comes out of its seal only into m, which the
 * caller wipes.
 */
#ifndef LK_CLIENTJWT_STORE_H
#define LK_CLIENTJWT_STORE_H

#include "client.h"
#include "clientjwt.h"
#include "keyfmt.h"

struct cjwt_material {
	int		 has_secret;
	char		 secret[CLIENT_SECRETLEN + KEY_LEN + 2];
	int		 is_set;		/* an app: set, else jwk */
	struct cjwt_jwks set;
	char		 jwk[CJWT_JWKMAX];	/* a key's, "" if none */
};

enum cjwt_rc	cjwt_key_material(const char *key_id, struct cjwt_material *);
enum cjwt_rc	cjwt_client_material(const char *client_id,
		    struct cjwt_material *);

#endif
