/* latchkey user add|passwd|disable|enable|list */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "account.h"
#include "cli.h"
#include "password.h"
#include "timefmt.h"
#include "user.h"

#define PW_BUFLEN	(PASSWORD_MAX * 4 + 2)

static int
report(enum account_rc rc, const struct account_why *w, const char *email)
{
	switch (rc) {
	case ACCOUNT_OK:
		return EX_OK;
	case ACCOUNT_INVALID:
		fprintf(stderr, "latchkey: invalid %s: %s\n", w->field,
		    w->text);
		/* A bad address or name is a usage error; a weak password
		 * is the input's fault, not the command's. */
		return strcmp(w->field, "email") == 0 ||
		    strcmp(w->field, "name") == 0 ? EX_USAGE : EX_FAIL;
	case ACCOUNT_EXISTS:
		fprintf(stderr, "latchkey: %s already exists\n", email);
		return EX_FAIL;
	default:
		return EX_FAIL;
	}
}

/* Creates a user; the password comes from pw, or is generated and
 * printed once when pw is NULL. */
int
cli_create_user(const char *email, const char *name, int admin,
    const char *pw)
{
	struct account_new	 n = { email, name, admin, pw };
	struct account_why	 w = { 0 };
	struct user		 u;
	char			 gen[25];
	int			 rc;

	if ((rc = report(account_create(&n, &cli_actor, time(NULL), &u, gen,
	    &w), &w, email)) != EX_OK)
		return rc;
	printf("created %s %s (%s)\n", u.id, u.email, admin ? "admin" : "user");
	if (gen[0] != '\0')
		printf("password: %s\n(shown once; store it now)\n", gen);
	sodium_memzero(gen, sizeof(gen));
	return EX_OK;
}

static int
user_add(int argc, char **argv)
{
	const char	*name = "";
	char		 pw[PW_BUFLEN];
	int		 i, admin = 0, from_stdin = 0, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--admin") == 0)
			admin = 1;
		else if (strcmp(argv[i], "--password-stdin") == 0)
			from_stdin = 1;
		else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else
			return cli_usage(stderr);
	}
	if (cli_open() == -1 ||
	    (from_stdin && cli_read_line(pw, sizeof(pw), "password") == -1))
		return EX_FAIL;
	rc = cli_create_user(argv[0], name, admin, from_stdin ? pw : NULL);
	sodium_memzero(pw, sizeof(pw));
	return rc;
}

static int
find(const char *email, struct user *u)
{
	if (user_by_email(email, u) == USER_OK)
		return 0;
	fprintf(stderr, "latchkey: no user %s\n", email);
	return -1;
}

static int
user_passwd(const char *email)
{
	struct account_why	 w = { 0 };
	struct user		 u;
	char			 pw[PW_BUFLEN], unused[25];
	int			 rc = EX_FAIL;

	if (find(email, &u) == -1)
		return EX_FAIL;
	if (cli_read_line(pw, sizeof(pw), "password") == 0 &&
	    (rc = report(account_set_password(u.id, pw, &cli_actor, time(NULL),
	    unused, &w), &w, email)) == EX_OK)
		printf("password changed for %s; their sessions were ended\n",
		    u.email);
	sodium_memzero(pw, sizeof(pw));
	return rc == EX_USAGE ? EX_FAIL : rc;
}

static int
user_enable(const char *email, int disable)
{
	struct user	 u;

	if (find(email, &u) == -1)
		return EX_FAIL;
	if ((disable ? account_disable(u.id, &cli_actor, time(NULL)) :
	    account_enable(u.id, &cli_actor, time(NULL))) != ACCOUNT_OK)
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
	printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u->id, u->email,
	    u->admin ? "admin" : "user", u->disabled ? "disabled" : "active",
	    ts, u->plan[0] ? u->plan : "-", u->name);
}

static int
user_list(void)
{
	if (cli_open() == -1)
		return EX_FAIL;
	printf("id\temail\trole\tstatus\tcreated\tplan\tname\n");
	return user_each(print_user, NULL) == USER_OK ? EX_OK : EX_FAIL;
}

int
cli_user(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return user_list();
	if (argc < 3)
		return cli_usage(stderr);
	if (strcmp(argv[1], "add") == 0)
		return user_add(argc - 2, argv + 2);
	if (strcmp(argv[1], "passwd") == 0 && argc == 4 &&
	    strcmp(argv[3], "--password-stdin") == 0)
		return cli_open() == -1 ? EX_FAIL : user_passwd(argv[2]);
	if (strcmp(argv[1], "plan") == 0 && argc == 4)
		return cli_user_plan(argv[2], argv[3]);
	if (strcmp(argv[1], "disable") == 0 && argc == 3)
		return cli_open() == -1 ? EX_FAIL : user_enable(argv[2], 1);
	if (strcmp(argv[1], "enable") == 0 && argc == 3)
		return cli_open() == -1 ? EX_FAIL : user_enable(argv[2], 0);
	return cli_usage(stderr);
}
