#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "pkey.h"
#include "log.h"
#include "valid.h"

#ifndef LK_TEMPLATE_DIR
#define LK_TEMPLATE_DIR "templates"
#endif

static const char *
env_or(const char *name, const char *def)
{
	const char	*v = getenv(name);

	return v != NULL && *v != '\0' ? v : def;
}

static struct config	 cfg;
static char		 rlpath[4096], hgpath[4096], uspath[4096];
static char		 dbpath[4096], secpath[4096];

/* A positive integer variable no larger than max; -1 if malformed. */
static int
env_int(const char *name, int64_t def, int64_t max, int64_t *out)
{
	const char		*v = env_or(name, NULL);
	unsigned long long	 n;

	*out = def;
	if (v == NULL)
		return 0;
	if (!valid_uint(v, (unsigned long long)max, &n) || n == 0) {
		log_msg("%s must be a number from 1 to %lld", name,
		    (long long)max);
		return -1;
	}
	*out = (int64_t)n;
	return 0;
}

/* LATCHKEY_JWT_ALG: what `latchkey init` makes the signing key. */
static int
env_alg(void)
{
	const char	*v = env_or("LATCHKEY_JWT_ALG", "EdDSA");

	if ((cfg.jwt_alg = pkey_alg_parse(v)) == -1) {
		log_msg("LATCHKEY_JWT_ALG must be EdDSA, ES256 or RS256");
		return -1;
	}
	return 0;
}

int
config_load(void)
{
	const char	*signup, *var;
	long		 ncpu;

	/* LATCHKEY_VAR names an instance's state directory, as make run
	 * takes it; LATCHKEY_DB and LATCHKEY_SECRETS override each part. */
	var = env_or("LATCHKEY_VAR", "var");
	snprintf(dbpath, sizeof(dbpath), "%s/latchkey.db", var);
	snprintf(secpath, sizeof(secpath), "%s/secrets", var);
	cfg.db = env_or("LATCHKEY_DB", dbpath);
	cfg.secrets = env_or("LATCHKEY_SECRETS", secpath);
	cfg.issuer = env_or("LATCHKEY_ISSUER", "http://localhost:8080");
	cfg.audience = env_or("LATCHKEY_AUDIENCE", cfg.issuer);
	cfg.templates = env_or("LATCHKEY_TEMPLATES", LK_TEMPLATE_DIR);
	cfg.log = env_or("LATCHKEY_LOG", NULL);
	cfg.origin = env_or("LATCHKEY_ORIGIN", NULL);
	cfg.trusted_proxy = env_or("LATCHKEY_TRUSTED_PROXY", NULL);
	signup = env_or("LATCHKEY_SIGNUP", "0");
	if (strcmp(signup, "0") != 0 && strcmp(signup, "1") != 0) {
		log_msg("LATCHKEY_SIGNUP must be 0 or 1");
		return -1;
	}
	cfg.signup = signup[0] == '1';
	snprintf(rlpath, sizeof(rlpath), "%s-ratelimit", cfg.db);
	cfg.ratelimit_file = env_or("LATCHKEY_RATELIMIT_FILE", rlpath);
	if (env_int("LATCHKEY_RATELIMIT_APIKEY", 1000, 1000000,
	    &cfg.rl_apikey) == -1 ||
	    env_int("LATCHKEY_RATELIMIT_OAUTH", 5000, 1000000,
	    &cfg.rl_oauth) == -1 ||
	    env_int("LATCHKEY_RATELIMIT_JWT", 2000, 1000000,
	    &cfg.rl_jwt) == -1 ||
	    env_int("LATCHKEY_RATELIMIT_WINDOW", 3600, 86400,
	    &cfg.rl_window) == -1)
		return -1;
	snprintf(hgpath, sizeof(hgpath), "%s-hashgate", cfg.db);
	cfg.hashgate_file = hgpath;
	snprintf(uspath, sizeof(uspath), "%s-usage", cfg.db);
	cfg.usage_file = uspath;
	cfg.default_plan = env_or("LATCHKEY_DEFAULT_PLAN", NULL);
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (env_int("LATCHKEY_HASH_CONCURRENCY", ncpu < 1 ? 1 : ncpu > 64 ?
	    64 : ncpu, 64, &cfg.hash_concurrency) == -1)
		return -1;
	return env_alg();
}

const struct config *
config_get(void)
{
	return &cfg;
}
