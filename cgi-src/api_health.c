/* GET /healthz, /readyz, /metrics (SPEC 13): for load balancers and
 * Prometheus, without a credential. */
#include <stddef.h>

#include "api.h"
#include "apis.h"
#include "db.h"
#include "json.h"
#include "metrics.h"

#define PROM_CTYPE	"text/plain; version=0.0.4"

/* The process answers: nothing else is asked. */
int
api_healthz(struct req *r)
{
	struct json	*o = json_object();

	json_set_str(o, "status", "ok");
	return api_reply(r, 200, o);
}

/* The database answers a query (a read, so a full disk still counts as
 * ready to verify). */
int
api_readyz(struct req *r)
{
	struct json	*o;

	if (db_ping() == -1) {
		r->errmsg = "the database does not answer";
		return 503;
	}
	o = json_object();
	json_set_str(o, "status", "ready");
	return api_reply(r, 200, o);
}

int
api_metrics(struct req *r)
{
	if (!metrics_allowed(r->ip)) {
		r->errmsg = "metrics are answered to loopback and "
		    "LATCHKEY_METRICS_ALLOW only";
		return 403;
	}
	if (metrics_render(&r->out) == -1)
		return 503;
	r->ctype = PROM_CTYPE;
	return 200;
}
