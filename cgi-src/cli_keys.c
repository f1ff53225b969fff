/* latchkey keys list|revoke|limit */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "cli.h"
#include "keyfmt.h"
#include "keys.h"
#include "keyview.h"
#include "timefmt.h"
#include "user.h"
#include "valid.h"

/* What the dashboard shows beside a key's status badge (keyview.c), as
 * "; "-separated words, or "-". */
static void
key_notes(const struct apikey *k, const struct key_view *v, char *out,
    size_t len)
{
	size_t	 n = 0;

	out[0] = '\0';
	if (v->owner_disabled)
		n += (size_t)snprintf(out + n, len - n, "owner disabled; ");
	if (v->due_rotation && n < len)
		n += (size_t)snprintf(out + n, len - n, "due for rotation; ");
	if (k->rolled_to[0] && n < len)
		n += (size_t)snprintf(out + n, len - n, "rolled to %s; ",
		    k->rolled_to);
	if (k->rolled_from[0] && n < len)
		n += (size_t)snprintf(out + n, len - n, "replaces %s; ",
		    k->rolled_from);
	if (n >= 2 && n < len)
		out[n - 2] = '\0';
	else if (n == 0)
		snprintf(out, len, "-");
}

static void
print_key(const struct apikey *k, void *arg)
{
	char		 created[RFC3339_LEN + 1], used[RFC3339_LEN + 1];
	char		 expires[RFC3339_LEN + 1], perms[2048], notes[160];
	struct key_view	 v;

	(void)arg;
	key_view(k, time(NULL), &v);
	timefmt_rfc3339(k->created_at, created);
	if (k->last_used_at != 0)
		timefmt_rfc3339(k->last_used_at, used);
	else
		snprintf(used, sizeof(used), "never");
	if (k->expires_at != 0)
		timefmt_rfc3339(k->expires_at, expires);
	else
		snprintf(expires, sizeof(expires), "never");
	if (perm_format(&k->perms, perms, sizeof(perms)) == -1)
		perms[0] = '\0';
	key_notes(k, &v, notes, sizeof(notes));
	printf("%s\t%s\t%s\t%s...%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
	    k->id, k->user_email, k->name, k->prefix, k->hint,
	    k->live ? "live" : "test", v.status, created, used, perms,
	    expires, notes, k->tier[0] ? k->tier : "-");
}

static int
keys_list(int argc, char **argv)
{
	struct user	 u;
	const char	*uid = NULL;

	if (argc == 2 && strcmp(argv[0], "--user") == 0) {
		if (cli_open() == -1)
			return EX_FAIL;
		if (user_by_email(argv[1], &u) != USER_OK) {
			fprintf(stderr, "latchkey: no user %s\n", argv[1]);
			return EX_FAIL;
		}
		uid = u.id;
	} else if (argc != 0)
		return cli_usage(stderr);
	if (uid == NULL && cli_open() == -1)
		return EX_FAIL;
	/* The first nine columns as before; new ones go at the end. */
	printf("id\towner\tname\tkey\tenvironment\tstatus\tcreated\t"
	    "last_used\tpermissions\texpires\tnotes\ttier\n");
	return keys_each(uid, print_key, NULL) == KEYS_OK ? EX_OK : EX_FAIL;
}

static int
revoke_one(const char *id, const char *reason)
{
	switch (keys_revoke(NULL, id, REVOKE_OWNER, reason, &cli_actor,
	    time(NULL))) {
	case KEYS_OK:
		printf("revoked %s\n", id);
		return EX_OK;
	case KEYS_NOTFOUND:
		fprintf(stderr, "latchkey: no active key %s\n", id);
		return EX_FAIL;
	default:
		return EX_FAIL;
	}
}

/* Reads keys from stdin, one a line, and revokes each that is ours. A
 * line may be what the key was found in ("Authorization: Bearer sk_...",
 * a log line): the key is taken from it (keyfmt_find). */
static int
revoke_leaked(const char *reason)
{
	struct apikey	 k;
	char		 line[4096], key[KEY_LEN + 1];
	size_t		 n;
	int		 revoked = 0, unknown = 0, rc = EX_OK;

	while (rc == EX_OK && fgets(line, sizeof(line), stdin) != NULL) {
		n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (line[strspn(line, " \t")] == '\0')
			continue;
		if (!keyfmt_find(line, n, key)) {
			unknown++;
			continue;
		}
		switch (keys_revoke_secret(key, reason, &cli_actor,
		    time(NULL), &k)) {
		case KEYS_OK:
			printf("revoked %s (%s)\n", k.id, k.user_email);
			revoked++;
			break;
		case KEYS_ERR:
			rc = EX_FAIL;
			break;
		default:
			unknown++;
		}
	}
	sodium_memzero(line, sizeof(line));
	sodium_memzero(key, sizeof(key));
	if (rc == EX_OK)
		printf("%d revoked, %d not found or already inactive\n",
		    revoked, unknown);
	return rc;
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
			return cli_usage(stderr);
	}
	if (strlen(reason) > 500 || leaked == (id != NULL))
		return cli_usage(stderr);
	if (cli_open() == -1)
		return EX_FAIL;
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
	if (cli_open() == -1)
		return EX_FAIL;
	switch (keys_set_limit(id, (int64_t)n, &cli_actor, time(NULL))) {
	case KEYS_OK:
		printf("%s: %s requests per hour\n", id, value);
		return EX_OK;
	case KEYS_NOTFOUND:
		fprintf(stderr, "latchkey: no key %s\n", id);
		return EX_FAIL;
	default:
		return EX_FAIL;
	}
}

int
cli_keys(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "tier") == 0)
		return cli_keys_tier(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "limit") == 0)
		return keys_limit(argv[2], argv[3]);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return keys_list(argc - 2, argv + 2);
	if (argc >= 3 && strcmp(argv[1], "revoke") == 0)
		return keys_revoke_cmd(argc - 2, argv + 2);
	return cli_usage(stderr);
}
