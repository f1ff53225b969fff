#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "db.h"
#include "log.h"
#include "rnd.h"
#include "seal.h"
#include "sigkey.h"

#define SEALED_MAX	SEAL_LEN(PKEY_MAX)
#define PUBCACHE	8
#define PUBRECHECK	5	/* seconds a cached answer stands (SPEC 8.6) */

static const char SQL_CURRENT[] =
    "SELECT kid, public_key, sealed_secret, alg FROM signing_keys "
    "WHERE retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1";
static const char SQL_PUBLIC[] =
    "SELECT public_key, alg, coalesce(retired_at, 0) FROM signing_keys "
    "WHERE kid = ?1 AND (retired_at IS NULL OR retired_at > ?2)";
static const char SQL_PUBLISHED[] =
    "SELECT kid, public_key, alg FROM signing_keys WHERE retired_at IS NULL "
    "OR retired_at > ?1 ORDER BY created_at DESC, kid";
static const char SQL_INSERT[] =
    "INSERT INTO signing_keys (kid, public_key, sealed_secret, created_at, "
    "alg) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_RETIRE[] =
    "UPDATE signing_keys SET retired_at = ?2 WHERE retired_at IS NULL "
    "AND kid != ?1";

static struct {
	char		 kid[JWT_KIDLEN + 1];
	struct pkey	 sec;
} current;

/* Public keys looked up recently: each is trusted until its
 * publication window ends (retired keys) and at most PUBRECHECK
 * seconds after it was read, so a retirement or a window cut short in
 * the database reaches every process within seconds. */
static struct {
	char		 kid[JWT_KIDLEN + 1];
	struct pkey	 pub;
	int64_t		 until;
} pubs[PUBCACHE];
static size_t		 npubs;

/* Sizes of the static keys: an RSA one is 1.2 KB, so not on a stack. */
static struct pkey	 new_sec, new_pub;
static unsigned char	 sealed_buf[SEALED_MAX];

/* A new key of alg, stored sealed; fills kid. */
static int
insert(int64_t now, enum pkey_alg alg, char kid[JWT_KIDLEN + 1])
{
	struct dbq	*q;
	int		 rc = -1;

	rnd_id(kid, JWT_KIDLEN + 1, "kid_", 16);
	if (pkey_generate(alg, &new_sec, &new_pub) == -1)
		goto out;
	seal(kid, new_sec.d, new_sec.len, sealed_buf);
	if ((q = db_q(SQL_INSERT)) != NULL && db_bind_text(q, 1, kid) == 0 &&
	    db_bind_blob(q, 2, new_pub.d, new_pub.len) == 0 &&
	    db_bind_blob(q, 3, sealed_buf, SEAL_LEN(new_sec.len)) == 0 &&
	    db_bind_int(q, 4, now) == 0 &&
	    db_bind_text(q, 5, pkey_alg_names[alg]) == 0)
		rc = db_exec(q);
out:
	sodium_memzero(&new_sec, sizeof(new_sec));
	return rc;
}

/* A row's alg column, or -1 (logged) for a name we don't know. */
static int
row_alg(struct dbq *q, int col)
{
	int	 alg = pkey_alg_parse(db_text(q, col));

	if (alg == -1)
		log_msg("signing key with unknown alg %s", db_text(q, col));
	return alg;
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
		current.sec.alg = (enum pkey_alg)row_alg(q, 3);
		current.sec.len = n > SEAL_LEN(0) ? n - SEAL_LEN(0) : 0;
		ok = (int)current.sec.alg != -1 && n <= SEALED_MAX &&
		    unseal(db_text(q, 0), sealed, n, current.sec.d,
		    current.sec.len) == 0;
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
sigkey_ensure(const struct actor *a, int64_t now, enum pkey_alg alg,
    int *rotated)
{
	char	 kid[JWT_KIDLEN + 1];
	int	 found;

	*rotated = 0;
	if (load_current(&found) == -1)
		return -1;
	if (!found)
		return insert(now, alg, kid);
	if (current.sec.alg == alg)
		return 0;
	/* LATCHKEY_JWT_ALG changed: the old key stays published for its
	 * window, so tokens it signed keep verifying (SPEC 12). */
	*rotated = 1;
	return sigkey_rotate(a, now, alg, kid);
}

int
sigkey_rotate(const struct actor *a, int64_t now, enum pkey_alg alg,
    char kid[JWT_KIDLEN + 1])
{
	struct dbq	*q;

	if (db_begin() == -1)
		return -1;
	return db_end_tx(insert(now, alg, kid) == -1 ||
	    (q = db_q(SQL_RETIRE)) == NULL || db_bind_text(q, 1, kid) ||
	    db_bind_int(q, 2, now) || db_exec(q) == -1 ||
	    audit(a, now, "signing_key.rotate", kid, pkey_alg_names[alg]) ==
	    -1);
}

int
sigkey_current(char kid[JWT_KIDLEN + 1], const struct pkey **sec)
{
	int	 found;

	if (load_current(&found) == -1 || !found)
		return -1;
	memcpy(kid, current.kid, sizeof(current.kid));
	*sec = &current.sec;
	return 0;
}

/* The cached key of kid, if still to be trusted at now. */
static int
cached(const char *kid, int64_t now, struct pkey *pub)
{
	size_t	 i;

	for (i = 0; i < npubs; i++)
		if (strcmp(pubs[i].kid, kid) == 0 && now < pubs[i].until) {
			*pub = pubs[i].pub;
			return 1;
		}
	return 0;
}

static void
remember(const char *kid, const struct pkey *pub, int64_t until)
{
	size_t	 i;

	for (i = 0; i < npubs; i++)
		if (strcmp(pubs[i].kid, kid) == 0)
			break;
	if (i == npubs)
		i = npubs < PUBCACHE ? npubs++ :
		    (size_t)randombytes_uniform(PUBCACHE);
	snprintf(pubs[i].kid, sizeof(pubs[i].kid), "%s", kid);
	pubs[i].pub = *pub;
	pubs[i].until = until;
}

/* A row's public key (columns col, col + 1: bytes, alg) into pub. */
static int
row_pub(struct dbq *q, int col, struct pkey *pub)
{
	const void	*p;
	size_t		 n;
	int		 alg;

	p = db_blob(q, col, &n);
	if ((alg = row_alg(q, col + 1)) == -1 || n == 0 || n > PKEY_MAX)
		return -1;
	pub->alg = (enum pkey_alg)alg;
	memcpy(pub->d, p, n);
	pub->len = n;
	return 0;
}

int
sigkey_public(const char *kid, struct pkey *pub, void *arg)
{
	struct dbq	*q;
	enum db_rc	 rc;
	int64_t		 now = *(const int64_t *)arg, retired = 0, until;

	if (kid == NULL || !rnd_id_shape(kid, "kid_", 16))
		return 1;
	if (cached(kid, now, pub))
		return 0;
	if ((q = db_q(SQL_PUBLIC)) == NULL || db_bind_text(q, 1, kid) ||
	    db_bind_int(q, 2, now - SIGKEY_PUBLISH))
		return -1;
	if ((rc = db_step(q)) == DB_ROW) {
		retired = db_int(q, 2);
		if (row_pub(q, 0, pub) == -1)
			rc = DB_ERR;
	}
	db_end(q);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 1 : -1;
	until = now + PUBRECHECK;
	if (retired != 0 && retired + SIGKEY_PUBLISH < until)
		until = retired + SIGKEY_PUBLISH;
	remember(kid, pub, until);
	return 0;
}

int
sigkey_each_published(int64_t now,
    void (*fn)(const char *, const struct pkey *, void *), void *arg)
{
	struct dbq	*q;
	enum db_rc	 rc;

	if ((q = db_q(SQL_PUBLISHED)) == NULL ||
	    db_bind_int(q, 1, now - SIGKEY_PUBLISH))
		return -1;
	while ((rc = db_step(q)) == DB_ROW)
		if (row_pub(q, 1, &new_pub) == 0)
			fn(db_text(q, 0), &new_pub, arg);
	db_end(q);
	return rc == DB_DONE ? 0 : -1;
}
