/* Password hashing (argon2id) and policy. */
#ifndef LK_PASSWORD_H
#define LK_PASSWORD_H

#include <stddef.h>

#define PASSWORD_HASHLEN	128	/* >= crypto_pwhash_STRBYTES */
#define PASSWORD_MIN		12	/* characters */
#define PASSWORD_MAX		256

#define PASSWORD_BUSY		(-2)	/* every hash slot is in use */

/* argon2id, libsodium's interactive limits, through the host's hash
 * slots (hashgate.h): 0, -1 out of memory, or PASSWORD_BUSY. */
int		 password_hash(const char *pw, char out[PASSWORD_HASHLEN]);
/* 0 if pw matches hash (in constant time), -1 if not, PASSWORD_BUSY. */
int		 password_verify(const char *hash, const char *pw);
/* Spends the time of one password_verify against a hash nobody has, so
 * an unknown account answers as slowly as a known one: -1 (no match)
 * or PASSWORD_BUSY. */
int		 password_verify_dummy(const char *pw);
/* Makes that hash now, at start-up, not on the first unknown email. */
int		 password_init(void);
/* 1 if two stored hash strings are the same (constant time): has the
 * password changed since a check? */
int		 password_same_hash(const char *, const char *);
/* NULL if pw is acceptable, else a sentence saying why not. */
const char	*password_policy(const char *pw, const char *email);
/* A random password that passes the policy: 24 base62 characters. */
void		 password_generate(char out[25]);

#endif
