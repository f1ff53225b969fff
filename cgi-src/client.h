/*
 * OAuth clients ("apps"), registered by a user in the dashboard. A
 * confidential client's secret ("cs_" + 40 base62) is high-entropy, so
 * it is stored as a keyed BLAKE2b-256, not a password hash.
 */
#ifndef LK_CLIENT_H
#define LK_CLIENT_H

#include <stdint.h>

#define CLIENT_IDLEN	20	/* app_ + 16 base62 */
#define CLIENT_SECRETLEN 43	/* cs_ + 40 base62 */
#define CLIENT_MAXURIS	10
#define CLIENT_URIMAX	512

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
};

enum client_rc {
	CLIENT_OK = 0,
	CLIENT_ERR = -1,
	CLIENT_NOTFOUND = -2,
	CLIENT_BADAUTH = -3,
};

/* Registration rule: https, or http on localhost / 127.0.0.1; absolute,
 * no fragment, userinfo, wildcard, whitespace or control character. */
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

/* Inserts c; fills id and, for confidential clients, secret. */
enum client_rc	 client_create(struct client *, int64_t now,
		    char secret[CLIENT_SECRETLEN + 1]);
/* c of owner (NULL: any owner). */
enum client_rc	 client_get(const char *owner, const char *id,
		    struct client *);
enum client_rc	 client_each(const char *owner,
		    void (*)(const struct client *, void *), void *);
enum client_rc	 client_rotate_secret(const char *owner, const char *id,
		    int64_t now, char secret[CLIENT_SECRETLEN + 1]);
/* Deletes the app and revokes every token issued to it. */
enum client_rc	 client_delete(const char *owner, const char *id,
		    int64_t now);
/* Checks a secret in constant time; CLIENT_BADAUTH for an unknown
 * client, a public one, or a wrong secret. Fills c on success. */
enum client_rc	 client_authenticate(const char *id, const char *secret,
		    struct client *);

#endif
