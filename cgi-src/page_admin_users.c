/* /admin/users: list, add, disable/enable, role, password reset. */
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "arena.h"
#include "page_admin.h"
#include "pages.h"
#include "session.h"
#include "password.h"
#include "timefmt.h"
#include "tmpl.h"
#include "user.h"
#include "valid.h"
#include "web.h"

static int
is_role(const char *s)
{
	return strcmp(s, "user") == 0 || strcmp(s, "admin") == 0;
}

const struct field page_admin_users_add_fields[UA__MAX + 1] = {
	[UA_EMAIL] = { "email", FT_STR, F_BODY, 254, NULL },
	[UA_NAME] = { "name", FT_STR, F_BODY, 200, NULL },
	[UA_ROLE] = { "role", FT_STR, F_BODY, 5, is_role },
	[UA_PASSWORD] = { "password", FT_STR, F_BODY, PW_MAXBYTES, NULL },
};

const struct field page_admin_users_role_fields[UR__MAX + 1] = {
	[UR_ROLE] = { "role", FT_STR, F_BODY | F_REQ, 5, is_role },
};

struct fill {
	struct tmpl	*t;
	const char	*self;
	int64_t		 now;
	int		 n;
};

static void
add_user(const struct user *u, void *arg)
{
	struct fill	*f = arg;
	int		 i = f->n++;

	tmpl_set_item(f->t, "Users", i, "id", u->id);
	tmpl_set_item(f->t, "Users", i, "email", u->email);
	tmpl_set_item(f->t, "Users", i, "name", u->name);
	tmpl_set_item(f->t, "Users", i, "role", u->admin ? "admin" : "user");
	tmpl_set_item(f->t, "Users", i, "plan", u->plan[0] ? u->plan : NULL);
	tmpl_set_item(f->t, "Users", i, "status", u->disabled ? "disabled" :
	    "active");
	tmpl_set_item_time(f->t, "Users", i, "created", f->now, u->created_at);
	if (strcmp(u->id, f->self) == 0)
		tmpl_set_item(f->t, "Users", i, "is_self", "1");
}

static int
render(struct req *r, struct tmpl *t, int status)
{
	struct fill	 f = { t, r->sess->user.id, r->now, 0 };

	if (user_each(add_user, &f) != USER_OK || page_plans_fill(t) == -1) {
		tmpl_free(t);
		return 503;
	}
	tmpl_set_int(t, "Users.count", f.n);
	return web_render(r, t, "admin_users.cs", status);
}

int
page_admin_users(struct req *r)
{
	struct tmpl	*t = web_page(r, "Users", "admin-users");

	return t != NULL ? render(r, t, 200) : 500;
}

static int
show_password(struct req *r, const char *email, char *pw, int reset)
{
	struct tmpl	*t = web_page(r, "Users", "admin-users");

	if (t != NULL) {
		tmpl_set(t, "NewUser.email", email);
		tmpl_set(t, "NewUser.password", pw);
		if (reset)
			tmpl_set(t, "NewUser.reset", "1");
	}
	return t != NULL ? render(r, t, 200) : 500;
}

static int
add_error(struct req *r, const char *field, const char *msg)
{
	struct tmpl	*t = web_page(r, "Users", "admin-users");
	char		 name[48];

	if (t == NULL)
		return 500;
	snprintf(name, sizeof(name), "Errors.%s", field);
	tmpl_set(t, name, msg);
	tmpl_set(t, "Form.email", r->fv[UA_EMAIL].s);
	tmpl_set(t, "Form.name", r->fv[UA_NAME].s);
	tmpl_set(t, "Form.role", r->fv[UA_ROLE].s);
	return render(r, t, 400);
}

int
page_admin_users_add(struct req *r)
{
	const struct fval	*f = r->fv;
	struct account_new	 n = { 0 };
	struct account_why	 w = { 0 };
	struct actor		 a = web_actor(r);
	struct user		 u;
	char			*pw = req_secret(r, PASSWORD_MAX * 4 + 2);

	n.email = f[UA_EMAIL].present ? f[UA_EMAIL].s : "";
	n.name = f[UA_NAME].present ? f[UA_NAME].s : "";
	n.admin = f[UA_ROLE].present && strcmp(f[UA_ROLE].s, "admin") == 0;
	n.password = f[UA_PASSWORD].present ? f[UA_PASSWORD].s : NULL;
	if (pw == NULL)
		return 500;
	switch (account_create(&n, &a, r->now, &u, pw, &w)) {
	case ACCOUNT_OK:
		break;
	case ACCOUNT_INVALID:
		return add_error(r, w.field, w.text);
	case ACCOUNT_EXISTS:
		return add_error(r, "email", "A user with this email exists.");
	case ACCOUNT_BUSY:
		http_header(r, "Retry-After", "1");
		return 503;
	default:
		return 503;
	}
	if (pw[0] != '\0')
		return show_password(r, u.email, pw, 0);
	web_notice(r, "User added.");
	return http_redirect(r, "/admin/users");
}

int
admin_target(struct req *r, struct user *u)
{
	int	 st;

	if ((st = http_status(user_by_id(r->args[0], u))) != 0)
		return st;
	if (strcmp(u->id, r->sess->user.id) == 0) {
		r->errmsg = "You can't do that to your own account here; use "
		    "Security for your password.";
		return 400;
	}
	return 0;
}

static int
done(struct req *r, enum account_rc rc, const struct user *u,
    const char *notice)
{
	char	 text[320];

	if (rc != ACCOUNT_OK)
		return 503;
	snprintf(text, sizeof(text), "%s: %s", u->email, notice);
	web_notice(r, text);
	return http_redirect(r, "/admin/users");
}

/* "1 key and 2 apps" stop; sessions are said as "signed out". */
static const char *
stopped(struct req *r, const struct admin_stake *s)
{
	const char	*t;

	if (s->keys == 0 && s->apps == 0)
		return "";
	if (s->apps == 0)
		t = arena_printf(r->arena, "; %d key%s stopped", s->keys,
		    s->keys == 1 ? "" : "s");
	else if (s->keys == 0)
		t = arena_printf(r->arena, "; %d app%s stopped", s->apps,
		    s->apps == 1 ? "" : "s");
	else
		t = arena_printf(r->arena, "; %d key%s and %d app%s "
		    "stopped", s->keys, s->keys == 1 ? "" : "s", s->apps,
		    s->apps == 1 ? "" : "s");
	return t != NULL ? t : "";
}

int
page_admin_users_disable(struct req *r)
{
	struct admin_stake	 s = { 0 };
	struct user		 u;
	struct actor		 a;
	const char		*what;
	int			 st;

	if ((st = admin_target(r, &u)) != 0)
		return st;
	a = web_actor(r);
	/* Counted before, for the notice; the disable itself is atomic. */
	if (admin_user_stake(u.id, r->now, NULL, &s) == -1)
		return 503;
	what = arena_printf(r->arena, "disabled, signed out everywhere%s",
	    stopped(r, &s));
	return done(r, account_disable(u.id, &a, r->now), &u, what != NULL ?
	    what : "disabled");
}

int
page_admin_users_enable(struct req *r)
{
	struct user	 u;
	struct actor	 a;
	int		 st;

	if ((st = admin_target(r, &u)) != 0)
		return st;
	a = web_actor(r);
	return done(r, account_enable(u.id, &a, r->now), &u, "enabled");
}

int
page_admin_users_role(struct req *r)
{
	struct user	 u;
	struct actor	 a = web_actor(r);
	enum account_rc	 rc;
	int		 st, admin = strcmp(r->fv[UR_ROLE].s, "admin") == 0;

	if ((st = admin_target(r, &u)) != 0)
		return st;
	if ((rc = account_set_role(u.id, admin, &a, r->now)) ==
	    ACCOUNT_LAST_ADMIN) {
		r->errmsg = "There must be at least one administrator.";
		return 400;
	}
	return done(r, rc, &u, admin ? "now an administrator" : "now a user");
}

int
page_admin_users_reset(struct req *r)
{
	struct user		 u;
	struct account_why	 w = { 0 };
	struct actor		 a = web_actor(r);
	char			*pw = req_secret(r, PASSWORD_MAX * 4 + 2);
	int			 st;

	if (pw == NULL)
		return 500;
	if ((st = admin_target(r, &u)) != 0)
		return st;
	switch (account_set_password(u.id, NULL, &a, r->now, pw, &w)) {
	case ACCOUNT_OK:
		return show_password(r, u.email, pw, 1);
	case ACCOUNT_BUSY:
		http_header(r, "Retry-After", "1");
		return 503;
	default:
		return 503;
	}
}
