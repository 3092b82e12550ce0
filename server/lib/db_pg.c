// SPDX-License-Identifier: GPL-2.0
/*
 * The store's SQL on PostgreSQL through libpq, for operators who run
 * several btiprovd instances on one database.
 */
#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "db.h"

/* how long a statement waits for PostgreSQL to come back */
#define RECONNECT_TRIES		40
#define RECONNECT_PAUSE_NS	250000000L

/**
 * struct bp_db - a connection
 * @c: libpq's
 * @in_tx: between begin and end
 * @lost: the connection dropped in this transaction, which went with it
 */
struct bp_db {
	PGconn *c;
	bool in_tx;
	bool lost;
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

/* connections made again, by every thread: for btiprovd's metrics */
static atomic_ulong reconnects;

unsigned long bp_db_pg_reconnects(void)
{
	return atomic_load(&reconnects);
}

/* PostgreSQL restarted or failed over: connect again, for a while. */
static bool pg_reconnect(struct bp_db *db)
{
	const struct timespec pause = { 0, RECONNECT_PAUSE_NS };
	int i;

	for (i = 0; i < RECONNECT_TRIES; i++) {
		PQreset(db->c);
		if (PQstatus(db->c) == CONNECTION_OK) {
			atomic_fetch_add(&reconnects, 1);
			return true;
		}
		nanosleep(&pause, NULL);
	}
	return false;
}

/*
 * Has the server ended this idle connection?  It says why, then closes;
 * an idle connection has nothing else to read.  Both are read here,
 * before a statement goes out on it.
 */
static bool pg_ended(PGconn *c)
{
	struct pollfd p = { .fd = PQsocket(c), .events = POLLIN };
	int i;

	for (i = 0; i < 4 && PQstatus(c) == CONNECTION_OK; i++)
		if (poll(&p, 1, 0) <= 0 || !PQconsumeInput(c))
			break;
	return PQstatus(c) != CONNECTION_OK;
}

/*
 * A connection the server ended while it sat idle (a restart, a failover)
 * is made again before a statement goes out on it: nothing was lost with
 * it.  One that drops inside a transaction took the transaction along:
 * every statement fails until it ends, since on a new connection they
 * would each commit alone, half a transaction.
 */
static PGresult *pg_exec(struct bp_db *db, const char *sql,
			 const char *const *params, int n)
{
	PGresult *r;

	if (db->lost)
		return NULL;
	if (!db->in_tx && pg_ended(db->c) && !pg_reconnect(db))
		return NULL;
	/* without parameters several statements may go at once */
	r = params ? PQexecParams(db->c, sql, n, NULL, params, NULL, NULL, 0) :
		     PQexec(db->c, sql);
	db->lost = db->in_tx && PQstatus(db->c) != CONNECTION_OK;
	return r;
}

static int pg_run(struct bp_db *db, const char *sql, const char *const *params,
		  int n, bp_db_row cb, void *arg, long *changes)
{
	const char *cols[16];
	PGresult *r;
	int i, j, err, rows, ncol;

	r = pg_exec(db, sql, params, n);
	err = r ? pg_status(r) : -EIO;
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
	int err = pg_run(db, "BEGIN", NULL, 0, NULL, NULL, NULL);

	db->in_tx = !err;
	return err;
}

static int pg_end(struct bp_db *db, bool commit)
{
	int err = db->lost ? -EIO :
		  commit ? pg_run(db, "COMMIT", NULL, 0, NULL, NULL, NULL) : 0;

	if (!db->lost && (err || !commit))
		pg_run(db, "ROLLBACK", NULL, 0, NULL, NULL, NULL);
	db->in_tx = false;
	db->lost = false;
	return err;
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
	.end = pg_end,
	.error = pg_error,
	/* instances starting together migrate one after the other */
	.schema_lock = "SELECT pg_advisory_xact_lock(7415)",
	.rekey_lock = "SELECT pg_advisory_xact_lock(7416)",
	.rekey_share = "SELECT pg_advisory_xact_lock_shared(7416)",
	.audit_table = audit_table,
};
