/*
 * Storing what client-signed JWTs are checked with: the opted-in secret
 * sealed under the secrets file's jwtseal key (associated data: the row
 * it belongs to, so a sealed value copied to another row won't open),
 * and the registered public keys. Each function wraps the keys.c or
 * client.c change in one transaction with its own writes.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "client.h"
#include "clientjwt.h"
#include "clientjwt_store.h"
#include "audit.h"
#include "db.h"
#include "keys.h"
#include "log.h"
#include "seal.h"

static const char SQL_KEY_SET[] =
    "UPDATE api_keys SET jwt_secret = ?2, public_jwk = ?3 WHERE id = ?1";
static const char SQL_KEY_GET[] =
    "SELECT jwt_secret, coalesce(public_jwk, '') FROM api_keys "
    "WHERE id = ?1";
static const char SQL_APP_SET[] =
    "UPDATE oauth_clients SET jwt_secret = ?2, public_jwks = ?3 "
    "WHERE client_id = ?1";
static const char SQL_APP_SECRET[] =
    "UPDATE oauth_clients SET jwt_secret = ?2 WHERE client_id = ?1";
static const char SQL_APP_JWKS[] =
    "UPDATE oauth_clients SET public_jwks = ?3 WHERE client_id = ?1 AND "
    "user_id = ?2 AND client_type = 'confidential'";
static const char SQL_APP_GET[] =
    "SELECT jwt_secret, coalesce(public_jwks, '') FROM oauth_clients "
    "WHERE client_id = ?1";

#define SEALED_MAX	SEAL_LEN(CLIENT_SECRETLEN + KEY_LEN)

/* Runs sql (?1 id, ?2 sealed secret or NULL, ?3 text or NULL, unless
 * text is absent from it); 0 / -1. */
static int
store(const char *sql, const char *id, const char *secret,
    const char *text, int has_text)
{
	unsigned char	 sealed[SEALED_MAX];
	char		 ad[64];
	size_t		 n = secret != NULL ? strlen(secret) : 0;
	struct dbq	*q;
	int		 rc = -1;

	if (n > CLIENT_SECRETLEN + KEY_LEN)
		return -1;
	snprintf(ad, sizeof(ad), "jwt:%s", id);
	if (secret != NULL)
		seal_with(SECRET_JWTSEAL, ad, secret, n, sealed);
	if ((q = db_q(sql)) != NULL && db_bind_text(q, 1, id) == 0 &&
	    (secret != NULL ? db_bind_blob(q, 2, sealed, SEAL_LEN(n)) :
	    db_bind_null(q, 2)) == 0 &&
	    (!has_text || db_bind_text(q, 3, text) == 0) && db_exec(q) == 0)
		rc = 0;
	sodium_memzero(sealed, sizeof(sealed));
	return rc;
}

/* Ends the outer transaction; secret is wiped unless all went well. */
static int
end(int rc, int ok, int err, char *secret, size_t len)
{
	if (db_end_tx(rc == err) != 0)
		rc = err;
	if (rc != ok)
		sodium_memzero(secret, len);
	return rc;
}

int
cjwt_keys_create(struct apikey *k, const struct cjwt_opts *o,
    const struct actor *a, int64_t now, char secret[KEY_LEN + 1])
{
	int	 rc;

	if (db_begin() == -1)
		return KEYS_ERR;
	if ((rc = keys_create(k, a, now, secret)) == KEYS_OK &&
	    store(SQL_KEY_SET, k->id, o->jwt_signing ? secret : NULL,
	    o->public_jwk, 1) == -1)
		rc = KEYS_ERR;
	return end(rc, KEYS_OK, KEYS_ERR, secret, KEY_LEN + 1);
}

int
cjwt_keys_roll(const char *user_id, const char *id, int64_t grace,
    const struct cjwt_opts *o, const struct actor *a, int64_t now,
    struct apikey *nk, char secret[KEY_LEN + 1])
{
	struct cjwt_info	 old;
	const char		*jwk;
	int			 rc, signing;

	if (db_begin() == -1)
		return KEYS_ERR;
	if (cjwt_key_info(id, &old) != CJWT_OK)
		rc = KEYS_ERR;
	else
		rc = keys_roll(user_id, id, grace, a, now, nk, secret);
	/* Same settings (SPEC 2): the public key goes along, and so does
	 * the opt-in unless the roll says otherwise. */
	signing = o->keep ? old.jwt_signing : o->jwt_signing;
	jwk = o->public_jwk != NULL ? o->public_jwk :
	    old.jwk[0] != '\0' ? old.jwk : NULL;
	if (rc == KEYS_OK && store(SQL_KEY_SET, nk->id, signing ? secret :
	    NULL, jwk, 1) == -1)
		rc = KEYS_ERR;
	return end(rc, KEYS_OK, KEYS_ERR, secret, KEY_LEN + 1);
}

int
cjwt_client_create(struct client *c, const struct cjwt_opts *o,
    const struct actor *a, int64_t now, char *secret)
{
	int	 rc;

	if (db_begin() == -1)
		return CLIENT_ERR;
	if ((rc = client_create(c, a, now, secret)) == CLIENT_OK &&
	    store(SQL_APP_SET, c->id, o->jwt_signing && secret[0] != '\0' ?
	    secret : NULL, o->public_jwk, 1) == -1)
		rc = CLIENT_ERR;
	return end(rc, CLIENT_OK, CLIENT_ERR, secret, CLIENT_SECRETLEN + 1);
}

int
cjwt_client_rotate(const char *owner, const char *id, int64_t grace,
    int jwt_signing, const struct actor *a, int64_t now, char *secret)
{
	int	 rc;

	if (db_begin() == -1)
		return CLIENT_ERR;
	/* The sealed secret is the new one's at once, grace or not: HS256
	 * assertions and tokens must use the new secret from here on. */
	if ((rc = client_rotate_secret(owner, id, grace, a, now, secret)) ==
	    CLIENT_OK && store(SQL_APP_SECRET, id, jwt_signing ? secret :
	    NULL, NULL, 0) == -1)
		rc = CLIENT_ERR;
	return end(rc, CLIENT_OK, CLIENT_ERR, secret, CLIENT_SECRETLEN + 1);
}

enum cjwt_rc
cjwt_client_set_jwks(const char *owner, const char *id, const char *jwks,
    const struct actor *a, int64_t now)
{
	struct dbq	*q;
	enum cjwt_rc	 rc = CJWT_ERR;

	if (db_begin() == -1)
		return CJWT_ERR;
	if ((q = db_q(SQL_APP_JWKS)) != NULL && db_bind_text(q, 1, id) == 0 &&
	    db_bind_text(q, 2, owner) == 0 && db_bind_text(q, 3, jwks) == 0 &&
	    db_exec(q) == 0)
		rc = db_changes() == 1 ? CJWT_OK : CJWT_NOTFOUND;
	if (rc == CJWT_OK && audit(a, now, "app.signing_keys", id,
	    jwks != NULL ? "set" : "removed") == -1)
		rc = CJWT_ERR;
	return db_end_tx(rc == CJWT_ERR) == 0 ? rc : CJWT_ERR;
}

/* Reads (sealed?, text) of id by sql; sealed copied out if wanted. */
static enum cjwt_rc
load(const char *sql, const char *id, unsigned char *sealed, size_t *slen,
    char text[CJWT_JWKMAX])
{
	const void	*b;
	struct dbq	*q;
	enum db_rc	 st;
	size_t		 n = 0;

	*slen = 0;
	text[0] = '\0';
	if ((q = db_q(sql)) == NULL || db_bind_text(q, 1, id))
		return CJWT_ERR;
	if ((st = db_step(q)) == DB_ROW) {
		if ((b = db_blob(q, 0, &n)) != NULL && n <= SEALED_MAX) {
			memcpy(sealed, b, n);
			*slen = n;
		}
		snprintf(text, CJWT_JWKMAX, "%s", db_text(q, 1));
	}
	db_end(q);
	return st == DB_ERR ? CJWT_ERR : CJWT_OK;
}

enum cjwt_rc
cjwt_key_info(const char *id, struct cjwt_info *i)
{
	unsigned char	 sealed[SEALED_MAX];
	size_t		 n;
	enum cjwt_rc	 rc;

	memset(i, 0, sizeof(*i));
	rc = load(SQL_KEY_GET, id, sealed, &n, i->jwk);
	i->jwt_signing = n > 0;
	return rc;
}

enum cjwt_rc
cjwt_client_info(const char *id, struct cjwt_info *i)
{
	unsigned char	 sealed[SEALED_MAX];
	size_t		 n;
	enum cjwt_rc	 rc;

	memset(i, 0, sizeof(*i));
	rc = load(SQL_APP_GET, id, sealed, &n, i->jwk);
	i->jwt_signing = n > 0;
	return rc;
}

/* Opens a sealed secret of len bytes for id into m. */
static void
open_secret(const char *id, const unsigned char *sealed, size_t n,
    size_t len, struct cjwt_material *m)
{
	char	 ad[64];

	if (n == 0)
		return;
	snprintf(ad, sizeof(ad), "jwt:%s", id);
	if (unseal_with(SECRET_JWTSEAL, ad, sealed, n, m->secret, len) == 0)
		m->has_secret = 1;
	else
		log_msg("client jwt %s: the sealed secret won't open", id);
	m->secret[m->has_secret ? len : 0] = '\0';
}

enum cjwt_rc
cjwt_key_material(const char *key_id, struct cjwt_material *m)
{
	unsigned char	 sealed[SEALED_MAX];
	size_t		 n;

	memset(m, 0, sizeof(*m));
	if (load(SQL_KEY_GET, key_id, sealed, &n, m->jwk) != CJWT_OK)
		return CJWT_ERR;
	open_secret(key_id, sealed, n, KEY_LEN, m);
	return CJWT_OK;
}

enum cjwt_rc
cjwt_client_material(const char *client_id, struct cjwt_material *m)
{
	unsigned char	 sealed[SEALED_MAX];
	char		 text[CJWT_JWKMAX], canon[CJWT_JWKMAX];
	const char	*msg;
	size_t		 n;

	memset(m, 0, sizeof(*m));
	m->is_set = 1;
	if (load(SQL_APP_GET, client_id, sealed, &n, text) != CJWT_OK)
		return CJWT_ERR;
	if (text[0] != '\0' && cjwt_jwks_parse(text, &m->set, canon, &msg)) {
		log_msg("client jwt %s: stored JWK Set unreadable", client_id);
		memset(&m->set, 0, sizeof(m->set));
	}
	open_secret(client_id, sealed, n, CLIENT_SECRETLEN, m);
	return CJWT_OK;
}
