/* What the admin pages share among themselves (page_admin_*.c). */
#ifndef LK_PAGE_ADMIN_H
#define LK_PAGE_ADMIN_H

#include <stdint.h>

#include "field.h"
#include "keys.h"

struct req;
struct tmpl;

/*
 * The admin keys list as a request asks for it: its filters and page
 * and, when a bulk form comes back with an error, the ticks, the reason
 * and the error, shown next to the form that caused it. The strings
 * belong to the request.
 */
struct admin_keys_view {
	struct key_filter	 kf;
	int64_t			 page;
	int			 filtered;	/* kf, page from the request */
	const struct fval	*ticked;	/* key_id list, or NULL */
	const char		*reason;
	const char		*error_at;	/* "bulk" or "owner" */
	const char		*error;
};

/* 1 for a status the list filters by: active, expired, revoked. */
int	admin_valid_status(const char *);
/* A key's row values under prefix (keyrow.c), and its owner's. */
void	admin_set_key(struct tmpl *, const char *prefix,
	    const struct apikey *, int64_t now);
/* Fills v from r->fv[AK_OWNER .. AK_PAGE] (the same slots as AKR_). */
void	admin_keys_view_from(struct req *, struct admin_keys_view *v);
/* Renders the list as v asks, with status; frees t. */
int	admin_keys_render(struct req *, struct tmpl *,
	    const struct admin_keys_view *, int status);
/* "/admin/keys" with v's filters and page, in the request's arena. */
const char	*admin_keys_back(struct req *, const struct admin_keys_view *);

/* What a user has that stops working when they are disabled. */
struct admin_stake {
	int	 keys;		/* live API keys */
	int	 apps;		/* OAuth apps they registered */
	int	 sessions;	/* dashboard sessions */
	int	 signins;	/* API sign-ins (login token families) */
	int	 grants;	/* apps they authorized */
};

/* Counts it; with t, lists it there too (Keys.N, Apps.N, Grants.N,
 * Stake.*). 0 / -1. */
int	admin_user_stake(const char *user_id, int64_t now, struct tmpl *t,
	    struct admin_stake *);
struct user;
/* The user named in the path, not the admin themself: 0, or a status
 * (r->errmsg set). */
int	admin_target(struct req *, struct user *);

#endif
