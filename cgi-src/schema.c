#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "schema.h"

extern const char schema_sql[];		/* schema.sql */
extern const char schema_upgrade_sql[];	/* schema-upgrade.sql */

#define MARK	"-- version "

/* Runs the part of the upgrade script for version v, if it has one. */
static int
upgrade_to(int v)
{
	char		 mark[32], *part;
	const char	*p, *end;
	size_t		 n;
	int		 rc;

	snprintf(mark, sizeof(mark), MARK "%d\n", v);
	if ((p = strstr(schema_upgrade_sql, mark)) == NULL)
		return 0;
	p += strlen(mark);
	end = strstr(p, "\n" MARK);
	n = end != NULL ? (size_t)(end - p + 1) : strlen(p);
	if ((part = malloc(n + 1)) == NULL)
		return -1;
	memcpy(part, p, n);
	part[n] = '\0';
	rc = db_script(part);
	free(part);
	return rc;
}

static int
apply(void)
{
	int	 v = db_user_version(), i;

	if (v < 0 || v > SCHEMA_VERSION) {
		log_msg("database schema %d is newer than this program (%d)",
		    v, SCHEMA_VERSION);
		return -1;
	}
	/* A new database (version 0) gets the whole schema at once. */
	for (i = v + 1; v > 0 && i <= SCHEMA_VERSION; i++)
		if (upgrade_to(i) == -1)
			return -1;
	return db_script(schema_sql);
}

int
schema_apply(void)
{
	if (db_begin() == -1)
		return -1;
	return db_end_tx(apply() == -1);
}
