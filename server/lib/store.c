// SPDX-License-Identifier: GPL-2.0
/*
 * The subscriber store: subscribers with PIN verifiers, devices' failed
 * attempts, bindings, and the append-only audit log, on SQLite or
 * PostgreSQL (db.h).  Counting a failed attempt is one UPDATE ...
 * RETURNING, so instances sharing the database count atomically; a
 * binding and its audit record are one transaction.  A symmetric user
 * key is kept sealed under a key-encryption key (kek.c) that the store
 * names and never holds.  Functions return 0 or a negative errno.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "kek.h"
#include "store_db.h"
#include "verifier.h"

static time_t wall_clock(void)
{
	return time(NULL);
}

/* Each step takes the schema from the version before to its own. */
static const char *const migrations[] = {
	/* 1, with the database's own audit table */
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
	" revoked TEXT);",
	/* 2: failures back off: seconds since 1970 until the next check */
	"ALTER TABLE subscribers ADD COLUMN wait_until BIGINT NOT NULL"
	" DEFAULT 0;"
	"ALTER TABLE devices ADD COLUMN wait_until BIGINT NOT NULL DEFAULT 0;",
	/*
	 * 3: user keys sealed: the id of the key-encryption key that sealed
	 * each (NULL: in the clear), and of the one that seals new keys.  The
	 * indexes find, each minute, the keys that replaced bindings keep, and
	 * those bound in the clear by a server from before.
	 */
	"ALTER TABLE bindings ADD COLUMN kek TEXT;"
	"CREATE TABLE kek (one INTEGER PRIMARY KEY CHECK (one = 1),"
	" id TEXT NOT NULL);"
	"CREATE INDEX bindings_kept ON bindings (revoked)"
	" WHERE user_key <> '';"
	"CREATE INDEX bindings_clear ON bindings (device_id)"
	" WHERE key_kind = 1 AND user_key <> '' AND kek IS NULL;",
	/*
	 * 4, for version 2 (protocol.rst, sections 4.2 and 9): configurations
	 * versioned, the version each audit record delivered, which bindings
	 * an operator revoked (ERROR(revoked), not ERROR(unknown)), and
	 * bindings pending until the device holds them.  Two pending
	 * bindings may not replace one (UNIQUE lets NULLs, new devices, be
	 * many).
	 */
	"ALTER TABLE subscribers ADD COLUMN config_version BIGINT NOT NULL"
	" DEFAULT 1;"
	"ALTER TABLE audit ADD COLUMN config_version BIGINT;"
	"ALTER TABLE bindings ADD COLUMN revoked_by_operator INTEGER NOT NULL"
	" DEFAULT 0;"
	"CREATE TABLE pending ("
	" device_id TEXT PRIMARY KEY,"
	" replaces TEXT UNIQUE,"
	" account TEXT NOT NULL REFERENCES subscribers(account),"
	" expires BIGINT NOT NULL);"
	"UPDATE bindings SET revoked_by_operator = 1 WHERE revoked IS NOT"
	" NULL AND device_id IN (SELECT device_id FROM audit WHERE event ="
	" 'revoked');",
};

#define MIGRATIONS ((int)(sizeof(migrations) / sizeof(*migrations)))

static void now(char out[32])
{
	struct timespec ts;
	struct tm tm;
	char date[24];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, 32, "%.19s.%03uZ", date,
		 (unsigned int)(ts.tv_nsec / 1000000) % 1000);
}

int store_sql(struct bp_store *st, const char *stmt, bp_db_row cb, void *arg,
	      long *changes, ...)
{
	const char *params[8];
	va_list ap;
	int n = 0;

	va_start(ap, changes);
	while (n < 8 && (params[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	return st->ops->run(st->db, stmt, n ? params : NULL, n, cb, arg,
			    changes);
}

int store_change(struct bp_store *st, const char *stmt, ...)
{
	const char *params[8];
	long changes = 0;
	va_list ap;
	int n = 0, err;

	va_start(ap, stmt);
	while (n < 8 && (params[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	err = st->ops->run(st->db, stmt, params, n, NULL, NULL, &changes);
	return err ?: changes ? 0 : -ENOENT;
}

int store_commit(struct bp_store *st, int err)
{
	int end = st->ops->end(st->db, !err);

	return err ? err : end;
}

static int first_int(const char *const *cols, int n, void *arg)
{
	*(int *)arg = n && cols[0] ? atoi(cols[0]) : 0;
	return 0;
}

/**
 * bp_store_failure - what a failed store call tells the device and the log
 * @err: its negative errno
 */
const char *bp_store_failure(int err)
{
	switch (err) {
	case -ENOSPC:
		return "store: disk full";
	case -ENOKEY:
		return "store: key-encryption key missing";
	case -EBADMSG:
		return "store: bound key does not open";
	default:
		return "store: unavailable";
	}
}

int bp_store_version(struct bp_store *st)
{
	int v = -1, err;

	err = sql(st, "SELECT version FROM schema_version", first_int, &v,
		  NULL);
	return err ? err : v;
}

/* Bring the schema to the newest version, one transaction a step. */
static int migrate(struct bp_store *st)
{
	char next[16];
	int v, err;

	for (;;) {
		err = st->ops->begin(st->db);
		if (!err && st->ops->schema_lock)
			err = sql(st, st->ops->schema_lock, NULL, NULL, NULL);
		err = err ?: sql(st, "CREATE TABLE IF NOT EXISTS schema_version"
				 " (version INTEGER NOT NULL)", NULL, NULL,
				 NULL);
		v = -1;
		err = err ?: sql(st, "SELECT version FROM schema_version",
				 first_int, &v, NULL);
		if (!err && v < 0) {
			v = 0;
			err = sql(st, "INSERT INTO schema_version VALUES (0)",
				  NULL, NULL, NULL);
		}
		if (!err && v > MIGRATIONS)
			err = -EPROTO;	/* a newer server's */
		if (err || v == MIGRATIONS)
			return store_commit(st, err);
		snprintf(next, sizeof(next), "%d", v + 1);
		err = sql(st, migrations[v], NULL, NULL, NULL);
		if (!err && v == 0)
			err = sql(st, st->ops->audit_table, NULL, NULL, NULL);
		err = err ?: change(st, "UPDATE schema_version SET version = $1",
				    next);
		err = store_commit(st, err);
		if (err)
			return err;
	}
}

static bool is_postgres(const char *uri)
{
	return !strncmp(uri, "postgresql://", 13) ||
	       !strncmp(uri, "postgres://", 11) || strstr(uri, "dbname=") ||
	       strstr(uri, "host=");
}

/**
 * bp_store_open - open and migrate a store
 * @uri: a SQLite file, or a PostgreSQL connection string or URI
 * @err: why it failed
 * @err_len: its size
 *
 * Returns the store, or NULL.
 */
struct bp_store *bp_store_open(const char *uri, char *err, size_t err_len)
{
	struct bp_store *st = calloc(1, sizeof(*st));
	int rc;

	if (!st) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	st->ops = is_postgres(uri) ? &bp_db_pg : &bp_db_sqlite;
	st->policy = (struct bp_lock_policy){
		BP_BACKOFF_AFTER, BP_BACKOFF_WAIT, BP_LOCK_AFTER,
	};
	st->clock = wall_clock;
	if (st->ops->open(&st->db, uri, err, err_len)) {
		free(st);
		return NULL;
	}
	rc = migrate(st);
	if (rc) {
		snprintf(err, err_len, "%s", rc == -EPROTO ?
			 "the schema is newer than this program" :
			 st->ops->error(st->db));
		bp_store_close(st);
		return NULL;
	}
	return st;
}

/**
 * bp_store_set_policy - when failures make an account or a device wait,
 *	and when they lock it
 * @st: the store
 * @policy: the policy
 * @clock: the time in seconds since 1970; NULL for the wall clock
 */
void bp_store_set_policy(struct bp_store *st,
			 const struct bp_lock_policy *policy,
			 time_t (*clock)(void))
{
	st->policy = *policy;
	st->clock = clock ? clock : wall_clock;
}

void bp_store_close(struct bp_store *st)
{
	if (!st)
		return;
	st->ops->close(st->db);
	if (st->keks) {
		bp_keks_wipe(st->keks);
		free(st->keks);
	}
	free(st);
}

static void seconds_text(long long t, char out[24])
{
	snprintf(out, 24, "%lld", t);
}

/* An audit record: @config_version 0 for none. */
int store_audit(struct bp_store *st, const char *device, const char *account,
		const char *event, uint64_t config_version, const char *source)
{
	char at[32], version[24] = "";

	now(at);
	if (config_version)
		snprintf(version, sizeof(version), "%llu",
			 (unsigned long long)config_version);
	return change(st, "INSERT INTO audit (at, device_id, account, event,"
		      " config_version, source) VALUES ($1, $2, $3, $4,"
		      " CAST(NULLIF($5, '') AS BIGINT), $6)", at,
		      device ? device : "", account ? account : "", event,
		      version, source ? source : "");
}

static bool account_ok(const char *account)
{
	size_t n = strlen(account);

	return n >= 4 && n <= BP_ACCOUNT_MAX &&
	       strspn(account, "0123456789") == n;
}

/**
 * bp_subscriber_add - add an account, with its first configuration
 * @st: the store
 * @account: 4 to BP_ACCOUNT_MAX digits
 * @config: its configuration (version 1), UTF-8 text up to
 *	BP_CONFIG_V2_MAX bytes
 *
 * Returns 0, -EINVAL, -EEXIST, or a negative errno.
 */
int bp_subscriber_add(struct bp_store *st, const char *account,
		      const char *config)
{
	char at[32];

	if (!account_ok(account) || !store_config_ok(config, strlen(config)))
		return -EINVAL;
	now(at);
	return change(st, "INSERT INTO subscribers (account, config, created)"
		      " VALUES ($1, $2, $3)", account, config, at);
}

int bp_subscriber_set_pin(struct bp_store *st, const char *account,
			  const char *verifier)
{
	return change(st, "UPDATE subscribers SET pin_verifier = $1"
		      " WHERE account = $2", verifier, account);
}

#define SUBSCRIBER "SELECT account, pin_verifier, locked, failures," \
		   " config_version, wait_until FROM subscribers"

struct subscriber_walk {
	int (*cb)(const struct bp_subscriber *, void *);
	void *arg;
	struct bp_subscriber *one;
};

static int subscriber_row(const char *const *c, int n, void *arg)
{
	struct subscriber_walk *w = arg;
	struct bp_subscriber s = { 0 };

	if (n < 6)
		return -EIO;
	snprintf(s.account, sizeof(s.account), "%s", c[0]);
	s.has_pin = c[1] != NULL;
	s.locked = atoi(c[2]);
	s.failures = atoi(c[3]);
	s.config_version = strtoull(c[4], NULL, 10);
	s.wait_until = atoll(c[5]);
	if (w->one) {
		*w->one = s;
		return 0;
	}
	return w->cb(&s, w->arg);
}

int bp_subscriber_get(struct bp_store *st, const char *account,
		      struct bp_subscriber *out)
{
	struct subscriber_walk w = { .one = out };
	int err;

	out->account[0] = 0;
	err = sql(st, SUBSCRIBER " WHERE account = $1", subscriber_row, &w,
		  NULL, account);
	return err ? err : out->account[0] ? 0 : -ENOENT;
}

int bp_subscriber_list(struct bp_store *st,
		       int (*cb)(const struct bp_subscriber *, void *),
		       void *arg)
{
	struct subscriber_walk w = { cb, arg, NULL };

	return sql(st, SUBSCRIBER " ORDER BY account", subscriber_row, &w, NULL);
}

int bp_subscriber_lock(struct bp_store *st, const char *account, bool lock,
		       const char *source)
{
	int err = st->ops->begin(st->db);

	err = err ?: change(st, lock ?
			    "UPDATE subscribers SET locked = 1 WHERE account = $1" :
			    "UPDATE subscribers SET locked = 0, failures = 0,"
			    " wait_until = 0 WHERE account = $1", account);
	err = err ?: store_audit(st, NULL, account,
				 lock ? "locked" : "unlocked", 0, source);
	return store_commit(st, err);
}

static void hex32(const uint8_t b[32], char out[65])
{
	int i;

	for (i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

struct failures {
	unsigned int n;
	bool locked;
};

static int failures_row(const char *const *c, int n, void *arg)
{
	struct failures *f = arg;
	unsigned int failures;

	if (n < 2)
		return -EIO;
	failures = strtoul(c[0], NULL, 10);
	if (failures > f->n)
		f->n = failures;
	f->locked |= atoi(c[1]) != 0;
	return 0;
}

/*
 * The wait after @N failures in a row, as an SQL expression, @KEEP if
 * none: none for the first backoff_after ($3), then backoff_wait ($4)
 * seconds, doubling with each failure, up to a day ($5), from now ($2).
 * Each branch is taken in order, so that no shift goes past 20 bits.
 */
#define WAIT_AFTER(N, KEEP)						\
	"CASE WHEN " N " < CAST($3 AS INTEGER) THEN " KEEP		\
	" WHEN " N " - CAST($3 AS INTEGER) >= 20 THEN"			\
	" CAST($2 AS BIGINT) + CAST($5 AS BIGINT)"			\
	" WHEN (CAST($4 AS BIGINT) << (" N " - CAST($3 AS INTEGER)))"	\
	" >= CAST($5 AS BIGINT) THEN CAST($2 AS BIGINT) + CAST($5 AS BIGINT)" \
	" ELSE CAST($2 AS BIGINT) + (CAST($4 AS BIGINT) << (" N		\
	" - CAST($3 AS INTEGER))) END"

/* $6: whether the failure is counted only if nothing holds it back */
static const char count_account[] =
	"UPDATE subscribers SET failures = failures + 1, wait_until = "
	WAIT_AFTER("failures + 1", "wait_until")
	" WHERE account = $1 AND (CAST($6 AS INTEGER) = 0 OR"
	" (locked = 0 AND wait_until <= CAST($2 AS BIGINT)))"
	" RETURNING failures, locked";
static const char count_device[] =
	"INSERT INTO devices (device_id, failures, locked, wait_until)"
	" VALUES ($1, 1, 0, " WAIT_AFTER("1", "0") ") ON CONFLICT (device_id)"
	" DO UPDATE SET failures = devices.failures + 1, wait_until = "
	WAIT_AFTER("devices.failures + 1", "devices.wait_until")
	" WHERE CAST($6 AS INTEGER) = 0 OR (devices.locked = 0 AND"
	" devices.wait_until <= CAST($2 AS BIGINT))"
	" RETURNING failures, locked";

/*
 * Count one failure against @key (of @stmt's table), and set its wait, in
 * one statement.  With @if_free, only if it is neither locked nor
 * waiting: -EAGAIN if it is.
 */
static int count_one(struct bp_store *st, const char *stmt, const char *key,
		     time_t t, bool if_free, struct failures *f)
{
	char at[24], after[16], wait[16], max[16];
	struct failures got = { 0 };
	int err;

	snprintf(at, sizeof(at), "%lld", (long long)t);
	snprintf(after, sizeof(after), "%u", st->policy.backoff_after);
	snprintf(wait, sizeof(wait), "%u", st->policy.backoff_wait);
	snprintf(max, sizeof(max), "%d", BP_WAIT_MAX);
	err = sql(st, stmt, failures_row, &got, NULL, key, at, after, wait,
		  max, if_free ? "1" : "0");
	if (err)
		return err;
	if (if_free && !got.n)
		return -EAGAIN;
	f->n = got.n > f->n ? got.n : f->n;
	f->locked |= got.locked;
	return 0;
}

/*
 * Count a failure against the account and the device before the PIN is
 * checked, if neither is locked or waiting; the right PIN takes it back.
 * So guesses made at once each count, and meet the waits the ones before
 * them set, as guesses made one after another do.  An unknown account
 * has no row: the device alone counts.
 */
static int count_first(struct bp_store *st, const char *account,
		       const char *device, time_t t, bool has_account)
{
	struct failures f = { 0 };
	int err = 0;

	if (has_account)
		err = count_one(st, count_account, account, t, true, &f);
	return err ?: count_one(st, count_device, device, t, true, &f);
}

/* Lock the account and the device if their failures reached lock_after. */
static int lock_if_due(struct bp_store *st, const char *account,
		       const char *device, struct failures *f)
{
	char lock_after[16];
	int err;

	snprintf(lock_after, sizeof(lock_after), "%u", st->policy.lock_after);
	err = sql(st, "UPDATE subscribers SET locked = CASE WHEN locked = 1 OR"
		  " failures >= CAST($2 AS INTEGER) THEN 1 ELSE 0 END"
		  " WHERE account = $1 RETURNING failures, locked",
		  failures_row, f, NULL, account, lock_after);
	return err ?: sql(st, "UPDATE devices SET locked = CASE WHEN"
			  " locked = 1 OR failures >= CAST($2 AS INTEGER)"
			  " THEN 1 ELSE 0 END WHERE device_id = $1"
			  " RETURNING failures, locked", failures_row, f, NULL,
			  device, lock_after);
}

/* A failure not counted in advance: a wrong re-provisioning proof. */
static int count_failure(struct bp_store *st, const char *account,
			 const char *device, struct failures *f)
{
	time_t t = st->clock();
	int err;

	f->n = 0;
	f->locked = false;
	err = count_one(st, count_account, account, t, false, f);
	err = err ?: count_one(st, count_device, device, t, false, f);
	return err ?: lock_if_due(st, account, device, f);
}

/* Where a PIN check stands before it is made. */
struct pin_state {
	char verifier[BP_VERIFIER_MAX];
	bool account;
	bool locked;
	long long wait_until;
};

static int account_row(const char *const *c, int n, void *arg)
{
	struct pin_state *p = arg;

	if (n < 3)
		return -EIO;
	snprintf(p->verifier, sizeof(p->verifier), "%s", c[0] ? c[0] : "");
	p->account = true;
	p->locked |= atoi(c[1]) != 0;
	if (atoll(c[2]) > p->wait_until)
		p->wait_until = atoll(c[2]);
	return 0;
}

static int device_row(const char *const *c, int n, void *arg)
{
	struct pin_state *p = arg;

	if (n < 2)
		return -EIO;
	p->locked |= atoi(c[0]) != 0;
	if (atoll(c[1]) > p->wait_until)
		p->wait_until = atoll(c[1]);
	return 0;
}

/* The right PIN: the account and the device start afresh. */
static int pin_right(struct bp_store *st, const char *account,
		     const char *device, const char *source,
		     enum bp_verdict *verdict, unsigned int *attempts_left)
{
	/* only if no other instance locked it meanwhile */
	int err = change(st, "UPDATE subscribers SET failures = 0,"
			 " wait_until = 0 WHERE account = $1 AND locked = 0",
			 account);
	bool locked = err == -ENOENT;

	if (err && !locked)
		return err;
	if (!locked) {
		err = sql(st, "UPDATE devices SET failures = 0, wait_until = 0"
			  " WHERE device_id = $1 AND locked = 0", NULL, NULL,
			  NULL, device);
		if (err)
			return err;
	}
	*verdict = locked ? BP_PIN_LOCKED : BP_PIN_OK;
	*attempts_left = locked ? 0 : st->policy.lock_after;
	return store_audit(st, device, account,
			   locked ? "pin-locked" : "pin-ok", 0, source);
}

/* The wrong PIN: its failure is counted already; it may lock. */
static int pin_wrong(struct bp_store *st, const char *account,
		     const char *device, const char *source,
		     enum bp_verdict *verdict, unsigned int *attempts_left)
{
	struct failures f = { 0 };
	bool waits;
	int err = lock_if_due(st, account, device, &f);

	if (err)
		return err;
	waits = f.n >= st->policy.backoff_after;
	*verdict = f.locked ? BP_PIN_LOCKS : BP_PIN_WRONG;
	/* none left now, if it must wait before the next */
	*attempts_left = f.locked || waits || f.n >= st->policy.lock_after ?
			 0 : st->policy.lock_after - f.n;
	return store_audit(st, device, account, f.locked ? "pin-wrong-locked" :
			   waits ? "pin-wrong-backoff" : "pin-wrong", 0,
			   source);
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
 * An unknown account is a wrong PIN, counted against the device.  An
 * account or a device that is locked, or that waits out a back-off, is
 * not checked at all: its waits bound the guesses a day.  The failure is
 * counted before the check, and the right PIN takes it back.  The PIN is
 * checked outside any transaction, for scrypt takes its time; what the
 * verdict writes (counts, waits, lock, audit record) is one transaction,
 * so instances sharing the store agree and a failure leaves none of it.
 *
 * Returns 0 or a negative errno.
 */
int bp_store_check_pin(struct bp_store *st, const char *account,
		       const char *pin, const uint8_t device_id[32],
		       const char *source, enum bp_verdict *verdict,
		       unsigned int *attempts_left)
{
	struct pin_state p = { "", false, false, 0 };
	time_t t = st->clock();
	bool match = false;
	char device[65];
	int err;

	hex32(device_id, device);
	err = sql(st, "SELECT pin_verifier, locked, wait_until FROM subscribers"
		  " WHERE account = $1", account_row, &p, NULL, account);
	err = err ?: sql(st, "SELECT locked, wait_until FROM devices"
			 " WHERE device_id = $1", device_row, &p, NULL, device);
	if (err)
		return err;
	err = p.locked || p.wait_until > t ? -EAGAIN :
	      count_first(st, account, device, t, p.account);
	if (err == -EAGAIN) {
		*verdict = p.locked ? BP_PIN_LOCKED : BP_PIN_WAIT;
		*attempts_left = 0;
		return store_audit(st, device, account, p.locked ?
				   "pin-locked" : "pin-waiting", 0, source);
	}
	if (err)
		return err;
	if (p.verifier[0] && bp_verifier_check(p.verifier, pin, &match))
		return -EIO;
	err = st->ops->begin(st->db);
	if (!err && match)
		err = pin_right(st, account, device, source, verdict,
				attempts_left);
	else if (!err)
		err = pin_wrong(st, account, device, source, verdict,
				attempts_left);
	return store_commit(st, err);
}

/**
 * bp_store_count_failure - a failed attempt other than a wrong PIN
 * @st: the store
 * @account: the account it was against
 * @device_id: the device, as bp_store_check_pin() names it
 * @event: what failed, for the audit log
 * @source: the device's address
 *
 * Counted and locked as a wrong PIN is: a wrong re-provisioning proof
 * is one (protocol.rst, section 7).
 *
 * Returns 0 or a negative errno.
 */
int bp_store_count_failure(struct bp_store *st, const char *account,
			   const uint8_t device_id[32], const char *event,
			   const char *source)
{
	struct failures f;
	char device[65];
	int err;

	hex32(device_id, device);
	err = st->ops->begin(st->db);
	err = err ?: count_failure(st, account, device, &f);
	err = err ?: store_audit(st, device, account, event, 0, source);
	return store_commit(st, err);
}

/**
 * bp_source_name - the name a device not yet bound has its failed attempts
 *	counted under: its IPv4 address, or its IPv6 /64, inside which a host
 *	picks addresses at will
 * @address: an address, as text
 * @name: the name, BP_SOURCE_NAME_MAX bytes
 *
 * Returns 0, or -1 if @address is not an address.
 */
int bp_source_name(const char *address, char *name)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (inet_pton(AF_INET, address, &a4) == 1)
		return inet_ntop(AF_INET, &a4, name, BP_SOURCE_NAME_MAX) ?
		       0 : -1;
	if (inet_pton(AF_INET6, address, &a6) != 1)
		return -1;
	if (IN6_IS_ADDR_V4MAPPED(&a6))
		return inet_ntop(AF_INET, a6.s6_addr + 12, name,
				 BP_SOURCE_NAME_MAX) ? 0 : -1;
	memset(a6.s6_addr + 8, 0, 8);
	if (!inet_ntop(AF_INET6, &a6, name, BP_SOURCE_NAME_MAX - 3))
		return -1;
	strcat(name, "/64");
	return 0;
}

/**
 * bp_source_id - the id failures are counted under for a device not yet
 *	bound, which has no id of its own: its source address's
 * @address: the address, without a port
 * @id: the id
 */
void bp_source_id(const char *address, uint8_t id[32])
{
	static const char label[] = "bti v1 source ";
	struct bp_bytes src[] = { { label, sizeof(label) - 1 },
				  { address, strlen(address) } };

	bp_sha256(src, 2, id);
}

/**
 * bp_device_unlock - unlock a device, or a source address, and forget its
 *	failed attempts
 * @st: the store
 * @device_id_hex: its id, as the audit log shows it
 * @source: for the audit log
 *
 * Returns 0, -ENOENT if it has no failure on record, or a negative errno.
 */
int bp_device_unlock(struct bp_store *st, const char *device_id_hex,
		     const char *source)
{
	int err = st->ops->begin(st->db);

	err = err ?: change(st, "UPDATE devices SET locked = 0, failures = 0,"
			    " wait_until = 0 WHERE device_id = $1",
			    device_id_hex);
	err = err ?: store_audit(st, device_id_hex, NULL, "unlocked", 0,
				 source);
	return store_commit(st, err);
}

/* Take the store's lock on which key seals user keys, if it has one. */
static int lock(struct bp_store *st, const char *stmt)
{
	return stmt ? sql(st, stmt, NULL, NULL, NULL) : 0;
}

static int kek_row(const char *const *c, int n, void *arg)
{
	if (n < 1)
		return -EIO;
	snprintf(arg, BP_KEK_ID, "%s", c[0] ? c[0] : "");
	return 0;
}

/*
 * The key new user keys are sealed under: -ENOENT if the store names
 * none yet, -ENOKEY if the file lacks it.
 */
static int current_kek(struct bp_store *st, const struct bp_kek **k)
{
	char id[BP_KEK_ID] = "";
	int err;

	if (!st->keks)
		return -ENOKEY;
	err = sql(st, "SELECT id FROM kek", kek_row, id, NULL);
	if (err || !id[0])
		return err ?: -ENOENT;
	*k = bp_keks_find(st->keks, id);
	if (!*k)
		snprintf(st->missing, sizeof(st->missing), "%s", id);
	return *k ? 0 : -ENOKEY;
}

/*
 * A symmetric user key as the store keeps it: sealed under the key named
 * @kek, or in the clear ("") in a store from before keys were sealed.
 */
static int open_key(struct bp_store *st, const char *device, const char *kek,
		    const char *text, uint8_t key[32])
{
	const struct bp_kek *k;

	if (!kek[0])
		return bp_unhex(text, key, 32) ? -EIO : 0;
	k = st->keks ? bp_keks_find(st->keks, kek) : NULL;
	if (!k) {
		snprintf(st->missing, sizeof(st->missing), "%s", kek);
		return -ENOKEY;
	}
	if (!bp_kek_open(k, device, 1, text, key))
		return 0;
	snprintf(st->unopened, sizeof(st->unopened), "%s", device);
	return -EBADMSG;
}

#define RESEAL_BATCH 256

struct kept_key {
	char device[65];
	char key[BP_KEK_SEALED];
	char kek[BP_KEK_ID];
};

struct kept_keys {
	struct kept_key *row;
	int n;
};

static int kept_row(const char *const *c, int n, void *arg)
{
	struct kept_keys *b = arg;
	struct kept_key *k = &b->row[b->n];

	if (n < 3 || b->n == RESEAL_BATCH)
		return -EIO;
	snprintf(k->device, sizeof(k->device), "%s", c[0]);
	snprintf(k->key, sizeof(k->key), "%s", c[1]);
	snprintf(k->kek, sizeof(k->kek), "%s", c[2] ? c[2] : "");
	b->n++;
	return 0;
}

#define KEPT "SELECT device_id, user_key, kek FROM bindings" \
	     " WHERE key_kind = 1 AND user_key <> ''"

/*
 * Seal under @to every symmetric key in the clear, and with @all every one
 * sealed under another key as well.
 */
/*
 * One key sealed under @to, if its row still holds what was read: on
 * PostgreSQL a revoke, or another instance's sweep, may have changed it
 * since, and wins.
 */
static int reseal_one(struct bp_store *st, const struct bp_kek *to,
		      const struct kept_key *k, long *count)
{
	char sealed[BP_KEK_SEALED];
	uint8_t key[32];
	long changed = 0;
	int err = open_key(st, k->device, k->kek, k->key, key);

	if (!err && bp_kek_seal(to, k->device, 1, key, sealed))
		err = -EIO;
	err = err ?: sql(st, "UPDATE bindings SET user_key = $1, kek = $2"
			 " WHERE device_id = $3 AND user_key = $4", NULL, NULL,
			 &changed, sealed, to->id, k->device, k->key);
	*count += !err && changed;
	OPENSSL_cleanse(key, sizeof(key));
	return err;
}

static int reseal(struct bp_store *st, const struct bp_kek *to, bool all,
		  long *count)
{
	struct kept_keys b = { calloc(RESEAL_BATCH, sizeof(*b.row)), 0 };
	int err = b.row ? 0 : -ENOMEM, i;
	/* a copy: opening a key may read the file again, over @to */
	struct bp_kek dst = *to;

	*count = 0;
	do {
		b.n = 0;
		if (!err && all)
			err = sql(st, KEPT " AND (kek IS NULL OR kek <> $1)"
				  " LIMIT 256", kept_row, &b, NULL, dst.id);
		else if (!err)
			err = sql(st, KEPT " AND kek IS NULL LIMIT 256",
				  kept_row, &b, NULL);
		for (i = 0; !err && i < b.n; i++)
			err = reseal_one(st, &dst, &b.row[i], count);
	} while (!err && b.n == RESEAL_BATCH);
	OPENSSL_cleanse(&dst, sizeof(dst));
	if (b.row)
		OPENSSL_cleanse(b.row, RESEAL_BATCH * sizeof(*b.row));
	free(b.row);
	return err;
}

static int load_keks(struct bp_store *st, const char *path, char *err,
		     size_t err_len)
{
	if (!st->keks)
		st->keks = malloc(sizeof(*st->keks));
	if (!st->keks) {
		snprintf(err, err_len, "out of memory");
		return -ENOMEM;
	}
	st->missing[0] = 0;
	return bp_keks_load(st->keks, path, err, err_len) ? -EINVAL : 0;
}

/* What went wrong with the keys, in words, once the transaction is over. */
static int kek_failure(struct bp_store *st, int rc, char *err, size_t err_len)
{
	if (rc == -ENOKEY)
		snprintf(err, err_len, "keys in the store are sealed under"
			 " key-encryption key %s, which %s does not hold",
			 st->missing, st->keks->path);
	else if (rc == -EBADMSG)
		snprintf(err, err_len, "device %s: its key in the store does"
			 " not open: it was altered, or moved from another"
			 " binding (btiprov revoke it)", st->unopened);
	else if (rc)
		snprintf(err, err_len, "%s", st->ops->error(st->db));
	return rc;
}

/* Old page images of keys resealed: out of SQLite's log, on SQLite. */
static void scrub(struct bp_store *st, long resealed)
{
	if (resealed && st->ops->scrub)
		sql(st, st->ops->scrub, NULL, NULL, NULL);
}

/**
 * bp_store_use_kek - seal symmetric user keys under the keys of a file
 * @st: the store
 * @path: the file (kek.c)
 * @err: why not
 * @err_len: its size
 *
 * A store that names no key-encryption key yet takes the file's newest.
 * The file must hold the one the store names.  Keys in the clear, from
 * before, are sealed, in one transaction.
 *
 * Returns 0 or a negative errno.
 */
int bp_store_use_kek(struct bp_store *st, const char *path, char *err,
		     size_t err_len)
{
	const struct bp_kek *k = NULL;
	long resealed = 0;
	int rc = load_keks(st, path, err, err_len);

	if (rc)
		return rc;
	rc = st->ops->begin(st->db);
	rc = rc ?: lock(st, st->ops->rekey_lock);
	rc = rc ?: current_kek(st, &k);
	if (rc == -ENOENT) {
		rc = change(st, "INSERT INTO kek (one, id) VALUES (1, $1)",
			    st->keks->k[st->keks->n - 1].id);
		rc = rc ?: current_kek(st, &k);
	}
	rc = rc ?: reseal(st, k, false, &resealed);
	rc = store_commit(st, rc);
	if (!rc)
		scrub(st, resealed);
	return kek_failure(st, rc, err, err_len);
}

/**
 * bp_store_rekey - seal every symmetric user key under a file's newest key
 * @st: the store
 * @path: the file, which holds the key each is sealed under now
 * @id: the newest key's id
 * @resealed: how many keys
 * @err: why not
 * @err_len: its size
 *
 * The store then names the newest key for new keys.  One transaction,
 * which binds wait for (on SQLite, for its busy timeout at most).
 *
 * Returns 0 or a negative errno.
 */
int bp_store_rekey(struct bp_store *st, const char *path, char id[BP_KEK_ID],
		   long *resealed, char *err, size_t err_len)
{
	const struct bp_kek *k;
	int rc = load_keks(st, path, err, err_len);

	*resealed = 0;
	if (rc)
		return rc;
	k = &st->keks->k[st->keks->n - 1];
	memcpy(id, k->id, BP_KEK_ID);
	rc = st->ops->begin(st->db);
	rc = rc ?: lock(st, st->ops->rekey_lock);
	rc = rc ?: sql(st, "INSERT INTO kek (one, id) VALUES (1, $1)"
		       " ON CONFLICT (one) DO UPDATE SET id = excluded.id",
		       NULL, NULL, NULL, k->id);
	rc = rc ?: reseal(st, k, true, resealed);
	rc = rc ?: store_audit(st, NULL, NULL, "kek-rotated", 0, k->id);
	rc = store_commit(st, rc);
	if (!rc)
		scrub(st, *resealed);
	return kek_failure(st, rc, err, err_len);
}

/**
 * bp_store_sweep - seal the keys bound in the clear, wipe those that
 *	replaced bindings kept once they can no longer be restored, and
 *	delete the pending bindings whose time is over
 * @st: the store, with its keys (bp_store_use_kek())
 * @seconds: how long after it was replaced a binding may be restored
 * @done: how many of each
 *
 * Keys in the clear come from a server from before, bound while the
 * servers sharing the store were upgraded one by one.  Pending bindings
 * outlive their sessions when a server stops or dies.  One transaction.
 *
 * Returns 0 or a negative errno.
 */
int bp_store_sweep(struct bp_store *st, unsigned int seconds,
		   struct bp_swept *done)
{
	time_t now_t = st->clock(), t = now_t - seconds;
	const struct bp_kek *k;
	char before[32], now_s[24], at[32];
	struct tm tm;
	int err;

	now(at);
	gmtime_r(&t, &tm);
	strftime(before, sizeof(before), "%Y-%m-%dT%H:%M:%S", &tm);
	seconds_text(now_t, now_s);
	memset(done, 0, sizeof(*done));
	err = st->ops->begin(st->db);
	err = err ?: lock(st, st->ops->rekey_share);
	err = err ?: current_kek(st, &k);
	err = err ?: reseal(st, k, false, &done->sealed);
	err = err ?: sql(st, "UPDATE bindings SET user_key = '', kek = NULL"
			 " WHERE revoked < $1 AND user_key <> ''", NULL, NULL,
			 &done->wiped, before);
	err = err ?: sql(st, "INSERT INTO audit (at, device_id, account,"
			 " event, source) SELECT $1, device_id, account,"
			 " 'dropped', 'sweep' FROM pending WHERE expires <="
			 " CAST($2 AS BIGINT)", NULL, NULL, NULL, at, now_s);
	err = err ?: sql(st, "DELETE FROM pending WHERE expires <="
			 " CAST($1 AS BIGINT)", NULL, NULL, &done->dropped,
			 now_s);
	err = store_commit(st, err);
	if (err)
		memset(done, 0, sizeof(*done));
	else
		scrub(st, done->sealed);
	return err;
}

/* Seal a new symmetric key under the key the store names, as of now. */
static int seal_new(struct bp_store *st, const char *device,
		    const uint8_t key[32], char sealed[BP_KEK_SEALED],
		    char kek[BP_KEK_ID])
{
	const struct bp_kek *k;
	int err = lock(st, st->ops->rekey_share);

	err = err ?: current_kek(st, &k);
	if (err)
		return err == -ENOENT ? -ENOKEY : err;
	memcpy(kek, k->id, BP_KEK_ID);
	return bp_kek_seal(k, device, 1, key, sealed) ? -EIO : 0;
}

/* A bound key as the store keeps it: a public key, or a sealed one. */
struct stored_key {
	unsigned int kind;
	char text[2 * BP_P256_POINT + 1];
	char kek[BP_KEK_ID];
	bool revoked;
	bool by_operator;
	char account[BP_ACCOUNT_MAX + 1];
};

static int bound_row(const char *const *c, int n, void *arg)
{
	struct stored_key *k = arg;

	if (n < 6)
		return -EIO;
	k->kind = atoi(c[0]);
	snprintf(k->text, sizeof(k->text), "%s", c[1]);
	snprintf(k->kek, sizeof(k->kek), "%s", c[2] ? c[2] : "");
	k->revoked = atoi(c[3]);
	k->by_operator = atoi(c[4]);
	snprintf(k->account, sizeof(k->account), "%s", c[5]);
	return 0;
}

/* A binding's row, whatever its state; none leaves @k zeroed. */
static int stored_binding(struct bp_store *st, const char *device,
			  struct stored_key *k)
{
	return sql(st, "SELECT key_kind, user_key, kek, CASE WHEN revoked IS"
		   " NULL THEN 0 ELSE 1 END, revoked_by_operator, account FROM"
		   " bindings WHERE device_id = $1", bound_row, k, NULL, device);
}

/* 0 for a bound binding, else why not: revoked by an operator, or gone */
static int unbound(const struct stored_key *k)
{
	if (k->kind && !k->revoked)
		return 0;
	return k->revoked && k->by_operator ? -EKEYREVOKED : -ENOENT;
}

/* The binding a session proved is still bound, as it was at REQUEST. */
static int still_bound(struct bp_store *st, const char *device)
{
	struct stored_key k = { 0 };
	int err = stored_binding(st, device, &k);

	err = err ?: unbound(&k);
	OPENSSL_cleanse(&k, sizeof(k));
	return err == -ENOENT ? -ESTALE : err;
}

/**
 * bp_store_hold - hold a binding pending, before PROVISIONED
 * @st: the store
 * @account: the account
 * @device_id: the new binding's id
 * @replaces: for a re-provisioned device, the id of the binding it
 *	proved; NULL for a new device
 * @seconds: how long it may stay pending: the session's time
 *
 * A pending binding authenticates nothing, and the one it would replace
 * stays bound, until bp_store_bind() commits it.  Its time over, it is
 * gone: to bp_store_hold(), and to bp_store_sweep() which deletes it.
 *
 * Returns 0; -EBUSY if a pending binding holds the id or would replace
 * the same binding (protocol.rst, section 9); -EKEYREVOKED if an
 * operator revoked the binding it replaces, -ESTALE if another replaced
 * it, while the session ran; -ENOENT if there is no such account; or a
 * negative errno.
 */
int bp_store_hold(struct bp_store *st, const char *account,
		  const uint8_t device_id[32], const uint8_t *replaces,
		  unsigned int seconds)
{
	char device[65], old[65] = "", now_s[24], until[24];
	long long t = st->clock();
	int err;

	hex32(device_id, device);
	if (replaces)
		hex32(replaces, old);
	seconds_text(t, now_s);
	seconds_text(t + seconds, until);
	err = st->ops->begin(st->db);
	err = err ?: sql(st, "DELETE FROM pending WHERE expires <="
			 " CAST($1 AS BIGINT) AND (device_id = $2 OR"
			 " replaces = $3)", NULL, NULL, NULL, now_s, device,
			 old);
	if (!err && replaces)
		err = still_bound(st, old);
	/* no such account is -ENOENT, so that -EEXIST is a pending one */
	err = err ?: change(st, "INSERT INTO pending (device_id, replaces,"
			    " account, expires) SELECT $1, NULLIF($2, ''),"
			    " account, CAST($4 AS BIGINT) FROM subscribers"
			    " WHERE account = $3", device, old, account, until);
	return store_commit(st, err == -EEXIST ? -EBUSY : err);
}

/* A binding's account, and for a pending one what it would replace. */
struct held {
	char account[BP_ACCOUNT_MAX + 1];
	char replaces[65];
	bool found;
};

static int held_row(const char *const *c, int n, void *arg)
{
	struct held *h = arg;

	if (n < 2)
		return -EIO;
	snprintf(h->account, sizeof(h->account), "%s", c[0]);
	snprintf(h->replaces, sizeof(h->replaces), "%s", c[1] ? c[1] : "");
	h->found = true;
	return 0;
}

/*
 * One transaction: @stmt finds a binding's account (held_row()), or
 * @missing; the audit record of @event follows.
 */
static int audit_found(struct bp_store *st, const char *stmt,
		       const uint8_t device_id[32], int missing,
		       const char *event, uint64_t config_version,
		       const char *source)
{
	struct held h = { 0 };
	char device[65];
	int err;

	hex32(device_id, device);
	err = st->ops->begin(st->db);
	err = err ?: sql(st, stmt, held_row, &h, NULL, device);
	if (!err && !h.found)
		err = missing;
	err = err ?: store_audit(st, device, h.account, event,
				 config_version, source);
	return store_commit(st, err);
}

/**
 * bp_store_bind - commit a pending binding (bp_store_hold()): the device
 *	holds it
 * @st: the store
 * @device_id: the binding's id
 * @kind: 1 symmetric, 2 public
 * @key: the user key
 * @key_len: 32 or 65
 * @config_version: the configuration version delivered, for the audit log
 * @source: for the audit log
 *
 * The binding, the end of the one it replaces and their audit records are
 * one transaction, or nothing.  The replaced binding keeps its key, for
 * bp_store_unbind() to restore it, until bp_store_sweep().  A symmetric
 * key is sealed (bp_store_use_kek()): -ENOKEY if the store cannot seal it.
 *
 * Returns 0, -ESTALE if the binding is no longer pending or the one it
 * replaces no longer bound (another replaced it, or an operator revoked
 * it), or a negative errno.  The caller drops what is left pending.
 */
int bp_store_bind(struct bp_store *st, const uint8_t device_id[32],
		  unsigned int kind, const uint8_t *key, size_t key_len,
		  uint64_t config_version, const char *source)
{
	char device[65], hex[2 * BP_P256_POINT + 1], k[2], at[32], t[24];
	char kek[BP_KEK_ID] = "";
	struct held h = { 0 };
	size_t i;
	int err;

	if ((kind != 1 || key_len != 32) && (kind != 2 || key_len != 65))
		return -EINVAL;
	hex32(device_id, device);
	for (i = 0; kind == 2 && i < key_len; i++)
		sprintf(hex + 2 * i, "%02x", key[i]);
	snprintf(k, sizeof(k), "%u", kind);
	seconds_text(st->clock(), t);
	now(at);
	err = st->ops->begin(st->db);
	err = err ?: sql(st, "DELETE FROM pending WHERE device_id = $1 AND"
			 " expires > CAST($2 AS BIGINT) RETURNING account,"
			 " replaces", held_row, &h, NULL, device, t);
	if (!err && !h.found)
		err = -ESTALE;
	if (!err && kind == 1)
		err = seal_new(st, device, key, hex, kek);
	if (!err && h.replaces[0]) {
		err = change(st, "UPDATE bindings SET revoked = $1 WHERE"
			     " device_id = $2 AND revoked IS NULL", at,
			     h.replaces);
		err = err == -ENOENT ? -ESTALE : err;
		err = err ?: store_audit(st, h.replaces, h.account, "replaced",
					 0, source);
	}
	err = err ?: change(st, "INSERT INTO bindings (device_id, account,"
			    " key_kind, user_key, bound, kek) VALUES ($1, $2, $3,"
			    " $4, $5, NULLIF($6, '')) ON CONFLICT (device_id) DO"
			    " UPDATE SET account = excluded.account, key_kind ="
			    " excluded.key_kind, user_key = excluded.user_key,"
			    " bound = excluded.bound, kek = excluded.kek,"
			    " revoked = NULL, revoked_by_operator = 0", device,
			    h.account, k, hex, at, kek);
	err = err ?: store_audit(st, device, h.account, "bound",
				 config_version, source);
	OPENSSL_cleanse(hex, sizeof(hex));
	return store_commit(st, err);
}

/**
 * bp_store_drop - drop a pending binding: its session ended before the
 *	device said it holds it
 * @st: the store
 * @device_id: the binding's id
 * @source: for the audit log
 *
 * Returns 0, -ENOENT if none was pending, or a negative errno.
 */
int bp_store_drop(struct bp_store *st, const uint8_t device_id[32],
		  const char *source)
{
	return audit_found(st, "DELETE FROM pending WHERE device_id = $1"
			   " RETURNING account, replaces", device_id, -ENOENT,
			   "dropped", 0, source);
}

/**
 * bp_store_unbind - undo a binding the device refused: its PROVISIONED
 *	failed the device's checks, so the device keeps what it had
 * @st: the store
 * @device_id: the binding's id
 * @replaced: the binding it replaced, restored; NULL if none
 * @source: for the audit log
 *
 * One transaction.  A public key bound again under its own id is the
 * binding the device holds either way, and stays.  A replaced binding
 * whose key was wiped meanwhile (bp_store_sweep()) stays revoked.
 *
 * Returns 0 or a negative errno.
 */
int bp_store_unbind(struct bp_store *st, const uint8_t device_id[32],
		    const uint8_t *replaced, const char *source)
{
	char device[65], old[65], at[32];
	int err;

	if (replaced && !memcmp(replaced, device_id, 32))
		return 0;
	hex32(device_id, device);
	now(at);
	err = st->ops->begin(st->db);
	err = err ?: change(st, "UPDATE bindings SET revoked = $1, user_key = '',"
			    " kek = NULL WHERE device_id = $2 AND revoked IS"
			    " NULL", at, device);
	err = err ?: store_audit(st, device, NULL, "refused-by-device", 0,
				 source);
	if (!err && replaced) {
		hex32(replaced, old);
		/* its key kept, unless wiped: bp_store_sweep() */
		err = change(st, "UPDATE bindings SET revoked = NULL"
			     " WHERE device_id = $1 AND user_key <> ''", old);
		if (err == -ENOENT)
			err = store_audit(st, old, NULL, "not-restored", 0,
					  source);
		else if (!err)
			err = store_audit(st, old, NULL, "restored", 0, source);
	}
	return store_commit(st, err);
}

/**
 * bp_store_bound - the key a device is bound to, for its re-provisioning
 *	or refresh
 * @st: the store
 * @device_id: the device
 * @out: the key
 * @account: the account it is bound to, BP_ACCOUNT_MAX + 1 bytes; may be
 *	NULL
 *
 * Returns 0; -ENOENT if it is bound to nothing, or was replaced;
 * -EKEYREVOKED if an operator revoked it (bp_store_revoke()); -EBUSY if a
 * pending binding would replace it (bp_store_hold()); -ENOKEY or -EBADMSG
 * if its key does not open; or -EIO.
 */
int bp_store_bound(struct bp_store *st, const uint8_t device_id[32],
		   struct bp_bound *out, char *account)
{
	struct stored_key k = { 0 };
	char device[65], t[24];
	int busy = 0, err;

	hex32(device_id, device);
	seconds_text(st->clock(), t);
	memset(out, 0, sizeof(*out));
	err = stored_binding(st, device, &k);
	err = err ?: unbound(&k);
	err = err ?: sql(st, "SELECT count(*) FROM pending WHERE replaces = $1"
			 " AND expires > CAST($2 AS BIGINT)", first_int, &busy,
			 NULL, device, t);
	if (!err && busy)
		err = -EBUSY;
	else if (!err && k.kind == 1)
		err = open_key(st, device, k.kek, k.text, out->key);
	else if (!err && k.kind == 2)
		err = bp_unhex(k.text, out->key, BP_P256_POINT) ? -EIO : 0;
	out->kind = k.kind;
	if (account)
		snprintf(account, BP_ACCOUNT_MAX + 1, "%s",
			 err ? "" : k.account);
	OPENSSL_cleanse(&k, sizeof(k));
	if (err)
		memset(out, 0, sizeof(*out));
	return err ? err : out->kind ? 0 : -ENOENT;
}

/**
 * bp_store_refreshed - record a refresh: the device holds @config_version
 * @st: the store
 * @device_id: its binding
 * @config_version: the version it holds now
 * @delivered: the session gave it that version; false if it held it
 * @source: for the audit log
 *
 * Returns 0, -ESTALE if the binding is no longer bound, or a negative
 * errno.
 */
int bp_store_refreshed(struct bp_store *st, const uint8_t device_id[32],
		       uint64_t config_version, bool delivered,
		       const char *source)
{
	return audit_found(st, "SELECT account, NULL FROM bindings WHERE"
			   " device_id = $1 AND revoked IS NULL", device_id,
			   -ESTALE, delivered ? "refreshed" :
			   "refreshed-current", config_version, source);
}

int bp_store_revoke(struct bp_store *st, const char *device_id_hex,
		    const char *source)
{
	char at[32];
	int err;

	now(at);
	err = st->ops->begin(st->db);
	err = err ?: change(st, "UPDATE bindings SET revoked = $1, user_key"
			    " = '', kek = NULL, revoked_by_operator = 1 WHERE"
			    " device_id = $2 AND revoked IS NULL", at,
			    device_id_hex);
	err = err ?: store_audit(st, device_id_hex, NULL, "revoked", 0,
				 source);
	return store_commit(st, err);
}

static void copy(char *out, size_t n, const char *v)
{
	snprintf(out, n, "%s", v ? v : "");
}

struct binding_walk {
	int (*cb)(const struct bp_binding *, void *);
	void *arg;
};

static int binding_row(const char *const *c, int n, void *arg)
{
	struct binding_walk *w = arg;
	struct bp_binding b;

	if (n < 5)
		return -EIO;
	copy(b.device_id, sizeof(b.device_id), c[0]);
	copy(b.account, sizeof(b.account), c[1]);
	b.kind = atoi(c[2]);
	copy(b.bound, sizeof(b.bound), c[3]);
	copy(b.revoked, sizeof(b.revoked), c[4]);
	return w->cb(&b, w->arg);
}

int bp_binding_list(struct bp_store *st,
		    int (*cb)(const struct bp_binding *, void *), void *arg)
{
	struct binding_walk w = { cb, arg };

	return sql(st, "SELECT device_id, account, key_kind, bound, revoked"
		   " FROM bindings ORDER BY bound", binding_row, &w, NULL);
}

struct audit_walk {
	int (*cb)(const struct bp_audit *, void *);
	void *arg;
};

static int audit_row(const char *const *c, int n, void *arg)
{
	struct audit_walk *w = arg;
	struct bp_audit a;

	if (n < 7)
		return -EIO;
	a.id = atoll(c[0]);
	copy(a.at, sizeof(a.at), c[1]);
	copy(a.device_id, sizeof(a.device_id), c[2]);
	copy(a.account, sizeof(a.account), c[3]);
	copy(a.event, sizeof(a.event), c[4]);
	a.config_version = c[5] ? strtoull(c[5], NULL, 10) : 0;
	copy(a.source, sizeof(a.source), c[6]);
	return w->cb(&a, w->arg);
}

int bp_audit_list(struct bp_store *st,
		  int (*cb)(const struct bp_audit *, void *), void *arg)
{
	struct audit_walk w = { cb, arg };

	return sql(st, "SELECT id, at, device_id, account, event,"
		   " config_version, source FROM audit ORDER BY id", audit_row,
		   &w, NULL);
}
