/*
 * The SQLite layer; the only file that includes sqlite3.h.
 *
 * SQL lives in the domain modules as string constants named SQL_*.
 * db_q() prepares each constant once per process (keyed by its address)
 * and hands it back reset, so every statement is a prepared statement
 * with bound parameters. A query runs: db_q, db_bind_*, db_step until
 * DB_DONE, then db_end (which resets it; always call it).
 */
#ifndef LK_DB_H
#define LK_DB_H

#include <stddef.h>
#include <stdint.h>

struct dbq;

enum db_rc {
	DB_ERR = -1,	/* logged; the caller answers 503 */
	DB_DONE = 0,
	DB_ROW = 1,
};

/* Opens the database with WAL, busy_timeout and foreign keys; 0 / -1. */
int		 db_open(const char *path);
void		 db_close(void);
/* Runs a constant, trusted script (the schema); 0 / -1. */
int		 db_script(const char *sql);
int		 db_user_version(void);
/* 0 if the database answers a read, else -1 (readiness). */
int		 db_ping(void);

/* The prepared statement for sql, reset and unbound; NULL on error. */
struct dbq	*db_q(const char *sql);
int		 db_bind_text(struct dbq *, int, const char *);
int		 db_bind_blob(struct dbq *, int, const void *, size_t);
int		 db_bind_int(struct dbq *, int, int64_t);
int		 db_bind_null(struct dbq *, int);
enum db_rc	 db_step(struct dbq *);
void		 db_end(struct dbq *);
/* Steps a statement that returns no rows, then ends it; 0 / -1. */
int		 db_exec(struct dbq *);

/* Column readers; text is "" for NULL, valid until the next step. */
const char	*db_text(struct dbq *, int);
int64_t		 db_int(struct dbq *, int);
int		 db_isnull(struct dbq *, int);
const void	*db_blob(struct dbq *, int, size_t *);
int		 db_changes(void);
/* The rowid of the last row inserted. */
int64_t		 db_last_rowid(void);

/*
 * Transactions nest: db_begin opens one (BEGIN IMMEDIATE) only at the
 * outermost level, and only the outermost db_commit commits, so a domain
 * function can own its transaction and still run inside a caller's.
 * Every db_begin that returned 0 is ended by exactly one successful
 * db_commit or by db_rollback. db_commit returns -1 when the transaction
 * is doomed (a db_rollback at any depth) or COMMIT failed; the level is
 * then still open and the caller ends it with db_rollback.
 */
int		 db_begin(void);
int		 db_commit(void);
void		 db_rollback(void);
/* Ends a level: commits unless error, and rolls back if that fails;
 * 0 committed, -1 rolled back. */
int		 db_end_tx(int error);
/* 1 inside a transaction. */
int		 db_in_tx(void);
/* Rolls back a transaction a request left open (a bug, logged): -1 if
 * there was one, else 0. */
int		 db_end_request(void);

/* Online copy of the open database to path; 0 / -1. */
int		 db_backup(const char *path);

#endif
