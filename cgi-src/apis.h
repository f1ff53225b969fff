/* JSON API handlers and the field indices of their inputs. */
#ifndef LK_APIS_H
#define LK_APIS_H

#include "field.h"
#include "http.h"
#include "route.h"

struct apikey;
struct cjwt_opts;
struct principal;
struct json;

enum { KC_NAME, KC_ENV, KC_RESTRICTED, KC_PERMS, KC_EXPIRES, KC_JWT_SIGNING,
    KC_PUBLIC_JWK, KC_TIER, KC__MAX };
enum { KR_GRACE, KR_JWT_SIGNING, KR_PUBLIC_JWK, KR__MAX };
enum { KL_KEYS, KL__MAX };
enum { VF_SCOPE, VF_ENV, VF_COST, VF__MAX };
enum { AL_EMAIL, AL_PASSWORD, AL__MAX };
enum { UF_DAYS, UF__MAX };
enum { RT_TOKEN, RT__MAX };
enum { TK_GRANT, TK_CODE, TK_REDIRECT, TK_VERIFIER, TK_REFRESH, TK_SCOPE,
    TK_CLIENT_ID, TK_SECRET, TK_ASSERTION_TYPE, TK_ASSERTION, TK__MAX };
enum { RV_TOKEN, RV_HINT, RV_CLIENT_ID, RV_SECRET, RV__MAX };
enum { IN_TOKEN, IN_HINT, IN_CLIENT_ID, IN_SECRET, IN__MAX };

/* The API's routes (api_routes.c), and those of the verify pool. */
extern const struct route api_routes[];
extern const struct route api_verify_routes[];

/* Each route's input, beside its handler. */
extern const struct field api_keys_create_fields[KC__MAX + 1];
extern const struct field api_keys_roll_fields[KR__MAX + 1];
extern const struct field api_keys_leaked_fields[KL__MAX + 1];
extern const struct field api_verify_fields[VF__MAX + 1];
extern const struct field api_usage_fields[UF__MAX + 1];
extern const struct field api_auth_login_fields[AL__MAX + 1];
extern const struct field api_auth_refresh_fields[RT__MAX + 1];
extern const struct field api_oauth_token_fields[TK__MAX + 1];
extern const struct field api_oauth_revoke_fields[RV__MAX + 1];
extern const struct field api_oauth_introspect_fields[IN__MAX + 1];

/* The key object of SPEC §3. */
struct json	*api_key_object(const struct apikey *, int64_t now);
/* Adds what key id (or app id) holds for client-signed JWTs to o:
 * "jwt_signing", and "public_jwk" (a key) or "public_jwks" (an app). */
void		 api_cjwt_key_fields(struct json *o, const char *id);
/* The client-signed-JWT options of a create or roll request; 0, or a
 * 400 with the message set. */
int		 api_cjwt_opts(struct req *, const struct fval *signing,
		    const struct fval *jwk, struct cjwt_opts *);
/* The fields SPEC 10 adds to a verify answer. */
void		 api_cjwt_verify_fields(struct json *o,
		    const struct principal *);

int	api_keys_list(struct req *);
int	api_keys_create(struct req *);
int	api_keys_get(struct req *);
int	api_keys_roll(struct req *);
int	api_keys_delete(struct req *);
int	api_keys_revoke_leaked(struct req *);
int	api_keys_usage(struct req *);
int	api_usage(struct req *);
int	api_verify(struct req *);
int	api_auth_login(struct req *);
int	api_auth_refresh(struct req *);
int	api_auth_logout(struct req *);
int	api_jwks(struct req *);
/* api_health.c */
int	api_healthz(struct req *);
int	api_readyz(struct req *);
int	api_metrics(struct req *);
int	api_oauth_token(struct req *);
int	api_oauth_revoke(struct req *);
int	api_oauth_introspect(struct req *);
int	api_oauth_metadata(struct req *);
int	api_oidc_configuration(struct req *);
int	api_oidc_userinfo(struct req *);
/* RFC 8414 metadata, which OpenID discovery extends. */
struct json	*api_oauth_metadata_object(struct req *);

#endif
