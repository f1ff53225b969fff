#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "audit.h"
#include "client.h"
#include "db.h"
#include "perm.h"
#include "rnd.h"
#include "secrets.h"
#include "tokens.h"
#include "valid.h"

#define CLIENT_COLS "c.client_id, c.user_id, u.email, c.name, " \
	"c.client_type = 'confidential', c.redirect_uris, c.scopes, " \
	"c.grant_types, c.created_at, u.disabled, c.resource_server, " \
	"coalesce(c.cc_sid, ''), coalesce(c.old_secret_until, 0)"
#define CLIENT_FROM " FROM oauth_clients c JOIN users u ON u.id = c.user_id "

static const char SQL_INSERT[] =
    "INSERT INTO oauth_clients (client_id, user_id, name, client_type, "
    "secret_hash, redirect_uris, scopes, grant_types, created_at, cc_sid) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char SQL_COUNT[] =
    "SELECT count(*) FROM oauth_clients WHERE user_id = ?1";
static const char SQL_LIST_ALL[] =
    "SELECT " CLIENT_COLS CLIENT_FROM "ORDER BY c.name, c.client_id";
static const char SQL_BY_SID[] =
    "SELECT " CLIENT_COLS CLIENT_FROM "WHERE c.cc_sid = ?1";
static const char SQL_IDS[] =
    "SELECT client_id FROM oauth_clients WHERE user_id = ?1 AND "
    "cc_sid IS NOT NULL";
static const char SQL_NEW_SID[] =
    "UPDATE oauth_clients SET cc_sid = ?2 WHERE client_id = ?1";
/* The apps that might hold origin; each URI is then checked in C. */
static const char SQL_CORS[] =
    "SELECT c.redirect_uris" CLIENT_FROM "WHERE c.client_type = 'public' "
    "AND u.disabled = 0 AND instr(c.redirect_uris, ?1) > 0";
static const char SQL_RS[] =
    "UPDATE oauth_clients SET resource_server = ?2 WHERE client_id = ?1";
static const char SQL_GET[] =
    "SELECT " CLIENT_COLS CLIENT_FROM "WHERE c.client_id = ?1 AND "
    "(?2 IS NULL OR c.user_id = ?2)";
static const char SQL_LIST[] =
    "SELECT " CLIENT_COLS CLIENT_FROM "WHERE c.user_id = ?1 "
    "ORDER BY c.created_at DESC, c.client_id";
static const char SQL_SECRET[] =
    "SELECT secret_hash, old_secret_hash, coalesce(old_secret_until, 0) "
    "FROM oauth_clients WHERE client_id = ?1 AND "
    "client_type = 'confidential'";
/* With a grace (?6 > 0) the current secret becomes the old one until
 * now + grace, and client_credentials tokens live on; without, both end
 * at once (a new cc_sid). SET reads the row as it was. */
static const char SQL_ROTATE[] =
    "UPDATE oauth_clients SET secret_hash = ?3, secret_rotated_at = ?4, "
    "old_secret_hash = CASE WHEN ?6 > 0 THEN secret_hash END, "
    "old_secret_until = CASE WHEN ?6 > 0 THEN ?4 + ?6 END, "
    "cc_sid = CASE WHEN ?6 > 0 THEN cc_sid ELSE ?5 END "
    "WHERE client_id = ?1 AND user_id = ?2 AND "
    "client_type = 'confidential'";
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

/* A DNS label: letters, digits and hyphens, not at either end. */
static int
ldh_label(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

static int
dns_name(const char *s, size_t n)
{
	size_t	 i = 0, l;

	if (n == 0 || n > 253)
		return 0;
	while (i < n) {
		l = strcspn(s + i, ".");
		if (i + l > n)
			l = n - i;
		if (!ldh_label(s + i, l))
			return 0;
		i += l + 1;
		if (i == n)
			return 0;	/* a trailing dot */
	}
	return 1;
}

/* "[" IPv6 "]": hex digits, colons and (for an embedded IPv4) dots. */
static int
ip6_literal(const char *s, size_t n)
{
	return n > 2 && s[0] == '[' && s[n - 1] == ']' &&
	    strspn(s + 1, "0123456789abcdefABCDEF:.") == n - 2 &&
	    memchr(s, ':', n) != NULL;
}

/* 1 to 5 digits, at most 65535. */
static int
port_ok(const char *s, size_t n)
{
	size_t	 i;
	long	 v = 0;

	if (n == 0 || n > 5)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v <= 65535;
}

/* host[:port], the whole authority, of n bytes. */
static int
authority_ok(const char *a, size_t n)
{
	const char	*colon = NULL, *p;
	size_t		 hl;

	for (p = a + n; p > a; p--)
		if (p[-1] == ':' || p[-1] == ']')
			break;
	if (p > a && p[-1] == ':')
		colon = p - 1;
	hl = colon != NULL ? (size_t)(colon - a) : n;
	if (colon != NULL && !port_ok(colon + 1, n - hl - 1))
		return 0;
	return dns_name(a, hl) || ip6_literal(a, hl);
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
	/* The authority ends at the first '/', '?' or the end. */
	return authority_ok(host, strcspn(host, "/?"));
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
		if (!port_ok(qr + 1, strspn(qr + 1, "0123456789")))
			return 0;
		qr += strspn(qr + 1, "0123456789") + 1;
	}
	return strcmp(rr, qr) == 0;
}

int
client_redirect_exact(const struct client *c, const char *uri)
{
	size_t	 i;

	for (i = 0; i < c->nuris; i++)
		if (strcmp(c->uris[i], uri) == 0)
			return 1;
	return 0;
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
	return perm_grant_word(s) || perm_valid_name(s);
}

int
client_scope_ok(const struct client *c, const char *scope)
{
	static const char *const grants[] = { "offline_access", "openid",
	    "email", "profile" };
	struct perms	 allowed, want;
	size_t		 i;

	/* The scopes that are no permission: each only if registered. */
	for (i = 0; i < sizeof(grants) / sizeof(grants[0]); i++)
		if (scope_subset(grants[i], scope) &&
		    !scope_subset(grants[i], c->scopes))
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
	c->owner_disabled = (int)db_int(q, 9);
	c->resource_server = (int)db_int(q, 10);
	snprintf(c->cc_sid, sizeof(c->cc_sid), "%s", db_text(q, 11));
	c->old_secret_until = db_int(q, 12);
}

/* Ends the transaction: an error rolls back; anything else, a change
 * or a refusal that changed nothing, commits. */
static enum client_rc
finish(enum client_rc rc)
{
	return db_end_tx(rc == CLIENT_ERR) == 0 ? rc : CLIENT_ERR;
}

static enum client_rc
room_for_one(const char *user_id)
{
	struct dbq	*q;
	int64_t		 n = -1;

	if ((q = db_q(SQL_COUNT)) == NULL || db_bind_text(q, 1, user_id))
		return CLIENT_ERR;
	if (db_step(q) == DB_ROW)
		n = db_int(q, 0);
	db_end(q);
	return n < 0 ? CLIENT_ERR : n < CLIENT_MAXAPPS ? CLIENT_OK :
	    CLIENT_LIMIT;
}

void
client_join_uris(const struct client *c, char *out, size_t outsz)
{
	size_t	 i;

	out[0] = '\0';
	for (i = 0; i < c->nuris; i++)
		snprintf(out + strlen(out), outsz - strlen(out), "%s%s",
		    i > 0 ? "\n" : "", c->uris[i]);
}

static enum client_rc
insert(struct client *c, const unsigned char *h)
{
	char		 uris[CLIENT_MAXURIS * (CLIENT_URIMAX + 1) + 1];
	char		 grants[64];
	struct dbq	*q;

	client_join_uris(c, uris, sizeof(uris));
	snprintf(grants, sizeof(grants), "%s", client_grant_names(c->grants));
	if ((q = db_q(SQL_INSERT)) == NULL || db_bind_text(q, 1, c->id) ||
	    db_bind_text(q, 2, c->user_id) || db_bind_text(q, 3, c->name) ||
	    db_bind_text(q, 4, c->confidential ? "confidential" : "public") ||
	    (h != NULL ? db_bind_blob(q, 5, h, 32) : db_bind_null(q, 5)) ||
	    db_bind_text(q, 6, uris) || db_bind_text(q, 7, c->scopes) ||
	    db_bind_text(q, 8, grants) || db_bind_int(q, 9, c->created_at) ||
	    db_bind_text(q, 10, c->cc_sid) || db_exec(q) == -1)
		return CLIENT_ERR;
	return CLIENT_OK;
}

enum client_rc
client_create(struct client *c, const struct actor *a, int64_t now,
    char secret[CLIENT_SECRETLEN + 1])
{
	unsigned char	 h[32];
	enum client_rc	 rc;

	rnd_id(c->id, sizeof(c->id), "app_", 16);
	rnd_id(c->cc_sid, sizeof(c->cc_sid), "ccg_", 16);
	c->created_at = now;
	secret[0] = '\0';
	if (c->confidential)
		new_secret(secret, h);
	if (db_begin() == -1)
		return CLIENT_ERR;
	if ((rc = room_for_one(c->user_id)) == CLIENT_OK &&
	    (rc = insert(c, c->confidential ? h : NULL)) == CLIENT_OK &&
	    audit(a, now, "app.create", c->id, c->name) == -1)
		rc = CLIENT_ERR;
	if ((rc = finish(rc)) != CLIENT_OK)
		sodium_memzero(secret, CLIENT_SECRETLEN + 1);
	return rc;
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

int
client_valid_grace(int64_t g)
{
	return g == 0 || g == 3600 || g == 86400 || g == 7 * 86400;
}

static int
bind_rotate(struct dbq *q, const char *owner, const char *id,
    const unsigned char h[32], int64_t now, const char *sid, int64_t grace)
{
	return db_bind_text(q, 1, id) || db_bind_text(q, 2, owner) ||
	    db_bind_blob(q, 3, h, 32) || db_bind_int(q, 4, now) ||
	    db_bind_text(q, 5, sid) || db_bind_int(q, 6, grace);
}

enum client_rc
client_rotate_secret(const char *owner, const char *id, int64_t grace,
    const struct actor *a, int64_t now, char secret[CLIENT_SECRETLEN + 1])
{
	unsigned char	 h[32];
	char		 sid[CLIENT_SIDLEN + 1], detail[32];
	struct dbq	*q;
	enum client_rc	 rc = CLIENT_ERR;

	if (!client_valid_grace(grace))
		return CLIENT_BADAUTH;
	new_secret(secret, h);
	rnd_id(sid, sizeof(sid), "ccg_", 16);
	snprintf(detail, sizeof(detail), "grace=%lld", (long long)grace);
	if (db_begin() == -1)
		goto out;
	if ((q = db_q(SQL_ROTATE)) != NULL &&
	    bind_rotate(q, owner, id, h, now, sid, grace) == 0 &&
	    db_exec(q) == 0)
		rc = db_changes() == 1 ? CLIENT_OK : CLIENT_NOTFOUND;
	if (rc == CLIENT_OK &&
	    audit(a, now, "app.rotate_secret", id, detail) == -1)
		rc = CLIENT_ERR;
	rc = finish(rc);
out:
	if (rc != CLIENT_OK)
		sodium_memzero(secret, CLIENT_SECRETLEN + 1);
	return rc;
}

enum client_rc
client_delete(const char *owner, const char *id, const struct actor *a,
    int64_t now)
{
	struct client	 c;
	struct dbq	*q;
	enum client_rc	 rc;

	if (db_begin() == -1)
		return CLIENT_ERR;
	/* Codes and consents go with the row (ON DELETE CASCADE); the
	 * families it issued are revoked, so nothing of it verifies. */
	if ((rc = client_get(owner, id, &c)) == CLIENT_OK &&
	    ((q = db_q(SQL_DELETE)) == NULL || db_bind_text(q, 1, id) ||
	    db_bind_text(q, 2, owner) || db_exec(q) == -1 ||
	    tokens_revoke_client(id, NULL, now) == -1 ||
	    audit(a, now, "app.delete", id, c.name) == -1))
		rc = CLIENT_ERR;
	return finish(rc);
}

/* The stored hashes of id's secrets: the current one, and the one a
 * rotation with grace left, if still in its grace. Zeros if none. */
static enum db_rc
stored_hashes(const char *id, int64_t now, unsigned char cur[32],
    unsigned char old[32])
{
	const void	*p;
	struct dbq	*q;
	size_t		 n = 0;
	enum db_rc	 rc;

	memset(cur, 0, 32);
	memset(old, 0, 32);
	if ((q = db_q(SQL_SECRET)) == NULL || db_bind_text(q, 1, id))
		return DB_ERR;
	if ((rc = db_step(q)) == DB_ROW) {
		if ((p = db_blob(q, 0, &n)) != NULL && n == 32)
			memcpy(cur, p, 32);
		if (now < db_int(q, 2) &&
		    (p = db_blob(q, 1, &n)) != NULL && n == 32)
			memcpy(old, p, 32);
	}
	db_end(q);
	return rc;
}

enum client_rc
client_authenticate(const char *id, const char *secret, int64_t now,
    struct client *c)
{
	unsigned char	 h[32], cur[32], old[32];
	enum db_rc	 rc;
	int		 ok, ok_old;

	secret_hash(secret, h);
	if ((rc = stored_hashes(id, now, cur, old)) == DB_ERR)
		return CLIENT_ERR;
	/* Both compared always, against zeros for an unknown client or no
	 * old secret, so timing tells nothing. */
	ok = sodium_memcmp(h, cur, 32) == 0;
	ok_old = sodium_memcmp(h, old, 32) == 0;
	ok = (ok || ok_old) && rc == DB_ROW;
	if (!ok)
		return CLIENT_BADAUTH;
	if (client_get(NULL, id, c) != CLIENT_OK)
		return CLIENT_ERR;
	return c->owner_disabled ? CLIENT_BADAUTH : CLIENT_OK;
}

enum client_rc
client_set_resource_server(const char *id, int on, const struct actor *a,
    int64_t now)
{
	struct dbq	*q;
	enum client_rc	 rc = CLIENT_ERR;

	if (db_begin() == -1)
		return CLIENT_ERR;
	if ((q = db_q(SQL_RS)) != NULL && db_bind_text(q, 1, id) == 0 &&
	    db_bind_int(q, 2, on ? 1 : 0) == 0 && db_exec(q) == 0)
		rc = db_changes() == 1 ? CLIENT_OK : CLIENT_NOTFOUND;
	if (rc == CLIENT_OK && audit(a, now, "admin.app.resource_server", id,
	    on ? "on" : "off") == -1)
		rc = CLIENT_ERR;
	return finish(rc);
}

int
client_cc_sid_shape(const char *s)
{
	return rnd_id_shape(s, "ccg_", 16);
}

enum client_rc
client_cc_alive(const char *sid, struct client *c)
{
	struct dbq	*q;
	enum db_rc	 rc;

	if (!client_cc_sid_shape(sid))
		return CLIENT_NOTFOUND;
	if ((q = db_q(SQL_BY_SID)) == NULL || db_bind_text(q, 1, sid))
		return CLIENT_ERR;
	if ((rc = db_step(q)) == DB_ROW)
		row(q, c);
	db_end(q);
	if (rc != DB_ROW)
		return rc == DB_DONE ? CLIENT_NOTFOUND : CLIENT_ERR;
	return c->owner_disabled ? CLIENT_NOTFOUND : CLIENT_OK;
}

enum client_rc
client_cc_revoke(const char *id)
{
	char		 sid[CLIENT_SIDLEN + 1];
	struct dbq	*q;

	rnd_id(sid, sizeof(sid), "ccg_", 16);
	if ((q = db_q(SQL_NEW_SID)) == NULL || db_bind_text(q, 1, id) ||
	    db_bind_text(q, 2, sid) || db_exec(q) == -1)
		return CLIENT_ERR;
	return CLIENT_OK;
}

enum client_rc
client_cc_revoke_owner(const char *user_id)
{
	char		 ids[CLIENT_MAXAPPS][CLIENT_IDLEN + 1];
	struct dbq	*q;
	enum db_rc	 rc;
	size_t		 i, n = 0;

	if ((q = db_q(SQL_IDS)) == NULL || db_bind_text(q, 1, user_id))
		return CLIENT_ERR;
	while ((rc = db_step(q)) == DB_ROW && n < CLIENT_MAXAPPS)
		snprintf(ids[n++], sizeof(ids[0]), "%s", db_text(q, 0));
	db_end(q);
	if (rc == DB_ERR)
		return CLIENT_ERR;
	for (i = 0; i < n; i++)
		if (client_cc_revoke(ids[i]) != CLIENT_OK)
			return CLIENT_ERR;
	return CLIENT_OK;
}

enum client_rc
client_each_all(void (*fn)(const struct client *, void *), void *arg)
{
	struct client	 c;
	struct dbq	*q;
	enum db_rc	 rc;

	if ((q = db_q(SQL_LIST_ALL)) == NULL)
		return CLIENT_ERR;
	while ((rc = db_step(q)) == DB_ROW) {
		row(q, &c);
		fn(&c, arg);
	}
	db_end(q);
	return rc == DB_DONE ? CLIENT_OK : CLIENT_ERR;
}

/* 1 if a line of uris is origin followed by its path, its query or
 * nothing (strchr finds the NUL too). */
static int
has_origin(const char *uris, const char *origin)
{
	size_t		 n = strlen(origin);
	const char	*line = uris;

	while (line != NULL) {
		if (strncmp(line, origin, n) == 0 &&
		    strchr("/?\n", line[n]) != NULL)
			return 1;
		if ((line = strchr(line, '\n')) != NULL)
			line++;
	}
	return 0;
}

enum client_rc
client_cors_origin(const char *origin)
{
	struct dbq	*q;
	enum db_rc	 rc = DB_DONE;
	enum client_rc	 found = CLIENT_NOTFOUND;

	/* "null" (sandboxed pages, file: URLs) or no scheme: never. */
	if (strstr(origin, "://") == NULL || strchr(strstr(origin, "://") +
	    3, '/') != NULL)
		return CLIENT_NOTFOUND;
	if ((q = db_q(SQL_CORS)) == NULL || db_bind_text(q, 1, origin))
		return CLIENT_ERR;
	while (found == CLIENT_NOTFOUND && (rc = db_step(q)) == DB_ROW)
		if (has_origin(db_text(q, 0), origin))
			found = CLIENT_OK;
	db_end(q);
	return found == CLIENT_OK || rc == DB_DONE ? found : CLIENT_ERR;
}
