/* secrets, db, user, session: against a real database file and secrets
 * file in a temporary directory. (throttle, csrf, audit and login are in
 * test_db_login.c.) */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "db.h"
#include "log.h"
#include "secrets.h"
#include "session.h"
#include "t.h"

extern const char schema_sql[];

#define PW	"Tr0ub4dor&3-horse"
static char	 dir[] = "/tmp/lk-unit-XXXXXX", hash[PASSWORD_HASHLEN];

static const char *
in_dir(const char *name)
{
	static char	 p[4][128];
	static int	 i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static void
put(const char *name, const char *text, mode_t mode)
{
	FILE	*f = fopen(in_dir(name), "w");

	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
	chmod(in_dir(name), mode);
}

static void
mkuser(struct user *u, const char *email, int admin)
{
	memset(u, 0, sizeof(*u));
	snprintf(u->email, sizeof(u->email), "%s", email);
	snprintf(u->name, sizeof(u->name), "Name of %s", email);
	snprintf(u->hash, sizeof(u->hash), "%s", hash);
	u->admin = admin;
	CHECKF(user_create(u, 1000) == USER_OK, "user_create %s", email);
}

static enum session_rc
newsess(struct session *s, const struct user *u, int64_t now)
{
	memset(s, 0, sizeof(*s));
	s->user = *u;
	return session_create(s, "192.0.2.1", "UA/1.0", now);
}

static enum session_rc
look(const char *token, int64_t now)
{
	struct session	 g;

	return session_lookup(token, now, &g);
}

struct seen { int n; const char *token; char first[21]; };

static void
on_session(const struct session_info *si, void *arg)
{
	struct seen	*v = arg;

	if (v->n++ == 0)
		snprintf(v->first, sizeof(v->first), "%s", si->id);
	CHECK(strcmp(si->id, v->token) != 0 && strcmp(si->ip, v->token) != 0 &&
	    strcmp(si->user_agent, v->token) != 0);
}

int
main(void)
{
	static const char SQL_RAW[] = "SELECT token_hash, id || user_id || ip "
	    "|| user_agent || notice FROM sessions WHERE id = ?1";
	struct session	 s, a, b, c, x[3], g;
	struct user	 alice, bob, u, dup;
	struct seen	 seen;
	struct stat	 st;
	struct dbq	*q;
	unsigned char	 want[32];
	const void	*blob;
	char		 tok[RND_TOKEN_LEN + 1], tok2[RND_TOKEN_LEN + 2];
	char		 file1[4096] = "", file2[4096] = "", hex[65];
	int64_t		 T;
	size_t		 n;
	FILE		*f;
	int		 k;

	CHECK(sodium_init() >= 0);
	log_open("/dev/null", "test");		/* refusals log; keep quiet */
	if (mkdtemp(dir) == NULL)
		return perror("mkdtemp"), 1;

	/* Secrets: created private, kept on re-init, refused if readable. */
	CHECK(secrets_load(in_dir("secrets")) == -1);		/* missing */
	CHECK(secrets_init(in_dir("secrets")) == 0);
	CHECK(stat(in_dir("secrets"), &st) == 0 && (st.st_mode & 0777) == 0600);
	if ((f = fopen(in_dir("secrets"), "r")) != NULL) {
		n = fread(file1, 1, sizeof(file1) - 1, f);
		file1[n] = '\0';
		fclose(f);
	}
	CHECK(secrets_init(in_dir("secrets")) == 0);
	if ((f = fopen(in_dir("secrets"), "r")) != NULL) {
		n = fread(file2, 1, sizeof(file2) - 1, f);
		file2[n] = '\0';
		fclose(f);
	}
	CHECK(file1[0] != '\0' && strcmp(file1, file2) == 0);
	chmod(in_dir("secrets"), 0644);
	CHECK(secrets_load(in_dir("secrets")) == -1);
	chmod(in_dir("secrets"), 0640);
	CHECK(secrets_load(in_dir("secrets")) == -1);
	chmod(in_dir("secrets"), 0600);
	CHECK(symlink(in_dir("secrets"), in_dir("link")) == 0);
	CHECK(secrets_load(in_dir("link")) == -1);		/* O_NOFOLLOW */
	put("bad", "pepper=zz\n", 0600);
	CHECK(secrets_load(in_dir("bad")) == -1);
	put("bad", "pepper=0000000000000000000000000000000000000000000000000"
	    "000000000000000\n", 0600);
	CHECK(secrets_load(in_dir("bad")) == -1);	/* no csrf, no seal */
	CHECK(secrets_init(in_dir("bad")) == 0);	/* adds them */
	CHECK(secrets_load(in_dir("bad")) == 0);
	CHECK(sodium_is_zero(secret_get(SECRET_PEPPER), 32) &&
	    !sodium_is_zero(secret_get(SECRET_CSRF), 32) &&
	    !sodium_is_zero(secret_get(SECRET_SEAL), 32) &&
	    !sodium_is_zero(secret_get(SECRET_JWTSEAL), 32));
	/* Each purpose its own key: jwtseal is not the seal key. */
	CHECK(sodium_memcmp(secret_get(SECRET_SEAL),
	    secret_get(SECRET_JWTSEAL), 32) != 0);
	CHECK(secrets_load(in_dir("secrets")) == 0);
	sodium_bin2hex(hex, sizeof(hex), secret_get(SECRET_PEPPER), 32);
	CHECK(strstr(file1, hex) != NULL);	/* the key is the file's */

	CHECK(db_open(in_dir("db")) == 0);
	CHECK(db_script(schema_sql) == 0);
	CHECK(db_script(schema_sql) == 0);	/* idempotent */
	CHECK(db_user_version() >= 1);
	CHECK(password_hash(PW, hash) == 0);

	/* Users: emails unique and matched without regard to case. */
	mkuser(&alice, "Alice@Example.com", 0);
	mkuser(&bob, "bob@example.com", 1);
	CHECK(rnd_id_shape(alice.id, "usr_", 16) && strcmp(alice.id, bob.id));
	CHECK(user_by_email("alice@example.com", &u) == USER_OK);
	CHECK(strcmp(u.id, alice.id) == 0 && strcmp(u.email,
	    "Alice@Example.com") == 0 && u.admin == 0 && u.created_at == 1000 &&
	    strcmp(u.hash, hash) == 0 && strcmp(u.name,
	    "Name of Alice@Example.com") == 0);
	CHECK(user_by_email("ALICE@EXAMPLE.COM", &u) == USER_OK);
	CHECK(user_by_email("bob@example.com", &u) == USER_OK && u.admin == 1);
	CHECK(user_by_email("nobody@example.com", &u) == USER_NOTFOUND);
	CHECK(user_by_email("alice@example.co", &u) == USER_NOTFOUND);
	memset(&dup, 0, sizeof(dup));
	snprintf(dup.email, sizeof(dup.email), "aLiCe@example.COM");
	snprintf(dup.hash, sizeof(dup.hash), "%s", hash);
	CHECK(user_create(&dup, 1000) == USER_EXISTS);
	CHECK(user_count() == 2);

	/* Sessions: the token finds its session, nothing else does. */
	CHECK(newsess(&s, &alice, 100000) == SESSION_OK);
	CHECK(rnd_id_shape(s.id, "ses_", 16) && rnd_token_shape(s.token));
	memset(&g, 0, sizeof(g));
	CHECK(session_lookup(s.token, 100010, &g) == SESSION_OK);
	CHECK(strcmp(g.id, s.id) == 0 && strcmp(g.user.id, alice.id) == 0 &&
	    strcmp(g.user.email, "Alice@Example.com") == 0 &&
	    strcmp(g.token, s.token) == 0 && g.created_at == 100000);
	rnd_token(tok);
	CHECK(look(tok, 100010) == SESSION_NONE);
	CHECK(look("", 100010) == SESSION_NONE);
	CHECK(look("abc", 100010) == SESSION_NONE);
	snprintf(tok, sizeof(tok), "%.42s", s.token);
	CHECK(look(tok, 100010) == SESSION_NONE);
	snprintf(tok2, sizeof(tok2), "%sA", s.token);
	CHECK(look(tok2, 100010) == SESSION_NONE);
	snprintf(tok, sizeof(tok), "%s", s.token);
	tok[10] = tok[10] == 'A' ? 'B' : 'A';		/* same shape */
	CHECK(rnd_token_shape(tok) && look(tok, 100010) == SESSION_NONE);
	/* The database holds the keyed hash of the token, never the token. */
	rnd_keyed_hash(want, secret_get(SECRET_PEPPER), s.token,
	    strlen(s.token));
	CHECK((q = db_q(SQL_RAW)) != NULL && db_bind_text(q, 1, s.id) == 0 &&
	    db_step(q) == DB_ROW);
	if (q != NULL) {
		blob = db_blob(q, 0, &n);
		CHECK(n == 32 && blob != NULL && memcmp(blob, want, 32) == 0);
		CHECK(strstr(db_text(q, 1), s.token) == NULL);
		db_end(q);
	}
	memset(&seen, 0, sizeof(seen));
	seen.token = s.token;
	CHECK(session_each(alice.id, 100010, on_session, &seen) == SESSION_OK &&
	    seen.n == 1 && strcmp(seen.first, s.id) == 0);

	/* Idle: 1799 s of silence is fine, 1800 s ends it for good. */
	T = 200000;
	CHECK(newsess(&a, &alice, T) == 0 && newsess(&b, &alice, T) == 0);
	CHECK(look(b.token, T + 1799) == SESSION_OK);	/* touches b */
	CHECK(look(a.token, T + 1800) == SESSION_NONE);
	CHECK(look(a.token, T + 10) == SESSION_NONE);	/* deleted */
	CHECK(look(b.token, T + 1799 + 1799) == SESSION_OK);
	/* Absolute: used every 20 minutes, it still ends after 12 hours. */
	T = 300000;
	CHECK(newsess(&c, &alice, T) == SESSION_OK);
	for (k = 1; k * 1200 < SESSION_ABSOLUTE; k++)
		CHECKF(look(c.token, T + k * 1200) == SESSION_OK, "k=%d", k);
	CHECK(look(c.token, T + SESSION_ABSOLUTE - 1) == SESSION_OK);
	CHECK(look(c.token, T + SESSION_ABSOLUTE) == SESSION_NONE);
	/* A disabled user's sessions stop working. */
	T = 400000;
	CHECK(newsess(&s, &bob, T) == SESSION_OK);
	CHECK(look(s.token, T + 1) == SESSION_OK);
	CHECK(user_set_disabled(bob.id, 1) == USER_OK);
	CHECK(look(s.token, T + 2) == SESSION_NONE);
	CHECK(user_set_disabled(bob.id, 0) == USER_OK);

	/* Ending sessions: others of the same user only. */
	T = 500000;
	for (k = 0; k < 3; k++)
		CHECK(newsess(&x[k], &alice, T + k) == SESSION_OK);
	CHECK(newsess(&s, &bob, T) == SESSION_OK);
	memset(&seen, 0, sizeof(seen));
	seen.token = x[2].token;
	CHECK(session_each(alice.id, T + 5, on_session, &seen) == SESSION_OK &&
	    seen.n == 3 && strcmp(seen.first, x[2].id) == 0);	/* newest */
	CHECK(session_end_others(alice.id, x[1].id) == SESSION_OK);
	CHECK(look(x[0].token, T + 5) == SESSION_NONE);
	CHECK(look(x[2].token, T + 5) == SESSION_NONE);
	CHECK(look(x[1].token, T + 5) == SESSION_OK);
	CHECK(look(s.token, T + 5) == SESSION_OK);	/* bob's untouched */
	CHECK(session_end(alice.id, s.id) == SESSION_NONE);	/* not hers */
	CHECK(look(s.token, T + 5) == SESSION_OK);
	CHECK(session_end(bob.id, s.id) == SESSION_OK);
	CHECK(look(s.token, T + 5) == SESSION_NONE);
	CHECK(session_end_others(alice.id, NULL) == SESSION_OK);
	CHECK(look(x[1].token, T + 5) == SESSION_NONE);

	db_close();
	unlink(in_dir("db"));
	unlink(in_dir("db-wal"));
	unlink(in_dir("db-shm"));
	unlink(in_dir("secrets"));
	unlink(in_dir("link"));
	unlink(in_dir("bad"));
	rmdir(dir);
	return t_done("test_db_session");
}
