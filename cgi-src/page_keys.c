/* /settings/api-keys: list, create (secret shown once), roll, revoke. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "clientjwt.h"
#include "keys.h"
#include "keyview.h"
#include "pages.h"
#include "session.h"
#include "timefmt.h"
#include "tmpl.h"
#include "valid.h"
#include "web.h"

static int
is_base_perm(const char *s)
{
	return strcmp(s, "read") == 0 || strcmp(s, "write") == 0 ||
	    strcmp(s, "delete") == 0 || strcmp(s, "admin") == 0;
}

const struct field page_keys_create_fields[KF__MAX + 1] = {
	[KF_NAME] = { "name", FT_STR, F_BODY, KEY_NAMEMAX, NULL },
	[KF_ENV] = { "environment", FT_STR, F_BODY, 4, keys_valid_env },
	[KF_RESTRICTED] = { "restricted", FT_BOOL, F_BODY, 0, NULL },
	[KF_PERMS] = { "permissions", FT_LIST, F_BODY, 4, is_base_perm },
	[KF_RESPERMS] = { "resource_permissions", FT_STR, F_BODY, 1500, NULL },
	[KF_EXPIRES] = { "expires_in_days", FT_INT, F_BODY, 0, NULL, 1,
	    KEY_MAXDAYS },
	[KF_EXPIRES_ON] = { "expires_on", FT_STR, F_BODY, 10, NULL },
	[KF_NONCE] = { "form_nonce", FT_STR, F_BODY, RND_TOKEN_LEN,
	    rnd_token_shape },
	[KF_JWT_SIGNING] = { "jwt_signing", FT_BOOL, F_BODY, 0, NULL },
	[KF_PUBLIC_JWK] = { "public_jwk", FT_JSON, F_BODY, CJWT_JWKMAX, NULL },
	[KF_TIER] = { "tier", FT_STR, F_BODY, PLAN_NAMEMAX + 1, NULL },
};

const struct field page_keys_roll_fields[KRF__MAX + 1] = {
	[KRF_GRACE] = { "grace_seconds", FT_INT, F_BODY | F_REQ, 0, NULL,
	    0, KEY_MAXGRACE },
	[KRF_JWT_SIGNING] = { "jwt_signing", FT_BOOL, F_BODY, 0, NULL },
};

struct fill {
	struct tmpl	*t;
	int64_t		 now;
	int		 n;
	int		 live;	/* active or expiring */
};

static void
add_key(const struct apikey *k, void *arg)
{
	struct fill		*f = arg;
	struct key_view		 v;
	struct cjwt_info	 ci;
	char			 prefix[32], name[48];

	key_view(k, f->now, &v);
	f->live += strcmp(v.status, "active") == 0 ||
	    strcmp(v.status, "expiring") == 0;
	snprintf(prefix, sizeof(prefix), "Keys.%d", f->n++);
	key_view_set(f->t, prefix, k, f->now);
	/* A badge says which client-signed JWTs the key may sign. */
	if (cjwt_key_info(k->id, &ci) != CJWT_OK)
		return;
	snprintf(name, sizeof(name), "%s.jwt_hs256", prefix);
	tmpl_set(f->t, name, ci.jwt_signing ? "1" : NULL);
	snprintf(name, sizeof(name), "%s.jwt_eddsa", prefix);
	tmpl_set(f->t, name, ci.jwk[0] != '\0' ? "1" : NULL);
}

struct tiers {
	struct tmpl	*t;
	int64_t		 rank;
	int		 n;
};

static void
add_tier(const struct plan *p, void *arg)
{
	struct tiers	*c = arg;
	char		 name[64], lim[96];

	if (p->rank > c->rank)
		return;
	snprintf(name, sizeof(name), "Tiers.%d.name", c->n);
	tmpl_set(c->t, name, p->name);
	snprintf(name, sizeof(name), "Tiers.%d.display_name", c->n);
	tmpl_set(c->t, name, p->display_name);
	plan_limits_text(p, lim, sizeof(lim));
	snprintf(name, sizeof(name), "Tiers.%d.limits", c->n++);
	tmpl_set(c->t, name, lim);
}

/* The tiers a new key may have: plans up to the account's (SPEC 9). */
static int
tier_choices(struct tmpl *t, const char *user_id)
{
	struct plan	 mine;
	struct tiers	 c = { t, 0, 0 };

	switch (plan_of_user(user_id, &mine)) {
	case PLAN_OK:
		break;
	case PLAN_NOTFOUND:
		return 0;
	default:
		return -1;
	}
	tmpl_set(t, "Tiers.mine", mine.name);
	c.rank = mine.rank;
	return plan_each(add_tier, &c) == PLAN_OK ? 0 : -1;
}

/* The list; t may already hold a new key's secret. */
static int
render_list(struct req *r, struct tmpl *t, int status)
{
	struct fill	 f = { t, r->now, 0, 0 };

	if (keys_each(r->sess->user.id, add_key, &f) != KEYS_OK) {
		tmpl_free(t);
		return 503;
	}
	tmpl_set_int(t, "Keys.count", f.n);
	tmpl_set_int(t, "Keys.live_count", f.live);
	tmpl_set_int(t, "Keys.ended_count", f.n - f.live);
	return web_render(r, t, "api_keys.cs", status);
}

/* The create form with a fresh nonce; t may hold values and an error. */
static int
render_new(struct req *r, struct tmpl *t, int status)
{
	char	 nonce[RND_TOKEN_LEN + 1], tomorrow[RFC3339_LEN + 1];

	if (tier_choices(t, r->sess->user.id) == -1) {
		tmpl_free(t);
		return 503;
	}
	rnd_token(nonce);
	tmpl_set(t, "Form.nonce", nonce);
	timefmt_rfc3339(r->now + 86400, tomorrow);
	tomorrow[10] = '\0';
	tmpl_set(t, "Form.min_date", tomorrow);
	return web_render(r, t, "api_key_new.cs", status);
}

int
page_keys(struct req *r)
{
	struct tmpl	*t = web_page(r, "API keys", "api-keys");

	return t != NULL ? render_list(r, t, 200) : 500;
}

int
page_keys_new(struct req *r)
{
	struct tmpl	*t = web_page(r, "Create an API key", "api-keys");

	return t != NULL ? render_new(r, t, 200) : 500;
}

/* Shows a just-made secret once; the response is no-store like all. */
static int
show_secret(struct req *r, const struct apikey *k, char *secret,
    const char *rolled_from, const char *grace)
{
	struct tmpl	*t = web_page(r, "API keys", "api-keys");

	if (t == NULL)
		return 500;
	tmpl_set(t, "NewKey.secret", secret);
	tmpl_set(t, "NewKey.name", k->name);
	tmpl_set(t, "NewKey.id", k->id);
	tmpl_set(t, "NewKey.rolled_from", rolled_from);
	tmpl_set(t, "NewKey.grace_text", grace);
	return render_list(r, t, 200);
}

/* Re-renders the form with the values given and one error. */
static int
form_error(struct req *r, const char *field, const char *msg)
{
	const struct fval	*f = r->fv;
	struct tmpl		*t = web_page(r, "Create an API key",
				    "api-keys");
	char			 name[64];
	size_t			 i;

	if (t == NULL)
		return 500;
	snprintf(name, sizeof(name), "Errors.%s", field);
	tmpl_set(t, name, msg);
	tmpl_set(t, "Form.name", f[KF_NAME].s);
	tmpl_set(t, "Form.environment", f[KF_ENV].s);
	tmpl_set(t, "Form.restricted", f[KF_RESTRICTED].i ? "1" : NULL);
	tmpl_set(t, "Form.resource_permissions", f[KF_RESPERMS].s);
	if (f[KF_EXPIRES].present)
		tmpl_set_int(t, "Form.expires_in_days", f[KF_EXPIRES].i);
	tmpl_set(t, "Form.expires_on", f[KF_EXPIRES_ON].s);
	tmpl_set(t, "Form.jwt_signing", f[KF_JWT_SIGNING].i ? "1" : NULL);
	tmpl_set(t, "Form.public_jwk", f[KF_PUBLIC_JWK].s);
	tmpl_set(t, "Form.tier", f[KF_TIER].s);
	for (i = 0; i < f[KF_PERMS].n; i++) {
		snprintf(name, sizeof(name), "Form.perm.%s",
		    f[KF_PERMS].list[i]);
		tmpl_set(t, name, "1");
	}
	return render_new(r, t, 400);
}

/* Fills k from the create form; NULL or the field at fault. */
static const char *
read_form(struct req *r, struct apikey *k, const char **msg)
{
	const struct fval	*f = r->fv;
	struct key_input	 in = { 0 };

	in.name = f[KF_NAME].present ? f[KF_NAME].s : NULL;
	in.environment = f[KF_ENV].present ? f[KF_ENV].s : NULL;
	in.restricted = f[KF_RESTRICTED].present;
	in.perms = f[KF_PERMS].list;
	in.nperms = f[KF_PERMS].n;
	in.more_perms = f[KF_RESPERMS].present ? f[KF_RESPERMS].s : NULL;
	in.has_days = f[KF_EXPIRES].present;
	in.days = f[KF_EXPIRES].i;
	in.expires_on = f[KF_EXPIRES_ON].present ? f[KF_EXPIRES_ON].s : NULL;
	in.tier = f[KF_TIER].present ? f[KF_TIER].s : NULL;
	return keys_from_input(&in, r->sess->user.id, r->now, k, msg);
}

struct create {
	struct apikey		 k;
	struct cjwt_opts	 co;
	char			 canon[CJWT_JWKMAX];
	char			 secret[KEY_LEN + 1];
};

static int
create(struct req *r, void *arg)
{
	struct create	*c = arg;
	struct actor	 a = web_actor(r);

	return cjwt_keys_create(&c->k, &c->co, &a, r->now, c->secret);
}

/* The client-signed-JWT choices of the form into c; NULL or why not. */
static const char *
read_jwt_opts(struct req *r, struct create *c)
{
	const struct fval	*f = r->fv;
	unsigned char		 x[32];
	const char		*msg;

	c->co.jwt_signing = f[KF_JWT_SIGNING].present;
	if (!f[KF_PUBLIC_JWK].present)
		return NULL;
	if (cjwt_jwk_parse(f[KF_PUBLIC_JWK].s, x, c->canon, &msg) == -1)
		return msg;
	c->co.public_jwk = c->canon;
	return NULL;
}

int
page_keys_create(struct req *r)
{
	struct create	*c = req_secret(r, sizeof(*c));
	const char	*field, *msg;
	int		 rc, st;

	if (c == NULL)
		return 500;
	if ((field = read_form(r, &c->k, &msg)) != NULL)
		return form_error(r, field, msg);
	if ((msg = read_jwt_opts(r, c)) != NULL)
		return form_error(r, "public_jwk", msg);
	if ((st = web_once(r, &r->fv[KF_NONCE], create, c, c->k.id, &rc,
	    "/settings/api-keys", "no second key was created")) != 0)
		return st;
	if (rc == KEYS_LIMIT)
		return form_error(r, "name", "You have 1000 active keys, the "
		    "most an account may hold; revoke some first.");
	if (rc == KEYS_TIER_UNKNOWN)
		return form_error(r, "tier", "There is no such tier.");
	if (rc == KEYS_TIER_ABOVE)
		return form_error(r, "tier", "A key's tier can't be above your "
		    "plan.");
	if (rc != KEYS_OK)
		return 503;
	return show_secret(r, &c->k, c->secret, NULL, NULL);
}

/* Loads the user's key named in the path, or answers 404 / 503. */
static int
own_key(struct req *r, struct apikey *k)
{
	return http_status(keys_get(r->sess->user.id, r->args[0], k));
}

static int
confirm(struct req *r, const char *action)
{
	struct apikey		 k;
	struct cjwt_info	 ci;
	struct tmpl		*t;
	int		 st;

	if ((st = own_key(r, &k)) != 0)
		return st;
	if ((t = web_page(r, strcmp(action, "roll") == 0 ? "Roll key" :
	    "Revoke key", "api-keys")) == NULL)
		return 500;
	tmpl_set(t, "Confirm.action", action);
	tmpl_set(t, "Key.id", k.id);
	tmpl_set(t, "Key.name", k.name);
	tmpl_set(t, "Key.prefix", k.prefix);
	tmpl_set(t, "Key.hint", k.hint);
	tmpl_set(t, "Key.environment", k.live ? "live" : "test");
	if (cjwt_key_info(k.id, &ci) == CJWT_OK && ci.jwt_signing)
		tmpl_set(t, "Key.jwt_signing", "1");
	return web_render(r, t, "key_confirm.cs", 200);
}

int
page_keys_revoke_confirm(struct req *r)
{
	return confirm(r, "revoke");
}

int
page_keys_roll_confirm(struct req *r)
{
	return confirm(r, "roll");
}

int
page_keys_revoke(struct req *r)
{
	struct apikey	 k;
	struct actor	 a;
	char		 notice[160];
	int		 st;

	if ((st = own_key(r, &k)) != 0)
		return st;
	a = web_actor(r);
	switch (keys_revoke(r->sess->user.id, k.id, REVOKE_OWNER, "", &a,
	    r->now)) {
	case KEYS_OK:
		snprintf(notice, sizeof(notice), "Key '%s' revoked.", k.name);
		break;
	case KEYS_NOTFOUND:
		snprintf(notice, sizeof(notice), "Key '%s' was already "
		    "revoked.", k.name);
		break;
	default:
		return 503;
	}
	web_notice(r, notice);
	return http_redirect(r, "/settings/api-keys");
}

/* "2026-12-04 12:41 UTC (in 24 hours)": when the old key stops. */
static const char *
grace_text(struct req *r, int64_t g)
{
	char	 at[TIMEFMT_HUMAN_LEN + 1], ago[48];

	if (g == 0)
		return NULL;
	timefmt_human(r->now + g, at);
	timefmt_ago(r->now, r->now + g, ago, sizeof(ago));
	return arena_printf(r->arena, "%s (%s)", at, ago);
}

/* A roll form sent again, or for a key rolled since: to the successor. */
static int
rolled_already(struct req *r, const struct apikey *old)
{
	char	 notice[160];

	snprintf(notice, sizeof(notice), "Key '%s' was already rolled%s.",
	    old->name, old->rolled_to[0] != '\0' ? "; this is its "
	    "replacement" : " or is no longer active");
	web_notice(r, notice);
	if (old->rolled_to[0] == '\0')
		return http_redirect(r, "/settings/api-keys");
	return http_redirect(r, arena_printf(r->arena,
	    "/settings/api-keys/%s/shown", old->rolled_to));
}

int
page_keys_roll(struct req *r)
{
	struct apikey		 old, k;
	struct actor		 a = web_actor(r);
	struct cjwt_opts	 co = { 0 };
	int64_t			 g = r->fv[KRF_GRACE].i;
	char			*secret = req_secret(r, KEY_LEN + 1);
	int			 st;

	if (secret == NULL)
		return 500;
	if (!keys_valid_grace(g)) {
		r->errmsg = "Choose a grace period from the list.";
		return 400;
	}
	if ((st = own_key(r, &old)) != 0)
		return st;
	/* A form can't say "unchanged": the box, shown ticked when the
	 * old key had it, is the choice. */
	co.jwt_signing = r->fv[KRF_JWT_SIGNING].present;
	switch (cjwt_keys_roll(r->sess->user.id, old.id, g, &co, &a, r->now,
	    &k, secret)) {
	case KEYS_OK:
		break;
	case KEYS_NOTFOUND:
		/* Read again: the roll that won the race named a successor. */
		if ((st = own_key(r, &old)) != 0)
			return st;
		return rolled_already(r, &old);
	default:
		return 503;
	}
	return show_secret(r, &k, secret, old.id, grace_text(r, g));
}

/* Where a second submission of a create or roll form lands: the secret
 * was shown once and can't be again; the way out is to roll. */
int
page_keys_shown(struct req *r)
{
	struct apikey	 k;
	struct tmpl	*t;
	int		 st;

	if ((st = own_key(r, &k)) != 0)
		return st;
	if ((t = web_page(r, "Key already shown", "api-keys")) == NULL)
		return 500;
	key_view_set(t, "Key", &k, r->now);
	return web_render(r, t, "key_shown.cs", 200);
}
