/* /settings/security: password, sessions, the user's security log. */
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "arena.h"
#include "audit.h"
#include "pages.h"
#include "session.h"
#include "timefmt.h"
#include "tmpl.h"
#include "tokens.h"
#include "uaname.h"
#include "user.h"
#include "valid.h"
#include "web.h"

const struct field page_security_password_fields[PW__MAX + 1] = {
	[PW_CURRENT] = { "current_password", FT_STR, F_BODY | F_REQ,
	    PW_MAXBYTES, NULL },
	[PW_NEW] = { "new_password", FT_STR, F_BODY | F_REQ, PW_MAXBYTES,
	    NULL },
};

#define SECURITY_LOG_ROWS	50

struct fill {
	struct tmpl	*t;
	const char	*current;
	int64_t		 now;
	int		 n;
	int		 others;
};

static void
add_session(const struct session_info *si, void *arg)
{
	struct fill	*f = arg;
	char		 name[UANAME_LEN + 1];
	int		 i = f->n++;

	tmpl_set_item(f->t, "Sessions", i, "id", si->id);
	tmpl_set_item(f->t, "Sessions", i, "ip", si->ip);
	tmpl_set_item(f->t, "Sessions", i, "agent", si->user_agent);
	uaname(si->user_agent, name);
	tmpl_set_item(f->t, "Sessions", i, "agent_name", name);
	tmpl_set_item_time(f->t, "Sessions", i, "created", f->now,
	    si->created_at);
	tmpl_set_item_time(f->t, "Sessions", i, "last_seen", f->now,
	    si->last_seen_at);
	if (strcmp(si->id, f->current) == 0)
		tmpl_set_item(f->t, "Sessions", i, "current", "1");
	else
		f->others = 1;
}

static void
add_signin(const struct signin_info *si, void *arg)
{
	struct fill	*f = arg;
	char		 name[UANAME_LEN + 1];
	int		 i = f->n++;

	tmpl_set_item(f->t, "Signins", i, "id", si->id);
	tmpl_set_item(f->t, "Signins", i, "ip", si->ip);
	tmpl_set_item(f->t, "Signins", i, "agent", si->user_agent);
	uaname(si->user_agent, name);
	tmpl_set_item(f->t, "Signins", i, "agent_name", name);
	tmpl_set_item_time(f->t, "Signins", i, "created", f->now,
	    si->created_at);
	if (si->last_used_at != 0)
		tmpl_set_item_time(f->t, "Signins", i, "last_used", f->now,
		    si->last_used_at);
}

static void
add_event(const struct audit_entry *e, void *arg)
{
	struct fill	*f = arg;
	int		 i = f->n++;

	tmpl_set_item_time(f->t, "Audit", i, "at", f->now, e->at);
	tmpl_set_item(f->t, "Audit", i, "action_text",
	    audit_describe(e->action));
	tmpl_set_item(f->t, "Audit", i, "ip", e->ip);
}

/* Renders the page; errors (may be NULL) go next to their fields. */
static int
show(struct req *r, const char *cur_err, const char *new_err, int status)
{
	struct fill	 f = { 0 };

	if ((f.t = web_page(r, "Security", "security")) == NULL)
		return 500;
	f.current = r->sess->id;
	f.now = r->now;
	tmpl_set(f.t, "Errors.current_password", cur_err);
	tmpl_set(f.t, "Errors.new_password", new_err);
	if (session_each(r->sess->user.id, r->now, add_session, &f) != 0)
		goto busy;
	tmpl_set_int(f.t, "Sessions.others", f.others);
	f.n = 0;
	if (tokens_each_signin(r->sess->user.id, r->now, add_signin, &f) != 0)
		goto busy;
	tmpl_set_int(f.t, "Signins.count", f.n);
	f.n = 0;
	if (audit_each_for_user(r->sess->user.id, SECURITY_LOG_ROWS,
	    add_event, &f) != 0)
		goto busy;
	tmpl_set_int(f.t, "Audit.count", f.n);
	return web_render(r, f.t, "security.cs", status);
busy:
	tmpl_free(f.t);
	return 503;
}

int
page_security(struct req *r)
{
	return show(r, NULL, NULL, 200);
}

int
page_security_password(struct req *r)
{
	struct account_why	 w = { 0 };
	struct actor		 a = web_actor(r);
	struct user		 u;

	if (user_by_id(r->sess->user.id, &u) != USER_OK)
		return 503;
	switch (account_change_password(&u, r->fv[PW_CURRENT].s,
	    r->fv[PW_NEW].s, web_device_cookie(r), r->sess->id, &a, r->now,
	    &w)) {
	case ACCOUNT_OK:
		web_notice(r, "Password changed. Your other sessions and API "
		    "sign-ins were ended.");
		return http_redirect(r, "/settings/security");
	case ACCOUNT_WRONG:
		return show(r, w.text, NULL, 400);
	case ACCOUNT_INVALID:
		return show(r, NULL, w.text, 400);
	case ACCOUNT_THROTTLED:
		http_header(r, "Retry-After", arena_printf(r->arena, "%lld",
		    (long long)w.retry_after));
		return show(r, "Too many wrong passwords. Try again later.",
		    NULL, 429);
	case ACCOUNT_BUSY:
		http_header(r, "Retry-After", "1");
		return 503;
	default:
		return 503;
	}
}

int
page_security_session_revoke(struct req *r)
{
	const char	*id = r->args[0];
	struct actor	 a = web_actor(r);
	int		 st;

	if (strcmp(id, r->sess->id) == 0) {
		r->errmsg = "To end this session, use Sign out.";
		return 400;
	}
	if ((st = http_status(session_revoke(r->sess->user.id, id, &a,
	    r->now))) != 0)
		return st;
	web_notice(r, "Session signed out.");
	return http_redirect(r, "/settings/security");
}

int
page_security_revoke_others(struct req *r)
{
	struct actor	 a = web_actor(r);

	if (session_revoke_others(r->sess->user.id, r->sess->id, &a, r->now) !=
	    SESSION_OK)
		return 503;
	web_notice(r, "All other sessions signed out.");
	return http_redirect(r, "/settings/security");
}

int
page_security_signin_revoke(struct req *r)
{
	struct actor	 a = web_actor(r);
	int		 st;

	if ((st = http_status(tokens_end_signin(r->sess->user.id, r->args[0],
	    &a, r->now))) != 0)
		return st;
	web_notice(r, "API sign-in ended; its tokens no longer work.");
	return http_redirect(r, "/settings/security");
}
