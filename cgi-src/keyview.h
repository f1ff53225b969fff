/* How a key reads wherever keys are listed: the owner's page, the
 * admin's, the command line. One place, so they never disagree. */
#ifndef LK_KEYVIEW_H
#define LK_KEYVIEW_H

#include <stdint.h>

#include "keys.h"

#define KEY_EXPIRING_SOON	(7 * 86400)

struct key_view {
	const char	*status;	/* active expiring expired revoked */
	const char	*text;		/* "Active", "Rolled, expiring" ... */
	int		 due_rotation;	/* active and older than 90 days */
	int		 owner_disabled; /* refused: its owner is disabled */
};

struct tmpl;

void	key_view(const struct apikey *, int64_t now, struct key_view *);
/* keyrow.c, for the web pages: sets prefix.{id,name,prefix,hint,
 * environment,restricted,status,status_text,due_rotation,
 * owner_disabled,rolled_to,rolled_from,created*,last_used*,expires*,
 * perms.N} for a template. */
void	key_view_set(struct tmpl *, const char *prefix,
	    const struct apikey *, int64_t now);

#endif
