/* throttle, csrf, audit, login: against a real database file and secrets
 * file in a temporary directory, as test_db_session.c sets them up. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "csrf.h"
#include "db.h"
#include "log.h"
#include "login.h"
#include "secrets.h"
#include "throttle.h"
#include "t.h"

extern const char schema_sql[];

#define PW	"Tr0ub4dor&3-horse"
static char	 dir[] = "/tmp/lk-unit-XXXXXX", hash[PASSWORD_HASHLEN];

static const char *
in_dir(const char *name)
{
	static char	 p[2][128];
	static int	 i;

	i = (i + 1) % 2;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static void
mkuser(struct user *u, const char *email)
{
	memset(u, 0, sizeof(*u));
	snprintf(u->email, sizeof(u->email), "%s", email);
	snprintf(u->hash, sizeof(u->hash), "%s", hash);
	CHECKF(user_create(u, 1000) == USER_OK, "user_create %s", email);
}

/* Audit entries seen: "+action" with a known actor, "-action" without. */
struct seen { int n; char acts[8][32]; };

static void
on_audit(const struct audit_entry *e, void *arg)
{
	struct seen	*v = arg;

	if (v->n < 8)
		snprintf(v->acts[v->n], sizeof(v->acts[0]), "%s%s",
		    e->actor_email[0] ? "+" : "-", e->action);
	v->n++;
}

int
main(void)
{
	struct user	 alice, u, v;
	struct seen	 seen;
	unsigned char	 h[32];
	char		 s1[RND_TOKEN_LEN + 1], s2[RND_TOKEN_LEN + 1];
	char		 ct[CSRF_LEN + 1], cs[CSRF_LEN + 2];
	const char	*ip = "198.51.100.7", *ip2 = "198.51.100.8";
	int64_t		 T, ra;
	int		 k;

	CHECK(sodium_init() >= 0);
	log_open("/dev/null", "test");		/* refusals log; keep quiet */
	if (mkdtemp(dir) == NULL)
		return perror("mkdtemp"), 1;
	CHECK(secrets_init(in_dir("secrets")) == 0);
	CHECK(secrets_load(in_dir("secrets")) == 0);
	CHECK(db_open(in_dir("db")) == 0);
	CHECK(db_script(schema_sql) == 0);
	CHECK(password_hash(PW, hash) == 0);
	mkuser(&alice, "Alice@Example.com");
	rnd_token(s1);
	rnd_token(s2);

	/* Throttle: the fifth failure in 15 minutes locks ip and account. */
	T = 600000;
	for (k = 0; k < 5; k++) {
		CHECKF(throttle_login_check(ip, "carol@example.com", T + k) ==
		    0, "attempt %d", k + 1);
		CHECK(throttle_login_fail(ip, k % 2 ? "CAROL@example.com" :
		    "carol@example.com", T + k) == 0);
	}
	ra = throttle_login_check(ip, "carol@example.com", T + 5);
	CHECKF(ra == THROTTLE_WINDOW - 5, "wait %lld", (long long)ra);
	CHECK(ra > 0 && ra <= THROTTLE_WINDOW);
	CHECK(throttle_login_check(ip2, "dave@example.com", T + 5) == 0);
	CHECK(throttle_login_check(ip2, "carol@example.com", T + 5) > 0);
	CHECK(throttle_login_check(ip, "dave@example.com", T + 5) > 0);
	CHECK(throttle_login_check(ip, "carol@example.com", T + 899) == 1);
	CHECK(throttle_login_check(ip, "carol@example.com", T + 900) == 0);
	CHECK(throttle_login_ok("Carol@Example.com") == 0);
	CHECK(throttle_login_check(ip2, "carol@example.com", T + 5) == 0);
	CHECK(throttle_login_check(ip, "dave@example.com", T + 5) > 0);

	/* CSRF tokens: bound to the secret, compared whole. */
	csrf_token(s1, ct);
	CHECK(strlen(ct) == CSRF_LEN);
	rnd_keyed_hash(h, secret_get(SECRET_CSRF), s1, strlen(s1));
	sodium_bin2base64(cs, sizeof(cs), h, 32,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	CHECK(strcmp(ct, cs) == 0);
	CHECK(csrf_check(s1, ct) == 1);
	CHECK(csrf_check(s2, ct) == 0);
	snprintf(cs, sizeof(cs), "%.42s", ct);
	CHECK(csrf_check(s1, cs) == 0);
	snprintf(cs, sizeof(cs), "%sA", ct);
	CHECK(csrf_check(s1, cs) == 0);
	snprintf(cs, sizeof(cs), "%s", ct);
	cs[CSRF_LEN - 1] = cs[CSRF_LEN - 1] == 'A' ? 'B' : 'A';
	CHECK(csrf_check(s1, cs) == 0);
	CHECK(csrf_check(s1, "") == 0);
	CHECK(csrf_check(s1, NULL) == 0);
	CHECK(csrf_check(NULL, ct) == 0);

	/* Audit: by or about a user, newest first, ties by insertion. */
	mkuser(&u, "erin@example.com");
	CHECK(audit_log(100, u.id, "login.success", u.id, ip, "") == 0);
	CHECK(audit_log(300, u.id, "password.change", u.id, ip, "") == 0);
	CHECK(audit_log(200, NULL, "login.failure", u.id, ip, NULL) == 0);
	CHECK(audit_log(300, alice.id, "user.disable", u.id, ip, "") == 0);
	CHECK(audit_log(400, alice.id, "logout", alice.id, ip, "") == 0);
	memset(&seen, 0, sizeof(seen));
	CHECK(audit_each_for_user(u.id, 10, on_audit, &seen) == 0);
	CHECK(seen.n == 4 && strcmp(seen.acts[0], "+user.disable") == 0 &&
	    strcmp(seen.acts[1], "+password.change") == 0 &&
	    strcmp(seen.acts[2], "-login.failure") == 0 &&
	    strcmp(seen.acts[3], "+login.success") == 0);
	memset(&seen, 0, sizeof(seen));
	CHECK(audit_each_for_user(u.id, 2, on_audit, &seen) == 0 &&
	    seen.n == 2);
	CHECK(strcmp(audit_describe("login.success"), "Signed in") == 0);
	CHECK(strcmp(audit_describe("no.such"), "no.such") == 0);

	/* Sign-in: right, wrong, unknown, then throttled even when right. */
	T = 700000;
	mkuser(&u, "frank@example.com");
	CHECK(login_password("frank@example.com", PW, ip2, T, &v, &ra) ==
	    LOGIN_OK && strcmp(v.id, u.id) == 0 && ra == 0);
	CHECK(login_password("FRANK@example.com", PW, ip2, T, &v, &ra) ==
	    LOGIN_OK && strcmp(v.id, u.id) == 0);
	CHECK(login_password("frank@example.com", PW "x", ip2, T + 1, &v,
	    &ra) == LOGIN_INVALID && v.id[0] == '\0');
	CHECK(login_password("nobody@example.com", PW, ip2, T + 2, &v, &ra) ==
	    LOGIN_INVALID);
	CHECK(login_password("not an email", PW, ip2, T + 3, &v, &ra) ==
	    LOGIN_INVALID);
	for (k = 4; k < 6; k++)
		CHECK(login_password("frank@example.com", "wrong", ip2, T + k,
		    &v, &ra) == LOGIN_INVALID);
	CHECK(login_password("frank@example.com", PW, ip2, T + 10, &v, &ra) ==
	    LOGIN_THROTTLED && ra == THROTTLE_WINDOW - 9);
	/* The refused attempt is not counted: once the oldest failure
	 * (T + 1) leaves the window only four remain. */
	CHECK(throttle_login_check(ip2, "x@example.com", T + 901) == 0);
	memset(&seen, 0, sizeof(seen));
	CHECK(audit_each_for_user(u.id, 20, on_audit, &seen) == 0 &&
	    seen.n == 5);		/* 2 successes, 3 failures */
	CHECK(user_set_disabled(u.id, 1) == USER_OK);
	CHECK(login_password("frank@example.com", PW, "192.0.2.77", T + 11, &v,
	    &ra) == LOGIN_INVALID);

	db_close();
	unlink(in_dir("db"));
	unlink(in_dir("db-wal"));
	unlink(in_dir("db-shm"));
	unlink(in_dir("secrets"));
	rmdir(dir);
	return t_done("test_db_login");
}
