/* /settings/oauth-apps: register, list, rotate the secret, delete. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "client.h"
#include "pages.h"
#include "session.h"
#include "timefmt.h"
#include "tmpl.h"
#include "tokens.h"
#include "valid.h"
#include "web.h"

static int
is_client_type(const char *s)
{
	return strcmp(s, "confidential") == 0 || strcmp(s, "public") == 0;
}

static int
is_grant_type(const char *s)
{
	return client_grant_bit(s) != 0;
}

const struct field page_apps_create_fields[AF__MAX + 1] = {
	[AF_NAME] = { "name", FT_STR, F_BODY, 100, NULL },
	[AF_URIS] = { "redirect_uris", FT_TEXT, F_BODY, 6000, NULL },
	[AF_TYPE] = { "client_type", FT_STR, F_BODY, 12, is_client_type },
	[AF_SCOPES] = { "scopes", FT_TEXT, F_BODY, 1000, NULL },
	[AF_GRANTS] = { "grant_types", FT_LIST, F_BODY, 3, is_grant_type },
	[AF_NONCE] = { "form_nonce", FT_STR, F_BODY, RND_TOKEN_LEN,
	    rnd_token_shape },
};

const struct field page_apps_rotate_fields[ARF__MAX + 1] = {
	[ARF_GRACE] = { "grace_seconds", FT_INT, F_BODY, 0, NULL, 0,
	    7 * 86400 },
};

struct fill {
	struct tmpl	*t;
	int64_t		 now;
	int		 n;
};

static void
add_app(const struct client *c, void *arg)
{
	struct fill	*f = arg;
	char		 key[48];
	size_t		 j;
	int		 i = f->n++;

	tmpl_set_item(f->t, "Apps", i, "client_id", c->id);
	tmpl_set_item(f->t, "Apps", i, "name", c->name);
	tmpl_set_item(f->t, "Apps", i, "client_type",
	    c->confidential ? "confidential" : "public");
	for (j = 0; j < c->nuris; j++) {
		snprintf(key, sizeof(key), "redirect_uris.%zu", j);
		tmpl_set_item(f->t, "Apps", i, key, c->uris[j]);
	}
	tmpl_set_item_words(f->t, "Apps", i, "scopes", c->scopes);
	tmpl_set_item_words(f->t, "Apps", i, "grant_types",
	    client_grant_names(c->grants));
	tmpl_set_item_time(f->t, "Apps", i, "created", f->now, c->created_at);
	if (c->old_secret_until > f->now)
		tmpl_set_item_time(f->t, "Apps", i, "old_secret_until", f->now,
		    c->old_secret_until);
}

static int
render_list(struct req *r, struct tmpl *t, int status)
{
	struct fill	 f = { t, r->now, 0 };
	char		 nonce[RND_TOKEN_LEN + 1];

	if (client_each(r->sess->user.id, add_app, &f) != CLIENT_OK) {
		tmpl_free(t);
		return 503;
	}
	tmpl_set_int(t, "Apps.count", f.n);
	rnd_token(nonce);
	tmpl_set(t, "Form.nonce", nonce);
	return web_render(r, t, "oauth_apps.cs", status);
}

int
page_apps(struct req *r)
{
	struct tmpl	*t = web_page(r, "OAuth apps", "oauth-apps");

	return t != NULL ? render_list(r, t, 200) : 500;
}

/* Shows the client id, and a new secret once; grace is the old secret's
 * after a rotation (-1: not a rotation). */
static int
show_new(struct req *r, const struct client *c, char *secret, int64_t grace)
{
	struct tmpl	*t = web_page(r, "OAuth apps", "oauth-apps");
	char		 at[TIMEFMT_HUMAN_LEN + 1], ago[48];

	if (t == NULL)
		return 500;
	if (grace > 0) {
		timefmt_human(r->now + grace, at);
		timefmt_ago(r->now, r->now + grace, ago, sizeof(ago));
		tmpl_set(t, "NewApp.grace_text", arena_printf(r->arena,
		    "%s (%s)", at, ago));
	}
	tmpl_set(t, "NewApp.client_id", c->id);
	tmpl_set(t, "NewApp.name", c->name);
	if (secret[0] != '\0')
		tmpl_set(t, "NewApp.secret", secret);
	if (grace >= 0)
		tmpl_set(t, "NewApp.rotated", "1");
	return render_list(r, t, 200);
}

/* The values sent and one error, for a re-rendered form. */
static void
set_sent(struct tmpl *t, const struct fval *f, const char *field,
    const char *msg)
{
	char	 name[64];
	size_t	 i;

	snprintf(name, sizeof(name), "Errors.%s", field);
	tmpl_set(t, name, msg);
	tmpl_set(t, "Form.submitted", "1");
	tmpl_set(t, "Form.name", f[AF_NAME].s);
	tmpl_set(t, "Form.redirect_uris", f[AF_URIS].s);
	tmpl_set(t, "Form.client_type", f[AF_TYPE].s);
	tmpl_set(t, "Form.scopes", f[AF_SCOPES].s);
	for (i = 0; i < f[AF_GRANTS].n; i++) {
		snprintf(name, sizeof(name), "Form.grant.%s",
		    f[AF_GRANTS].list[i]);
		tmpl_set(t, name, "1");
	}
}

static int
form_error(struct req *r, const char *field, const char *msg)
{
	struct tmpl	*t = web_page(r, "OAuth apps", "oauth-apps");

	if (t == NULL)
		return 500;
	set_sent(t, r->fv, field, msg);
	return render_list(r, t, 400);
}

/* Splits the textarea into c->uris; NULL or a message. */
static const char *
read_uris(struct req *r, const char *text, struct client *c)
{
	const char	*p = text;
	size_t		 n;
	char		 u[CLIENT_URIMAX + 2];

	while (p != NULL && *p != '\0') {
		n = strcspn(p, "\r\n");
		if (n > 0) {
			if (n > CLIENT_URIMAX)
				return "A redirect URI is too long.";
			memcpy(u, p, n);
			u[n] = '\0';
			if (!client_valid_redirect(u))
				return arena_printf(r->arena, "%s is not a "
				    "redirect URI we accept: use exact https "
				    "URLs (or http://localhost, "
				    "http://127.0.0.1)"
				    " with a plain host name and port, without "
				    "fragments or wildcards.", u);
			if (c->nuris == CLIENT_MAXURIS)
				return "At most 10 redirect URIs.";
			memcpy(c->uris[c->nuris++], u, n + 1);
		}
		p += n;
		p += strspn(p, "\r\n");
	}
	return NULL;
}

/* The scopes field with runs of spaces, tabs and newlines made one space
 * and the ends trimmed; NULL if out of memory. */
static char *
tidy_words(struct req *r, const char *s)
{
	char	*out = arena_strndup(r->arena, s, strlen(s)), *o = out;

	if (out == NULL)
		return NULL;
	for (; *s != '\0'; s++) {
		if (strchr(" \t\r\n", *s) == NULL)
			*o++ = *s;
		else if (o != out && o[-1] != ' ')
			*o++ = ' ';
	}
	if (o != out && o[-1] == ' ')
		o--;
	*o = '\0';
	return out;
}

#define NOT_SCOPE "is not a scope: use read, write, delete, admin, " \
	"offline_access or resource:read (write, delete)."

/* c->scopes from the form; NULL or a message naming the bad scope. */
static const char *
read_scopes(struct req *r, const struct fval *f, struct client *c)
{
	char	*s, *w, *save = NULL;
	int	 i = 0;

	if (!f->present || (s = tidy_words(r, f->s)) == NULL || *s == '\0')
		return "List the scopes the app may ask for, e.g. "
		    "read write offline_access.";
	snprintf(c->scopes, sizeof(c->scopes), "%s", s);
	for (w = strtok_r(s, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save), i++)
		if (strlen(w) >= 64 || !client_valid_scope_token(w))
			return valid_echo_safe(w, strlen(w)) ?
			    arena_printf(r->arena, "'%s' %s", w, NOT_SCOPE) :
			    arena_printf(r->arena, "Scope %d %s", i + 1,
			    NOT_SCOPE);
	return client_valid_scope_list(c->scopes) ? NULL :
	    "Too many scopes.";
}

static const char *
check_grants(const struct client *c)
{
	if (c->grants == 0)
		return "Choose at least one grant type.";
	if ((c->grants & GRANT_CLIENT) && !c->confidential)
		return "Public apps can't use client credentials.";
	if ((c->grants & GRANT_REFRESH) && !(c->grants & GRANT_CODE))
		return "Refresh tokens come from authorization codes: tick "
		    "authorization_code too.";
	if ((c->grants & GRANT_REFRESH) &&
	    !scope_subset("offline_access", c->scopes))
		return "Refresh tokens are issued only for the "
		    "offline_access scope: add it to the scopes, or untick "
		    "refresh_token.";
	return NULL;
}

/* Fills c from the form; NULL or the field at fault, with *msg. */
static const char *
read_form(struct req *r, struct client *c, const char **msg)
{
	const struct fval	*f = r->fv;
	size_t			 i;

	memset(c, 0, sizeof(*c));
	snprintf(c->user_id, sizeof(c->user_id), "%s", r->sess->user.id);
	if (!f[AF_NAME].present || !valid_not_blank(f[AF_NAME].s)) {
		*msg = "Give the app a name.";
		return "name";
	}
	snprintf(c->name, sizeof(c->name), "%s", f[AF_NAME].s);
	c->confidential = !f[AF_TYPE].present ||
	    strcmp(f[AF_TYPE].s, "public") != 0;
	for (i = 0; i < f[AF_GRANTS].n; i++)
		c->grants |= client_grant_bit(f[AF_GRANTS].list[i]);
	if ((*msg = read_uris(r, f[AF_URIS].present ? f[AF_URIS].s : "",
	    c)) != NULL)
		return "redirect_uris";
	if (c->nuris == 0 && (c->grants & GRANT_CODE)) {
		*msg = "Give at least one redirect URI.";
		return "redirect_uris";
	}
	if ((*msg = read_scopes(r, &f[AF_SCOPES], c)) != NULL)
		return "scopes";
	return (*msg = check_grants(c)) != NULL ? "grant_types" : NULL;
}

struct create {
	struct client	 c;
	char		 secret[CLIENT_SECRETLEN + 1];
};

static int
create(struct req *r, void *arg)
{
	struct create	*c = arg;
	struct actor	 a = web_actor(r);

	return client_create(&c->c, &a, r->now, c->secret);
}

int
page_apps_create(struct req *r)
{
	struct create	*c = req_secret(r, sizeof(*c));
	const char	*field, *msg;
	int		 rc, st;

	if (c == NULL)
		return 500;
	if ((field = read_form(r, &c->c, &msg)) != NULL)
		return form_error(r, field, msg);
	if ((st = web_once(r, &r->fv[AF_NONCE], create, c, c->c.id, &rc,
	    "/settings/oauth-apps", "no second app was registered")) != 0)
		return st;
	if (rc == CLIENT_LIMIT)
		return form_error(r, "name", "You have 100 apps, the most an "
		    "account may register; delete one first.");
	if (rc != CLIENT_OK)
		return 503;
	return show_new(r, &c->c, c->secret, -1);
}

static int
own_app(struct req *r, struct client *c)
{
	return http_status(client_get(r->sess->user.id, r->args[0], c));
}

static int
confirm(struct req *r, const char *action)
{
	struct client	 c;
	struct tmpl	*t;
	int		 st;

	if ((st = own_app(r, &c)) != 0)
		return st;
	if (strcmp(action, "rotate") == 0 && !c.confidential)
		return 404;
	if ((t = web_page(r, strcmp(action, "rotate") == 0 ? "Rotate secret" :
	    "Delete app", "oauth-apps")) == NULL)
		return 500;
	tmpl_set(t, "Confirm.action", action);
	tmpl_set(t, "App.client_id", c.id);
	tmpl_set(t, "App.name", c.name);
	tmpl_set(t, "App.client_type", c.confidential ? "confidential" :
	    "public");
	return web_render(r, t, "oauth_app_confirm.cs", 200);
}

int
page_apps_rotate_confirm(struct req *r)
{
	return confirm(r, "rotate");
}

int
page_apps_delete_confirm(struct req *r)
{
	return confirm(r, "delete");
}

int
page_apps_rotate(struct req *r)
{
	struct client	 c;
	struct actor	 a = web_actor(r);
	char		*secret = req_secret(r, CLIENT_SECRETLEN + 1);
	int64_t		 g = r->fv[ARF_GRACE].present ? r->fv[ARF_GRACE].i : 0;
	int		 st;

	if (secret == NULL)
		return 500;
	/* Scripts that post no grace get today's behaviour: at once. */
	if (!client_valid_grace(g)) {
		r->errmsg = "Choose a grace period from the list.";
		return 400;
	}
	if ((st = own_app(r, &c)) != 0)
		return st;
	if ((st = http_status(client_rotate_secret(r->sess->user.id, c.id, g,
	    &a, r->now, secret))) != 0)
		return st;
	return show_new(r, &c, secret, g);
}

int
page_apps_delete(struct req *r)
{
	struct client	 c;
	struct actor	 a = web_actor(r);
	char		 notice[160];
	int		 st;

	if ((st = own_app(r, &c)) != 0)
		return st;
	if ((st = http_status(client_delete(r->sess->user.id, c.id, &a,
	    r->now))) != 0)
		return st;
	snprintf(notice, sizeof(notice), "App '%s' deleted; its tokens no "
	    "longer work.", c.name);
	web_notice(r, notice);
	return http_redirect(r, "/settings/oauth-apps");
}

/* Where a second submission of the registration form lands. */
int
page_apps_shown(struct req *r)
{
	struct client	 c;
	struct tmpl	*t;
	int		 st;

	if ((st = own_app(r, &c)) != 0)
		return st;
	if ((t = web_page(r, "App already registered", "oauth-apps")) == NULL)
		return 500;
	tmpl_set(t, "App.client_id", c.id);
	tmpl_set(t, "App.name", c.name);
	tmpl_set(t, "App.confidential", c.confidential ? "1" : NULL);
	return web_render(r, t, "app_shown.cs", 200);
}

/* The edit form: the app's values, or after an error the ones sent. */
static int
render_edit(struct req *r, const struct client *c, struct tmpl *t,
    int status)
{
	char	 uris[CLIENT_MAXURIS * (CLIENT_URIMAX + 1) + 1], name[48];
	size_t	 i;

	tmpl_set(t, "App.client_id", c->id);
	tmpl_set(t, "App.name", c->name);
	tmpl_set(t, "App.client_type", c->confidential ? "confidential" :
	    "public");
	tmpl_set(t, "AppForm.edit", "1");
	if (status != 200)
		return web_render(r, t, "app_edit.cs", status);
	tmpl_set(t, "Form.submitted", "1");
	tmpl_set(t, "Form.name", c->name);
	client_join_uris(c, uris, sizeof(uris));
	tmpl_set(t, "Form.redirect_uris", uris);
	tmpl_set(t, "Form.scopes", c->scopes);
	for (i = 0; i < 3; i++)
		if (c->grants & (1u << i)) {
			snprintf(name, sizeof(name), "Form.grant.%s",
			    client_grant_names(1u << i));
			tmpl_set(t, name, "1");
		}
	return web_render(r, t, "app_edit.cs", 200);
}

int
page_apps_edit_form(struct req *r)
{
	struct client	 c;
	struct tmpl	*t;
	int		 st;

	if ((st = own_app(r, &c)) != 0)
		return st;
	if ((t = web_page(r, "Edit app", "oauth-apps")) == NULL)
		return 500;
	return render_edit(r, &c, t, 200);
}

/* The form sent, with one error, as the registration form shows it. */
static int
edit_error(struct req *r, const struct client *old, const char *field,
    const char *msg)
{
	struct tmpl	*t = web_page(r, "Edit app", "oauth-apps");

	if (t == NULL)
		return 500;
	set_sent(t, r->fv, field, msg);
	return render_edit(r, old, t, 400);
}

int
page_apps_edit(struct req *r)
{
	struct client	 old, nc;
	struct actor	 a = web_actor(r);
	const char	*field, *msg;
	int		 st, narrowed;

	if ((st = own_app(r, &old)) != 0)
		return st;
	/* The type stays: it decides whether the app has a secret. */
	if ((field = read_form(r, &nc, &msg)) != NULL &&
	    strcmp(field, "grant_types") != 0)
		return edit_error(r, &old, field, msg);
	nc.confidential = old.confidential;
	if ((msg = check_grants(&nc)) != NULL)
		return edit_error(r, &old, "grant_types", msg);
	snprintf(nc.id, sizeof(nc.id), "%s", old.id);
	if ((st = http_status(client_edit(r->sess->user.id, &nc, &a, r->now,
	    &narrowed))) != 0)
		return st;
	web_notice(r, arena_printf(r->arena, "App '%s' saved.%s", nc.name,
	    narrowed ? " It can do less than before, so it was signed out "
	    "everywhere: people approve it again." : ""));
	return http_redirect(r, "/settings/oauth-apps");
}
