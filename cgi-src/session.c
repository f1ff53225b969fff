#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "secrets.h"
#include "session.h"

static const char SQL_INSERT[] =
    "INSERT INTO sessions (id, token_hash, user_id, created_at, "
    "last_seen_at, ip, user_agent) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)";
static const char SQL_LOOKUP[] =
    "SELECT s.id, s.created_at, s.last_seen_at, u.id, u.email, u.name, "
    "u.role = 'admin', u.disabled, u.created_at, s.notice FROM sessions s "
    "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1";
static const char SQL_TOUCH[] =
    "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1";
static const char SQL_NOTICE[] =
    "UPDATE sessions SET notice = ?2 WHERE id = ?1";
static const char SQL_NONCE[] =
    "INSERT INTO form_nonces (nonce, session_id, at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (nonce) DO NOTHING";
static const char SQL_NONCE_MADE[] =
    "UPDATE form_nonces SET made = ?3 WHERE nonce = ?1 AND session_id = ?2";
static const char SQL_NONCE_GET[] =
    "SELECT coalesce(made, '') FROM form_nonces WHERE nonce = ?1 AND "
    "session_id = ?2";
static const char SQL_DELETE[] =
    "DELETE FROM sessions WHERE id = ?1 AND user_id = ?2";
static const char SQL_DELETE_OTHERS[] =
    "DELETE FROM sessions WHERE user_id = ?1 AND id IS NOT ?2";
static const char SQL_LIST[] =
    "SELECT id, ip, user_agent, created_at, last_seen_at FROM sessions "
    "WHERE user_id = ?1 AND last_seen_at > ?2 AND created_at > ?3 "
    "ORDER BY last_seen_at DESC, id";
static const char SQL_DELETE_EXPIRED[] =
    "DELETE FROM sessions WHERE last_seen_at <= ?1 OR created_at <= ?2";

static void
token_hash(const char *token, unsigned char out[32])
{
	rnd_keyed_hash(out, secret_get(SECRET_PEPPER), token, strlen(token));
}

enum session_rc
session_create(struct session *s, const char *ip, const char *ua,
    int64_t now)
{
	unsigned char	 h[32];
	struct dbq	*q;
	char		 agent[201];

	rnd_id(s->id, sizeof(s->id), "ses_", 16);
	rnd_token(s->token);
	token_hash(s->token, h);
	s->created_at = s->last_seen_at = now;
	snprintf(agent, sizeof(agent), "%s", ua != NULL ? ua : "");
	if ((q = db_q(SQL_INSERT)) == NULL || db_bind_text(q, 1, s->id) ||
	    db_bind_blob(q, 2, h, sizeof(h)) ||
	    db_bind_text(q, 3, s->user.id) || db_bind_int(q, 4, now) ||
	    db_bind_text(q, 5, ip) || db_bind_text(q, 6, agent))
		return SESSION_ERR;
	return db_exec(q) == 0 ? SESSION_OK : SESSION_ERR;
}

static void
expire_old(int64_t now)
{
	struct dbq	*q;

	if ((q = db_q(SQL_DELETE_EXPIRED)) != NULL &&
	    db_bind_int(q, 1, now - SESSION_IDLE) == 0 &&
	    db_bind_int(q, 2, now - SESSION_ABSOLUTE) == 0)
		(void)db_exec(q);
}

enum session_rc
session_lookup(const char *token, int64_t now, struct session *s)
{
	unsigned char	 h[32];
	struct dbq	*q;
	enum db_rc	 rc;

	if (!rnd_token_shape(token))
		return SESSION_NONE;
	token_hash(token, h);
	if ((q = db_q(SQL_LOOKUP)) == NULL ||
	    db_bind_blob(q, 1, h, sizeof(h)) == -1)
		return SESSION_ERR;
	if ((rc = db_step(q)) == DB_ROW) {
		memset(s, 0, sizeof(*s));
		snprintf(s->id, sizeof(s->id), "%s", db_text(q, 0));
		s->created_at = db_int(q, 1);
		s->last_seen_at = db_int(q, 2);
		snprintf(s->user.id, sizeof(s->user.id), "%s", db_text(q, 3));
		snprintf(s->user.email, sizeof(s->user.email), "%s",
		    db_text(q, 4));
		snprintf(s->user.name, sizeof(s->user.name), "%s",
		    db_text(q, 5));
		s->user.admin = (int)db_int(q, 6);
		s->user.disabled = (int)db_int(q, 7);
		s->user.created_at = db_int(q, 8);
		snprintf(s->notice, sizeof(s->notice), "%s", db_text(q, 9));
		snprintf(s->token, sizeof(s->token), "%s", token);
	}
	db_end(q);
	if (rc != DB_ROW)
		return rc == DB_DONE ? SESSION_NONE : SESSION_ERR;
	if (s->user.disabled || now - s->last_seen_at >= SESSION_IDLE ||
	    now - s->created_at >= SESSION_ABSOLUTE) {
		expire_old(now);
		return SESSION_NONE;
	}
	if (now - s->last_seen_at >= SESSION_TOUCH) {
		s->last_seen_at = now;
		if ((q = db_q(SQL_TOUCH)) == NULL ||
		    db_bind_text(q, 1, s->id) || db_bind_int(q, 2, now) ||
		    db_exec(q) == -1)
			return SESSION_ERR;
	}
	return SESSION_OK;
}

enum session_rc
session_set_notice(struct session *s, const char *text)
{
	struct dbq	*q;

	snprintf(s->notice, sizeof(s->notice), "%s", text);
	if ((q = db_q(SQL_NOTICE)) == NULL || db_bind_text(q, 1, s->id) ||
	    db_bind_text(q, 2, s->notice) || db_exec(q) == -1)
		return SESSION_ERR;
	return SESSION_OK;
}

int
session_spend_nonce(const struct session *s, const char *nonce, int64_t now)
{
	struct dbq	*q;

	if ((q = db_q(SQL_NONCE)) == NULL || db_bind_text(q, 1, nonce) ||
	    db_bind_text(q, 2, s->id) || db_bind_int(q, 3, now) ||
	    db_exec(q) == -1)
		return -1;
	return db_changes() == 1 ? 0 : 1;
}

int
session_nonce_made(const struct session *s, const char *nonce,
    const char *id)
{
	struct dbq	*q;

	if ((q = db_q(SQL_NONCE_MADE)) == NULL || db_bind_text(q, 1, nonce) ||
	    db_bind_text(q, 2, s->id) || db_bind_text(q, 3, id) ||
	    db_exec(q) == -1)
		return -1;
	return 0;
}

int
session_nonce_get(const struct session *s, const char *nonce, char *id,
    size_t idsz)
{
	struct dbq	*q;
	int		 rc;

	id[0] = '\0';
	if ((q = db_q(SQL_NONCE_GET)) == NULL || db_bind_text(q, 1, nonce) ||
	    db_bind_text(q, 2, s->id))
		return -1;
	if ((rc = db_step(q)) == DB_ROW)
		snprintf(id, idsz, "%s", db_text(q, 0));
	db_end(q);
	return rc == DB_ERR ? -1 : 0;
}

enum session_rc
session_end(const char *user_id, const char *id)
{
	struct dbq	*q;

	if ((q = db_q(SQL_DELETE)) == NULL || db_bind_text(q, 1, id) ||
	    db_bind_text(q, 2, user_id) || db_exec(q) == -1)
		return SESSION_ERR;
	return db_changes() > 0 ? SESSION_OK : SESSION_NONE;
}

enum session_rc
session_end_others(const char *user_id, const char *keep)
{
	struct dbq	*q;

	if ((q = db_q(SQL_DELETE_OTHERS)) == NULL ||
	    db_bind_text(q, 1, user_id) || db_bind_text(q, 2, keep) ||
	    db_exec(q) == -1)
		return SESSION_ERR;
	return SESSION_OK;
}

enum session_rc
session_each(const char *user_id, int64_t now,
    void (*fn)(const struct session_info *, void *), void *arg)
{
	struct session_info	 si;
	struct dbq		*q;
	enum db_rc		 rc;

	if ((q = db_q(SQL_LIST)) == NULL || db_bind_text(q, 1, user_id) ||
	    db_bind_int(q, 2, now - SESSION_IDLE) ||
	    db_bind_int(q, 3, now - SESSION_ABSOLUTE))
		return SESSION_ERR;
	while ((rc = db_step(q)) == DB_ROW) {
		si.id = db_text(q, 0);
		si.ip = db_text(q, 1);
		si.user_agent = db_text(q, 2);
		si.created_at = db_int(q, 3);
		si.last_seen_at = db_int(q, 4);
		fn(&si, arg);
	}
	db_end(q);
	return rc == DB_DONE ? SESSION_OK : SESSION_ERR;
}

/* Ends the transaction: an error rolls back; anything else, a change
 * or a refusal that changed nothing, commits. */
static enum session_rc
finish(enum session_rc rc)
{
	return db_end_tx(rc == SESSION_ERR) == 0 ? rc : SESSION_ERR;
}

enum session_rc
session_logout(const struct session *s, const struct actor *a, int64_t now)
{
	enum session_rc	 rc;

	if (db_begin() == -1)
		return SESSION_ERR;
	if ((rc = session_end(s->user.id, s->id)) == SESSION_NONE)
		rc = SESSION_OK;	/* ended elsewhere meanwhile */
	if (rc == SESSION_OK &&
	    audit(a, now, "logout", s->user.id, "") == -1)
		rc = SESSION_ERR;
	return finish(rc);
}

enum session_rc
session_revoke(const char *user_id, const char *id, const struct actor *a,
    int64_t now)
{
	enum session_rc	 rc;

	if (db_begin() == -1)
		return SESSION_ERR;
	if ((rc = session_end(user_id, id)) == SESSION_OK &&
	    audit(a, now, "session.revoke", id, "") == -1)
		rc = SESSION_ERR;
	return finish(rc);
}

enum session_rc
session_revoke_others(const char *user_id, const char *keep,
    const struct actor *a, int64_t now)
{
	enum session_rc	 rc;

	if (db_begin() == -1)
		return SESSION_ERR;
	if ((rc = session_end_others(user_id, keep)) == SESSION_OK &&
	    audit(a, now, "session.revoke_others", user_id, "") == -1)
		rc = SESSION_ERR;
	return finish(rc);
}
