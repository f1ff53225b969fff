/*
 * Account state changes that must take effect everywhere at once; the
 * CLI and the admin console both go through these.
 */
#ifndef LK_ACCOUNT_H
#define LK_ACCOUNT_H

#include <stdint.h>

/* Disables the user, ends their sessions and revokes their token
 * families (their keys stop verifying while disabled). 0 / -1. */
int	account_disable(const char *user_id, int64_t now);
int	account_enable(const char *user_id);
/* Sets a new password hash and ends every session but keep (NULL: all)
 * and every token family. 0 / -1. */
int	account_set_password(const char *user_id, const char *hash,
	    const char *keep_session, int64_t now);
/* Changes the role; refuses (1) to remove the last admin. 0 / 1 / -1. */
int	account_set_role(const char *user_id, int admin);

#endif
