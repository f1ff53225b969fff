#include <sys/stat.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <sodium.h>

#include "arena.h"
#include "config.h"
#include "db.h"
#include "form.h"
#include "json.h"
#include "log.h"
#include "metrics.h"
#include "secrets.h"
#include "serve.h"

static volatile sig_atomic_t	 stopping;

static int64_t
now_us(void)
{
	struct timeval	 tv;

	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

/* Decodes the body by its media type before routing, so a malformed
 * body is a 400 whatever path it was sent to. */
static int
parse_body(struct req *r, struct kv **kvs, size_t *nkv)
{
	const char	*err = NULL;

	if (r->bodylen == 0)
		return 0;
	if (http_ctype_is(r, "application/json")) {
		if ((r->json = json_parse(r->body, r->bodylen, &err)) == NULL) {
			r->errmsg = err;
			return 400;
		}
	} else if (http_ctype_is(r, "application/x-www-form-urlencoded")) {
		if (form_decode(r->arena, r->body, r->bodylen, 1, kvs, nkv)) {
			r->errmsg = "malformed form body";
			return 400;
		}
	} else
		return 415;
	return 0;
}

/* Checks the body kind against the route and binds every input. */
static int
bind_input(struct req *r, const struct kv *kvs, size_t nkv)
{
	const struct route	*rt = r->route;
	const char		*err = NULL;

	if (r->bodylen > 0 &&
	    ((r->json != NULL && !(rt->flags & R_JSON)) ||
	    (r->json == NULL && !(rt->flags & R_FORM))))
		return 415;
	/* Always the maximum, zeroed: a handler reading an index of another
	 * route's table then sees an absent field, never memory past the
	 * end (form_bind refuses tables longer than this). */
	r->fv = arena_alloc(r->arena, FORM_MAXFIELDS * sizeof(*r->fv));
	if (r->fv == NULL)
		return 500;
	if (form_bind(r->arena, kvs, nkv, rt->fields, r->fv,
	    (rt->flags & R_CSRF) ? CSRF_FIELD : NULL, &r->csrf_given, &err) ||
	    (r->json != NULL &&
	    json_bind(r->arena, r->json, rt->fields, r->fv, &err)) ||
	    form_required(rt->fields, r->fv, &err)) {
		r->errmsg = err;
		return 400;
	}
	return 0;
}

static int
pipeline(const struct app *app, struct req *r)
{
	struct kv	*kvs = NULL;
	size_t		 nkv = 0;
	int		 st;

	if ((st = http_prep(r)) != 0 || (st = http_read_body(r)) != 0 ||
	    (st = parse_body(r, &kvs, &nkv)) != 0)
		return st;
	if (form_decode(r->arena, r->query, strlen(r->query), 0, &kvs,
	    &nkv) == -1) {
		r->errmsg = "malformed query string";
		return 400;
	}
	if ((st = route_match(app->routes, r)) != 0)
		return st;
	if (r->route->flags & R_SECRET)
		req_sensitive(r);
	if ((app->authenticate != NULL && (st = app->authenticate(r)) != 0) ||
	    (st = bind_input(r, kvs, nkv)) != 0 ||
	    (app->guard != NULL && (st = app->guard(r)) != 0))
		return st;
	return r->route->handler(r);
}

/* The request in the host's counters; verify and introspection also in
 * the latency histogram. */
static void
count(const struct req *r)
{
	const char	*p = r->route != NULL ? r->route->pattern : NULL;

	metrics_request(r->method_name, p, r->status, now_us() - r->start_us,
	    p != NULL && (strcmp(p, "/v1/auth/verify") == 0 ||
	    strcmp(p, "/oauth/introspect") == 0));
}

void
serve_request(const struct app *app, struct req *r)
{
	log_set_request(r->id);
	json_reset();
	r->status = pipeline(app, r);
	/* A handler that left its transaction open is a bug; never let
	 * it leak into the next request. */
	if (db_end_request() == -1) {
		buf_reset(&r->out);
		r->status = 500;
	}
	if (r->status >= 400 && r->out.len == 0)
		app->error(r);
	app->finish(r);
	if (r->head.failed || r->out.failed) {
		buf_reset(&r->head);
		buf_reset(&r->out);
		r->status = 500;
		r->ctype = "text/plain; charset=utf-8";
		buf_puts(&r->out, "Internal error\n");
	}
	http_send(r);
	count(r);
	log_request(r->method_name, r->path, r->status,
	    now_us() - r->start_us);
	log_set_request(NULL);
}

static long
fcgi_read(void *ctx, char *buf, size_t n)
{
	int	 k = FCGX_GetStr(buf, n > 65536 ? 65536 : (int)n,
		    ((FCGX_Request *)ctx)->in);

	return k;
}

static int
fcgi_write(void *ctx, const char *buf, size_t n)
{
	return FCGX_PutStr(buf, (int)n, ((FCGX_Request *)ctx)->out) ==
	    (int)n ? 0 : -1;
}

static long
cgi_read(void *ctx, char *buf, size_t n)
{
	(void)ctx;
	return (long)read(STDIN_FILENO, buf, n);
}

static int
cgi_write(void *ctx, const char *buf, size_t n)
{
	(void)ctx;
	return fwrite(buf, 1, n, stdout) == n && fflush(stdout) == 0 ? 0 : -1;
}

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

static int
setup(const struct app *app)
{
	const struct config	*c;
	struct sigaction	 sa;

	/* No SA_RESTART: SIGTERM must interrupt the accept so an idle
	 * process exits at once. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	umask(077);
	if (sodium_init() < 0 || config_load() == -1)
		return -1;
	c = config_get();
	log_open(c->log, app->name);
	if (secrets_load(c->secrets) == -1 || db_open(c->db) == -1)
		return -1;
	/* Without its counters the service still serves; /metrics says so
	 * with a 503. */
	if (metrics_open(c->db) == -1)
		log_msg("metrics: counters unavailable");
	return app->init();
}

static int
serve_cgi(const struct app *app)
{
	extern char		**environ;
	struct http_io		  io = { cgi_read, cgi_write, NULL };
	struct req		 *r;

	if ((r = req_new(environ, &io, now_us())) == NULL)
		return 1;
	serve_request(app, r);
	req_free(r);
	return 0;
}

int
serve_main(const struct app *app)
{
	FCGX_Request	 fr;
	struct http_io	 io = { fcgi_read, fcgi_write, &fr };
	struct req	*r;
	int		 rc = 0;

	if (setup(app) == -1) {
		log_msg("cannot start; see the messages above");
		return 1;
	}
	if (FCGX_IsCGI()) {
		rc = serve_cgi(app);
		goto out;
	}
	/* Our SIGTERM handler replaces libfcgi's, so ask accept to give up
	 * when a signal interrupts it; otherwise it retries for ever. */
	if (FCGX_Init() != 0 ||
	    FCGX_InitRequest(&fr, 0, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		rc = 1;
		goto out;
	}
	log_msg("ready");
	while (!stopping && FCGX_Accept_r(&fr) >= 0) {
		if ((r = req_new(fr.envp, &io, now_us())) == NULL) {
			FCGX_FPrintF(fr.out, "Status: 503 Service Unavailable"
			    "\r\nContent-Type: text/plain\r\n\r\nBusy\n");
			continue;
		}
		serve_request(app, r);
		req_free(r);
	}
	FCGX_Finish_r(&fr);
	log_msg("stopping");
	if (app->stop != NULL)
		app->stop();
out:
	db_close();
	return rc;
}
