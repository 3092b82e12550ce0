// SPDX-License-Identifier: GPL-2.0
/*
 * The store's SQL on PostgreSQL through libpq, for operators who run
 * several btiprovd instances on one database.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"

struct bp_db {
	PGconn *c;
};

/* The audit log, append-only: in schema version 1 */
static const char audit_table[] =
	"CREATE TABLE audit ("
	" id BIGSERIAL PRIMARY KEY,"
	" at TEXT NOT NULL,"
	" device_id TEXT,"
	" account TEXT,"
	" event TEXT NOT NULL,"
	" source TEXT);"
	"CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql"
	" AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;"
	"CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit"
	" FOR EACH ROW EXECUTE FUNCTION audit_append_only();";

/* CREATE ... IF NOT EXISTS and the like: nothing an operator acts on */
static void pg_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int pg_open(struct bp_db **out, const char *uri, char *err, size_t len)
{
	struct bp_db *db = calloc(1, sizeof(*db));

	if (!db)
		return -ENOMEM;
	db->c = PQconnectdb(uri);
	if (PQstatus(db->c) != CONNECTION_OK) {
		snprintf(err, len, "%s", PQerrorMessage(db->c));
		err[strcspn(err, "\n")] = 0;
		PQfinish(db->c);
		free(db);
		return -EIO;
	}
	PQsetNoticeProcessor(db->c, pg_notice, NULL);
	*out = db;
	return 0;
}

static void pg_close(struct bp_db *db)
{
	if (!db)
		return;
	PQfinish(db->c);
	free(db);
}

static int pg_status(PGresult *r)
{
	const char *state;

	switch (PQresultStatus(r)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
		return 0;
	default:
		state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		/* class 23: integrity constraint violation */
		return state && !strncmp(state, "23", 2) ? -EEXIST : -EIO;
	}
}

static int pg_run(struct bp_db *db, const char *sql, const char *const *params,
		  int n, bp_db_row cb, void *arg, long *changes)
{
	const char *cols[16];
	PGresult *r;
	int i, j, err, rows, ncol;

	/* without parameters several statements may go at once */
	r = params ? PQexecParams(db->c, sql, n, NULL, params, NULL, NULL, 0) :
		     PQexec(db->c, sql);
	err = pg_status(r);
	rows = err ? 0 : PQntuples(r);
	ncol = PQnfields(r);
	for (i = 0; !err && cb && i < rows; i++) {
		for (j = 0; j < ncol && j < 16; j++)
			cols[j] = PQgetisnull(r, i, j) ? NULL :
				  PQgetvalue(r, i, j);
		err = cb(cols, ncol, arg);
	}
	if (changes)
		*changes = err ? 0 : atol(PQcmdTuples(r));
	PQclear(r);
	return err;
}

static int pg_begin(struct bp_db *db)
{
	return pg_run(db, "BEGIN", NULL, 0, NULL, NULL, NULL);
}

static const char *pg_error(struct bp_db *db)
{
	return PQerrorMessage(db->c);
}

const struct bp_db_ops bp_db_pg = {
	.open = pg_open,
	.close = pg_close,
	.run = pg_run,
	.begin = pg_begin,
	.error = pg_error,
	/* instances starting together migrate one after the other */
	.schema_lock = "SELECT pg_advisory_xact_lock(7415)",
	.audit_table = audit_table,
};
