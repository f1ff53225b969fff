#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"

#ifndef LK_TEMPLATE_DIR
#define LK_TEMPLATE_DIR "templates"
#endif

static struct config	 cfg;

static const char *
env_or(const char *name, const char *def)
{
	const char	*v = getenv(name);

	return v != NULL && *v != '\0' ? v : def;
}

int
config_load(void)
{
	const char	*signup;

	cfg.db = env_or("LATCHKEY_DB", "var/latchkey.db");
	cfg.secrets = env_or("LATCHKEY_SECRETS", "var/secrets");
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
	return 0;
}

const struct config *
config_get(void)
{
	return &cfg;
}
