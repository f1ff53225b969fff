/*
 * CORS for browser apps (SPEC 12). Routes flagged R_CORS (route.h) answer
 * the origins of public clients' registered redirect URIs: scheme, host
 * and port exactly as registered (the loopback any-port match of
 * authorization does not extend to CORS). Never Allow-Credentials.
 */
#ifndef LK_CORS_H
#define LK_CORS_H

struct req;

/* On every answer of an R_CORS route, the preflight's 204 included:
 * Vary: Origin, and for an allowed Origin Access-Control-Allow-Origin
 * (plus the allowed methods and headers for a preflight). */
void	cors_answer(struct req *);

#endif
