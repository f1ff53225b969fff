#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static int		 log_fd = 2;
static const char	*log_prog = "latchkey";
static char		 log_req[24];

int
log_open(const char *path, const char *prog)
{
	int	 fd;

	log_prog = prog;
	if (path == NULL || *path == '\0')
		return 0;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1) {
		log_msg("cannot open log %s: %s", path, strerror(errno));
		return -1;
	}
	log_fd = fd;
	return 0;
}

void
log_close(void)
{
	if (log_fd > 2)
		close(log_fd);
	log_fd = 2;
}

/* Control characters would let input forge log lines; print them as '?'. */
static void
sanitize(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

void
log_set_request(const char *reqid)
{
	snprintf(log_req, sizeof(log_req), "%s", reqid != NULL ? reqid : "");
}

void
log_msg(const char *fmt, ...)
{
	char		 line[1024], stamp[32];
	struct tm	 tm;
	time_t		 now = time(NULL);
	va_list		 ap;
	int		 n, m;
	size_t		 len;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(line, sizeof(line), "%s %s[%d] ", stamp, log_prog,
	    (int)getpid());
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	len = (size_t)n + (size_t)m;
	if (len > sizeof(line) - 2)
		len = sizeof(line) - 2;
	line[len] = '\0';
	sanitize(line + n);
	/* The request it happened in, last (as on the request's own line). */
	if (log_req[0] != '\0' && len + 1 + strlen(log_req) < sizeof(line) - 1)
		len += (size_t)snprintf(line + len, sizeof(line) - len, " %s",
		    log_req);
	line[len] = '\n';
	/* Nowhere left to report a failed log write. */
	if (write(log_fd, line, len + 1) < 0)
		return;
}

void
log_request(const char *method, const char *path, int status, int64_t usec)
{
	log_msg("%s %s %d %lldus", method, path, status, (long long)usec);
}
