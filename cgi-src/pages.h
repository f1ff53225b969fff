/* Dashboard handlers and the field indices of their inputs. */
#ifndef LK_PAGES_H
#define LK_PAGES_H

#include "field.h"
#include "http.h"
#include "route.h"

/* Passwords are checked for length by policy, not here: the limit only
 * bounds the work an attacker can make argon2id do. */
#define PW_MAXBYTES	1024
/* The last page number a paged list accepts. */
#define PAGE_MAX	1000000

/* The dashboard's routes (web_routes.c), ended by a NULL pattern. */
extern const struct route web_routes[];

enum { LOGIN_GET_NEXT, LOGIN_GET__MAX };
enum { LOGIN_POST_EMAIL, LOGIN_POST_PASSWORD, LOGIN_POST_NEXT,
    LOGIN_POST__MAX };
enum { PW_CURRENT, PW_NEW, PW__MAX };
enum { KF_NAME, KF_ENV, KF_RESTRICTED, KF_PERMS, KF_RESPERMS, KF_EXPIRES,
    KF_EXPIRES_ON, KF_NONCE, KF_JWT_SIGNING, KF_PUBLIC_JWK, KF_TIER,
    KF__MAX };
enum { KRF_GRACE, KRF_JWT_SIGNING, KRF__MAX };
enum { KEF_NAME, KEF_PERMS, KEF_RESPERMS, KEF__MAX };
enum { AF_NAME, AF_URIS, AF_TYPE, AF_SCOPES, AF_GRANTS, AF_NONCE,
    AF_JWT_SIGNING, AF_PUBLIC_JWKS, AF__MAX };
enum { ARF_GRACE, ARF_JWT_SIGNING, ARF__MAX };
enum { APK_JWKS, APK__MAX };
/* /oauth/authorize: the request's parameters, then the consent. */
enum { AZ_RESPONSE_TYPE, AZ_CLIENT_ID, AZ_REDIRECT, AZ_SCOPE, AZ_STATE,
    AZ_CHALLENGE, AZ_METHOD, AZ_NONCE, AZ_DECISION, AZ__MAX };

enum { SU_EMAIL, SU_NAME, SU_PASSWORD, SU__MAX };
enum { UA_EMAIL, UA_NAME, UA_ROLE, UA_PASSWORD, UA__MAX };
enum { UR_ROLE, UR__MAX };
enum { AK_OWNER, AK_STATUS, AK_ENV, AK_Q, AK_PAGE, AK__MAX };
enum { FK_KEY, FK__MAX };
/* The bulk revoke (confirmation GET and POST) starts with the list's
 * filters, in the list's order (AK_), to go back to the same list. */
enum { AKR_OWNER, AKR_STATUS, AKR_ENV, AKR_Q, AKR_PAGE, AKR_KEYS, AKR_USER,
    AKR_REASON, AKR__MAX };
enum { AU_ACTOR, AU_ACTION, AU_FROM, AU_TO, AU_PAGE, AU__MAX };
enum { RS_ON, RS__MAX };
enum { PF_NAME, PF_DISPLAY, PF_RANK, PF_SECOND, PF_HOUR, PF_MONTH, PF__MAX };
enum { PO_PLAN, PO__MAX };
enum { US_KEY, US__MAX };

/* Each route's input, beside its handler. */
extern const struct field page_login_get_fields[LOGIN_GET__MAX + 1];
extern const struct field page_login_post_fields[LOGIN_POST__MAX + 1];
extern const struct field page_signup_post_fields[SU__MAX + 1];
extern const struct field page_security_password_fields[PW__MAX + 1];
extern const struct field page_keys_create_fields[KF__MAX + 1];
extern const struct field page_keys_roll_fields[KRF__MAX + 1];
extern const struct field page_keys_edit_fields[KEF__MAX + 1];
extern const struct field page_apps_keys_fields[APK__MAX + 1];
extern const struct field page_apps_create_fields[AF__MAX + 1];
extern const struct field page_apps_edit_fields[AF_JWT_SIGNING + 1];
extern const struct field page_apps_rotate_fields[ARF__MAX + 1];
extern const struct field page_authorize_get_fields[AZ_DECISION + 1];
extern const struct field page_authorize_post_fields[AZ__MAX + 1];
extern const struct field page_admin_users_add_fields[UA__MAX + 1];
extern const struct field page_admin_users_role_fields[UR__MAX + 1];
extern const struct field page_admin_keys_fields[AK__MAX + 1];
extern const struct field page_admin_keys_find_fields[FK__MAX + 1];
extern const struct field page_admin_keys_revoke_fields[AKR__MAX + 1];
extern const struct field page_admin_keys_revoke_get_fields[AKR__MAX + 1];
extern const struct field page_admin_users_role_get_fields[UR__MAX + 1];
extern const struct field page_admin_apps_rs_fields[RS__MAX + 1];
extern const struct field page_admin_plans_fields[PF__MAX + 1];
extern const struct field page_admin_plan_of_fields[PO__MAX + 1];
extern const struct field page_admin_audit_fields[AU__MAX + 1];

struct tmpl;
/* Sets Paging.{page,pages,prev,next} with URLs keeping the filters. */
void	admin_paging(struct req *, struct tmpl *, const char *base,
	    const int *fields, const char *const *names, size_t n,
	    int64_t page, int64_t total);

int	page_admin_users(struct req *);
int	page_admin_users_add(struct req *);
int	page_admin_users_disable_confirm(struct req *);
int	page_admin_users_disable(struct req *);
int	page_admin_users_enable(struct req *);
int	page_admin_users_role(struct req *);
int	page_admin_users_reset_confirm(struct req *);
int	page_admin_users_reset(struct req *);
int	page_admin_keys(struct req *);
int	page_admin_keys_find(struct req *);
int	page_admin_keys_confirm(struct req *);
int	page_admin_keys_revoke(struct req *);
int	page_admin_keys_revoke_confirm(struct req *);
int	page_admin_users_role_confirm(struct req *);
int	page_admin_audit(struct req *);
int	page_signup(struct req *);
int	page_signup_post(struct req *);
int	page_home(struct req *);
int	page_admin_home(struct req *);
int	page_login_get(struct req *);
int	page_login_post(struct req *);
/* Sends a signed-out visitor to the sign-in page, to come back to next
 * (a local path) afterwards: /login?next=..., or the sign-in form right
 * here when that address would be too long for the web servers (Apache
 * passes at most 16 KB of query string: SPEC 8.12). */
int	page_login_redirect(struct req *, const char *next, int expired);
/* The sign-in form for a form sent after the session ended (403). */
int	page_login_ended(struct req *, const char *next);
int	page_logout(struct req *);
int	page_keys(struct req *);
int	page_keys_create(struct req *);
int	page_keys_new(struct req *);
int	page_keys_shown(struct req *);
int	page_keys_edit_form(struct req *);
int	page_keys_edit(struct req *);
int	page_keys_revoke_confirm(struct req *);
int	page_keys_revoke(struct req *);
int	page_keys_roll_confirm(struct req *);
int	page_keys_roll(struct req *);
int	page_apps(struct req *);
int	page_apps_create(struct req *);
int	page_apps_shown(struct req *);
int	page_apps_edit_form(struct req *);
int	page_apps_edit(struct req *);
int	page_apps_rotate_confirm(struct req *);
int	page_apps_rotate(struct req *);
int	page_apps_delete_confirm(struct req *);
int	page_apps_keys(struct req *);
int	page_apps_keys_post(struct req *);
int	page_apps_delete(struct req *);
int	page_authorize(struct req *);
int	page_authorize_decide(struct req *);
int	page_authorized(struct req *);
int	page_authorized_confirm(struct req *);
int	page_authorized_revoke(struct req *);
int	page_security(struct req *);
int	page_security_password(struct req *);
int	page_security_session_revoke(struct req *);
int	page_security_revoke_others(struct req *);
int	page_security_signin_revoke(struct req *);
int	page_admin_apps(struct req *);
int	page_usage(struct req *);
int	page_keys_show(struct req *);
int	page_admin_plans(struct req *);
int	page_admin_plans_add(struct req *);
int	page_admin_plans_edit(struct req *);
int	page_admin_plans_update(struct req *);
int	page_admin_users_plan(struct req *);
int	page_admin_keys_tier_form(struct req *);
int	page_admin_keys_tier(struct req *);
struct tmpl;
/* Every plan into t as Plans.N.{name,display_name,rank,limits,accounts,
 * keys} and Plans.count; 0 / -1. */
int	page_plans_fill(struct tmpl *);
int	page_admin_apps_resource_server(struct req *);

#endif
