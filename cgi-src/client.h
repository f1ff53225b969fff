/*
 * OAuth clients ("apps"), registered by a user in the dashboard. A
 * confidential client's secret ("cs_" + 40 base62) is high-entropy, so
 * it is stored as a keyed BLAKE2b-256, not a password hash.
 */
#ifndef LK_CLIENT_H
#define LK_CLIENT_H

#include <stdint.h>

#include "rc.h"

#define CLIENT_IDLEN	20	/* app_ + 16 base62 */
#define CLIENT_SECRETLEN 43	/* cs_ + 40 base62 */
#define CLIENT_MAXURIS	10
#define CLIENT_URIMAX	512
#define CLIENT_MAXAPPS	100	/* per user (SPEC 8.13) */
#define CLIENT_SIDLEN	20	/* ccg_ + 16 base62 */

struct actor;

#define GRANT_CODE	0x01	/* authorization_code */
#define GRANT_REFRESH	0x02	/* refresh_token */
#define GRANT_CLIENT	0x04	/* client_credentials */

struct client {
	char		 id[CLIENT_IDLEN + 1];
	char		 user_id[21];		/* who registered it */
	char		 owner_email[255];
	char		 name[101];
	int		 confidential;
	char		 uris[CLIENT_MAXURIS][CLIENT_URIMAX + 1];
	size_t		 nuris;
	char		 scopes[1024];		/* allowed, space-separated */
	unsigned	 grants;
	int64_t		 created_at;
	int		 owner_disabled;	/* its apps stop (SPEC 8.2) */
	int		 resource_server;	/* may introspect anything */
	char		 cc_sid[CLIENT_SIDLEN + 1];	/* see cc_sid */
	int64_t		 old_secret_until; /* the previous secret's grace */
};

enum client_rc {
	CLIENT_OK = RC_OK,
	CLIENT_ERR = RC_ERR,
	CLIENT_NOTFOUND = RC_NOTFOUND,
	CLIENT_BADAUTH = -3,
	CLIENT_LIMIT = -4,	/* the user has CLIENT_MAXAPPS apps */
};

/* Registration rule: https, or http on localhost / 127.0.0.1; absolute;
 * the host a DNS name (LDH labels) or an IP literal with an optional
 * numeric port, nothing else in the authority (SPEC 8.12); no fragment,
 * wildcard, whitespace or control character. */
int		 client_valid_redirect(const char *);
/* Authorize-time match: exact string, except that a loopback URI
 * matches on any port (RFC 8252 §7.3). */
int		 client_redirect_ok(const struct client *, const char *);
/* 1 if s is a valid scope token for apps (a permission or
 * offline_access). */
int		 client_valid_scope_token(const char *);
/* 1 if every token of scope is allowed for c. */
int		 client_scope_ok(const struct client *, const char *scope);
/* 1 if s is scope tokens separated by single spaces. */
int		 client_valid_scope_list(const char *);
/* grant_type name <-> bit. */
unsigned	 client_grant_bit(const char *);
/* Space-separated names of the bits set (static storage). */
const char	*client_grant_names(unsigned);

/* 1 if uri is one of c's registered URIs, character for character:
 * remembered consent never covers a loopback URI matched on another
 * port (RFC 8252 8.6, SPEC 8.7). */
int		 client_redirect_exact(const struct client *, const char *uri);

/* Inserts c and its audit row; fills id and, for confidential clients,
 * secret. CLIENT_LIMIT beyond CLIENT_MAXAPPS. */
enum client_rc	 client_create(struct client *, const struct actor *,
		    int64_t now, char secret[CLIENT_SECRETLEN + 1]);
/* c of owner (NULL: any owner). */
enum client_rc	 client_get(const char *owner, const char *id,
		    struct client *);
enum client_rc	 client_each(const char *owner,
		    void (*)(const struct client *, void *), void *);
/* c's redirect URIs, one a line, as the table keeps them. */
void		 client_join_uris(const struct client *, char *, size_t);
/* Changes the name, redirect URIs, scopes and grant types of owner's app
 * nc->id (the client type stays), audited ("app.update"). An edit that
 * narrows the app (a scope, grant type or redirect URI removed) signs it
 * out everywhere: its tokens, codes and users' consents end, and
 * *narrowed is set. */
enum client_rc	 client_edit(const char *owner, const struct client *nc,
		    const struct actor *, int64_t now, int *narrowed);
/* The grace periods a rotation may leave the old secret: 0, 1 h, 24 h,
 * 7 d, as for a key's roll. */
int		 client_valid_grace(int64_t);
/* A new secret. With grace 0 the old one and the app's
 * client_credentials tokens end at once; else the old secret works
 * until now + grace (and its tokens until they expire).
 * CLIENT_BADAUTH for a grace not allowed. */
enum client_rc	 client_rotate_secret(const char *owner, const char *id,
		    int64_t grace, const struct actor *, int64_t now,
		    char secret[CLIENT_SECRETLEN + 1]);
/* Deletes the app and revokes every token and code issued to it. */
enum client_rc	 client_delete(const char *owner, const char *id,
		    const struct actor *, int64_t now);
/* Checks a secret in constant time (the current one, or the previous
 * one during its grace); CLIENT_BADAUTH for an unknown client, a public
 * one, a wrong secret or a disabled owner. Fills c on success. */
enum client_rc	 client_authenticate(const char *id, const char *secret,
		    int64_t now, struct client *);
/* CLIENT_OK if origin ("scheme://host[:port]") is, character for
 * character, the origin of a redirect URI of a public client of an
 * enabled owner (SPEC 12 CORS); else CLIENT_NOTFOUND or CLIENT_ERR. */
enum client_rc	 client_cors_origin(const char *origin);
/* An admin lets the app introspect every credential, or stops it. */
enum client_rc	 client_set_resource_server(const char *id, int on,
		    const struct actor *, int64_t now);
/*
 * client_credentials tokens keep no row: they carry the app's cc_sid as
 * their sid. client_cc_alive fills c for a live sid (the app exists, its
 * owner is enabled); client_cc_revoke gives the app a new one, ending
 * all of them (RFC 7009 2.1: tokens of the same grant).
 */
enum client_rc	 client_cc_alive(const char *sid, struct client *);
enum client_rc	 client_cc_revoke(const char *id);
/* The same for every app of a user being disabled: what it ends stays
 * ended when the user comes back. */
enum client_rc	 client_cc_revoke_owner(const char *user_id);
/* 1 if s has the shape of a cc_sid. */
int		 client_cc_sid_shape(const char *);
/* Every app, for the admin console, in name order. */
enum client_rc	 client_each_all(void (*)(const struct client *, void *),
		    void *);

#endif
