/*
 * Changing an app after it was registered. What it may do can grow
 * (users approve new scopes on the consent screen as they come) or
 * shrink; when it shrinks, whatever it holds from before may exceed the
 * new registration, so everything it holds ends (SPEC 8: what the owner
 * ends stays ended).
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "client.h"
#include "code.h"
#include "db.h"
#include "rnd.h"
#include "tokens.h"

#define URIS_MAX	(CLIENT_MAXURIS * (CLIENT_URIMAX + 1) + 1)

static const char SQL_EDIT[] =
    "UPDATE oauth_clients SET name = ?3, redirect_uris = ?4, scopes = ?5, "
    "grant_types = ?6, cc_sid = coalesce(?7, cc_sid) "
    "WHERE client_id = ?1 AND user_id = ?2";

static int
has_uri(const struct client *c, const char *u)
{
	size_t	 i;

	for (i = 0; i < c->nuris; i++)
		if (strcmp(c->uris[i], u) == 0)
			return 1;
	return 0;
}

/* 1 if nc takes away anything old allowed. */
static int
narrows(const struct client *old, const struct client *nc)
{
	size_t	 i;

	if ((old->grants & ~nc->grants) != 0 ||
	    !scope_subset(old->scopes, nc->scopes))
		return 1;
	for (i = 0; i < old->nuris; i++)
		if (!has_uri(nc, old->uris[i]))
			return 1;
	return 0;
}

static int
write_edit(const struct client *nc, const char *owner, const char *sid)
{
	char		 uris[URIS_MAX], grants[64];
	struct dbq	*q;

	client_join_uris(nc, uris, sizeof(uris));
	snprintf(grants, sizeof(grants), "%s", client_grant_names(nc->grants));
	if ((q = db_q(SQL_EDIT)) == NULL || db_bind_text(q, 1, nc->id) ||
	    db_bind_text(q, 2, owner) || db_bind_text(q, 3, nc->name) ||
	    db_bind_text(q, 4, uris) || db_bind_text(q, 5, nc->scopes) ||
	    db_bind_text(q, 6, grants) || db_bind_text(q, 7, sid) ||
	    db_exec(q) == -1)
		return -1;
	return db_changes() == 1 ? 0 : -1;
}

/* Ends what the app holds: refresh families (and with them their access
 * tokens), client_credentials tokens (a new cc_sid), codes, consents. */
static int
sign_out(const char *id, int64_t now)
{
	return tokens_revoke_client(id, NULL, now) == -1 ||
	    consent_drop_client(id) == -1 ? -1 : 0;
}

enum client_rc
client_edit(const char *owner, const struct client *nc,
    const struct actor *a, int64_t now, int *narrowed)
{
	struct client	 old;
	char		 sid[CLIENT_SIDLEN + 1], detail[64];
	enum client_rc	 rc;

	*narrowed = 0;
	if (db_begin() == -1)
		return CLIENT_ERR;
	if ((rc = client_get(owner, nc->id, &old)) == CLIENT_OK) {
		*narrowed = narrows(&old, nc);
		rnd_id(sid, sizeof(sid), "ccg_", 16);
		snprintf(detail, sizeof(detail), "%s",
		    *narrowed ? "narrowed; signed out" : "");
		if (write_edit(nc, owner, *narrowed ? sid : NULL) == -1 ||
		    (*narrowed && sign_out(nc->id, now) == -1) ||
		    audit(a, now, "app.update", nc->id, detail) == -1)
			rc = CLIENT_ERR;
	}
	if (db_end_tx(rc == CLIENT_ERR) == -1)
		rc = CLIENT_ERR;
	if (rc != CLIENT_OK)
		*narrowed = 0;
	return rc;
}
