/*
 * The null FastCGI responder: the ceiling for any FastCGI answer behind
 * the same lighttpd configuration and spawn-fcgi settings as Latchkey.
 *
 * It runs the same accept loop as cgi-src/serve.c (FCGX_Init,
 * FCGX_InitRequest on fd 0 with FCGI_FAIL_ACCEPT_ON_INTR, a SIGTERM
 * handler without SA_RESTART) and answers every request with a fixed
 * 200 carrying the headers latchkey-api sends on GET /v1/auth/verify
 * (Content-Type, X-RateLimit-*, X-Request-Id, Cache-Control,
 * X-Content-Type-Options, Content-Security-Policy) and a JSON body of
 * the same size, in one write. It reads no body, touches no file, no
 * database and no clock: whatever Latchkey costs on top of this is
 * Latchkey's.
 *
 * bench/run.sh serves it as latchkey-api through scripts/serve.sh (a
 * LATCHKEY_BIN directory where latchkey-api is a symlink to this
 * program), so lighttpd, its configuration and spawn-fcgi are exactly
 * those of the real service.
 */
#include <signal.h>
#include <string.h>

#include <fcgiapp.h>

static volatile sig_atomic_t	 stopping;

static const char reply[] =
    "Status: 200 OK\r\n"
    "Content-Type: application/json\r\n"
    "X-RateLimit-Limit: 1000000\r\n"
    "X-RateLimit-Remaining: 999999\r\n"
    "X-RateLimit-Reset: 1700003600\r\n"
    "X-Request-Id: req_0000000000000000\r\n"
    "Cache-Control: no-store\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"
    "\r\n"
    "{\"authenticated\":true,\"type\":\"api_key\","
    "\"user_id\":\"usr_0000000000000000\","
    "\"key_id\":\"key_0000000000000000\",\"scopes\":[\"read\",\"write\","
    "\"delete\",\"admin\"],\"environment\":\"test\",\"expires_at\":null}";

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

int
main(void)
{
	FCGX_Request		 r;
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (FCGX_Init() != 0 ||
	    FCGX_InitRequest(&r, 0, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		return 1;
	while (!stopping && FCGX_Accept_r(&r) >= 0)
		(void)FCGX_PutStr(reply, (int)sizeof(reply) - 1, r.out);
	FCGX_Finish_r(&r);
	return 0;
}
