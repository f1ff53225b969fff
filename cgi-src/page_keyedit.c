/* /settings/api-keys/{id}/edit: rename a key, narrow a restricted one. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "keys.h"
#include "keyview.h"
#include "pages.h"
#include "session.h"
#include "tmpl.h"
#include "valid.h"
#include "web.h"

static int
is_narrowable(const char *s)
{
	/* admin is never on a restricted key, so never left to untick. */
	return strcmp(s, "read") == 0 || strcmp(s, "write") == 0 ||
	    strcmp(s, "delete") == 0;
}

const struct field page_keys_edit_fields[KEF__MAX + 1] = {
	[KEF_NAME] = { "name", FT_STR, F_BODY | F_REQ, KEY_NAMEMAX, NULL },
	[KEF_PERMS] = { "permissions", FT_LIST, F_BODY, 3, is_narrowable },
	[KEF_RESPERMS] = { "resource_permissions", FT_STR, F_BODY, 1500,
	    NULL },
};

static int
own_key(struct req *r, struct apikey *k)
{
	return http_status(keys_get(r->sess->user.id, r->args[0], k));
}

/* The form, with the key's values or, after an error, the ones sent. */
static int
render(struct req *r, const struct apikey *k, const char *field,
    const char *msg)
{
	struct tmpl	*t = web_page(r, "Edit key", "api-keys");
	const struct fval *f = r->fv;
	char		 name[64];
	size_t		 i;

	if (t == NULL)
		return 500;
	key_view_set(t, "Key", k, r->now);
	if (field == NULL)
		return web_render(r, t, "key_edit.cs", 200);
	snprintf(name, sizeof(name), "Errors.%s", field);
	tmpl_set(t, name, msg);
	tmpl_set(t, "Form.sent", "1");
	tmpl_set(t, "Form.name", f[KEF_NAME].s);
	tmpl_set(t, "Form.resource_permissions", f[KEF_RESPERMS].s);
	for (i = 0; i < f[KEF_PERMS].n; i++) {
		snprintf(name, sizeof(name), "Form.perm.%s",
		    f[KEF_PERMS].list[i]);
		tmpl_set(t, name, "1");
	}
	return web_render(r, t, "key_edit.cs", 400);
}

int
page_keys_edit_form(struct req *r)
{
	struct apikey	 k;
	int		 st;

	if ((st = own_key(r, &k)) != 0)
		return st;
	if (key_status(&k, r->now) != KEY_ACTIVE)
		return 404;
	return render(r, &k, NULL, NULL);
}

/* The permissions the form asks for; NULL or a message. */
static const char *
read_perms(struct req *r, struct perms *p)
{
	const struct fval	*f = r->fv;
	size_t			 i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < f[KEF_PERMS].n; i++)
		if (perm_add(p, f[KEF_PERMS].list[i]) == -1)
			return "Unknown permission.";
	return f[KEF_RESPERMS].present ?
	    keys_parse_more(p, f[KEF_RESPERMS].s) : NULL;
}

static const char *
edit_error(enum keys_rc rc, const char *bad, struct req *r,
    const char **field)
{
	*field = "permissions";
	if (rc == KEYS_EMPTY)
		return "Keep at least one permission, or revoke the key.";
	if (bad == NULL)
		return "Only a restricted key's permissions can change. For "
		    "other permissions, create a new key.";
	*field = strchr(bad, ':') != NULL ? "resource_permissions" :
	    "permissions";
	return arena_printf(r->arena, "This key doesn't hold '%s': "
	    "permissions can only be narrowed. For more, create a new key.",
	    bad);
}

int
page_keys_edit(struct req *r)
{
	const struct fval	*f = r->fv;
	struct apikey		 k;
	struct perms		 p;
	struct key_edit		 e = { NULL, NULL };
	struct actor		 a = web_actor(r);
	const char		*msg, *bad, *field;
	enum keys_rc		 rc;
	int			 st;

	if ((st = own_key(r, &k)) != 0)
		return st;
	if (!valid_not_blank(f[KEF_NAME].s))
		return render(r, &k, "name", "Give the key a name.");
	e.name = f[KEF_NAME].s;
	if (k.restricted || f[KEF_PERMS].present || f[KEF_RESPERMS].present) {
		if ((msg = read_perms(r, &p)) != NULL)
			return render(r, &k, "resource_permissions", msg);
		e.perms = &p;
	}
	rc = keys_edit(r->sess->user.id, k.id, &e, &a, r->now, &bad);
	if (rc == KEYS_WIDEN || rc == KEYS_EMPTY) {
		msg = edit_error(rc, bad, r, &field);
		return render(r, &k, field, msg != NULL ? msg :
		    "Permissions can only be narrowed.");
	}
	if (rc == KEYS_REVOKED || rc == KEYS_EXPIRED)
		return 404;
	if ((st = http_status(rc)) != 0)
		return st;
	web_notice(r, arena_printf(r->arena, "Key '%s' saved.", e.name));
	return http_redirect(r, "/settings/api-keys");
}
