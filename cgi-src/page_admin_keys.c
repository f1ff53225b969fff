/* /admin/keys: every user's keys, filters, the leaked-key finder. The
 * revocations are in page_admin_revoke.c. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "audit.h"
#include "db.h"
#include "form.h"
#include "keyfmt.h"
#include "keys.h"
#include "keyview.h"
#include "page_admin.h"
#include "pages.h"
#include "session.h"
#include "timefmt.h"
#include "tmpl.h"
#include "user.h"
#include "valid.h"
#include "web.h"

int
admin_valid_status(const char *s)
{
	return strcmp(s, "active") == 0 || strcmp(s, "expired") == 0 ||
	    strcmp(s, "revoked") == 0;
}

#define FIND_MAX	4096	/* bytes pasted into the finder */

const struct field page_admin_keys_fields[AK__MAX + 1] = {
	[AK_OWNER] = { "owner", FT_STR, F_QUERY, 254, NULL },
	[AK_STATUS] = { "status", FT_STR, F_QUERY, 8, admin_valid_status },
	[AK_ENV] = { "environment", FT_STR, F_QUERY, 4, keys_valid_env },
	[AK_Q] = { "q", FT_STR, F_QUERY, 100, NULL },
	[AK_PAGE] = { "page", FT_INT, F_QUERY, 0, NULL, 0, PAGE_MAX },
};

const struct field page_admin_keys_find_fields[FK__MAX + 1] = {
	/* A pasted line or a few (a header, a log line): the key in it is
	 * found by keyfmt_find. */
	[FK_KEY] = { "key", FT_TEXT, F_BODY | F_REQ, FIND_MAX, NULL },
};

#define PAGE_ROWS	50

struct fill {
	struct tmpl	*t;
	int64_t		 now;
	int		 n;
};

void
admin_set_key(struct tmpl *t, const char *prefix, const struct apikey *k,
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
	admin_set_key(f->t, prefix, k, f->now);
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

void
admin_keys_view_from(struct req *r, struct admin_keys_view *v)
{
	const struct fval	*f = r->fv;

	memset(v, 0, sizeof(*v));
	v->filtered = 1;
	v->kf.owner_email = f[AK_OWNER].present ? f[AK_OWNER].s : NULL;
	v->kf.status = f[AK_STATUS].present ? f[AK_STATUS].s : NULL;
	v->kf.environment = f[AK_ENV].present ? f[AK_ENV].s : NULL;
	v->kf.text = f[AK_Q].present ? f[AK_Q].s : NULL;
	v->page = f[AK_PAGE].present && f[AK_PAGE].i > 0 ? f[AK_PAGE].i : 1;
}

const char *
admin_keys_back(struct req *r, const struct admin_keys_view *v)
{
	const char *const	 vals[] = { v->kf.owner_email, v->kf.status,
				    v->kf.environment, v->kf.text };
	static const char *const names[] = { "owner", "status", "environment",
				    "q" };
	const char		*url = "/admin/keys";
	char			 sep = '?';
	size_t			 i;

	for (i = 0; url != NULL && i < 4; i++)
		if (vals[i] != NULL) {
			url = arena_printf(r->arena, "%s%c%s=%s", url, sep,
			    names[i], form_encode(r->arena, vals[i]));
			sep = '&';
		}
	if (url != NULL && v->page > 1)
		url = arena_printf(r->arena, "%s%cpage=%lld", url, sep,
		    (long long)v->page);
	return url != NULL ? url : "/admin/keys";
}

/* The ticks, reason and error of a bulk form sent back. */
static void
set_form(struct tmpl *t, const struct admin_keys_view *v)
{
	char	 name[64];
	size_t	 i;

	for (i = 0; v->ticked != NULL && i < v->ticked->n; i++) {
		snprintf(name, sizeof(name), "Ticked.%s", v->ticked->list[i]);
		tmpl_set(t, name, "1");
	}
	if (v->error_at != NULL) {
		snprintf(name, sizeof(name), "Errors.%s", v->error_at);
		tmpl_set(t, name, v->error);
		snprintf(name, sizeof(name), "Form.%s_reason", v->error_at);
		tmpl_set(t, name, v->reason);
	}
}

int
admin_keys_render(struct req *r, struct tmpl *t,
    const struct admin_keys_view *v, int status)
{
	static const int	 fields[] = { AK_OWNER, AK_STATUS, AK_ENV,
				    AK_Q };
	static const char *const names[] = { "owner", "status", "environment",
	    "q" };
	const char *const	 vals[] = { v->kf.owner_email, v->kf.status,
				    v->kf.environment, v->kf.text };
	struct fill		 fl = { t, r->now, 0 };
	struct user		 owner;
	int64_t			 total = 0;
	size_t			 i;
	char			 name[32];

	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "Filter.%s", names[i]);
		tmpl_set(t, name, vals[i]);
	}
	if (v->page > 1)
		tmpl_set_int(t, "Filter.page", v->page);
	if (keys_search(&v->kf, r->now, (v->page - 1) * PAGE_ROWS, PAGE_ROWS,
	    &total, add_key, &fl) != KEYS_OK) {
		tmpl_free(t);
		return 503;
	}
	tmpl_set_int(t, "Keys.count", fl.n);
	tmpl_set_int(t, "Keys.total", total);
	/* r->fv holds the filters only where v came from it. */
	admin_paging(r, t, "/admin/keys", fields, names, v->filtered ? 4 : 0,
	    v->page, total);
	if (v->kf.owner_email != NULL && user_by_email(v->kf.owner_email,
	    &owner) == USER_OK) {
		tmpl_set(t, "Owner.id", owner.id);
		tmpl_set(t, "Owner.email", owner.email);
	}
	set_form(t, v);
	return web_render(r, t, "admin_keys.cs", status);
}

int
page_admin_keys(struct req *r)
{
	struct tmpl		*t = web_page(r, "All API keys", "admin-keys");
	struct admin_keys_view	 v;

	if (t == NULL)
		return 500;
	admin_keys_view_from(r, &v);
	return admin_keys_render(r, t, &v, 200);
}

/* 1 if the pasted text is more than the key and the blanks around it. */
static int
extracted(const struct fval *f, const char *found)
{
	size_t	 a = 0, b = f->len;

	while (a < b && strchr(" \t\r\n", f->s[a]) != NULL)
		a++;
	while (b > a && strchr(" \t\r\n", f->s[b - 1]) != NULL)
		b--;
	return b - a != KEY_LEN || sodium_memcmp(f->s + a, found, KEY_LEN) != 0;
}

int
page_admin_keys_find(struct req *r)
{
	struct tmpl		*t = web_page(r, "All API keys", "admin-keys");
	struct admin_keys_view	 v;
	struct apikey		 k;
	char			*key = req_secret(r, KEY_LEN + 1);

	if (t == NULL || key == NULL) {
		tmpl_free(t);
		return 500;
	}
	/* The key came in a POST body: it is never in a URL or a log; it
	 * is kept in request memory that is wiped. The list below is the
	 * first page, unfiltered. */
	memset(&v, 0, sizeof(v));
	v.page = 1;
	if (!keyfmt_find(r->fv[FK_KEY].s, r->fv[FK_KEY].len, key)) {
		tmpl_set(t, "Found.nokey", "1");
		return admin_keys_render(r, t, &v, 200);
	}
	if (extracted(&r->fv[FK_KEY], key))
		tmpl_set(t, "Found.extracted", "1");
	switch (keys_find(key, &k)) {
	case KEYS_OK:
		admin_set_key(t, "Found", &k, r->now);
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
	return admin_keys_render(r, t, &v, 200);
}
