/*
 * Admin revocations: one key (/admin/keys/{id}/revoke), the ticked keys
 * of the list and all of a user's keys (/admin/keys/revoke). A GET shows
 * what will stop working, key by key; the POST (CSRF) revokes, with a
 * reason for the audit log, and the notice names what was done. A form
 * sent with nothing ticked or without a reason comes back on the list,
 * its ticks and filters kept, with the error beside it (400).
 */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "keys.h"
#include "page_admin.h"
#include "pages.h"
#include "session.h"
#include "tmpl.h"
#include "user.h"
#include "valid.h"
#include "web.h"

#define REVOKE_FIELDS(src) { \
	[AKR_OWNER] = { "owner", FT_STR, src, 254, NULL }, \
	[AKR_STATUS] = { "status", FT_STR, src, 8, admin_valid_status }, \
	[AKR_ENV] = { "environment", FT_STR, src, 4, keys_valid_env }, \
	[AKR_Q] = { "q", FT_STR, src, 100, NULL }, \
	[AKR_PAGE] = { "page", FT_INT, src, 0, NULL, 0, PAGE_MAX }, \
	[AKR_KEYS] = { "key_id", FT_LIST, src, 1000, valid_id }, \
	[AKR_USER] = { "all_of_user", FT_STR, src, 20, valid_id }, \
	[AKR_REASON] = { "reason", FT_STR, src, 500, NULL }, \
}

/* The list's filters come along so that the way back keeps them. */
const struct field page_admin_keys_revoke_get_fields[AKR__MAX + 1] =
    REVOKE_FIELDS(F_QUERY);
const struct field page_admin_keys_revoke_fields[AKR__MAX + 1] =
    REVOKE_FIELDS(F_BODY);

static const char *
reason_of(struct req *r)
{
	const struct fval	*f = &r->fv[AKR_REASON];

	return f->present && f->s[strspn(f->s, " ")] != '\0' ? f->s : NULL;
}

/* 0, or the list with the bulk form's mistake beside it. */
static int
refuse(struct req *r)
{
	struct admin_keys_view	 v;
	struct tmpl		*t;
	struct user		 u;
	int			 all = r->fv[AKR_USER].present;

	admin_keys_view_from(r, &v);
	v.ticked = &r->fv[AKR_KEYS];
	v.reason = r->fv[AKR_REASON].s;
	v.error_at = all ? "owner" : "bulk";
	if (r->fv[AKR_KEYS].n == 0 && !all)
		v.error = "Tick at least one key to revoke.";
	else if (reason_of(r) == NULL)
		v.error = "Give a reason: it goes to the audit log.";
	else
		return 0;
	/* The owner's form shows on that owner's list only. */
	if (all && user_by_id(r->fv[AKR_USER].s, &u) == USER_OK) {
		v.kf.owner_email = arena_printf(r->arena, "%s", u.email);
		if (v.kf.owner_email == NULL)
			return 500;
	}
	if ((t = web_page(r, "All API keys", "admin-keys")) == NULL)
		return 500;
	return admin_keys_render(r, t, &v, 400);
}

/* What the confirmation page lists. */
struct gather {
	struct tmpl	*t;
	int64_t		 now;
	int		 n;		/* live keys, listed */
	int		 gone;		/* asked for, but no longer working */
	int		 expired;	/* of a user: expired, not revoked */
};

static void
list_key(const struct apikey *k, void *arg)
{
	struct gather	*g = arg;
	char		 prefix[32];

	switch (key_status(k, g->now)) {
	case KEY_ACTIVE:
		snprintf(prefix, sizeof(prefix), "Keys.%d", g->n++);
		admin_set_key(g->t, prefix, k, g->now);
		break;
	case KEY_EXPIRED:
		g->expired++;
		break;
	default:
		g->gone++;
	}
}

static int
seen_before(const char *const *ids, size_t i)
{
	size_t	 j;

	for (j = 0; j < i; j++)
		if (strcmp(ids[j], ids[i]) == 0)
			return 1;
	return 0;
}

/* Lists the live keys among ids (an expired one no longer works, like
 * a revoked one); 0, or -1 on database trouble. */
static int
gather_ids(struct gather *g, const char *const *ids, size_t n)
{
	struct apikey	 k;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (seen_before(ids, i))
			continue;
		switch (keys_get(NULL, ids[i], &k)) {
		case KEYS_OK:
			if (key_status(&k, g->now) == KEY_ACTIVE)
				list_key(&k, g);
			else
				g->gone++;
			break;
		case KEYS_NOTFOUND:
			g->gone++;
			break;
		default:
			return -1;
		}
	}
	return 0;
}

static void
set_back(struct req *r, struct tmpl *t, const struct admin_keys_view *v)
{
	static const char *const names[] = { "Filter.owner", "Filter.status",
	    "Filter.environment", "Filter.q" };
	const char *const	 vals[] = { v->kf.owner_email, v->kf.status,
				    v->kf.environment, v->kf.text };
	size_t			 i;

	for (i = 0; i < 4; i++)
		tmpl_set(t, names[i], vals[i]);
	if (v->page > 1)
		tmpl_set_int(t, "Filter.page", v->page);
	tmpl_set(t, "Back", admin_keys_back(r, v));
}

/*
 * The confirmation page: the live keys among ids, or of user u (ids
 * NULL). The reason typed on the list is filled in again.
 */
static int
confirm(struct req *r, const char *const *ids, size_t n,
    const struct user *u, const struct admin_keys_view *v)
{
	struct tmpl	*t = web_page(r, "Revoke keys", "admin-keys");
	struct gather	 g;
	int		 rc;

	if (t == NULL)
		return 500;
	memset(&g, 0, sizeof(g));
	g.t = t;
	g.now = r->now;
	if (u != NULL)
		rc = keys_each(u->id, list_key, &g) == KEYS_OK ? 0 : -1;
	else
		rc = gather_ids(&g, ids, n);
	if (rc == -1) {
		tmpl_free(t);
		return 503;
	}
	tmpl_set(t, "Confirm.mode", u != NULL ? "user" : "keys");
	tmpl_set_int(t, "Confirm.count", g.n);
	tmpl_set_int(t, "Confirm.gone", g.gone);
	tmpl_set_int(t, "Confirm.expired", g.expired);
	if (u != NULL) {
		tmpl_set(t, "Target.id", u->id);
		tmpl_set(t, "Target.email", u->email);
	}
	tmpl_set(t, "Form.reason", v->reason);
	set_back(r, t, v);
	return web_render(r, t, "admin_key_confirm.cs", 200);
}

int
page_admin_keys_confirm(struct req *r)
{
	struct admin_keys_view	 v;
	struct apikey		 k;
	const char		*ids[1];
	int			 st;

	if ((st = http_status(keys_get(NULL, r->args[0], &k))) != 0)
		return st;
	memset(&v, 0, sizeof(v));
	v.page = 1;
	ids[0] = r->args[0];
	return confirm(r, ids, 1, NULL, &v);
}

int
page_admin_keys_revoke_confirm(struct req *r)
{
	struct admin_keys_view	 v;
	struct user		 u;
	int			 st;

	if ((st = refuse(r)) != 0)
		return st;
	admin_keys_view_from(r, &v);
	v.reason = reason_of(r);
	if (r->fv[AKR_USER].present) {
		if ((st = http_status(user_by_id(r->fv[AKR_USER].s, &u))) != 0)
			return st;
		return confirm(r, NULL, 0, &u, &v);
	}
	return confirm(r, r->fv[AKR_KEYS].list, r->fv[AKR_KEYS].n, NULL, &v);
}

/* What was revoked, for the notice. */
struct done {
	int64_t		 n;
	int		 owners;
	char		 owner[2][255];
	char		 name[KEY_NAMEMAX + 1];
};

static void
note(struct done *d, const char *email, const char *name)
{
	if (d->n++ == 0)
		snprintf(d->name, sizeof(d->name), "%s", name);
	if ((d->owners > 0 && strcmp(d->owner[0], email) == 0) ||
	    (d->owners > 1 && strcmp(d->owner[1], email) == 0))
		return;
	if (d->owners < 2)
		snprintf(d->owner[d->owners], sizeof(d->owner[0]), "%s",
		    email);
	d->owners++;
}

/* Revokes the ticked keys, one audit entry each (keys.c); 0 / -1. */
static int
revoke_ids(struct req *r, const char *reason, struct done *d)
{
	const struct fval	*ids = &r->fv[AKR_KEYS];
	struct actor		 a = web_actor(r);
	struct apikey		 k;
	size_t			 i;

	for (i = 0; i < ids->n; i++) {
		switch (keys_get(NULL, ids->list[i], &k)) {
		case KEYS_OK:
			break;
		case KEYS_NOTFOUND:
			continue;
		default:
			return -1;
		}
		switch (keys_revoke(NULL, k.id, REVOKE_ADMIN, reason, &a,
		    r->now)) {
		case KEYS_OK:
			note(d, k.user_email, k.name);
			break;
		case KEYS_NOTFOUND:
			break;
		default:
			return -1;
		}
	}
	return 0;
}

static const char *
notice_of(struct req *r, const struct done *d, int all)
{
	const char	*s = d->n == 1 ? "" : "s";

	if (d->n == 0)
		return all ? arena_printf(r->arena, "%s had no keys to revoke.",
		    d->owner[0]) : "Nothing was revoked: those keys had "
		    "already stopped working.";
	if (d->n == 1 && !all)
		return arena_printf(r->arena, "Revoked key '%s' of %s.",
		    d->name, d->owner[0]);
	if (d->owners <= 1)
		return arena_printf(r->arena, "Revoked %lld key%s of %s.",
		    (long long)d->n, s, d->owner[0]);
	if (d->owners == 2)
		return arena_printf(r->arena, "Revoked %lld keys of %s and %s.",
		    (long long)d->n, d->owner[0], d->owner[1]);
	return arena_printf(r->arena, "Revoked %lld keys of %d users.",
	    (long long)d->n, d->owners);
}

int
page_admin_keys_revoke(struct req *r)
{
	const char		*reason = reason_of(r);
	struct admin_keys_view	 v;
	struct actor		 a = web_actor(r);
	struct done		 d;
	struct user		 u;
	int			 st, all = r->fv[AKR_USER].present, rc;

	if ((st = refuse(r)) != 0)
		return st;
	memset(&d, 0, sizeof(d));
	if (all) {
		if ((st = http_status(user_by_id(r->fv[AKR_USER].s, &u))) != 0)
			return st;
		snprintf(d.owner[0], sizeof(d.owner[0]), "%s", u.email);
		d.owners = 1;
	}
	if (db_begin() == -1)
		return 503;
	rc = all ? (keys_revoke_all(u.id, reason, &a, r->now, &d.n) ==
	    KEYS_OK ? 0 : -1) : revoke_ids(r, reason, &d);
	if (rc == -1 || db_commit() == -1) {
		db_rollback();
		return 503;
	}
	admin_keys_view_from(r, &v);
	web_notice(r, notice_of(r, &d, all));
	return http_redirect(r, admin_keys_back(r, &v));
}
