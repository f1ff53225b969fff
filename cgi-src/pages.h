/* Dashboard handlers and the field indices of their inputs. */
#ifndef LK_PAGES_H
#define LK_PAGES_H

#include "http.h"

enum { LOGIN_GET_NEXT, LOGIN_GET__MAX };
enum { LOGIN_POST_EMAIL, LOGIN_POST_PASSWORD, LOGIN_POST_NEXT,
    LOGIN_POST__MAX };
enum { PW_CURRENT, PW_NEW, PW__MAX };
enum { KF_NAME, KF_ENV, KF_RESTRICTED, KF_PERMS, KF_RESPERMS, KF_EXPIRES,
    KF_EXPIRES_ON, KF_NONCE, KF__MAX };
enum { KRF_GRACE, KRF__MAX };

int	page_home(struct req *);
int	page_login_get(struct req *);
int	page_login_post(struct req *);
int	page_logout(struct req *);
int	page_keys(struct req *);
int	page_keys_create(struct req *);
int	page_keys_revoke_confirm(struct req *);
int	page_keys_revoke(struct req *);
int	page_keys_roll_confirm(struct req *);
int	page_keys_roll(struct req *);
int	page_security(struct req *);
int	page_security_password(struct req *);
int	page_security_session_revoke(struct req *);
int	page_security_revoke_others(struct req *);

#endif
