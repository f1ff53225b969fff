/*
 * The secrets file: server-side keys that must never reach the database.
 * Text, one "name=64 hex digits" per line, mode 0600, owned by the user
 * that runs Latchkey. Loading refuses a file group or others can read.
 */
#ifndef LK_SECRETS_H
#define LK_SECRETS_H

enum secret {
	SECRET_PEPPER,	/* keys the hashes of API keys, sessions, tokens */
	SECRET_CSRF,	/* keys CSRF tokens */
	SECRET_SEAL,	/* seals private signing keys stored in the db */
	SECRET_JWTSEAL,	/* seals secrets clients sign their JWTs with */
	SECRET__MAX
};

/* Loads the file; -1 (logged) if missing, unsafe or malformed. */
int			 secrets_load(const char *path);
/* Creates the file if missing and adds missing secrets; 0 / -1. */
int			 secrets_init(const char *path);
/* 32 bytes; only valid after a successful secrets_load. */
const unsigned char	*secret_get(enum secret);

#endif
