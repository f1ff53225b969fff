/*
 * Changing a key after it was made: its name, and a restricted key's
 * permissions, which may only narrow. Widening would let whoever holds
 * the key gain access its owner never saw it given; that takes a new
 * key, shown once.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "keys.h"
#include "perm.h"

static const char SQL_EDIT[] =
    "UPDATE api_keys SET name = ?3, permissions = ?4 WHERE id = ?1 AND "
    "user_id = ?2 AND revoked_at IS NULL";

/* NULL if e may apply to k, else why not (*bad: the entry at fault). */
static enum keys_rc
allowed(const struct apikey *k, const struct key_edit *e, int64_t now,
    const char **bad)
{
	*bad = NULL;
	if (key_status(k, now) != KEY_ACTIVE)
		return key_status(k, now) == KEY_EXPIRED ? KEYS_EXPIRED :
		    KEYS_REVOKED;
	if (e->perms == NULL)
		return KEYS_OK;
	if (!k->restricted)
		return KEYS_WIDEN;
	if ((*bad = perm_uncovered(&k->perms, e->perms)) != NULL)
		return KEYS_WIDEN;
	if (e->perms->base == 0 && e->perms->nres == 0)
		return KEYS_EMPTY;
	return KEYS_OK;
}

static int
write_edit(const struct apikey *k, const char *name, const struct perms *p)
{
	struct dbq	*q;
	char		 perms[2048];

	if (perm_format(p, perms, sizeof(perms)) == -1 ||
	    (q = db_q(SQL_EDIT)) == NULL || db_bind_text(q, 1, k->id) ||
	    db_bind_text(q, 2, k->user_id) || db_bind_text(q, 3, name) ||
	    db_bind_text(q, 4, perms) || db_exec(q) == -1)
		return -1;
	return db_changes() == 1 ? 0 : -1;
}

/* "name: old -> new; permissions: a b -> a", what the audit row keeps. */
static void
describe(const struct apikey *k, const char *name, const struct perms *p,
    char *out, size_t outsz)
{
	char	 was[1024] = "", now[1024] = "";
	int	 n = 0;

	out[0] = '\0';
	if (strcmp(k->name, name) != 0)
		n = snprintf(out, outsz, "name: %.100s -> %.100s", k->name,
		    name);
	if (n < 0 || (size_t)n >= outsz ||
	    perm_format(&k->perms, was, sizeof(was)) == -1 ||
	    perm_format(p, now, sizeof(now)) == -1 || strcmp(was, now) == 0)
		return;
	snprintf(out + n, outsz - (size_t)n, "%spermissions: %s -> %s",
	    n > 0 ? "; " : "", was, now);
}

enum keys_rc
keys_edit(const char *user_id, const char *id, const struct key_edit *e,
    const struct actor *a, int64_t now, const char **bad)
{
	struct apikey	 k;
	enum keys_rc	 rc;
	char		 detail[2400];
	const char	*name;

	*bad = NULL;
	if (db_begin() == -1)
		return KEYS_ERR;
	if ((rc = keys_get(user_id, id, &k)) == KEYS_OK &&
	    (rc = allowed(&k, e, now, bad)) == KEYS_OK) {
		name = e->name != NULL ? e->name : k.name;
		describe(&k, name, e->perms ? e->perms : &k.perms, detail,
		    sizeof(detail));
		if (detail[0] != '\0' && (write_edit(&k, name, e->perms ?
		    e->perms : &k.perms) == -1 ||
		    audit(a, now, "key.update", k.id, detail) == -1))
			rc = KEYS_ERR;
	}
	return db_end_tx(rc == KEYS_ERR) == 0 ? rc : KEYS_ERR;
}
