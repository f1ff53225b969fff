/*
 * One line per event, appended with a single write(2) so lines from several
 * FastCGI processes never interleave. Never pass a secret to these.
 */
#ifndef LK_LOG_H
#define LK_LOG_H

#include <stdint.h>

/* path NULL or "" logs to stderr. Returns 0, or -1 if the file can't open. */
int	log_open(const char *path, const char *prog);
void	log_close(void);
/* Every line logged until the next call names this request id ("" or
 * NULL: none), so what a request logged can be found with its answer. */
void	log_set_request(const char *reqid);
void	log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The line of an answered request (after log_set_request). */
void	log_request(const char *method, const char *path, int status,
	    int64_t usec);

#endif
