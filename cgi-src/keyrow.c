/* A key as a template row, for the pages that list keys. */
#include <stdio.h>
#include <string.h>

#include "keyview.h"
#include "tmpl.h"

static void
set(struct tmpl *t, const char *prefix, const char *field, const char *v)
{
	char	 name[96];

	snprintf(name, sizeof(name), "%s.%s", prefix, field);
	tmpl_set(t, name, v);
}

static void
set_time(struct tmpl *t, const char *prefix, const char *field,
    int64_t now, int64_t at)
{
	char	 name[96];

	snprintf(name, sizeof(name), "%s.%s", prefix, field);
	tmpl_set_time(t, name, now, at);
}

static void
set_perms(struct tmpl *t, const char *prefix, const struct perms *p)
{
	char	 perms[2048], field[32], *w, *save = NULL;
	int	 j = 0;

	if (perm_format(p, perms, sizeof(perms)) == -1)
		return;
	for (w = strtok_r(perms, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		snprintf(field, sizeof(field), "perms.%d", j++);
		set(t, prefix, field, w);
	}
}

void
key_view_set(struct tmpl *t, const char *prefix, const struct apikey *k,
    int64_t now)
{
	struct key_view	 v;

	key_view(k, now, &v);
	set(t, prefix, "id", k->id);
	set(t, prefix, "name", k->name);
	set(t, prefix, "prefix", k->prefix);
	set(t, prefix, "hint", k->hint);
	set(t, prefix, "environment", k->live ? "live" : "test");
	set(t, prefix, "restricted", k->restricted ? "1" : "0");
	set(t, prefix, "status", v.status);
	set(t, prefix, "status_text", v.text);
	set(t, prefix, "due_rotation", v.due_rotation ? "1" : NULL);
	set(t, prefix, "owner_disabled", v.owner_disabled ? "1" : NULL);
	set(t, prefix, "rolled_to", k->rolled_to[0] ? k->rolled_to : NULL);
	set(t, prefix, "tier", k->tier[0] ? k->tier : NULL);
	set(t, prefix, "rolled_from", k->rolled_from[0] ? k->rolled_from :
	    NULL);
	set_time(t, prefix, "created", now, k->created_at);
	set_time(t, prefix, "last_used", now, k->last_used_at);
	set_time(t, prefix, "expires", now, k->expires_at);
	set_perms(t, prefix, &k->perms);
}
