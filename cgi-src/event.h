/*
 * Events for webhooks, mail and the alerts page (SPEC 11): the outbox.
 * A domain function that changes something worth telling records the
 * event inside its own transaction, so the event exists exactly when
 * the change does; latchkey-worker delivers it later, at least once.
 */
#ifndef LK_EVENT_H
#define LK_EVENT_H

#include <stdint.h>

struct json;

struct event {
	int64_t		 id;
	const char	*user_id;
	const char	*type;
	const char	*data;		/* a JSON object's text */
	int64_t		 at;
};

/*
 * Records an event of type (SPEC 11's exact names) for user_id at now,
 * inside the caller's transaction if one is open, else in its own.
 * data is a JSON object of ids, names, hints, addresses and counts,
 * never a secret; it is taken (freed here, also on error). NULL data
 * means {}. 0, or -1 (logged): the caller's change must then fail too.
 */
int	event_emit(const char *user_id, int64_t now, const char *type,
	    struct json *data);
/* The events not yet sent, oldest first, at most limit. */
int	event_each_unsent(int limit, void (*)(const struct event *, void *),
	    void *);
int	event_mark_sent(int64_t id);
/* The user's events whose type is in types (NULL-terminated; NULL:
 * every type), newest first, at most limit. */
int	event_each_for_user(const char *user_id, const char *const *types,
	    int limit, void (*)(const struct event *, void *), void *);

#endif
