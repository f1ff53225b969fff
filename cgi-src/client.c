#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "client.h"
#include "db.h"
#include "perm.h"
#include "rnd.h"
#include "secrets.h"
#include "tokens.h"
#include "valid.h"

#define CLIENT_COLS "c.client_id, c.user_id, u.email, c.name, " \
	"c.client_type = 'confidential', c.redirect_uris, c.scopes, " \
	"c.grant_types, c.created_at"
#define CLIENT_FROM " FROM oauth_clients c JOIN users u ON u.id = c.user_id "

static const char SQL_INSERT[] =
    "INSERT INTO oauth_clients (client_id, user_id, name, client_type, "
    "secret_hash, redirect_uris, scopes, grant_types, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_GET[] =
    "SELECT " CLIENT_COLS CLIENT_FROM "WHERE c.client_id = ?1 AND "
    "(?2 IS NULL OR c.user_id = ?2)";
static const char SQL_LIST[] =
    "SELECT " CLIENT_COLS CLIENT_FROM "WHERE c.user_id = ?1 "
    "ORDER BY c.created_at DESC, c.client_id";
static const char SQL_SECRET[] =
    "SELECT secret_hash FROM oauth_clients WHERE client_id = ?1 AND "
    "client_type = 'confidential'";
static const char SQL_ROTATE[] =
    "UPDATE oauth_clients SET secret_hash = ?3, secret_rotated_at = ?4 "
    "WHERE client_id = ?1 AND user_id = ?2 AND client_type = 'confidential'";
static const char SQL_DELETE[] =
    "DELETE FROM oauth_clients WHERE client_id = ?1 AND user_id = ?2";

static const char *const grant_names[] = {
	"authorization_code", "refresh_token", "client_credentials",
};

unsigned
client_grant_bit(const char *s)
{
	size_t	 i;

	for (i = 0; i < 3; i++)
		if (strcmp(s, grant_names[i]) == 0)
			return 1u << i;
	return 0;
}

const char *
client_grant_names(unsigned grants)
{
	static char	 out[64];
	size_t		 i;

	out[0] = '\0';
	for (i = 0; i < 3; i++)
		if (grants & (1u << i))
			snprintf(out + strlen(out), sizeof(out) - strlen(out),
			    "%s%s", out[0] ? " " : "", grant_names[i]);
	return out;
}

int
client_valid_scope_list(const char *s)
{
	return strlen(s) <= 1000 && valid_words(s, client_valid_scope_token);
}

static int
is_loopback(const char *uri, const char **rest)
{
	static const char *const hosts[] = { "http://localhost",
	    "http://127.0.0.1" };
	size_t	 i, n;

	for (i = 0; i < 2; i++) {
		n = strlen(hosts[i]);
		if (strncmp(uri, hosts[i], n) == 0 &&
		    strchr(":/", uri[n]) != NULL && uri[n] != '\0') {
			*rest = uri + n;
			return 1;
		}
	}
	return 0;
}

int
client_valid_redirect(const char *u)
{
	const char	*rest, *host, *p;
	size_t		 n = strlen(u);

	if (n == 0 || n > CLIENT_URIMAX)
		return 0;
	for (p = u; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("#*\\<>\"{}|^`", *p) != NULL)
			return 0;
	if (is_loopback(u, &rest))
		host = u + 7;
	else if (strncmp(u, "https://", 8) == 0)
		host = u + 8;
	else
		return 0;
	/* The authority ends at the first '/', '?' or end; no userinfo. */
	n = strcspn(host, "/?");
	if (n == 0 || memchr(host, '@', n) != NULL || host[0] == ':' ||
	    host[0] == '.')
		return 0;
	return 1;
}

/* Compares a loopback URI ignoring the port of the requested one. */
static int
loopback_match(const char *reg, const char *req)
{
	const char	*rr, *qr;
	size_t		 hl;

	if (!is_loopback(reg, &rr) || !is_loopback(req, &qr))
		return 0;
	hl = (size_t)(rr - reg);
	if ((size_t)(qr - req) != hl || strncmp(reg, req, hl) != 0)
		return 0;
	if (*rr == ':')
		rr += strspn(rr + 1, "0123456789") + 1;
	if (*qr == ':') {
		if (strspn(qr + 1, "0123456789") == 0)
			return 0;
		qr += strspn(qr + 1, "0123456789") + 1;
	}
	return strcmp(rr, qr) == 0;
}

int
client_redirect_ok(const struct client *c, const char *uri)
{
	size_t	 i;

	for (i = 0; i < c->nuris; i++)
		if (strcmp(c->uris[i], uri) == 0 ||
		    loopback_match(c->uris[i], uri))
			return 1;
	return 0;
}

int
client_valid_scope_token(const char *s)
{
	return strcmp(s, "offline_access") == 0 || perm_valid_name(s);
}

int
client_scope_ok(const struct client *c, const char *scope)
{
	struct perms	 allowed, want;

	if (strstr(scope, "offline_access") != NULL &&
	    !scope_subset("offline_access", c->scopes))
		return 0;
	if (perm_parse_scope(&allowed, c->scopes) == -1 ||
	    perm_parse_scope(&want, scope) == -1)
		return 0;
	return perm_covers(&allowed, &want);
}

static void
secret_hash(const char *secret, unsigned char h[32])
{
	rnd_keyed_hash(h, secret_get(SECRET_PEPPER), secret, strlen(secret));
}

static void
new_secret(char secret[CLIENT_SECRETLEN + 1], unsigned char h[32])
{
	memcpy(secret, "cs_", 3);
	rnd_base62(secret + 3, CLIENT_SECRETLEN - 3);
	secret_hash(secret, h);
}

static void
row(struct dbq *q, struct client *c)
{
	const char	*u;
	size_t		 n;

	memset(c, 0, sizeof(*c));
	snprintf(c->id, sizeof(c->id), "%s", db_text(q, 0));
	snprintf(c->user_id, sizeof(c->user_id), "%s", db_text(q, 1));
	snprintf(c->owner_email, sizeof(c->owner_email), "%s", db_text(q, 2));
	snprintf(c->name, sizeof(c->name), "%s", db_text(q, 3));
	c->confidential = (int)db_int(q, 4);
	for (u = db_text(q, 5); *u != '\0' && c->nuris < CLIENT_MAXURIS;) {
		n = strcspn(u, "\n");
		if (n <= CLIENT_URIMAX)
			snprintf(c->uris[c->nuris++], CLIENT_URIMAX + 1,
			    "%.*s", (int)n, u);
		u += n + (u[n] == '\n');
	}
	snprintf(c->scopes, sizeof(c->scopes), "%s", db_text(q, 6));
	for (u = db_text(q, 7); *u != '\0';) {
		char g[32];
		n = strcspn(u, " ");
		snprintf(g, sizeof(g), "%.*s", (int)(n < 31 ? n : 31), u);
		c->grants |= client_grant_bit(g);
		u += n + (u[n] == ' ');
	}
	c->created_at = db_int(q, 8);
}

enum client_rc
client_create(struct client *c, int64_t now,
    char secret[CLIENT_SECRETLEN + 1])
{
	unsigned char	 h[32];
	char		 uris[CLIENT_MAXURIS * (CLIENT_URIMAX + 1) + 1] = "";
	char		 grants[64] = "";
	struct dbq	*q;
	size_t		 i;

	for (i = 0; i < c->nuris; i++) {
		strncat(uris, c->uris[i], sizeof(uris) - strlen(uris) - 2);
		if (i + 1 < c->nuris)
			strncat(uris, "\n", sizeof(uris) - strlen(uris) - 1);
	}
	snprintf(grants, sizeof(grants), "%s", client_grant_names(c->grants));
	rnd_id(c->id, sizeof(c->id), "app_", 16);
	c->created_at = now;
	secret[0] = '\0';
	if (c->confidential)
		new_secret(secret, h);
	if ((q = db_q(SQL_INSERT)) == NULL || db_bind_text(q, 1, c->id) ||
	    db_bind_text(q, 2, c->user_id) || db_bind_text(q, 3, c->name) ||
	    db_bind_text(q, 4, c->confidential ? "confidential" : "public") ||
	    (c->confidential ? db_bind_blob(q, 5, h, sizeof(h)) :
	    db_bind_null(q, 5)) || db_bind_text(q, 6, uris) ||
	    db_bind_text(q, 7, c->scopes) || db_bind_text(q, 8, grants) ||
	    db_bind_int(q, 9, now) || db_exec(q) == -1) {
		sodium_memzero(secret, CLIENT_SECRETLEN + 1);
		return CLIENT_ERR;
	}
	return CLIENT_OK;
}

enum client_rc
client_get(const char *owner, const char *id, struct client *c)
{
	struct dbq	*q;
	enum db_rc	 rc;

	if ((q = db_q(SQL_GET)) == NULL || db_bind_text(q, 1, id) ||
	    db_bind_text(q, 2, owner))
		return CLIENT_ERR;
	if ((rc = db_step(q)) == DB_ROW)
		row(q, c);
	db_end(q);
	return rc == DB_ROW ? CLIENT_OK : rc == DB_DONE ? CLIENT_NOTFOUND :
	    CLIENT_ERR;
}

enum client_rc
client_each(const char *owner, void (*fn)(const struct client *, void *),
    void *arg)
{
	struct client	 c;
	struct dbq	*q;
	enum db_rc	 rc;

	if ((q = db_q(SQL_LIST)) == NULL || db_bind_text(q, 1, owner))
		return CLIENT_ERR;
	while ((rc = db_step(q)) == DB_ROW) {
		row(q, &c);
		fn(&c, arg);
	}
	db_end(q);
	return rc == DB_DONE ? CLIENT_OK : CLIENT_ERR;
}

enum client_rc
client_rotate_secret(const char *owner, const char *id, int64_t now,
    char secret[CLIENT_SECRETLEN + 1])
{
	unsigned char	 h[32];
	struct dbq	*q;

	new_secret(secret, h);
	if ((q = db_q(SQL_ROTATE)) == NULL || db_bind_text(q, 1, id) ||
	    db_bind_text(q, 2, owner) || db_bind_blob(q, 3, h, sizeof(h)) ||
	    db_bind_int(q, 4, now) || db_exec(q) == -1) {
		sodium_memzero(secret, CLIENT_SECRETLEN + 1);
		return CLIENT_ERR;
	}
	if (db_changes() == 1)
		return CLIENT_OK;
	sodium_memzero(secret, CLIENT_SECRETLEN + 1);
	return CLIENT_NOTFOUND;
}

enum client_rc
client_delete(const char *owner, const char *id, int64_t now)
{
	struct dbq	*q;

	if (db_begin() == -1)
		return CLIENT_ERR;
	if ((q = db_q(SQL_DELETE)) == NULL || db_bind_text(q, 1, id) ||
	    db_bind_text(q, 2, owner) || db_exec(q) == -1)
		goto fail;
	if (db_changes() != 1) {
		db_rollback();
		return CLIENT_NOTFOUND;
	}
	if (tokens_revoke_client(id, NULL, now) == -1 || db_commit() == -1)
		goto fail;
	return CLIENT_OK;
fail:
	db_rollback();
	return CLIENT_ERR;
}

enum client_rc
client_authenticate(const char *id, const char *secret, struct client *c)
{
	static const unsigned char zero[32];
	unsigned char	 h[32], stored[32];
	const void	*p;
	struct dbq	*q;
	size_t		 n = 0;
	enum db_rc	 rc;
	int		 ok;

	secret_hash(secret, h);
	if ((q = db_q(SQL_SECRET)) == NULL || db_bind_text(q, 1, id))
		return CLIENT_ERR;
	memcpy(stored, zero, sizeof(stored));
	if ((rc = db_step(q)) == DB_ROW && (p = db_blob(q, 0, &n)) != NULL &&
	    n == 32)
		memcpy(stored, p, 32);
	db_end(q);
	if (rc == DB_ERR)
		return CLIENT_ERR;
	/* Compare even for an unknown client, so timing tells nothing. */
	ok = sodium_memcmp(h, stored, 32) == 0 && rc == DB_ROW && n == 32;
	if (!ok)
		return CLIENT_BADAUTH;
	return client_get(NULL, id, c) == CLIENT_OK ? CLIENT_OK : CLIENT_ERR;
}
