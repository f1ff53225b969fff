/* latchkey-api: the JSON API and OAuth endpoints, as FastCGI or CGI. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "client.h"
#include "config.h"
#include "hashgate.h"
#include "ratelimit.h"
#include "apis.h"
#include "keys.h"
#include "password.h"
#include "perm.h"
#include "serve.h"
#include "usage.h"
#include "valid.h"


static int
api_init(void)
{
	const struct config	*c = config_get();

	if (password_init() == -1 ||
	    hashgate_open(c->hashgate_file, (int)c->hash_concurrency) == -1 ||
	    usage_open(c->usage_file) == -1)
		return -1;
	return ratelimit_open(c->ratelimit_file);
}

static int
verify_init(void)
{
	if (usage_open(config_get()->usage_file) == -1)
		return -1;
	return ratelimit_open(config_get()->ratelimit_file);
}

/* Writes the usage this host counted, so a stop loses none of it. */
static void
api_stop(void)
{
	(void)usage_flush(time(NULL));
}

static const struct app api = {
	"latchkey-api", api_routes, api_init, api_authenticate, NULL, api_error,
	api_finish, api_stop,
};

static const struct app verify_pool = {
	"latchkey-api --verify", api_verify_routes, verify_init,
	api_authenticate, NULL, api_error, api_finish, api_stop,
};

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--verify") == 0)
		return serve_main(&verify_pool);
	if (argc != 1) {
		fprintf(stderr, "usage: latchkey-api [--verify]\n");
		return 2;
	}
	return serve_main(&api);
}
