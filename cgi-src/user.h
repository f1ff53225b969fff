/* Accounts. Emails are compared case-insensitively. */
#ifndef LK_USER_H
#define LK_USER_H

#include <stdint.h>

#include "password.h"
#include "rc.h"

#define USER_IDLEN	20	/* usr_ + 16 */

struct user {
	char	 id[USER_IDLEN + 1];
	char	 email[255];
	char	 name[201];
	int	 admin;
	int	 disabled;
	int64_t	 created_at;
	char	 hash[PASSWORD_HASHLEN];
	char	 plan[33];	/* its plan (SPEC 9); "" for none */
};

enum user_rc { USER_OK = RC_OK, USER_ERR = RC_ERR, USER_NOTFOUND = RC_NOTFOUND,
    USER_EXISTS = -3 };

/* Creates a user with an already hashed password; fills u->id. */
enum user_rc	 user_create(struct user *u, int64_t now);
enum user_rc	 user_by_email(const char *email, struct user *);
enum user_rc	 user_by_id(const char *id, struct user *);
enum user_rc	 user_set_password(const char *id, const char *hash,
		    int64_t now);
enum user_rc	 user_set_disabled(const char *id, int disabled);
/* Calls fn for each user in email order; USER_OK or USER_ERR. */
enum user_rc	 user_each(void (*fn)(const struct user *, void *), void *);
/* Number of users, or -1. */
int64_t		 user_count(void);

#endif
