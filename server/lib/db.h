/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_DB_H
#define BTIPROVD_DB_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The SQL the store needs from a database, whichever it is: statements
 * with $1, $2... text parameters (SQLite reads those as numbered
 * parameters too), rows as text, transactions, and the schema brought up
 * to date.  Functions return 0 or a negative errno: -EEXIST for a broken
 * constraint, -ENOSPC when the database's disk is full, -EIO for the rest.
 */
struct bp_db;

/* One row: @cols[i] is NULL for SQL NULL. */
typedef int (*bp_db_row)(const char *const *cols, int n, void *arg);

struct bp_db_ops {
	int (*open)(struct bp_db **db, const char *uri, char *err, size_t len);
	void (*close)(struct bp_db *db);
	int (*run)(struct bp_db *db, const char *sql, const char *const *params,
		   int n, bp_db_row cb, void *arg, long *changes);
	int (*begin)(struct bp_db *db);
	/* commit, or roll back; a commit that fails is rolled back */
	int (*end)(struct bp_db *db, bool commit);
	const char *(*error)(struct bp_db *db);
	const char *schema_lock;
	/* which key seals user keys: changed under the one, read under the other */
	const char *rekey_lock;
	const char *rekey_share;
	/* after keys are sealed again: what is left of them in the clear */
	const char *scrub;
	const char *audit_table;
};

extern const struct bp_db_ops bp_db_sqlite;
extern const struct bp_db_ops bp_db_pg;

unsigned long bp_db_pg_reconnects(void);

#endif
