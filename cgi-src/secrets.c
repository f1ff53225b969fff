#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "log.h"
#include "secrets.h"

static const char *const names[SECRET__MAX] = {
	"pepper", "csrf", "seal", "jwtseal",
};

static unsigned char	 keys[SECRET__MAX][32];
static int		 have[SECRET__MAX];

/* Reads the whole file into buf, refusing anything but a private
 * regular file: a readable secrets file is a leaked secrets file. */
static int
read_private(const char *path, char *buf, size_t bufsz, size_t *len)
{
	struct stat	 st;
	ssize_t		 n;
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		if (errno != ENOENT)
			log_msg("secrets %s: %s", path, strerror(errno));
		return errno == ENOENT ? 1 : -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		log_msg("secrets %s: not a regular file", path);
		goto out;
	}
	if (st.st_mode & 077) {
		log_msg("secrets %s: mode %03o lets others read it; "
		    "chmod 600 it", path, (unsigned)(st.st_mode & 0777));
		goto out;
	}
	if ((n = read(fd, buf, bufsz - 1)) < 0 || (size_t)n == bufsz - 1) {
		log_msg("secrets %s: unreadable or too large", path);
		goto out;
	}
	buf[n] = '\0';
	*len = (size_t)n;
	rc = 0;
out:
	close(fd);
	return rc;
}

static int
parse(const char *path, char *buf)
{
	char	*line, *save = NULL, *eq;
	size_t	 i, binlen;

	memset(have, 0, sizeof(have));
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (*line == '#' || *line == '\0')
			continue;
		if ((eq = strchr(line, '=')) == NULL)
			goto bad;
		*eq++ = '\0';
		for (i = 0; i < SECRET__MAX; i++)
			if (strcmp(line, names[i]) == 0)
				break;
		if (i == SECRET__MAX)
			continue;	/* from a newer version: keep quiet */
		if (strlen(eq) != 64 || sodium_hex2bin(keys[i], 32, eq, 64,
		    NULL, &binlen, NULL) != 0 || binlen != 32)
			goto bad;
		have[i] = 1;
	}
	return 0;
bad:
	log_msg("secrets %s: malformed line", path);
	return -1;
}

int
secrets_load(const char *path)
{
	char	 buf[4096];
	size_t	 len, i;
	int	 rc;

	if ((rc = read_private(path, buf, sizeof(buf), &len)) != 0) {
		if (rc == 1)
			log_msg("secrets %s: missing; run latchkey init", path);
		return -1;
	}
	rc = parse(path, buf);
	sodium_memzero(buf, sizeof(buf));
	if (rc == -1)
		return -1;
	for (i = 0; i < SECRET__MAX; i++)
		if (!have[i]) {
			log_msg("secrets %s: no %s; run latchkey init", path,
			    names[i]);
			return -1;
		}
	return 0;
}

/* Writes every secret to a private temporary file, then renames it
 * over the old one so a crash leaves either file whole. */
static int
write_all(const char *path)
{
	char	 tmp[4096], hex[65];
	size_t	 i;
	FILE	*f = NULL;
	int	 fd = -1, rc = -1;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -1;
	(void)unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
		log_msg("secrets %s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	fprintf(f, "# Latchkey secrets: keep private (mode 0600), "
	    "back up with the database.\n");
	for (i = 0; i < SECRET__MAX; i++) {
		sodium_bin2hex(hex, sizeof(hex), keys[i], 32);
		fprintf(f, "%s=%s\n", names[i], hex);
	}
	sodium_memzero(hex, sizeof(hex));
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		log_msg("secrets %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (rename(tmp, path) != 0) {
		log_msg("secrets %s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	if (fd != -1)
		close(fd);
	if (rc != 0)
		(void)unlink(tmp);
	return rc;
}

int
secrets_init(const char *path)
{
	char	 buf[4096];
	size_t	 len, i;
	int	 rc, missing = 0;

	rc = read_private(path, buf, sizeof(buf), &len);
	if (rc == -1)
		return -1;
	if (rc == 0) {
		rc = parse(path, buf);
		sodium_memzero(buf, sizeof(buf));
		if (rc == -1)
			return -1;
	} else
		memset(have, 0, sizeof(have));
	for (i = 0; i < SECRET__MAX; i++)
		if (!have[i]) {
			randombytes_buf(keys[i], 32);
			have[i] = 1;
			missing = 1;
		}
	return missing ? write_all(path) : 0;
}

const unsigned char *
secret_get(enum secret s)
{
	return keys[s];
}
