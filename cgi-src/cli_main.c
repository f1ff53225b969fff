/* latchkey: the administration command. Exit 0 ok, 1 failure, 2 usage. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "account.h"
#include "audit.h"
#include "config.h"
#include "db.h"
#include "keys.h"
#include "log.h"
#include "password.h"
#include "secrets.h"
#include "session.h"
#include "sigkey.h"
#include "timefmt.h"
#include "user.h"
#include "valid.h"

#define EX_OK		0
#define EX_FAIL		1
#define EX_USAGE	2
#define SCHEMA_VERSION	1

extern const char schema_sql[];	/* schema.sql, embedded at build time */

static const char usage_text[] =
"usage: latchkey init [--bootstrap-admin]\n"
"       latchkey user add EMAIL [--name NAME] [--admin] [--password-stdin]\n"
"       latchkey user passwd EMAIL --password-stdin\n"
"       latchkey user disable|enable EMAIL\n"
"       latchkey user list\n"
"       latchkey keys list [--user EMAIL]\n"
"       latchkey keys revoke ID [--reason REASON]\n"
"       latchkey keys revoke --leaked [--reason REASON]  (keys on stdin)\n"
"       latchkey keys limit ID PER_HOUR|default\n"
"       latchkey backup FILE\n"
"       latchkey signing-key rotate\n"
"\n"
"Reads LATCHKEY_DB, LATCHKEY_SECRETS and the other LATCHKEY_* variables\n"
"(see the README). Passwords are read from standard input, never from\n"
"the command line.\n";

static int
usage(FILE *f)
{
	fputs(usage_text, f);
	return f == stdout ? EX_OK : EX_USAGE;
}

static int
wants_help(int argc, char **argv)
{
	int	 i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

static int
open_all(void)
{
	const struct config	*c = config_get();

	if (secrets_load(c->secrets) == -1 || db_open(c->db) == -1)
		return -1;
	if (db_user_version() != SCHEMA_VERSION) {
		log_msg("database %s is not at schema version %d; "
		    "run latchkey init", c->db, SCHEMA_VERSION);
		db_close();
		return -1;
	}
	return 0;
}

/* Reads one line from stdin, without its newline, into out. */
static int
read_password(char *out, size_t outsz)
{
	size_t	 n;

	if (fgets(out, (int)outsz, stdin) == NULL) {
		fprintf(stderr, "latchkey: no password on standard input\n");
		return -1;
	}
	n = strlen(out);
	if (n > 0 && out[n - 1] != '\n' && !feof(stdin)) {
		fprintf(stderr, "latchkey: password too long\n");
		return -1;
	}
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
}

static int
check_password(const char *pw, const char *email)
{
	const char	*why = password_policy(pw, email);

	if (why != NULL) {
		fprintf(stderr, "latchkey: %s\n", why);
		return -1;
	}
	return 0;
}

/* Creates a user; the password comes from pw, or is generated and
 * printed once when pw is NULL. */
static int
create_user(const char *email, const char *name, int admin, const char *pw)
{
	struct user	 u;
	char		 gen[25];
	int		 rc;

	memset(&u, 0, sizeof(u));
	if (!valid_email(email) || strlen(name) >= sizeof(u.name) ||
	    !valid_utf8(name, strlen(name)) ||
	    !valid_no_controls(name, strlen(name), 0)) {
		fprintf(stderr, "latchkey: invalid email or name\n");
		return EX_USAGE;
	}
	if (pw == NULL) {
		password_generate(gen);
		pw = gen;
	} else if (check_password(pw, email) == -1)
		return EX_FAIL;
	snprintf(u.email, sizeof(u.email), "%s", email);
	snprintf(u.name, sizeof(u.name), "%s", name);
	u.admin = admin;
	if (password_hash(pw, u.hash) == -1)
		return EX_FAIL;
	rc = user_create(&u, time(NULL));
	if (rc == USER_EXISTS) {
		fprintf(stderr, "latchkey: %s already exists\n", email);
		return EX_FAIL;
	}
	if (rc != USER_OK || audit_log(time(NULL), NULL, "user.create", u.id,
	    "cli", admin ? "role=admin" : "role=user") == -1)
		return EX_FAIL;
	printf("created %s %s (%s)\n", u.id, u.email, admin ? "admin" : "user");
	if (pw == gen)
		printf("password: %s\n(shown once; store it now)\n", gen);
	sodium_memzero(gen, sizeof(gen));
	return EX_OK;
}

static int
bootstrap_admin(void)
{
	const char	*email = getenv("LATCHKEY_ADMIN_EMAIL");
	const char	*pw = getenv("LATCHKEY_ADMIN_PASSWORD");
	int64_t		 n = user_count();

	if (n != 0)
		return n < 0 ? EX_FAIL : EX_OK;
	if (email == NULL || *email == '\0')
		email = "admin@localhost";
	if (pw != NULL && *pw == '\0')
		pw = NULL;
	printf("Bootstrap administrator: %s\n", email);
	return create_user(email, "Administrator", 1, pw);
}

static int
cmd_init(int argc, char **argv)
{
	const struct config	*c = config_get();
	int			 v;

	if (argc > 2 || (argc == 2 &&
	    strcmp(argv[1], "--bootstrap-admin") != 0))
		return usage(stderr);
	if (secrets_init(c->secrets) == -1 || secrets_load(c->secrets) == -1 ||
	    db_open(c->db) == -1)
		return EX_FAIL;
	if ((v = db_user_version()) > SCHEMA_VERSION) {
		fprintf(stderr, "latchkey: database schema %d is newer than "
		    "this program (%d)\n", v, SCHEMA_VERSION);
		return EX_FAIL;
	}
	if (db_begin() == -1 || db_script(schema_sql) == -1 ||
	    db_commit() == -1) {
		db_rollback();
		return EX_FAIL;
	}
	if (sigkey_ensure(time(NULL)) == -1)
		return EX_FAIL;
	if (argc == 2)
		return bootstrap_admin();
	return EX_OK;
}

static int
user_add(int argc, char **argv)
{
	const char	*name = "";
	char		 pw[PASSWORD_MAX * 4 + 2];
	int		 i, admin = 0, from_stdin = 0, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--admin") == 0)
			admin = 1;
		else if (strcmp(argv[i], "--password-stdin") == 0)
			from_stdin = 1;
		else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else
			return usage(stderr);
	}
	if (from_stdin && read_password(pw, sizeof(pw)) == -1)
		return EX_FAIL;
	rc = create_user(argv[0], name, admin, from_stdin ? pw : NULL);
	sodium_memzero(pw, sizeof(pw));
	return rc;
}

static int
user_passwd(const char *email)
{
	struct user	 u;
	char		 pw[PASSWORD_MAX * 4 + 2], hash[PASSWORD_HASHLEN];
	int		 rc = EX_FAIL;

	if (user_by_email(email, &u) != USER_OK) {
		fprintf(stderr, "latchkey: no user %s\n", email);
		return EX_FAIL;
	}
	if (read_password(pw, sizeof(pw)) == -1 ||
	    check_password(pw, u.email) == -1 || password_hash(pw, hash))
		goto out;
	if (account_set_password(u.id, hash, NULL, time(NULL)) == -1 ||
	    audit_log(time(NULL), NULL, "user.password_reset", u.id, "cli",
	    "") == -1)
		goto out;
	printf("password changed for %s; their sessions were ended\n", u.email);
	rc = EX_OK;
out:
	sodium_memzero(pw, sizeof(pw));
	return rc;
}

static int
user_enable(const char *email, int disable)
{
	struct user	 u;

	if (user_by_email(email, &u) != USER_OK) {
		fprintf(stderr, "latchkey: no user %s\n", email);
		return EX_FAIL;
	}
	if ((disable ? account_disable(u.id, time(NULL)) :
	    account_enable(u.id)) == -1 ||
	    audit_log(time(NULL), NULL, disable ? "user.disable" :
	    "user.enable", u.id, "cli", "") == -1)
		return EX_FAIL;
	printf("%s %s\n", u.email, disable ? "disabled" : "enabled");
	return EX_OK;
}

static void
print_user(const struct user *u, void *arg)
{
	char	 ts[RFC3339_LEN + 1];

	(void)arg;
	timefmt_rfc3339(u->created_at, ts);
	printf("%s\t%s\t%s\t%s\t%s\t%s\n", u->id, u->email,
	    u->admin ? "admin" : "user", u->disabled ? "disabled" : "active",
	    ts, u->name);
}

static int
cmd_user(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr);
	if (strcmp(argv[1], "list") == 0 && argc == 2) {
		printf("id\temail\trole\tstatus\tcreated\tname\n");
		return user_each(print_user, NULL) == USER_OK ? EX_OK : EX_FAIL;
	}
	if (argc < 3)
		return usage(stderr);
	if (strcmp(argv[1], "add") == 0)
		return user_add(argc - 2, argv + 2);
	if (strcmp(argv[1], "passwd") == 0 && argc == 4 &&
	    strcmp(argv[3], "--password-stdin") == 0)
		return user_passwd(argv[2]);
	if (strcmp(argv[1], "disable") == 0 && argc == 3)
		return user_enable(argv[2], 1);
	if (strcmp(argv[1], "enable") == 0 && argc == 3)
		return user_enable(argv[2], 0);
	return usage(stderr);
}

static void
print_key(const struct apikey *k, void *arg)
{
	char	 created[RFC3339_LEN + 1], used[RFC3339_LEN + 1];
	char	 perms[2048];

	(void)arg;
	timefmt_rfc3339(k->created_at, created);
	if (k->last_used_at != 0)
		timefmt_rfc3339(k->last_used_at, used);
	else
		snprintf(used, sizeof(used), "never");
	if (perm_format(&k->perms, perms, sizeof(perms)) == -1)
		perms[0] = '\0';
	printf("%s\t%s\t%s\t%s...%s\t%s\t%s\t%s\t%s\t%s\n", k->id,
	    k->user_email, k->name, k->prefix, k->hint,
	    k->live ? "live" : "test", key_status_name(key_status(k,
	    time(NULL))), created, used, perms);
}

static int
keys_list(int argc, char **argv)
{
	struct user	 u;
	const char	*uid = NULL;

	if (argc == 2 && strcmp(argv[0], "--user") == 0) {
		if (user_by_email(argv[1], &u) != USER_OK) {
			fprintf(stderr, "latchkey: no user %s\n", argv[1]);
			return EX_FAIL;
		}
		uid = u.id;
	} else if (argc != 0)
		return usage(stderr);
	printf("id\towner\tname\tkey\tenvironment\tstatus\tcreated\t"
	    "last_used\tpermissions\n");
	return keys_each(uid, print_key, NULL) == KEYS_OK ? EX_OK : EX_FAIL;
}

static int
revoke_one(const char *id, const char *reason)
{
	switch (keys_revoke(NULL, id, time(NULL), reason)) {
	case KEYS_OK:
		break;
	case KEYS_NOTFOUND:
		fprintf(stderr, "latchkey: no active key %s\n", id);
		return EX_FAIL;
	default:
		return EX_FAIL;
	}
	if (audit_log(time(NULL), NULL, "key.revoke", id, "cli", reason) == -1)
		return EX_FAIL;
	printf("revoked %s\n", id);
	return EX_OK;
}

/* Reads keys from stdin, one a line, and revokes each that is ours. */
static int
revoke_leaked(const char *reason)
{
	struct apikey	 k;
	char		 line[256];
	size_t		 n;
	int		 revoked = 0, unknown = 0;

	while (fgets(line, sizeof(line), stdin) != NULL) {
		n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (n == 0)
			continue;
		switch (keys_find(line, &k)) {
		case KEYS_OK:
			if (keys_revoke(NULL, k.id, time(NULL), reason) !=
			    KEYS_OK) {
				unknown++;
				break;
			}
			if (audit_log(time(NULL), NULL, "key.revoke_leaked",
			    k.id, "cli", k.user_id) == -1)
				return EX_FAIL;
			printf("revoked %s (%s)\n", k.id, k.user_email);
			revoked++;
			break;
		case KEYS_ERR:
			return EX_FAIL;
		default:
			unknown++;
		}
	}
	sodium_memzero(line, sizeof(line));
	printf("%d revoked, %d not found or already inactive\n", revoked,
	    unknown);
	return EX_OK;
}

static int
keys_revoke_cmd(int argc, char **argv)
{
	const char	*reason = "", *id = NULL;
	int		 i, leaked = 0;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--leaked") == 0)
			leaked = 1;
		else if (strcmp(argv[i], "--reason") == 0 && i + 1 < argc)
			reason = argv[++i];
		else if (id == NULL && argv[i][0] != '-')
			id = argv[i];
		else
			return usage(stderr);
	}
	if (strlen(reason) > 500 || leaked == (id != NULL))
		return usage(stderr);
	if (leaked)
		return revoke_leaked(reason[0] ? reason : "leaked");
	return revoke_one(id, reason);
}

/* An admin's per-key rate limit, overriding LATCHKEY_RATELIMIT_APIKEY. */
static int
keys_limit(const char *id, const char *value)
{
	unsigned long long	 n = 0;

	if (strcmp(value, "default") != 0 &&
	    (!valid_uint(value, 1000000, &n) || n == 0)) {
		fprintf(stderr, "latchkey: the limit is 1 to 1000000 or "
		    "default\n");
		return EX_USAGE;
	}
	switch (keys_set_limit(id, (int64_t)n)) {
	case KEYS_OK:
		break;
	case KEYS_NOTFOUND:
		fprintf(stderr, "latchkey: no key %s\n", id);
		return EX_FAIL;
	default:
		return EX_FAIL;
	}
	if (audit_log(time(NULL), NULL, "key.limit", id, "cli", value) == -1)
		return EX_FAIL;
	printf("%s: %s requests per hour\n", id, value);
	return EX_OK;
}

static int
cmd_keys(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "limit") == 0)
		return keys_limit(argv[2], argv[3]);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return keys_list(argc - 2, argv + 2);
	if (argc >= 3 && strcmp(argv[1], "revoke") == 0)
		return keys_revoke_cmd(argc - 2, argv + 2);
	return usage(stderr);
}

static int
cmd_signing_key(int argc, char **argv)
{
	char	 kid[JWT_KIDLEN + 1];

	if (argc != 2 || strcmp(argv[1], "rotate") != 0)
		return usage(stderr);
	if (sigkey_rotate(time(NULL), kid) == -1 ||
	    audit_log(time(NULL), NULL, "signing_key.rotate", kid, "cli", "")
	    == -1)
		return EX_FAIL;
	printf("now signing with %s; the previous key stays published for "
	    "%d seconds\n", kid, SIGKEY_PUBLISH);
	return EX_OK;
}

static int
cmd_backup(int argc, char **argv)
{
	int	 fd;

	if (argc != 2)
		return usage(stderr);
	/* Create it ourselves, privately and exclusively: an existing file
	 * or a symlink planted there (dangling or not) is refused, so the
	 * copy of password hashes lands nowhere but where we were told. */
	fd = open(argv[1], O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd == -1) {
		fprintf(stderr, "latchkey: %s: %s\n", argv[1], strerror(errno));
		return EX_FAIL;
	}
	close(fd);
	if (db_backup(argv[1]) == -1) {
		(void)unlink(argv[1]);
		return EX_FAIL;
	}
	printf("backed up to %s\n", argv[1]);
	return EX_OK;
}

int
main(int argc, char **argv)
{
	int	 rc;

	umask(077);
	if (argc < 2)
		return usage(stderr);
	if (wants_help(argc, argv))
		return usage(stdout);
	if (sodium_init() < 0 || config_load() == -1)
		return EX_FAIL;
	log_open(NULL, "latchkey");
	if (strcmp(argv[1], "init") == 0)
		rc = cmd_init(argc - 1, argv + 1);
	else if (strcmp(argv[1], "user") != 0 &&
	    strcmp(argv[1], "keys") != 0 && strcmp(argv[1], "backup") != 0 &&
	    strcmp(argv[1], "signing-key") != 0)
		rc = usage(stderr);
	else if (open_all() == -1)
		rc = EX_FAIL;
	else if (strcmp(argv[1], "user") == 0)
		rc = cmd_user(argc - 1, argv + 1);
	else if (strcmp(argv[1], "keys") == 0)
		rc = cmd_keys(argc - 1, argv + 1);
	else if (strcmp(argv[1], "signing-key") == 0)
		rc = cmd_signing_key(argc - 1, argv + 1);
	else
		rc = cmd_backup(argc - 1, argv + 1);
	db_close();
	return rc;
}
