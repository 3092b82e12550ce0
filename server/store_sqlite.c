// SPDX-License-Identifier: GPL-2.0
/*
 * The subscriber store on SQLite: subscribers with PIN verifiers, devices'
 * failed attempts, bindings, and the append-only audit log.  Counting a
 * failed attempt is one UPDATE ... RETURNING, so instances sharing the
 * file count atomically; a binding and its audit record are one
 * transaction.  Functions return 0 or a negative errno.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "verifier.h"

struct bp_store {
	sqlite3 *db;
};

/* Each entry takes the schema from the version before to its own. */
static const char *const migrations[] = {
	/* 1 */
	"CREATE TABLE subscribers ("
	" account TEXT PRIMARY KEY,"
	" pin_verifier TEXT,"
	" config TEXT NOT NULL DEFAULT '',"
	" failures INTEGER NOT NULL DEFAULT 0,"
	" locked INTEGER NOT NULL DEFAULT 0,"
	" created TEXT NOT NULL);"
	"CREATE TABLE devices ("
	" device_id TEXT PRIMARY KEY,"
	" failures INTEGER NOT NULL DEFAULT 0,"
	" locked INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE bindings ("
	" device_id TEXT PRIMARY KEY,"
	" account TEXT NOT NULL REFERENCES subscribers(account),"
	" key_kind INTEGER NOT NULL,"
	" user_key TEXT NOT NULL,"
	" bound TEXT NOT NULL,"
	" revoked TEXT);"
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
	" BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
};

#define NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
#define STR_(x) #x
#define STR(x) STR_(x)

static int exec(struct bp_store *st, const char *sql)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ?
	       0 : -EIO;
}

int bp_store_version(struct bp_store *st)
{
	sqlite3_stmt *q;
	int v = -EIO;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* Bring the schema to the newest version, one transaction a step. */
static int migrate(struct bp_store *st)
{
	char sql[64];
	int v;

	for (;;) {
		if (exec(st, "BEGIN IMMEDIATE"))
			return -EIO;
		v = bp_store_version(st);
		if (v < 0 || v > (int)(sizeof(migrations) / sizeof(*migrations))) {
			exec(st, "ROLLBACK");
			return v < 0 ? v : -EPROTO;	/* a newer server's */
		}
		if (v == sizeof(migrations) / sizeof(*migrations))
			return exec(st, "COMMIT");
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if (exec(st, migrations[v]) || exec(st, sql) ||
		    exec(st, "COMMIT")) {
			exec(st, "ROLLBACK");
			return -EIO;
		}
	}
}

/**
 * bp_store_open - open (creating if need be) and migrate a store
 * @path: the SQLite file
 * @err: why it failed
 * @err_len: its size
 *
 * Returns the store, or NULL.
 */
struct bp_store *bp_store_open(const char *path, char *err, size_t err_len)
{
	struct bp_store *st = calloc(1, sizeof(*st));
	int rc;

	if (!st) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
			    NULL) != SQLITE_OK) {
		snprintf(err, err_len, "%s: %s", path, sqlite3_errmsg(st->db));
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 10000);
	exec(st, "PRAGMA journal_mode = WAL");
	exec(st, "PRAGMA foreign_keys = ON");
	rc = migrate(st);
	if (rc) {
		snprintf(err, err_len, "%s: %s", path, rc == -EPROTO ?
			 "the schema is newer than this program" :
			 sqlite3_errmsg(st->db));
		goto fail;
	}
	return st;
fail:
	bp_store_close(st);
	return NULL;
}

void bp_store_close(struct bp_store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	free(st);
}

/* Prepare @sql and bind the text arguments that follow, NULL ending them. */
static sqlite3_stmt *prepare(struct bp_store *st, const char *sql, ...)
{
	sqlite3_stmt *q;
	const char *a;
	va_list ap;
	int i = 1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return NULL;
	va_start(ap, sql);
	while ((a = va_arg(ap, const char *)))
		sqlite3_bind_text(q, i++, a, -1, SQLITE_TRANSIENT);
	va_end(ap);
	return q;
}

/* Run a statement that returns no rows; -ENOENT if it changed none. */
static int run(struct bp_store *st, sqlite3_stmt *q)
{
	int rc = q ? sqlite3_step(q) : SQLITE_ERROR;

	sqlite3_finalize(q);
	if (rc == SQLITE_CONSTRAINT)
		return -EEXIST;
	if (rc != SQLITE_DONE)
		return -EIO;
	return sqlite3_changes(st->db) ? 0 : -ENOENT;
}

static int audit(struct bp_store *st, const char *device, const char *account,
		 const char *event, const char *source)
{
	return run(st, prepare(st, "INSERT INTO audit (at, device_id, account,"
			       " event, source) VALUES (" NOW ", ?, ?, ?, ?)",
			       device ? device : "", account ? account : "",
			       event, source ? source : "", NULL));
}

static bool account_ok(const char *account)
{
	size_t n = strlen(account);

	return n >= 4 && n <= BP_ACCOUNT_MAX &&
	       strspn(account, "0123456789") == n;
}

int bp_subscriber_add(struct bp_store *st, const char *account,
		      const char *config)
{
	if (!account_ok(account) || strlen(config) > BP_CONFIG_MAX)
		return -EINVAL;
	return run(st, prepare(st, "INSERT INTO subscribers (account, config,"
			       " created) VALUES (?, ?, " NOW ")", account,
			       config, NULL));
}

int bp_subscriber_set_pin(struct bp_store *st, const char *account,
			  const char *verifier)
{
	return run(st, prepare(st, "UPDATE subscribers SET pin_verifier = ?"
			       " WHERE account = ?", verifier, account, NULL));
}

static void row_subscriber(sqlite3_stmt *q, struct bp_subscriber *s)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->account, sizeof(s->account), "%s",
		 (const char *)sqlite3_column_text(q, 0));
	s->has_pin = sqlite3_column_type(q, 1) != SQLITE_NULL;
	s->locked = sqlite3_column_int(q, 2);
	s->failures = sqlite3_column_int(q, 3);
	snprintf(s->config, sizeof(s->config), "%s",
		 (const char *)sqlite3_column_text(q, 4));
}

#define SUBSCRIBER "SELECT account, pin_verifier, locked, failures, config" \
		   " FROM subscribers"

int bp_subscriber_get(struct bp_store *st, const char *account,
		      struct bp_subscriber *out)
{
	sqlite3_stmt *q = prepare(st, SUBSCRIBER " WHERE account = ?",
				  account, NULL);
	int rc = q ? sqlite3_step(q) : SQLITE_ERROR;

	if (rc == SQLITE_ROW)
		row_subscriber(q, out);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : -EIO;
}

int bp_subscriber_list(struct bp_store *st,
		       int (*cb)(const struct bp_subscriber *, void *),
		       void *arg)
{
	sqlite3_stmt *q = prepare(st, SUBSCRIBER " ORDER BY account", NULL);
	struct bp_subscriber s;
	int rc, err = 0;

	while (q && !err && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		row_subscriber(q, &s);
		err = cb(&s, arg);
	}
	sqlite3_finalize(q);
	return err ? err : q && rc == SQLITE_DONE ? 0 : -EIO;
}

int bp_subscriber_lock(struct bp_store *st, const char *account, bool lock,
		       const char *source)
{
	int err;

	if (exec(st, "BEGIN IMMEDIATE"))
		return -EIO;
	err = run(st, prepare(st, lock ?
			      "UPDATE subscribers SET locked = 1 WHERE account = ?" :
			      "UPDATE subscribers SET locked = 0, failures = 0"
			      " WHERE account = ?", account, NULL));
	err = err ?: audit(st, NULL, account, lock ? "locked" : "unlocked",
			   source);
	if (err) {
		exec(st, "ROLLBACK");
		return err;
	}
	return exec(st, "COMMIT");
}

static void hex32(const uint8_t b[32], char out[65])
{
	int i;

	for (i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

/* One more failure on the account and the device, atomically; locks at
 * BP_LOCK_AFTER.  The fewer tries left of the two. */
static int count_failure(struct bp_store *st, const char *account,
			 const char *device, unsigned int *left,
			 bool *locked)
{
	static const char *const sql[] = {
		"UPDATE subscribers SET failures = failures + 1,"
		" locked = locked OR failures + 1 >= " STR(BP_LOCK_AFTER)
		" WHERE account = ? RETURNING failures, locked",
		"INSERT INTO devices (device_id, failures, locked) VALUES (?, 1, 0)"
		" ON CONFLICT (device_id) DO UPDATE SET failures = failures + 1,"
		" locked = locked OR failures + 1 >= " STR(BP_LOCK_AFTER)
		" RETURNING failures, locked",
	};
	const char *key[] = { account, device };
	unsigned int i, f;

	*left = BP_LOCK_AFTER;
	*locked = false;
	for (i = 0; i < 2; i++) {
		sqlite3_stmt *q = prepare(st, sql[i], key[i], NULL);
		int rc = q ? sqlite3_step(q) : SQLITE_ERROR;

		if (rc == SQLITE_ROW) {
			f = sqlite3_column_int(q, 0);
			*locked |= sqlite3_column_int(q, 1);
			if (f >= BP_LOCK_AFTER)
				*left = 0;
			else if (BP_LOCK_AFTER - f < *left)
				*left = BP_LOCK_AFTER - f;
		}
		while (rc == SQLITE_ROW)
			rc = sqlite3_step(q);
		sqlite3_finalize(q);
		if (rc != SQLITE_DONE)
			return -EIO;
	}
	if (*locked)
		*left = 0;
	return 0;
}

/* The account's verifier, and whether it or the device is locked. */
static int pin_state(struct bp_store *st, const char *account,
		     const char *device, char *verifier, bool *locked)
{
	sqlite3_stmt *q = prepare(st, "SELECT pin_verifier, locked,"
				  " (SELECT locked FROM devices WHERE device_id = ?)"
				  " FROM subscribers WHERE account = ?",
				  device, account, NULL);
	int rc = q ? sqlite3_step(q) : SQLITE_ERROR;

	*locked = false;
	verifier[0] = 0;
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_type(q, 0) != SQLITE_NULL)
			snprintf(verifier, BP_VERIFIER_MAX, "%s",
				 (const char *)sqlite3_column_text(q, 0));
		*locked = sqlite3_column_int(q, 1) || sqlite3_column_int(q, 2);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -EIO;
}

/**
 * bp_store_check_pin - the verdict on an account number and PIN
 * @st: the store
 * @account: the account keyed
 * @pin: the PIN keyed
 * @device_id: the device keying them
 * @source: the device's address, for the audit log
 * @verdict: the verdict
 * @attempts_left: tries left before the account or the device locks
 *
 * An unknown account is a wrong PIN, counted against the device.  The
 * PIN is checked outside any transaction; the count and the lock are
 * single statements, so instances sharing the store agree.
 *
 * Returns 0 or a negative errno.
 */
int bp_store_check_pin(struct bp_store *st, const char *account,
		       const char *pin, const uint8_t device_id[32],
		       const char *source, enum bp_verdict *verdict,
		       unsigned int *attempts_left)
{
	char verifier[BP_VERIFIER_MAX], device[65];
	bool locked, match = false;
	int err;

	hex32(device_id, device);
	err = pin_state(st, account, device, verifier, &locked);
	if (err)
		return err;
	if (locked) {
		*verdict = BP_PIN_LOCKED;
		*attempts_left = 0;
		return audit(st, device, account, "pin-locked", source);
	}
	if (verifier[0] && bp_verifier_check(verifier, pin, &match))
		return -EIO;
	if (match) {
		/* only if no other instance locked it meanwhile */
		err = run(st, prepare(st, "UPDATE subscribers SET failures = 0"
				      " WHERE account = ? AND locked = 0",
				      account, NULL));
		if (err && err != -ENOENT)
			return err;
		*verdict = err ? BP_PIN_LOCKED : BP_PIN_OK;
		*attempts_left = err ? 0 : BP_LOCK_AFTER;
		return audit(st, device, account, err ? "pin-locked" : "pin-ok",
			     source);
	}
	err = count_failure(st, account, device, attempts_left, &locked);
	if (err)
		return err;
	*verdict = locked ? BP_PIN_LOCKED : BP_PIN_WRONG;
	return audit(st, device, account, locked ? "pin-wrong-locked" :
		     "pin-wrong", source);
}

/**
 * bp_store_bind - bind a device's user key to an account
 * @st: the store
 * @account: the account
 * @device_id: the device
 * @kind: 1 symmetric, 2 public
 * @key: the user key
 * @key_len: 32 or 65
 * @source: for the audit log
 *
 * The binding and its audit record are one transaction, or nothing.
 *
 * Returns 0 or a negative errno.
 */
int bp_store_bind(struct bp_store *st, const char *account,
		  const uint8_t device_id[32], unsigned int kind,
		  const uint8_t *key, size_t key_len, const char *source)
{
	char device[65], hex[2 * BP_P256_POINT + 1], k[2];
	size_t i;
	int err;

	if ((kind != 1 || key_len != 32) && (kind != 2 || key_len != 65))
		return -EINVAL;
	hex32(device_id, device);
	for (i = 0; i < key_len; i++)
		sprintf(hex + 2 * i, "%02x", key[i]);
	snprintf(k, sizeof(k), "%u", kind);
	if (exec(st, "BEGIN IMMEDIATE"))
		return -EIO;
	err = run(st, prepare(st, "INSERT INTO bindings (device_id, account,"
			      " key_kind, user_key, bound) VALUES (?, ?, ?, ?, "
			      NOW ") ON CONFLICT (device_id) DO UPDATE SET"
			      " account = excluded.account, key_kind ="
			      " excluded.key_kind, user_key = excluded.user_key,"
			      " bound = excluded.bound, revoked = NULL",
			      device, account, k, hex, NULL));
	err = err ?: audit(st, device, account, "bound", source);
	if (err) {
		exec(st, "ROLLBACK");
		return err;
	}
	return exec(st, "COMMIT");
}

/**
 * bp_store_bound - the key a device is bound to, for its re-provisioning
 * @st: the store
 * @device_id: the device
 * @out: the key
 *
 * Returns 0, -ENOENT if it is bound to nothing (or revoked), or -EIO.
 */
int bp_store_bound(struct bp_store *st, const uint8_t device_id[32],
		   struct bp_bound *out)
{
	char device[65];
	sqlite3_stmt *q;
	const char *hex;
	unsigned int v;
	size_t i, n;
	int rc;

	hex32(device_id, device);
	q = prepare(st, "SELECT key_kind, user_key FROM bindings"
		    " WHERE device_id = ? AND revoked IS NULL", device, NULL);
	rc = q ? sqlite3_step(q) : SQLITE_ERROR;
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->kind = sqlite3_column_int(q, 0);
		hex = (const char *)sqlite3_column_text(q, 1);
		n = strlen(hex) / 2;
		for (i = 0; i < n && i < sizeof(out->key); i++) {
			sscanf(hex + 2 * i, "%2x", &v);
			out->key[i] = v;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : -EIO;
}

int bp_store_revoke(struct bp_store *st, const char *device_id_hex,
		    const char *source)
{
	int err;

	if (exec(st, "BEGIN IMMEDIATE"))
		return -EIO;
	err = run(st, prepare(st, "UPDATE bindings SET revoked = " NOW
			      " WHERE device_id = ? AND revoked IS NULL",
			      device_id_hex, NULL));
	err = err ?: audit(st, device_id_hex, NULL, "revoked", source);
	if (err) {
		exec(st, "ROLLBACK");
		return err;
	}
	return exec(st, "COMMIT");
}

static void copy_col(sqlite3_stmt *q, int col, char *out, size_t n)
{
	const unsigned char *t = sqlite3_column_text(q, col);

	snprintf(out, n, "%s", t ? (const char *)t : "");
}

int bp_binding_list(struct bp_store *st,
		    int (*cb)(const struct bp_binding *, void *), void *arg)
{
	sqlite3_stmt *q = prepare(st, "SELECT device_id, account, key_kind,"
				  " bound, revoked FROM bindings ORDER BY bound",
				  NULL);
	struct bp_binding b;
	int rc, err = 0;

	while (q && !err && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		copy_col(q, 0, b.device_id, sizeof(b.device_id));
		copy_col(q, 1, b.account, sizeof(b.account));
		b.kind = sqlite3_column_int(q, 2);
		copy_col(q, 3, b.bound, sizeof(b.bound));
		copy_col(q, 4, b.revoked, sizeof(b.revoked));
		err = cb(&b, arg);
	}
	sqlite3_finalize(q);
	return err ? err : q && rc == SQLITE_DONE ? 0 : -EIO;
}

int bp_audit_list(struct bp_store *st,
		  int (*cb)(const struct bp_audit *, void *), void *arg)
{
	sqlite3_stmt *q = prepare(st, "SELECT id, at, device_id, account, event,"
				  " source FROM audit ORDER BY id", NULL);
	struct bp_audit a;
	int rc, err = 0;

	while (q && !err && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		a.id = sqlite3_column_int64(q, 0);
		copy_col(q, 1, a.at, sizeof(a.at));
		copy_col(q, 2, a.device_id, sizeof(a.device_id));
		copy_col(q, 3, a.account, sizeof(a.account));
		copy_col(q, 4, a.event, sizeof(a.event));
		copy_col(q, 5, a.source, sizeof(a.source));
		err = cb(&a, arg);
	}
	sqlite3_finalize(q);
	return err ? err : q && rc == SQLITE_DONE ? 0 : -EIO;
}
