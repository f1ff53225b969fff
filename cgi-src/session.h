/*
 * Dashboard sessions. The browser holds a random token; the database
 * holds only its keyed hash, so a stolen database opens no session.
 */
#ifndef LK_SESSION_H
#define LK_SESSION_H

#include <stdint.h>

#include "rc.h"
#include "rnd.h"
#include "user.h"

struct actor;

#define SESSION_COOKIE		"__Host-latchkey_session"
#define SESSION_IDLE		(30 * 60)
#define SESSION_ABSOLUTE	(12 * 3600)
#define SESSION_TOUCH		60	/* last_seen_at granularity */

struct session {
	char		 id[21];		/* ses_ + 16 */
	char		 token[RND_TOKEN_LEN + 1];
	struct user	 user;
	int64_t		 created_at;
	int64_t		 last_seen_at;
	char		 notice[201];	/* one-line message for next page */
};

struct session_info {
	const char	*id;
	const char	*ip;
	const char	*user_agent;
	int64_t		 created_at;
	int64_t		 last_seen_at;
};

enum session_rc { SESSION_OK = RC_OK, SESSION_ERR = RC_ERR,
    SESSION_NONE = RC_NOTFOUND };

/* New session for user (already loaded in s->user); fills id, token. */
enum session_rc	 session_create(struct session *, const char *ip,
		    const char *ua, int64_t now);
/* Loads the live session of token with its enabled user. Expired ones
 * are deleted. Refreshes last_seen_at at most once a SESSION_TOUCH. */
enum session_rc	 session_lookup(const char *token, int64_t now,
		    struct session *);
/* Ends one session of user (by public id); SESSION_NONE if not theirs. */
enum session_rc	 session_end(const char *user_id, const char *id);
/* Ends every session of user except keep (NULL: all). */
enum session_rc	 session_end_others(const char *user_id, const char *keep);
/* The same, as a person's action, with its audit row: a sign-out
 * ("logout"), one session ended from Security ("session.revoke") or
 * all others ("session.revoke_others"). */
enum session_rc	 session_logout(const struct session *, const struct actor *,
		    int64_t now);
enum session_rc	 session_revoke(const char *user_id, const char *id,
		    const struct actor *, int64_t now);
enum session_rc	 session_revoke_others(const char *user_id,
		    const char *keep, const struct actor *, int64_t now);
/* Stores a notice to show once on the session's next page; "" clears. */
enum session_rc	 session_set_notice(struct session *, const char *);
/* Marks a form's single-use token as spent by session s: 0 if it was
 * fresh, 1 if it had been used already, -1 on error. Call inside the
 * transaction of the action it guards. */
int		 session_spend_nonce(const struct session *, const char *,
		    int64_t now);
/* Records what the form made (a key's or an app's id), so that a second
 * submission can lead to it; session_nonce_get reads it ("" if none). */
int		 session_nonce_made(const struct session *, const char *nonce,
		    const char *id);
int		 session_nonce_get(const struct session *, const char *nonce,
		    char *id, size_t idsz);
/* Live sessions of user, newest first. */
enum session_rc	 session_each(const char *user_id, int64_t now,
		    void (*)(const struct session_info *, void *), void *);

#endif
