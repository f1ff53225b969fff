#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "db.h"
#include "log.h"

#define DB_MAXSTMT	256
#define DB_BUSY_MS	5000

struct dbq {
	const char	*sql;
	sqlite3_stmt	*stmt;
};

static sqlite3		*db;
static struct dbq	 cache[DB_MAXSTMT];
static size_t		 ncache;
/* Transactions nest: only the outermost begins and commits. A failure
 * at any depth dooms the whole transaction; the outermost end rolls it
 * back. */
static int		 depth;
static int		 doomed;

/* Logs the error with the start of the statement it came from. */
static void
db_log(const char *what, const char *sql)
{
	log_msg("sqlite %s: %s (%d) in \"%.48s\"", what, sqlite3_errmsg(db),
	    sqlite3_extended_errcode(db), sql != NULL ? sql : "");
}

int
db_open(const char *path)
{
	static const char setup[] =
	    "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=NORMAL;"
	    "PRAGMA foreign_keys=ON;"
	    "PRAGMA trusted_schema=OFF;";

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
		log_msg("sqlite open %s: %s", path,
		    db ? sqlite3_errmsg(db) : "out of memory");
		db_close();
		return -1;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, DB_BUSY_MS);
	if (db_script(setup) == -1) {
		db_close();
		return -1;
	}
	return 0;
}

void
db_close(void)
{
	size_t	 i;

	for (i = 0; i < ncache; i++)
		sqlite3_finalize(cache[i].stmt);
	ncache = 0;
	sqlite3_close(db);
	db = NULL;
}

int
db_script(const char *sql)
{
	char	*err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_msg("sqlite script: %s", err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

int
db_user_version(void)
{
	static const char SQL_VERSION[] = "PRAGMA user_version";
	struct dbq	*q;
	int		 v = -1;

	if ((q = db_q(SQL_VERSION)) == NULL)
		return -1;
	if (db_step(q) == DB_ROW)
		v = (int)db_int(q, 0);
	db_end(q);
	return v;
}

int
db_ping(void)
{
	/* Reads a page of the file, not just the open handle. */
	static const char SQL_PING[] = "SELECT count(*) FROM sqlite_schema";
	struct dbq	*q;
	enum db_rc	 rc;

	if ((q = db_q(SQL_PING)) == NULL)
		return -1;
	rc = db_step(q);
	db_end(q);
	return rc == DB_ROW ? 0 : -1;
}

struct dbq *
db_q(const char *sql)
{
	size_t	 i;

	for (i = 0; i < ncache; i++)
		if (cache[i].sql == sql)
			return &cache[i];
	if (db == NULL || ncache == DB_MAXSTMT) {
		log_msg("sqlite: no database or statement cache full");
		return NULL;
	}
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &cache[ncache].stmt, NULL) != SQLITE_OK) {
		db_log("prepare", sql);
		return NULL;
	}
	cache[ncache].sql = sql;
	return &cache[ncache++];
}

static int
bind_rc(const struct dbq *q, int rc)
{
	if (rc == SQLITE_OK)
		return 0;
	db_log("bind", q->sql);
	return -1;
}

int
db_bind_text(struct dbq *q, int i, const char *s)
{
	if (s == NULL)
		return db_bind_null(q, i);
	return bind_rc(q, sqlite3_bind_text(q->stmt, i, s, -1,
	    SQLITE_TRANSIENT));
}

int
db_bind_blob(struct dbq *q, int i, const void *p, size_t n)
{
	return bind_rc(q, sqlite3_bind_blob64(q->stmt, i, p, n,
	    SQLITE_TRANSIENT));
}

int
db_bind_int(struct dbq *q, int i, int64_t v)
{
	return bind_rc(q, sqlite3_bind_int64(q->stmt, i, v));
}

int
db_bind_null(struct dbq *q, int i)
{
	return bind_rc(q, sqlite3_bind_null(q->stmt, i));
}

enum db_rc
db_step(struct dbq *q)
{
	switch (sqlite3_step(q->stmt)) {
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	default:
		db_log("step", q->sql);
		return DB_ERR;
	}
}

void
db_end(struct dbq *q)
{
	sqlite3_reset(q->stmt);
	sqlite3_clear_bindings(q->stmt);
}

int
db_exec(struct dbq *q)
{
	enum db_rc	 rc = db_step(q);

	db_end(q);
	return rc == DB_DONE ? 0 : -1;
}

const char *
db_text(struct dbq *q, int i)
{
	const unsigned char	*s = sqlite3_column_text(q->stmt, i);

	return s != NULL ? (const char *)s : "";
}

int64_t
db_int(struct dbq *q, int i)
{
	return sqlite3_column_int64(q->stmt, i);
}

int
db_isnull(struct dbq *q, int i)
{
	return sqlite3_column_type(q->stmt, i) == SQLITE_NULL;
}

const void *
db_blob(struct dbq *q, int i, size_t *n)
{
	const void	*p = sqlite3_column_blob(q->stmt, i);

	*n = (size_t)sqlite3_column_bytes(q->stmt, i);
	return p;
}

int
db_changes(void)
{
	return sqlite3_changes(db);
}

int64_t
db_last_rowid(void)
{
	return sqlite3_last_insert_rowid(db);
}

static int
run(const char *sql)
{
	struct dbq	*q = db_q(sql);

	return q != NULL ? db_exec(q) : -1;
}

static void
rollback_now(void)
{
	static const char SQL_ROLLBACK[] = "ROLLBACK";

	if (db != NULL && !sqlite3_get_autocommit(db))
		(void)run(SQL_ROLLBACK);
}

int
db_begin(void)
{
	static const char SQL_BEGIN[] = "BEGIN IMMEDIATE";

	if (depth == 0) {
		if (run(SQL_BEGIN) == -1)
			return -1;
		doomed = 0;
	}
	depth++;
	return 0;
}

int
db_commit(void)
{
	static const char SQL_COMMIT[] = "COMMIT";

	if (depth == 0) {
		log_msg("sqlite: commit outside a transaction");
		return -1;
	}
	if (doomed)
		return -1;
	if (depth > 1) {
		depth--;
		return 0;
	}
	if (run(SQL_COMMIT) == -1) {
		doomed = 1;
		return -1;
	}
	depth = 0;
	return 0;
}

void
db_rollback(void)
{
	if (depth == 0) {
		rollback_now();
		return;
	}
	doomed = 1;
	if (--depth == 0) {
		rollback_now();
		doomed = 0;
	}
}

int
db_end_tx(int error)
{
	if (!error && db_commit() == 0)
		return 0;
	db_rollback();
	return -1;
}

int
db_in_tx(void)
{
	return depth > 0;
}

int
db_end_request(void)
{
	if (depth == 0)
		return 0;
	log_msg("sqlite: a transaction was left open; rolled back");
	depth = 1;
	db_rollback();
	return -1;
}

int
db_backup(const char *path)
{
	sqlite3		*dst = NULL;
	sqlite3_backup	*b;
	int		 rc = -1;

	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
		log_msg("backup open %s: %s", path,
		    dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	if ((b = sqlite3_backup_init(dst, "main", db, "main")) == NULL) {
		log_msg("backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK ||
	    rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		sqlite3_sleep(10);
	rc = sqlite3_backup_finish(b) == SQLITE_OK && rc == SQLITE_DONE ?
	    0 : -1;
	if (rc == -1)
		log_msg("backup: %s", sqlite3_errmsg(dst));
out:
	sqlite3_close(dst);
	return rc;
}
