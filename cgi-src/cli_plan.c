/* latchkey plan add|set|list|remove, user plan, keys tier, usage flush
 * (SPEC 9) */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "config.h"
#include "usage.h"
#include "plan.h"
#include "user.h"
#include "valid.h"

/* A limit flag's value: a count, or "none" (0) to unset it. */
static int
limit_arg(const char *v, int64_t *out)
{
	unsigned long long	 n;

	if (strcmp(v, "none") == 0) {
		*out = 0;
		return 0;
	}
	if (!valid_uint(v, PLAN_MAXLIMIT, &n) || n == 0)
		return -1;
	*out = (int64_t)n;
	return 0;
}

static int
rank_arg(const char *v, int64_t *out)
{
	unsigned long long	 n;
	int			 neg = v[0] == '-';

	if (!valid_uint(v + neg, 1000000, &n))
		return -1;
	*out = neg ? -(int64_t)n : (int64_t)n;
	return 0;
}

/* One flag and its value at argv[0..1]; -1 for a usage error. */
static int
flag(struct plan_input *in, const char *f, const char *v)
{
	if (strcmp(f, "--display-name") == 0) {
		in->display_name = v;
		return 0;
	}
	if (strcmp(f, "--rank") == 0)
		return in->has_rank = 1, rank_arg(v, &in->rank);
	if (strcmp(f, "--per-second") == 0)
		return in->has_second = 1, limit_arg(v, &in->per_second);
	if (strcmp(f, "--per-hour") == 0)
		return in->has_hour = 1, limit_arg(v, &in->per_hour);
	if (strcmp(f, "--per-month") == 0)
		return in->has_month = 1, limit_arg(v, &in->per_month);
	return -1;
}

static int
parse_flags(int argc, char **argv, struct plan_input *in)
{
	int	 i;

	memset(in, 0, sizeof(*in));
	if (argc % 2 != 0)
		return -1;
	for (i = 0; i < argc; i += 2)
		if (flag(in, argv[i], argv[i + 1]) == -1)
			return -1;
	return plan_check_input(in) == NULL ? 0 : -1;
}

static int
report(enum plan_rc rc, const char *name, const char *done)
{
	switch (rc) {
	case PLAN_OK:
		printf("%s %s\n", done, name);
		return EX_OK;
	case PLAN_EXISTS:
		fprintf(stderr, "latchkey: plan %s already exists\n", name);
		return EX_FAIL;
	case PLAN_NOTFOUND:
		fprintf(stderr, "latchkey: no plan %s\n", name);
		return EX_FAIL;
	case PLAN_INUSE:
		fprintf(stderr, "latchkey: plan %s is in use by an account or "
		    "key; move them to another plan first\n", name);
		return EX_FAIL;
	case PLAN_INVALID:
		fprintf(stderr, "latchkey: invalid plan %s\n", name);
		return EX_USAGE;
	default:
		return EX_FAIL;
	}
}

static void
print_limit(int64_t v, const char *sep)
{
	if (v > 0)
		printf("%lld%s", (long long)v, sep);
	else
		printf("-%s", sep);
}

static void
print_plan(const struct plan *p, void *arg)
{
	(void)arg;
	printf("%s\t%s\t%lld\t", p->name, p->display_name, (long long)p->rank);
	print_limit(p->per_second, "\t");
	print_limit(p->per_hour, "\t");
	print_limit(p->per_month, "\t");
	printf("%lld\t%lld\n", (long long)p->accounts, (long long)p->keys);
}

static int
plan_cmd(int argc, char **argv)
{
	struct plan_input	 in;
	const char		*name = argc >= 3 ? argv[2] : "";
	int			 add = strcmp(argv[1], "add") == 0;

	if (strcmp(argv[1], "list") == 0 && argc == 2) {
		if (cli_open() == -1)
			return EX_FAIL;
		printf("name\tdisplay_name\trank\tper_second\tper_hour\t"
		    "per_month\taccounts\tkeys\n");
		return plan_each(print_plan, NULL) == PLAN_OK ? EX_OK : EX_FAIL;
	}
	if (strcmp(argv[1], "remove") == 0 && argc == 3)
		return cli_open() == -1 ? EX_FAIL : report(plan_remove(name,
		    &cli_actor, time(NULL)), name, "removed");
	if ((!add && strcmp(argv[1], "set") != 0) || argc < 3 ||
	    !plan_valid_name(name) || parse_flags(argc - 3, argv + 3, &in))
		return cli_usage(stderr);
	if (cli_open() == -1)
		return EX_FAIL;
	return report(add ? plan_add(name, &in, &cli_actor, time(NULL)) :
	    plan_set(name, &in, &cli_actor, time(NULL)), name,
	    add ? "added" : "updated");
}

int
cli_plan(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(stderr);
	return plan_cmd(argc, argv);
}

/* latchkey user plan EMAIL PLAN|none */
int
cli_user_plan(const char *email, const char *name)
{
	struct user	 u;
	const char	*p = strcmp(name, "none") == 0 ? NULL : name;

	if (p != NULL && !plan_valid_name(p))
		return cli_usage(stderr);
	if (cli_open() == -1)
		return EX_FAIL;
	if (user_by_email(email, &u) != USER_OK) {
		fprintf(stderr, "latchkey: no user %s\n", email);
		return EX_FAIL;
	}
	return report(plan_set_user(u.id, p, &cli_actor, time(NULL)), name,
	    strcmp(name, "none") == 0 ? "no plan now:" : "plan set:");
}

/* latchkey keys tier ID PLAN|none */
int
cli_keys_tier(const char *id, const char *name)
{
	const char	*p = strcmp(name, "none") == 0 ? NULL : name;

	if (p != NULL && !plan_valid_name(p))
		return cli_usage(stderr);
	if (cli_open() == -1)
		return EX_FAIL;
	switch (plan_set_key(id, p, &cli_actor, time(NULL))) {
	case PLAN_OK:
		printf("%s: tier %s\n", id, name);
		return EX_OK;
	case PLAN_NOTFOUND:
		fprintf(stderr, "latchkey: no key %s or no plan %s\n", id,
		    name);
		return EX_FAIL;
	default:
		return EX_FAIL;
	}
}

/* latchkey usage flush: writes the host's pending usage counts now, as
 * the servers do every minute and when they stop. */
int
cli_usage_cmd(int argc, char **argv)
{
	(void)argv;
	if (argc != 2 || strcmp(argv[1], "flush") != 0)
		return cli_usage(stderr);
	if (cli_open() == -1 || usage_open(config_get()->usage_file) == -1)
		return EX_FAIL;
	if (usage_flush(time(NULL)) == -1)
		return EX_FAIL;
	printf("usage written\n");
	return EX_OK;
}
