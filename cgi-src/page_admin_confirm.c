/*
 * Confirmation pages of the admin's user actions: disable, reset the
 * password, change the role. Each says exactly what changes: for a
 * disable every key, app, session and authorized app that stops
 * working; for a promotion what the account will be able to do, and its
 * keys that gain the power to introspect every credential.
 */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "code.h"
#include "keys.h"
#include "page_admin.h"
#include "pages.h"
#include "session.h"
#include "tmpl.h"
#include "tokens.h"
#include "user.h"
#include "web.h"

static int
is_role(const char *s)
{
	return strcmp(s, "user") == 0 || strcmp(s, "admin") == 0;
}

const struct field page_admin_users_role_get_fields[UR__MAX + 1] = {
	[UR_ROLE] = { "role", FT_STR, F_QUERY | F_REQ, 5, is_role },
};

struct stake_fill {
	struct tmpl		*t;	/* NULL: count only */
	int64_t			 now;
	int			 admin_keys;	/* list only keys with admin */
	struct admin_stake	*s;
};

static void
stake_key(const struct apikey *k, void *arg)
{
	struct stake_fill	*f = arg;
	char			 prefix[32];

	if (key_status(k, f->now) != KEY_ACTIVE ||
	    (f->admin_keys && !(k->perms.base & PERM_ADMIN)))
		return;
	snprintf(prefix, sizeof(prefix), "Keys.%d", f->s->keys++);
	if (f->t != NULL)
		admin_set_key(f->t, prefix, k, f->now);
}

static void
stake_app(const struct client *c, void *arg)
{
	struct stake_fill	*f = arg;
	int			 i = f->s->apps++;

	if (f->t == NULL)
		return;
	tmpl_set_item(f->t, "Apps", i, "id", c->id);
	tmpl_set_item(f->t, "Apps", i, "name", c->name);
	tmpl_set_item(f->t, "Apps", i, "type", c->confidential ?
	    "confidential" : "public");
}

static void
stake_session(const struct session_info *si, void *arg)
{
	(void)si;
	((struct stake_fill *)arg)->s->sessions++;
}

static void
stake_signin(const struct signin_info *si, void *arg)
{
	(void)si;
	((struct stake_fill *)arg)->s->signins++;
}

static void
stake_grant(const struct consent_info *ci, void *arg)
{
	struct stake_fill	*f = arg;
	int			 i = f->s->grants++;

	if (f->t == NULL)
		return;
	tmpl_set_item(f->t, "Grants", i, "id", ci->client_id);
	tmpl_set_item(f->t, "Grants", i, "name", ci->app_name);
	tmpl_set_item(f->t, "Grants", i, "owner_email", ci->owner_email);
}

int
admin_user_stake(const char *user_id, int64_t now, struct tmpl *t,
    struct admin_stake *s)
{
	struct stake_fill	 f;

	memset(s, 0, sizeof(*s));
	f.t = t;
	f.now = now;
	f.admin_keys = 0;
	f.s = s;
	if (keys_each(user_id, stake_key, &f) != KEYS_OK ||
	    client_each(user_id, stake_app, &f) != CLIENT_OK ||
	    session_each(user_id, now, stake_session, &f) != SESSION_OK ||
	    tokens_each_signin(user_id, now, stake_signin, &f) != 0 ||
	    consent_each(user_id, stake_grant, &f) == -1)
		return -1;
	if (t != NULL) {
		tmpl_set_int(t, "Stake.keys", s->keys);
		tmpl_set_int(t, "Stake.apps", s->apps);
		tmpl_set_int(t, "Stake.sessions", s->sessions);
		tmpl_set_int(t, "Stake.signins", s->signins);
		tmpl_set_int(t, "Stake.grants", s->grants);
	}
	return 0;
}

static struct tmpl *
confirm_page(struct req *r, const char *title, const char *action,
    const struct user *u)
{
	struct tmpl	*t = web_page(r, title, "admin-users");

	if (t == NULL)
		return NULL;
	tmpl_set(t, "Confirm.action", action);
	tmpl_set(t, "Target.id", u->id);
	tmpl_set(t, "Target.email", u->email);
	tmpl_set(t, "Target.name", u->name);
	tmpl_set(t, "Target.role", u->admin ? "admin" : "user");
	return t;
}

int
page_admin_users_disable_confirm(struct req *r)
{
	struct admin_stake	 s = { 0 };
	struct user		 u;
	struct tmpl		*t;
	int			 st;

	if ((st = admin_target(r, &u)) != 0)
		return st;
	if ((t = confirm_page(r, "Disable user", "disable", &u)) == NULL)
		return 500;
	if (admin_user_stake(u.id, r->now, t, &s) == -1) {
		tmpl_free(t);
		return 503;
	}
	return web_render(r, t, "admin_user_confirm.cs", 200);
}

int
page_admin_users_reset_confirm(struct req *r)
{
	struct user	 u;
	struct tmpl	*t;
	int		 st;

	if ((st = admin_target(r, &u)) != 0)
		return st;
	if ((t = confirm_page(r, "Reset password", "reset", &u)) == NULL)
		return 500;
	return web_render(r, t, "admin_user_confirm.cs", 200);
}

/* Promotion lists the keys holding admin, which then reach every
 * credential (SPEC 8.11); a demotion the same keys, which lose it. */
int
page_admin_users_role_confirm(struct req *r)
{
	struct admin_stake	 s = { 0 };
	struct stake_fill	 f = { NULL, r->now, 1, &s };
	struct user		 u;
	struct tmpl		*t;
	int			 st, admin;

	if ((st = admin_target(r, &u)) != 0)
		return st;
	admin = strcmp(r->fv[UR_ROLE].s, "admin") == 0;
	if ((t = confirm_page(r, admin ? "Make administrator" :
	    "Remove administrator", admin ? "promote" : "demote", &u)) == NULL)
		return 500;
	if (u.admin == admin)
		tmpl_set(t, "Confirm.same", "1");
	memset(&s, 0, sizeof(s));
	f.t = t;
	if (keys_each(u.id, stake_key, &f) != KEYS_OK) {
		tmpl_free(t);
		return 503;
	}
	tmpl_set_int(t, "Stake.keys", s.keys);
	return web_render(r, t, "admin_user_confirm.cs", 200);
}
