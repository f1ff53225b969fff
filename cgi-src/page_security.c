/* /settings/security: password, sessions, the user's security log. */
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "audit.h"
#include "pages.h"
#include "password.h"
#include "session.h"
#include "timefmt.h"
#include "tmpl.h"
#include "user.h"
#include "web.h"

#define SECURITY_LOG_ROWS	50

struct fill {
	struct tmpl	*t;
	const char	*current;
	int64_t		 now;
	int		 n;
	int		 others;
};

static void
set_time(struct tmpl *t, const char *list, int i, const char *key,
    int64_t now, int64_t at)
{
	char	 iso[RFC3339_LEN + 1], ago[48], k[32];

	timefmt_rfc3339(at, iso);
	timefmt_ago(now, at, ago, sizeof(ago));
	tmpl_set_item(t, list, i, key, iso);
	snprintf(k, sizeof(k), "%s_ago", key);
	tmpl_set_item(t, list, i, k, ago);
}

static void
add_session(const struct session_info *si, void *arg)
{
	struct fill	*f = arg;
	int		 i = f->n++;

	tmpl_set_item(f->t, "Sessions", i, "id", si->id);
	tmpl_set_item(f->t, "Sessions", i, "ip", si->ip);
	tmpl_set_item(f->t, "Sessions", i, "agent", si->user_agent);
	set_time(f->t, "Sessions", i, "created", f->now, si->created_at);
	set_time(f->t, "Sessions", i, "last_seen", f->now, si->last_seen_at);
	if (strcmp(si->id, f->current) == 0)
		tmpl_set_item(f->t, "Sessions", i, "current", "1");
	else
		f->others = 1;
}

static void
add_event(const struct audit_entry *e, void *arg)
{
	struct fill	*f = arg;
	int		 i = f->n++;

	set_time(f->t, "Audit", i, "at", f->now, e->at);
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
	const char	*cur = r->fv[PW_CURRENT].s, *nw = r->fv[PW_NEW].s;
	const char	*why;
	struct user	 u;
	char		 hash[PASSWORD_HASHLEN];

	if (user_by_id(r->sess->user.id, &u) != USER_OK)
		return 503;
	if (password_verify(u.hash, cur) != 0)
		return show(r, "That isn't your current password.", NULL, 400);
	if ((why = password_policy(nw, u.email)) != NULL)
		return show(r, NULL, why, 400);
	if (password_hash(nw, hash) == -1)
		return 503;
	if (account_set_password(u.id, hash, r->sess->id, r->now) == -1 ||
	    audit_log(r->now, u.id, "password.change", u.id, r->ip, "") == -1)
		return 503;
	web_notice(r, "Password changed. Your other sessions were signed "
	    "out.");
	return http_redirect(r, "/settings/security");
}

int
page_security_session_revoke(struct req *r)
{
	const char	*id = r->args[0];

	if (strcmp(id, r->sess->id) == 0) {
		r->errmsg = "To end this session, use Sign out.";
		return 400;
	}
	switch (session_end(r->sess->user.id, id)) {
	case SESSION_OK:
		break;
	case SESSION_NONE:
		return 404;
	default:
		return 503;
	}
	if (audit_log(r->now, r->sess->user.id, "session.revoke", id, r->ip,
	    "") == -1)
		return 503;
	web_notice(r, "Session signed out.");
	return http_redirect(r, "/settings/security");
}

int
page_security_revoke_others(struct req *r)
{
	if (session_end_others(r->sess->user.id, r->sess->id) != SESSION_OK ||
	    audit_log(r->now, r->sess->user.id, "session.revoke_others",
	    r->sess->user.id, r->ip, "") == -1)
		return 503;
	web_notice(r, "All other sessions signed out.");
	return http_redirect(r, "/settings/security");
}
