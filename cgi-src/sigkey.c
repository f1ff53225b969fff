#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "db.h"
#include "log.h"
#include "rnd.h"
#include "seal.h"
#include "sigkey.h"

#define SEALED_LEN	SEAL_LEN(64)
#define PUBCACHE	8
#define PUBRECHECK	5	/* seconds a cached answer stands (SPEC 8.6) */

static const char SQL_CURRENT[] =
    "SELECT kid, public_key, sealed_secret FROM signing_keys "
    "WHERE retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1";
static const char SQL_PUBLIC[] =
    "SELECT public_key, coalesce(retired_at, 0) FROM signing_keys "
    "WHERE kid = ?1 AND (retired_at IS NULL OR retired_at > ?2)";
static const char SQL_PUBLISHED[] =
    "SELECT kid, public_key FROM signing_keys WHERE retired_at IS NULL "
    "OR retired_at > ?1 ORDER BY created_at DESC, kid";
static const char SQL_INSERT[] =
    "INSERT INTO signing_keys (kid, public_key, sealed_secret, created_at) "
    "VALUES (?1, ?2, ?3, ?4)";
static const char SQL_RETIRE[] =
    "UPDATE signing_keys SET retired_at = ?2 WHERE retired_at IS NULL "
    "AND kid != ?1";

static struct {
	char		 kid[JWT_KIDLEN + 1];
	unsigned char	 sk[64];
} current;

/* Public keys looked up recently: each is trusted until its
 * publication window ends (retired keys) and at most PUBRECHECK
 * seconds after it was read, so a retirement or a window cut short in
 * the database reaches every process within seconds. */
static struct {
	char		 kid[JWT_KIDLEN + 1];
	unsigned char	 pk[32];
	int64_t		 until;
} pubs[PUBCACHE];
static size_t		 npubs;

static int
insert(int64_t now, char kid[JWT_KIDLEN + 1])
{
	unsigned char	 pk[32], sk[64], sealed[SEALED_LEN];
	struct dbq	*q;
	int		 rc = -1;

	rnd_id(kid, JWT_KIDLEN + 1, "kid_", 16);
	crypto_sign_keypair(pk, sk);
	seal(kid, sk, sizeof(sk), sealed);
	if ((q = db_q(SQL_INSERT)) != NULL && db_bind_text(q, 1, kid) == 0 &&
	    db_bind_blob(q, 2, pk, sizeof(pk)) == 0 &&
	    db_bind_blob(q, 3, sealed, sizeof(sealed)) == 0 &&
	    db_bind_int(q, 4, now) == 0)
		rc = db_exec(q);
	sodium_memzero(sk, sizeof(sk));
	return rc;
}

/* Reads the current key's row; unseals only when it changed. */
static int
load_current(int *found)
{
	struct dbq		*q;
	const unsigned char	*sealed;
	size_t			 n;
	enum db_rc		 rc;
	int			 ok = 0;

	*found = 0;
	if ((q = db_q(SQL_CURRENT)) == NULL)
		return -1;
	if ((rc = db_step(q)) == DB_ROW) {
		*found = 1;
		if (strcmp(db_text(q, 0), current.kid) == 0) {
			db_end(q);
			return 0;
		}
		sealed = db_blob(q, 2, &n);
		ok = unseal(db_text(q, 0), sealed, n, current.sk, 64) == 0;
		if (ok)
			snprintf(current.kid, sizeof(current.kid), "%s",
			    db_text(q, 0));
		else
			log_msg("signing key %s can't be unsealed: wrong "
			    "secrets file?", db_text(q, 0));
	}
	db_end(q);
	return rc == DB_ERR || (*found && !ok) ? -1 : 0;
}

int
sigkey_ensure(int64_t now)
{
	char	 kid[JWT_KIDLEN + 1];
	int	 found;

	if (load_current(&found) == -1)
		return -1;
	return found ? 0 : insert(now, kid);
}

int
sigkey_rotate(const struct actor *a, int64_t now, char kid[JWT_KIDLEN + 1])
{
	struct dbq	*q;

	if (db_begin() == -1)
		return -1;
	return db_end_tx(insert(now, kid) == -1 ||
	    (q = db_q(SQL_RETIRE)) == NULL || db_bind_text(q, 1, kid) ||
	    db_bind_int(q, 2, now) || db_exec(q) == -1 ||
	    audit(a, now, "signing_key.rotate", kid, "") == -1);
}

int
sigkey_current(char kid[JWT_KIDLEN + 1], unsigned char sk[64])
{
	int	 found;

	if (load_current(&found) == -1 || !found)
		return -1;
	memcpy(kid, current.kid, sizeof(current.kid));
	memcpy(sk, current.sk, 64);
	return 0;
}

/* The cached key of kid, if still to be trusted at now. */
static int
cached(const char *kid, int64_t now, unsigned char pk[32])
{
	size_t	 i;

	for (i = 0; i < npubs; i++)
		if (strcmp(pubs[i].kid, kid) == 0 && now < pubs[i].until) {
			memcpy(pk, pubs[i].pk, 32);
			return 1;
		}
	return 0;
}

static void
remember(const char *kid, const unsigned char pk[32], int64_t until)
{
	size_t	 i;

	for (i = 0; i < npubs; i++)
		if (strcmp(pubs[i].kid, kid) == 0)
			break;
	if (i == npubs)
		i = npubs < PUBCACHE ? npubs++ :
		    (size_t)randombytes_uniform(PUBCACHE);
	snprintf(pubs[i].kid, sizeof(pubs[i].kid), "%s", kid);
	memcpy(pubs[i].pk, pk, 32);
	pubs[i].until = until;
}

int
sigkey_public(const char *kid, unsigned char pk[32], void *arg)
{
	struct dbq	*q;
	const void	*p;
	size_t		 n;
	enum db_rc	 rc;
	int64_t		 now = *(const int64_t *)arg, retired = 0, until;

	if (kid == NULL || !rnd_id_shape(kid, "kid_", 16))
		return 1;
	if (cached(kid, now, pk))
		return 0;
	if ((q = db_q(SQL_PUBLIC)) == NULL || db_bind_text(q, 1, kid) ||
	    db_bind_int(q, 2, now - SIGKEY_PUBLISH))
		return -1;
	if ((rc = db_step(q)) == DB_ROW) {
		p = db_blob(q, 0, &n);
		retired = db_int(q, 1);
		if (n != 32)
			rc = DB_ERR;
		else
			memcpy(pk, p, 32);
	}
	db_end(q);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 1 : -1;
	until = now + PUBRECHECK;
	if (retired != 0 && retired + SIGKEY_PUBLISH < until)
		until = retired + SIGKEY_PUBLISH;
	remember(kid, pk, until);
	return 0;
}

int
sigkey_each_published(int64_t now,
    void (*fn)(const char *, const unsigned char[32], void *), void *arg)
{
	struct dbq	*q;
	const void	*p;
	size_t		 n;
	enum db_rc	 rc;

	if ((q = db_q(SQL_PUBLISHED)) == NULL ||
	    db_bind_int(q, 1, now - SIGKEY_PUBLISH))
		return -1;
	while ((rc = db_step(q)) == DB_ROW) {
		p = db_blob(q, 1, &n);
		if (n == 32)
			fn(db_text(q, 0), p, arg);
	}
	db_end(q);
	return rc == DB_DONE ? 0 : -1;
}
