/* latchkey-web: the dashboard, as a FastCGI (or plain CGI) program. */
#include <string.h>

#include "config.h"
#include "hashgate.h"
#include "pages.h"
#include "password.h"
#include "ratelimit.h"
#include "serve.h"
#include "tmpl.h"
#include "usage.h"
#include "web.h"

static int
web_init(void)
{
	const struct config	*c = config_get();

	if (tmpl_init(c->templates) == -1 ||
	    hashgate_open(c->hashgate_file, (int)c->hash_concurrency) == -1 ||
	    ratelimit_open(c->ratelimit_file) == -1 ||
	    usage_open(c->usage_file) == -1)
		return -1;
	/* Pay for the dummy hash now, not on the first unknown email. */
	return password_init();
}

static const struct app web = {
	"latchkey-web", web_routes, web_init, NULL, web_guard, web_error,
	web_finish,
};

int
main(void)
{
	int	 rc = serve_main(&web);

	tmpl_shutdown();
	return rc;
}
