// SPDX-License-Identifier: GPL-2.0
/*
 * The store's SQL on SQLite: one file, WAL, a busy timeout so instances
 * sharing the file wait for each other rather than fail.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "db.h"

struct bp_db {
	sqlite3 *db;
};

/* The audit log, append-only: in schema version 1 */
static const char audit_table[] =
	"CREATE TABLE audit ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" at TEXT NOT NULL,"
	" device_id TEXT,"
	" account TEXT,"
	" event TEXT NOT NULL,"
	" source TEXT);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

static int sqlite_open(struct bp_db **out, const char *path, char *err,
		       size_t len)
{
	struct bp_db *db = calloc(1, sizeof(*db));

	if (!db)
		return -ENOMEM;
	if (sqlite3_open_v2(path, &db->db, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
			    NULL) != SQLITE_OK) {
		snprintf(err, len, "%s: %s", path, sqlite3_errmsg(db->db));
		sqlite3_close(db->db);
		free(db);
		return -EIO;
	}
	sqlite3_busy_timeout(db->db, 10000);
	sqlite3_exec(db->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	sqlite3_exec(db->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	/* a key wiped or sealed again leaves no copy in the file's free space */
	sqlite3_exec(db->db, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
	*out = db;
	return 0;
}

static void sqlite_close(struct bp_db *db)
{
	if (!db)
		return;
	sqlite3_close(db->db);
	free(db);
}

/* SQLite's result code as the errno db.h promises */
static int sqlite_errno(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return -EEXIST;
	case SQLITE_FULL:
		return -ENOSPC;
	default:
		return -EIO;
	}
}

/*
 * $1, $2... as PostgreSQL numbers them: SQLite numbers "$N" parameters in
 * the order they first appear, so each is bound by its name.  As on
 * PostgreSQL, a statement must take exactly the parameters it is given.
 */
static int bind_params(sqlite3_stmt *q, const char *const *params, int n)
{
	char name[16];
	int i, at;

	if (sqlite3_bind_parameter_count(q) != n)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "$%d", i + 1);
		at = sqlite3_bind_parameter_index(q, name);
		if (!at)
			return -EINVAL;
		sqlite3_bind_text(q, at, params[i], -1, SQLITE_TRANSIENT);
	}
	return 0;
}

static int sqlite_run(struct bp_db *db, const char *sql,
		      const char *const *params, int n, bp_db_row cb,
		      void *arg, long *changes)
{
	const char *cols[16], *tail = sql;
	sqlite3_stmt *q;
	int i, rc, err = 0, ncol;

	/* statements one by one: a migration holds several */
	while (!err && tail && *tail) {
		rc = sqlite3_prepare_v2(db->db, tail, -1, &q, &tail);
		if (rc != SQLITE_OK)
			return sqlite_errno(rc);
		if (!q)
			break;
		err = bind_params(q, params, n);
		ncol = sqlite3_column_count(q);
		while (!err && (rc = sqlite3_step(q)) == SQLITE_ROW) {
			for (i = 0; i < ncol && i < 16; i++)
				cols[i] = (const char *)sqlite3_column_text(q, i);
			err = cb ? cb(cols, ncol, arg) : 0;
		}
		sqlite3_finalize(q);
		if (!err && rc != SQLITE_DONE)
			err = sqlite_errno(rc);
	}
	if (changes)
		*changes = sqlite3_changes(db->db);
	return err;
}

static int sqlite_begin(struct bp_db *db)
{
	/* take the write lock now: no upgrade deadlock between instances */
	return sqlite_run(db, "BEGIN IMMEDIATE", NULL, 0, NULL, NULL, NULL);
}

static int sqlite_end(struct bp_db *db, bool commit)
{
	int err = commit ? sqlite_run(db, "COMMIT", NULL, 0, NULL, NULL,
				      NULL) : 0;

	/* after a failed COMMIT SQLite may have rolled back (a full disk) */
	if (err || !commit)
		sqlite_run(db, "ROLLBACK", NULL, 0, NULL, NULL, NULL);
	return err;
}

static const char *sqlite_error(struct bp_db *db)
{
	return sqlite3_errmsg(db->db);
}

const struct bp_db_ops bp_db_sqlite = {
	.open = sqlite_open,
	.close = sqlite_close,
	.run = sqlite_run,
	.begin = sqlite_begin,
	.end = sqlite_end,
	.error = sqlite_error,
	/* a transaction takes the write lock: rekey_lock is not needed */
	.scrub = "PRAGMA wal_checkpoint(TRUNCATE)",
	.audit_table = audit_table,
};
