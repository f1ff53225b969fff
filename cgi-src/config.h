/*
 * Process configuration, read once from LATCHKEY_* environment variables.
 * The README's configuration table lists each with its default.
 */
#ifndef LK_CONFIG_H
#define LK_CONFIG_H

#include <stdint.h>

struct config {
	const char	*db;		/* LATCHKEY_DB */
	const char	*secrets;	/* LATCHKEY_SECRETS */
	const char	*issuer;	/* LATCHKEY_ISSUER */
	const char	*audience;	/* LATCHKEY_AUDIENCE */
	const char	*templates;	/* LATCHKEY_TEMPLATES */
	const char	*log;		/* LATCHKEY_LOG */
	const char	*origin;	/* LATCHKEY_ORIGIN: pins the Origin */
	const char	*trusted_proxy;	/* LATCHKEY_TRUSTED_PROXY */
	int		 signup;	/* LATCHKEY_SIGNUP */
	const char	*ratelimit_file;	/* LATCHKEY_RATELIMIT_FILE */
	int64_t		 rl_apikey;	/* LATCHKEY_RATELIMIT_APIKEY */
	int64_t		 rl_oauth;	/* LATCHKEY_RATELIMIT_OAUTH */
	int64_t		 rl_jwt;	/* LATCHKEY_RATELIMIT_JWT */
	int64_t		 rl_window;	/* LATCHKEY_RATELIMIT_WINDOW, s */
	const char	*hashgate_file;	/* LATCHKEY_DB + "-hashgate" */
	int64_t		 hash_concurrency; /* LATCHKEY_HASH_CONCURRENCY */
	const char	*default_plan;	/* LATCHKEY_DEFAULT_PLAN; NULL: none */
	const char	*usage_file;	/* LATCHKEY_DB + "-usage" */
	int		 jwt_alg;	/* LATCHKEY_JWT_ALG: enum pkey_alg */
};

/* Fills the process-wide configuration; -1 on a malformed value. */
int			 config_load(void);
const struct config	*config_get(void);

#endif
