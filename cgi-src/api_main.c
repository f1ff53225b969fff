/* latchkey-api: the JSON API and OAuth endpoints, as FastCGI or CGI. */
#include "api.h"
#include "password.h"
#include "serve.h"

static const struct route routes[] = {
	{ 0, NULL, NULL, 0, NULL },
};

static int
api_init(void)
{
	password_verify_dummy("");
	return 0;
}

static const struct app api = {
	"latchkey-api", routes, api_init, api_guard, api_error, api_finish,
};

int
main(void)
{
	return serve_main(&api);
}
