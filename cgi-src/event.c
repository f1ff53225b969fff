#include <string.h>

#include "buf.h"
#include "db.h"
#include "event.h"
#include "json.h"
#include "log.h"

static const char SQL_ADD[] =
    "INSERT INTO events (user_id, type, data, at) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_UNSENT[] =
    "SELECT id, user_id, type, data, at FROM events WHERE sent = 0 "
    "ORDER BY id LIMIT ?1";
static const char SQL_SENT[] = "UPDATE events SET sent = 1 WHERE id = ?1";
static const char SQL_FOR_USER[] =
    "SELECT id, user_id, type, data, at FROM events WHERE user_id = ?1 "
    "ORDER BY at DESC, id DESC";

static int
add(const char *user_id, int64_t now, const char *type, const char *data)
{
	struct dbq	*q;

	if ((q = db_q(SQL_ADD)) == NULL || db_bind_text(q, 1, user_id) ||
	    db_bind_text(q, 2, type) || db_bind_text(q, 3, data) ||
	    db_bind_int(q, 4, now))
		return -1;
	return db_exec(q);
}

int
event_emit(const char *user_id, int64_t now, const char *type,
    struct json *data)
{
	struct buf	 b = { 0 };
	int		 rc = -1;

	if (data == NULL)
		data = json_object();
	if (data != NULL && json_render(data, &b) == 0 && db_begin() == 0)
		rc = db_end_tx(add(user_id, now, type, b.data) == -1);
	json_free(data);
	buf_free(&b);
	if (rc == -1)
		log_msg("event %s: not recorded", type);
	return rc;
}

static void
row(struct dbq *q, struct event *e)
{
	e->id = db_int(q, 0);
	e->user_id = db_text(q, 1);
	e->type = db_text(q, 2);
	e->data = db_text(q, 3);
	e->at = db_int(q, 4);
}

int
event_each_unsent(int limit, void (*fn)(const struct event *, void *),
    void *arg)
{
	struct event	 e;
	struct dbq	*q;
	enum db_rc	 rc;

	if ((q = db_q(SQL_UNSENT)) == NULL || db_bind_int(q, 1, limit))
		return -1;
	while ((rc = db_step(q)) == DB_ROW) {
		row(q, &e);
		fn(&e, arg);
	}
	db_end(q);
	return rc == DB_DONE ? 0 : -1;
}

int
event_mark_sent(int64_t id)
{
	struct dbq	*q;

	if ((q = db_q(SQL_SENT)) == NULL || db_bind_int(q, 1, id))
		return -1;
	return db_exec(q);
}

static int
wanted(const char *type, const char *const *types)
{
	if (types == NULL)
		return 1;
	for (; *types != NULL; types++)
		if (strcmp(*types, type) == 0)
			return 1;
	return 0;
}

int
event_each_for_user(const char *user_id, const char *const *types,
    int limit, void (*fn)(const struct event *, void *), void *arg)
{
	struct event	 e;
	struct dbq	*q;
	enum db_rc	 rc = DB_DONE;
	int		 n = 0;

	if ((q = db_q(SQL_FOR_USER)) == NULL || db_bind_text(q, 1, user_id))
		return -1;
	while (n < limit && (rc = db_step(q)) == DB_ROW) {
		row(q, &e);
		if (wanted(e.type, types)) {
			fn(&e, arg);
			n++;
		}
	}
	if (n == limit)
		rc = DB_DONE;
	db_end(q);
	return rc == DB_DONE ? 0 : -1;
}
