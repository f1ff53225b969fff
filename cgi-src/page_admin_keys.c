/* /admin/keys: every user's keys, filters, leaked-key finder, revoke. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "keys.h"
#include "keyview.h"
#include "pages.h"
#include "session.h"
#include "timefmt.h"
#include "tmpl.h"
#include "user.h"
#include "valid.h"
#include "web.h"

static int
is_status(const char *s)
{
	return strcmp(s, "active") == 0 || strcmp(s, "expired") == 0 ||
	    strcmp(s, "revoked") == 0;
}

const struct field page_admin_keys_fields[AK__MAX + 1] = {
	[AK_OWNER] = { "owner", FT_STR, F_QUERY, 254, NULL },
	[AK_STATUS] = { "status", FT_STR, F_QUERY, 8, is_status },
	[AK_ENV] = { "environment", FT_STR, F_QUERY, 4, keys_valid_env },
	[AK_Q] = { "q", FT_STR, F_QUERY, 100, NULL },
	[AK_PAGE] = { "page", FT_INT, F_QUERY, 0, NULL, 0, PAGE_MAX },
};

const struct field page_admin_keys_find_fields[FK__MAX + 1] = {
	[FK_KEY] = { "key", FT_STR, F_BODY | F_REQ, 128, NULL },
};

const struct field page_admin_keys_revoke_fields[AKR__MAX + 1] = {
	[AKR_KEYS] = { "key_id", FT_LIST, F_BODY, 1000, valid_id },
	[AKR_USER] = { "all_of_user", FT_STR, F_BODY, 20, valid_id },
	[AKR_REASON] = { "reason", FT_STR, F_BODY, 500, NULL },
};

#define PAGE_ROWS	50

struct fill {
	struct tmpl	*t;
	int64_t		 now;
	int		 n;
};

static void
set_key(struct tmpl *t, const char *prefix, const struct apikey *k,
    int64_t now)
{
	char	 name[64];

	key_view_set(t, prefix, k, now);
	snprintf(name, sizeof(name), "%s.owner_email", prefix);
	tmpl_set(t, name, k->user_email);
	snprintf(name, sizeof(name), "%s.owner_id", prefix);
	tmpl_set(t, name, k->user_id);
}

static void
add_key(const struct apikey *k, void *arg)
{
	struct fill	*f = arg;
	char		 prefix[32];

	snprintf(prefix, sizeof(prefix), "Keys.%d", f->n++);
	set_key(f->t, prefix, k, f->now);
}

/* "/admin/keys?owner=..&page=N" keeping the filters. */
static const char *
page_url(struct req *r, const char *base, const int *fields,
    const char *const *names, size_t n, int64_t page)
{
	const char	*url = arena_printf(r->arena, "%s?page=%lld", base,
			    (long long)page);
	size_t		 i;

	for (i = 0; url != NULL && i < n; i++)
		if (r->fv[fields[i]].present)
			url = arena_printf(r->arena, "%s&%s=%s", url, names[i],
			    form_encode(r->arena, r->fv[fields[i]].s));
	return url;
}

void
admin_paging(struct req *r, struct tmpl *t, const char *base,
    const int *fields, const char *const *names, size_t n, int64_t page,
    int64_t total)
{
	int64_t	 pages = total == 0 ? 1 : (total + PAGE_ROWS - 1) / PAGE_ROWS;

	tmpl_set_int(t, "Paging.page", page);
	tmpl_set_int(t, "Paging.pages", pages);
	if (page > 1)
		tmpl_set(t, "Paging.prev", page_url(r, base, fields, names, n,
		    page - 1));
	if (page < pages)
		tmpl_set(t, "Paging.next", page_url(r, base, fields, names, n,
		    page + 1));
}

static int
render(struct req *r, struct tmpl *t, int status)
{
	static const int	 fields[] = {
		AK_OWNER, AK_STATUS, AK_ENV, AK_Q,
	};
	static const char *const names[] = { "owner", "status", "environment",
	    "q" };
	const struct fval	*f = r->fv;
	struct key_filter	 kf;
	struct fill		 fl = { t, r->now, 0 };
	struct user		 owner;
	int64_t			 page = 1, total = 0;
	size_t			 i, nfilters = 0;

	memset(&kf, 0, sizeof(kf));
	/* Only the GET list has filter fields (r->fv is per route): the
	 * finder's POST shows the first page, unfiltered. */
	if (r->method == METHOD_GET || r->method == METHOD_HEAD) {
		nfilters = 4;
		kf.owner_email = f[AK_OWNER].present ? f[AK_OWNER].s : NULL;
		kf.status = f[AK_STATUS].present ? f[AK_STATUS].s : NULL;
		kf.environment = f[AK_ENV].present ? f[AK_ENV].s : NULL;
		kf.text = f[AK_Q].present ? f[AK_Q].s : NULL;
		page = f[AK_PAGE].present && f[AK_PAGE].i > 0 ?
		    f[AK_PAGE].i : 1;
		for (i = 0; i < 4; i++) {
			char name[32];
			snprintf(name, sizeof(name), "Filter.%s", names[i]);
			tmpl_set(t, name, f[fields[i]].s);
		}
	}
	if (keys_search(&kf, r->now, (page - 1) * PAGE_ROWS, PAGE_ROWS,
	    &total, add_key, &fl) != KEYS_OK)
		goto busy;
	tmpl_set_int(t, "Keys.count", fl.n);
	tmpl_set_int(t, "Keys.total", total);
	admin_paging(r, t, "/admin/keys", fields, names, nfilters, page,
	    total);
	if (kf.owner_email != NULL && user_by_email(kf.owner_email, &owner) ==
	    USER_OK) {
		tmpl_set(t, "Owner.id", owner.id);
		tmpl_set(t, "Owner.email", owner.email);
	}
	return web_render(r, t, "admin_keys.cs", status);
busy:
	tmpl_free(t);
	return 503;
}

int
page_admin_keys(struct req *r)
{
	struct tmpl	*t = web_page(r, "All API keys", "admin-keys");

	return t != NULL ? render(r, t, 200) : 500;
}

int
page_admin_keys_find(struct req *r)
{
	struct tmpl	*t = web_page(r, "All API keys", "admin-keys");
	struct apikey	 k;

	if (t == NULL)
		return 500;
	/* The key came in a POST body: it is never in a URL or a log. */
	switch (keys_find(r->fv[FK_KEY].s, &k)) {
	case KEYS_OK:
		set_key(t, "Found", &k, r->now);
		break;
	case KEYS_MALFORMED:
		tmpl_set(t, "Found.malformed", "1");
		break;
	case KEYS_NOTFOUND:
		tmpl_set(t, "Found.none", "1");
		break;
	default:
		tmpl_free(t);
		return 503;
	}
	return render(r, t, 200);
}

int
page_admin_keys_confirm(struct req *r)
{
	struct apikey	 k;
	struct tmpl	*t;
	int		 st;

	if ((st = http_status(keys_get(NULL, r->args[0], &k))) != 0)
		return st;
	if ((t = web_page(r, "Revoke key", "admin-keys")) == NULL)
		return 500;
	tmpl_set(t, "Key.id", k.id);
	tmpl_set(t, "Key.name", k.name);
	tmpl_set(t, "Key.owner_email", k.user_email);
	tmpl_set(t, "Key.prefix", k.prefix);
	tmpl_set(t, "Key.hint", k.hint);
	tmpl_set(t, "Key.environment", k.live ? "live" : "test");
	return web_render(r, t, "admin_key_confirm.cs", 200);
}

/* Revokes the listed keys, or all of a user's; one audit entry each. */
static int
revoke_in_tx(struct req *r, const char *reason, int64_t *n)
{
	const struct fval	*ids = &r->fv[AKR_KEYS];
	const struct fval	*all = &r->fv[AKR_USER];
	struct actor		 a = web_actor(r);
	size_t			 i;

	*n = 0;
	if (all->present)
		return keys_revoke_all(all->s, reason, &a, r->now, n) ==
		    KEYS_OK ? 0 : -1;
	for (i = 0; i < ids->n; i++)
		switch (keys_revoke(NULL, ids->list[i], REVOKE_ADMIN, reason,
		    &a, r->now)) {
		case KEYS_OK:
			(*n)++;
			break;
		case KEYS_NOTFOUND:
			break;
		default:
			return -1;
		}
	return 0;
}

int
page_admin_keys_revoke(struct req *r)
{
	const char	*reason = r->fv[AKR_REASON].present ?
			    r->fv[AKR_REASON].s : NULL;
	char		 notice[128];
	int64_t		 n;

	if (reason == NULL || reason[strspn(reason, " ")] == '\0') {
		r->errmsg = "Give a reason: it goes to the audit log.";
		return 400;
	}
	if (r->fv[AKR_KEYS].n == 0 && !r->fv[AKR_USER].present) {
		r->errmsg = "Select at least one key.";
		return 400;
	}
	if (db_begin() == -1)
		return 503;
	if (revoke_in_tx(r, reason, &n) == -1 || db_commit() == -1) {
		db_rollback();
		return 503;
	}
	snprintf(notice, sizeof(notice), "%lld key%s revoked.", (long long)n,
	    n == 1 ? "" : "s");
	web_notice(r, notice);
	return http_redirect(r, "/admin/keys");
}
