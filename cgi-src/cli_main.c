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

#include "cli.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "purge.h"
#include "schema.h"
#include "secrets.h"
#include "sigkey.h"
#include "user.h"

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
"       latchkey keys tier ID PLAN|none\n"
"       latchkey plan add NAME [--display-name D] [--rank N]\n"
"                [--per-second N] [--per-hour N] [--per-month N]\n"
"       latchkey plan set NAME [the same flags; a limit may be none]\n"
"       latchkey plan list\n"
"       latchkey plan remove NAME\n"
"       latchkey user plan EMAIL PLAN|none\n"
"       latchkey usage flush\n"
"       latchkey app resource-server CLIENT_ID on|off\n"
"       latchkey purge\n"
"       latchkey backup FILE\n"
"       latchkey signing-key rotate [--alg EdDSA|ES256|RS256]\n"
"\n"
"Reads LATCHKEY_DB, LATCHKEY_SECRETS and the other LATCHKEY_* variables\n"
"(see the README). Passwords are read from standard input, never from\n"
"the command line.\n";

const struct actor cli_actor = { NULL, "cli", VIA_CLI };

int
cli_usage(FILE *f)
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

int
cli_open(void)
{
	const struct config	*c = config_get();

	/* db_open would make a new, empty database: a command pointed at
	 * the wrong place must say so instead. */
	if (access(c->db, F_OK) == -1) {
		fprintf(stderr, "latchkey: no database at %s (set LATCHKEY_DB, "
		    "or LATCHKEY_VAR, to the instance's; latchkey init makes a "
		    "new one)\n", c->db);
		return -1;
	}
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

int
cli_read_line(char *out, size_t outsz, const char *what)
{
	size_t	 n;

	if (fgets(out, (int)outsz, stdin) == NULL) {
		fprintf(stderr, "latchkey: no %s on standard input\n", what);
		return -1;
	}
	n = strlen(out);
	if (n > 0 && out[n - 1] != '\n' && !feof(stdin)) {
		fprintf(stderr, "latchkey: %s too long\n", what);
		return -1;
	}
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
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
	return cli_create_user(email, "Administrator", 1, pw);
}

int
cli_init(int argc, char **argv)
{
	const struct config	*c = config_get();
	int			 rotated;

	if (argc > 2 || (argc == 2 &&
	    strcmp(argv[1], "--bootstrap-admin") != 0))
		return cli_usage(stderr);
	if (secrets_init(c->secrets) == -1 || secrets_load(c->secrets) == -1 ||
	    db_open(c->db) == -1 || schema_apply() == -1 ||
	    sigkey_ensure(&cli_actor, time(NULL), (enum pkey_alg)c->jwt_alg,
	    &rotated) == -1)
		return EX_FAIL;
	if (rotated)
		printf("LATCHKEY_JWT_ALG is %s: signing with a new %s key; the "
		    "previous key stays published for %d seconds\n",
		    pkey_alg_names[c->jwt_alg], pkey_alg_names[c->jwt_alg],
		    SIGKEY_PUBLISH);
	if (argc == 2)
		return bootstrap_admin();
	return EX_OK;
}

/* latchkey signing-key rotate [--alg EdDSA|ES256|RS256]: the new key
 * is of --alg, else of LATCHKEY_JWT_ALG. */
static int
cmd_signing_key(int argc, char **argv)
{
	char	 kid[JWT_KIDLEN + 1];
	int	 alg = config_get()->jwt_alg;

	if ((argc != 2 && argc != 4) || strcmp(argv[1], "rotate") != 0 ||
	    (argc == 4 && (strcmp(argv[2], "--alg") != 0 ||
	    (alg = pkey_alg_parse(argv[3])) == -1)))
		return cli_usage(stderr);
	if (cli_open() == -1)
		return EX_FAIL;
	if (sigkey_rotate(&cli_actor, time(NULL), (enum pkey_alg)alg, kid) ==
	    -1)
		return EX_FAIL;
	printf("now signing with %s (%s); the previous key stays published "
	    "for %d seconds\n", kid, pkey_alg_names[alg], SIGKEY_PUBLISH);
	return EX_OK;
}

static int
cmd_purge(int argc, char **argv)
{
	struct purge_counts	 n;

	(void)argv;
	if (argc != 1)
		return cli_usage(stderr);
	if (cli_open() == -1)
		return EX_FAIL;
	if (purge_run(time(NULL), 0, &n) == -1)
		return EX_FAIL;
	printf("purged %lld sessions, %lld token families, %lld refresh "
	    "tokens, %lld codes, %lld form nonces, %lld throttle events\n",
	    (long long)n.sessions, (long long)n.families,
	    (long long)n.refresh_tokens, (long long)n.codes,
	    (long long)n.nonces, (long long)n.throttle_events);
	return EX_OK;
}

static int
cmd_backup(int argc, char **argv)
{
	int	 fd;

	if (argc != 2)
		return cli_usage(stderr);
	if (cli_open() == -1)
		return EX_FAIL;
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

static const struct {
	const char	*name;
	int		(*fn)(int, char **);
} commands[] = {
	{ "user", cli_user },
	{ "keys", cli_keys },
	{ "app", cli_app },
	{ "plan", cli_plan },
	{ "usage", cli_usage_cmd },
	{ "purge", cmd_purge },
	{ "backup", cmd_backup },
	{ "signing-key", cmd_signing_key },
};

int
main(int argc, char **argv)
{
	size_t	 i;
	int	 rc;

	umask(077);
	if (argc < 2)
		return cli_usage(stderr);
	if (wants_help(argc, argv))
		return cli_usage(stdout);
	if (sodium_init() < 0 || config_load() == -1)
		return EX_FAIL;
	log_open(NULL, "latchkey");
	if (strcmp(argv[1], "init") == 0)
		rc = cli_init(argc - 1, argv + 1);
	else {
		for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (strcmp(argv[1], commands[i].name) == 0)
				break;
		if (i == sizeof(commands) / sizeof(commands[0]))
			rc = cli_usage(stderr);
		else
			rc = commands[i].fn(argc - 1, argv + 1);
	}
	db_close();
	return rc;
}
