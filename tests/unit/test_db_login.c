/* throttle, csrf, audit, device cookies, login: against a real database
 * file and secrets file in a temporary directory, as test_db_session.c
 * sets them up. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "csrf.h"
#include "db.h"
#include "device.h"
#include "log.h"
#include "login.h"
#include "secrets.h"
#include "session.h"
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

static int
check_ok(const char *email, const char *ip, int known, int64_t now)
{
	struct pwcheck	 c;
	int64_t		 w = throttle_pw_begin(&c, email, ip, known, now);

	if (w != 0)
		return (int)w;
	return throttle_pw_ok(&c, ip) == 0 ? 0 : -1;
}

static int
check_fail(const char *email, const char *ip, int known, int64_t now)
{
	struct pwcheck	 c;

	return (int)throttle_pw_begin(&c, email, ip, known, now);
}

static void
throttle_rules(void)
{
	const char	*ip = "198.51.100.7", *ip2 = "198.51.100.8";
	struct pwcheck	 held[THROTTLE_PAIR_MAX];
	int64_t		 T = 600000, w;
	char		 other[32];
	int		 k;

	/* (account, address): the sixth check in 15 minutes waits. */
	for (k = 0; k < THROTTLE_PAIR_MAX; k++)
		CHECKF(check_fail(k % 2 ? "CAROL@example.com" :
		    "carol@example.com", ip, 1, T + k) == 0, "attempt %d", k);
	w = throttle_pw_begin(&held[0], "carol@example.com", ip, 1, T + 5);
	CHECKF(w == THROTTLE_WINDOW - 5, "wait %lld", (long long)w);
	/* Another address, known device: only its own counters apply. */
	CHECK(check_ok("carol@example.com", ip2, 1, T + 5) == 0);
	/* Another address, unknown device: the account's 5 apply... */
	CHECK(check_fail("dave@example.com", ip2, 0, T + 5) == 0);
	/* ...but the account counter was cleared by the success above. */
	CHECK(check_ok("carol@example.com", ip2, 0, T + 6) == 0);
	/* The address may still try other accounts (20 per address). */
	CHECK(check_ok("dave@example.com", ip, 0, T + 6) == 0);
	CHECK(throttle_pw_begin(&held[0], "carol@example.com", ip, 1,
	    T + 899) == 1);
	CHECK(check_ok("carol@example.com", ip, 1, T + 900) == 0);

	/* Per account, unknown devices: 5 failures from 5 addresses. */
	T = 700000;
	for (k = 0; k < THROTTLE_ACCOUNT_MAX; k++) {
		snprintf(other, sizeof(other), "203.0.113.%d", k + 1);
		CHECK(check_fail("erin@example.com", other, 0, T) == 0);
	}
	CHECK(check_fail("erin@example.com", "203.0.113.99", 0, T) > 0);
	CHECK(check_ok("erin@example.com", "203.0.113.99", 1, T) == 0);

	/* Per address: 20 failures across accounts. */
	T = 800000;
	for (k = 0; k < THROTTLE_IP_MAX; k++) {
		snprintf(other, sizeof(other), "u%d@example.com", k);
		CHECK(check_fail(other, "192.0.2.50", 1, T) == 0);
	}
	CHECK(check_fail("new@example.com", "192.0.2.50", 1, T) > 0);
	CHECK(check_fail("new@example.com", "192.0.2.51", 1, T) == 0);

	/* A check in progress counts: five at once exhaust the pair. */
	T = 900000;
	for (k = 0; k < THROTTLE_PAIR_MAX; k++)
		CHECK(throttle_pw_begin(&held[k], "gina@example.com", ip, 1,
		    T) == 0);
	CHECK(check_fail("gina@example.com", ip, 1, T) > 0);
	/* Cancelled ones give their guesses back. */
	CHECK(throttle_pw_cancel(&held[0]) == 0 && held[0].nheld == 0);
	CHECK(check_fail("gina@example.com", ip, 1, T) == 0);
	CHECK(check_fail("gina@example.com", ip, 1, T) > 0);

	/* Purge keeps what is young enough. */
	CHECK(throttle_purge(T - 100000, 0) > 0);
	CHECK(check_fail("gina@example.com", ip, 1, T) > 0);
}

static void
device_cookies(void)
{
	char	 v[DEVICE_LEN + 1], bad[DEVICE_LEN + 1];
	int64_t	 T = 1800000000;

	device_make("usr_aaaaaaaaaaaaaaaa", T, v);
	CHECK(strlen(v) < DEVICE_LEN);
	CHECK(device_check(v, "usr_aaaaaaaaaaaaaaaa", T) == 1);
	CHECK(device_check(v, "usr_aaaaaaaaaaaaaaaa", T + DEVICE_TTL - 1) ==
	    1);
	CHECK(device_check(v, "usr_aaaaaaaaaaaaaaaa", T + DEVICE_TTL) == 0);
	CHECK(device_check(v, "usr_aaaaaaaaaaaaaaaa", T - 3600) == 0);
	CHECK(device_check(v, "usr_bbbbbbbbbbbbbbbb", T) == 0);
	snprintf(bad, sizeof(bad), "%s", v);
	bad[3] = bad[3] == 'A' ? 'B' : 'A';
	CHECK(device_check(bad, "usr_aaaaaaaaaaaaaaaa", T) == 0);
	snprintf(bad, sizeof(bad), "%s", v);
	bad[23] = bad[23] == '1' ? '2' : '1';	/* the issue time */
	CHECK(device_check(bad, "usr_aaaaaaaaaaaaaaaa", T) == 0);
	CHECK(device_check("", "usr_aaaaaaaaaaaaaaaa", T) == 0);
	CHECK(device_check(NULL, "usr_aaaaaaaaaaaaaaaa", T) == 0);
	CHECK(device_check("a.b.c", "usr_aaaaaaaaaaaaaaaa", T) == 0);
}

static void
csrf_tokens(void)
{
	unsigned char	 h[32];
	char		 s1[RND_TOKEN_LEN + 1], s2[RND_TOKEN_LEN + 1];
	char		 ct[CSRF_LEN + 1], cs[CSRF_LEN + 2];

	rnd_token(s1);
	rnd_token(s2);
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
}

static void
audit_rows(const struct user *alice)
{
	struct actor	 by_u = { NULL, "198.51.100.7", VIA_WEB };
	struct actor	 by_alice = { alice->id, "198.51.100.7", VIA_WEB };
	struct actor	 nobody = { NULL, "198.51.100.7", VIA_API };
	struct seen	 seen;
	struct user	 u;

	mkuser(&u, "erin2@example.com");
	by_u.user_id = u.id;
	CHECK(audit(&by_u, 100, "login.success", u.id, "") == 0);
	CHECK(audit(&by_u, 300, "password.change", u.id, "") == 0);
	CHECK(audit(&nobody, 200, "login.failure", u.id, NULL) == 0);
	CHECK(audit(&by_alice, 300, "user.disable", u.id, "") == 0);
	CHECK(audit(&by_alice, 400, "logout", alice->id, "") == 0);
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
}

/* A sign-in's start: counts calls, fails when told to. */
struct starts { int n, fail; };

static int
on_start(const struct user *u, void *arg)
{
	struct starts	*s = arg;

	(void)u;
	s->n++;
	return s->fail ? -1 : 0;
}

static enum login_rc
signin(const char *email, const char *pw, const char *ip, int64_t now,
    struct user *v, int64_t *ra, struct starts *st)
{
	struct login_req	 lr = { email, pw, NULL, 0, on_start, st };
	struct actor		 a = { NULL, ip, VIA_WEB };

	return login_password(&lr, &a, now, v, ra);
}

static void
sign_ins(void)
{
	struct starts	 st = { 0, 0 };
	struct seen	 seen;
	struct user	 u, v;
	const char	*ip = "198.51.100.9";
	int64_t		 T = 1000000, ra;
	int		 k;

	mkuser(&u, "frank@example.com");
	CHECK(signin("frank@example.com", PW, ip, T, &v, &ra, &st) ==
	    LOGIN_OK && strcmp(v.id, u.id) == 0 && st.n == 1);
	CHECK(signin("FRANK@example.com", PW, ip, T, &v, &ra, &st) ==
	    LOGIN_OK && strcmp(v.id, u.id) == 0 && st.n == 2);
	CHECK(signin("frank@example.com", PW "x", ip, T + 1, &v, &ra, &st) ==
	    LOGIN_INVALID && v.id[0] == '\0' && st.n == 2);
	CHECK(signin("nobody@example.com", PW, ip, T + 2, &v, &ra, &st) ==
	    LOGIN_INVALID);
	CHECK(signin("not an email", PW, ip, T + 3, &v, &ra, &st) ==
	    LOGIN_INVALID);
	for (k = 4; k < 8; k++)
		CHECK(signin("frank@example.com", "wrong", ip, T + k, &v, &ra,
		    &st) == LOGIN_INVALID);
	/* Five failures for (frank, ip): even the right password waits,
	 * and the refusal is audited. */
	CHECK(signin("frank@example.com", PW, ip, T + 10, &v, &ra, &st) ==
	    LOGIN_THROTTLED && ra == THROTTLE_WINDOW - 9 && st.n == 2);
	memset(&seen, 0, sizeof(seen));
	CHECK(audit_each_for_user(u.id, 20, on_audit, &seen) == 0 &&
	    seen.n == 8);	/* 2 successes, 5 failures, 1 refusal */
	CHECK(strcmp(seen.acts[0], "+login.throttled") == 0);
	/* Five for the account from unknown devices: another address
	 * waits too. */
	CHECK(signin("frank@example.com", PW, "192.0.2.70", T + 11, &v, &ra,
	    &st) == LOGIN_THROTTLED);
	/* A failing start leaves no session and no success behind. */
	mkuser(&u, "gail@example.com");
	st.fail = 1;
	CHECK(signin("gail@example.com", PW, ip, T + 11, &v, &ra, &st) ==
	    LOGIN_ERR && st.n == 3);
	memset(&seen, 0, sizeof(seen));
	CHECK(audit_each_for_user(u.id, 20, on_audit, &seen) == 0 &&
	    seen.n == 0);
	st.fail = 0;
	CHECK(signin("gail@example.com", PW, ip, T + 12, &v, &ra, &st) ==
	    LOGIN_OK && st.n == 4);
	CHECK(user_set_disabled(u.id, 1) == USER_OK);
	CHECK(signin("gail@example.com", PW, ip, T + 12, &v, &ra, &st) ==
	    LOGIN_INVALID && st.n == 4);
}

int
main(void)
{
	struct user	 alice;

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

	throttle_rules();
	device_cookies();
	csrf_tokens();
	audit_rows(&alice);
	sign_ins();

	db_close();
	unlink(in_dir("db"));
	unlink(in_dir("db-wal"));
	unlink(in_dir("db-shm"));
	unlink(in_dir("secrets"));
	rmdir(dir);
	return t_done("test_db_login");
}
