/*
 * The latchkey command: each group of subcommands in its own file, all
 * with the same exit codes, usage and actor (the operator).
 */
#ifndef LK_CLI_H
#define LK_CLI_H

#include <stdio.h>

#include "audit.h"

#define EX_OK		0
#define EX_FAIL		1
#define EX_USAGE	2

/* Prints the usage to f; EX_OK for stdout (--help), else EX_USAGE. */
int	cli_usage(FILE *f);
/* Opens the secrets file and the existing database at its schema
 * version; a command calls it once its arguments are known good, so a
 * usage error never touches a file. 0, or -1 (said why). */
int	cli_open(void);
/* The operator at the command line, for the audit log. */
extern const struct actor cli_actor;
/* Reads one line from stdin, without its newline; 0 / -1 (said why). */
int	cli_read_line(char *out, size_t outsz, const char *what);

/* Creates a user; a NULL pw is generated and printed once. */
int	cli_create_user(const char *email, const char *name, int admin,
	    const char *pw);

/* argv[0] is the group's name ("user", "keys", ...). */
int	cli_user(int argc, char **argv);
int	cli_keys(int argc, char **argv);
int	cli_app(int argc, char **argv);
int	cli_plan(int argc, char **argv);
int	cli_usage_cmd(int argc, char **argv);
/* latchkey user plan EMAIL PLAN|none, keys tier ID PLAN|none */
int	cli_user_plan(const char *email, const char *plan);
int	cli_keys_tier(const char *id, const char *plan);
/* init runs before the database is open; the others after. */
int	cli_init(int argc, char **argv);

#endif
