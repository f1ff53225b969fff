/*
 * The audit log: who did what, when, from where. Callers pass only
 * identifiers and plain facts, never a secret.
 */
#ifndef LK_AUDIT_H
#define LK_AUDIT_H

#include <stdint.h>

struct audit_entry {
	int64_t		 id;
	int64_t		 at;
	const char	*actor_id;	/* "" when anonymous */
	const char	*actor_email;	/* "" when unknown */
	const char	*action;
	const char	*target;
	const char	*ip;
	const char	*detail;
};

/* How an actor reached us; the audit log records it. */
enum via { VIA_WEB, VIA_API, VIA_CLI, VIA__MAX };

/*
 * Who makes a change. Mutating domain functions take one and write the
 * audit row inside the change's own transaction, so the two commit
 * together or not at all (SPEC 8.14).
 */
struct actor {
	const char	*user_id;	/* NULL: anonymous, or the operator */
	const char	*ip;		/* client address; unused for VIA_CLI */
	enum via	 via;
};

/* Appends an entry for what a did. 0 or -1 (logged). */
int	audit(const struct actor *a, int64_t now, const char *action,
	    const char *target, const char *detail);
/* Entries by or about user, newest first, at most limit. */
int	audit_each_for_user(const char *user_id, int limit,
	    void (*)(const struct audit_entry *, void *), void *);
/* Admin search; NULL members match anything. action matches itself
 * and its sub-actions ("key" matches "key.revoke"). */
struct audit_filter {
	const char	*actor_email;
	const char	*action;
	int64_t		 from, to;	/* 0: open-ended; to is exclusive */
};
int	audit_search(const struct audit_filter *, int64_t offset, int limit,
	    int64_t *total, void (*)(const struct audit_entry *, void *),
	    void *);
/* A sentence for an action code ("login.success" -> "Signed in"). */
const char *audit_describe(const char *action);

#endif
