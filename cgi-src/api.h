/* What every JSON API response shares: error bodies, headers, guard. */
#ifndef LK_API_H
#define LK_API_H

#include "audit.h"
#include "http.h"

struct json;

/* Who acts in this request: the credential's user (if any), from the
 * client's address, through the API. */
struct actor	api_actor(const struct req *);

/* Renders obj as the response body with status; frees obj. */
int	api_reply(struct req *, int status, struct json *obj);
/* Sets an error code and message for the error body; returns status. */
int	api_fail(struct req *, int status, const char *code, const char *msg);

/* 403 insufficient_scope with its RFC 6750 challenge. */
int	api_insufficient(struct req *, const char *msg);

int	api_authenticate(struct req *);
void	api_error(struct req *);
void	api_finish(struct req *);

#endif
