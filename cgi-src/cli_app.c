/* latchkey app resource-server CLIENT_ID on|off */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "client.h"

static int
resource_server(const char *id, const char *value)
{
	struct client	 c;
	int		 on = strcmp(value, "on") == 0;

	if (!on && strcmp(value, "off") != 0)
		return cli_usage(stderr);
	if (cli_open() == -1)
		return EX_FAIL;
	switch (client_get(NULL, id, &c)) {
	case CLIENT_OK:
		break;
	case CLIENT_NOTFOUND:
		fprintf(stderr, "latchkey: no app %s\n", id);
		return EX_FAIL;
	default:
		return EX_FAIL;
	}
	if (!c.confidential) {
		fprintf(stderr, "latchkey: %s is a public app; only a "
		    "confidential one can introspect\n", id);
		return EX_FAIL;
	}
	if (client_set_resource_server(id, on, &cli_actor, time(NULL)) !=
	    CLIENT_OK)
		return EX_FAIL;
	printf("%s: %s\n", id, on ? "may introspect every credential" :
	    "sees only its own tokens");
	return EX_OK;
}

int
cli_app(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "resource-server") == 0)
		return resource_server(argv[2], argv[3]);
	return cli_usage(stderr);
}
