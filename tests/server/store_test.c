// SPDX-License-Identifier: GPL-2.0
/*
 * btiprovd's subscriber store: migrations, PIN back-off and lockout per
 * account and per device, on a clock of the test's own; failed attempts
 * counted by concurrent processes without a lost update, bindings and
 * their audit records in one transaction, symmetric keys sealed under a
 * key-encryption key and rotated, and an audit log that refuses to change.
 * On a scratch SQLite file, or on the PostgreSQL database $BTI_STORE_URI
 * names, with the test servers' key-encryption key.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "db.h"
#include "store.h"
#include "verifier.h"

static char path[256];
static const struct bp_db_ops *ops = &bp_db_sqlite;
/* the test servers' key-encryption key (tests/vectors/pki/kek), its id */
static char kek_path[256], kek_line[80], kek_id[BP_KEK_ID];

/* A file of the keys @lines, readable by its owner alone. */
static void write_keks(const char *file, const char *lines)
{
	int fd;

	unlink(file);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, lines, strlen(lines)), strlen(lines));
	close(fd);
}

static void shared_kek(void)
{
	const char *top = getenv("BTI_TOP") ? getenv("BTI_TOP") : "..";
	struct bp_keks ks;
	char file[300], err[300];
	FILE *f;
	int fd;

	snprintf(file, sizeof(file), "%s/tests/vectors/pki/kek", top);
	f = fopen(file, "r");
	if (!f || !fgets(kek_line, sizeof(kek_line), f))
		fail_msg("%s: no key", file);
	fclose(f);
	snprintf(kek_path, sizeof(kek_path), "/tmp/bti-kek-XXXXXX");
	fd = mkstemp(kek_path);
	close(fd);
	write_keks(kek_path, kek_line);
	if (bp_keks_load(&ks, kek_path, err, sizeof(err)))
		fail_msg("%s", err);
	memcpy(kek_id, ks.k[0].id, sizeof(kek_id));
	bp_keks_wipe(&ks);
}

static int setup(void **state)
{
	int fd;

	(void)state;
	shared_kek();
	if (getenv("BTI_STORE_URI")) {
		snprintf(path, sizeof(path), "%s", getenv("BTI_STORE_URI"));
		ops = &bp_db_pg;
		return 0;
	}
	snprintf(path, sizeof(path), "/tmp/bti-store-XXXXXX");
	fd = mkstemp(path);
	close(fd);
	unlink(path);
	return 0;
}

static int teardown(void **state)
{
	char p[300];

	(void)state;
	unlink(kek_path);
	if (ops == &bp_db_pg)
		return 0;
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	return 0;
}

static time_t clock_now = 1700000000;

static time_t test_clock(void)
{
	return clock_now;
}

/* The store on the test's clock, and the default policy or @policy. */
static struct bp_store *open_policy(const struct bp_lock_policy *policy)
{
	static const struct bp_lock_policy defaults = {
		BP_BACKOFF_AFTER, BP_BACKOFF_WAIT, BP_LOCK_AFTER,
	};
	char err[256];
	struct bp_store *st = bp_store_open(path, err, sizeof(err));

	if (!st || bp_store_use_kek(st, kek_path, err, sizeof(err)))
		fail_msg("%s", err);
	bp_store_set_policy(st, policy ? policy : &defaults, test_clock);
	return st;
}

static struct bp_store *open_store(void)
{
	return open_policy(NULL);
}

static void subscriber(struct bp_store *st, const char *account,
		       const char *pin)
{
	char v[BP_VERIFIER_MAX];

	assert_int_equal(bp_subscriber_add(st, account, "sip:x"), 0);
	assert_int_equal(bp_verifier_make(pin, 10, v), 0);
	assert_int_equal(bp_subscriber_set_pin(st, account, v), 0);
}

/* A binding as version 1 makes it: held, and committed at once. */
static int bind(struct bp_store *st, const char *account,
		const uint8_t dev[32], unsigned int kind, const uint8_t *key,
		size_t key_len, const uint8_t *replaces, const char *source)
{
	int err = bp_store_hold(st, account, dev, replaces, 60);

	if (err)
		return err;
	err = bp_store_bind(st, dev, kind, key, key_len, 1, source);
	if (err)
		assert_int_equal(bp_store_drop(st, dev, source), 0);
	return err;
}

static const uint8_t dev1[32] = { 1 }, dev2[32] = { 2 };

static enum bp_verdict check(struct bp_store *st, const char *account,
			     const char *pin, const uint8_t *dev,
			     unsigned int *left)
{
	enum bp_verdict v;

	assert_int_equal(bp_store_check_pin(st, account, pin, dev, "test",
					    &v, left), 0);
	return v;
}

/* A check once every wait is over: a day later. */
static enum bp_verdict check_later(struct bp_store *st, const char *account,
				   const char *pin, const uint8_t *dev,
				   unsigned int *left)
{
	clock_now += BP_WAIT_MAX;
	return check(st, account, pin, dev, left);
}

static void migrations(void **state)
{
	struct bp_store *st = open_store();

	(void)state;
	assert_int_equal(bp_store_version(st), 4);
	bp_store_close(st);
	st = open_store();
	assert_int_equal(bp_store_version(st), 4);
	assert_int_equal(bp_subscriber_add(st, "12", ""), -EINVAL);
	assert_int_equal(bp_subscriber_add(st, "12ab5678", ""), -EINVAL);
	bp_store_close(st);
}

static void verifier(void **state)
{
	char v[BP_VERIFIER_MAX];
	bool match;

	(void)state;
	assert_int_equal(bp_verifier_make("2468", 10, v), 0);
	assert_null(strstr(v, "2468"));
	assert_int_equal(bp_verifier_check(v, "2468", &match), 0);
	assert_true(match);
	assert_int_equal(bp_verifier_check(v, "2469", &match), 0);
	assert_false(match);
	assert_int_equal(bp_verifier_make("12a4", 10, v), -1);
	assert_int_equal(bp_verifier_make("123", 10, v), -1);
	assert_int_equal(bp_verifier_check("scrypt:10:8:1:zz", "1", &match), -1);
}

static void lockout(void **state)
{
	struct bp_store *st = open_store();
	struct bp_subscriber s;
	unsigned int left, i;

	(void)state;
	subscriber(st, "10001", "1234");
	assert_int_equal(check(st, "10001", "1234", dev1, &left), BP_PIN_OK);
	for (i = 1; i < BP_LOCK_AFTER; i++) {
		assert_int_equal(check_later(st, "10001", "9999", dev1, &left),
				 BP_PIN_WRONG);
		/* none for now once it must wait */
		assert_int_equal(left, i < BP_BACKOFF_AFTER ?
				 BP_LOCK_AFTER - i : 0);
	}
	/* the last wrong entry locks it, and says so */
	assert_int_equal(check_later(st, "10001", "9999", dev1, &left),
			 BP_PIN_LOCKS);
	assert_int_equal(left, 0);
	/* locked: even the right PIN is refused, until an operator unlocks */
	assert_int_equal(check(st, "10001", "1234", dev2, &left), BP_PIN_LOCKED);
	assert_int_equal(bp_subscriber_get(st, "10001", &s), 0);
	assert_true(s.locked);
	assert_int_equal(bp_subscriber_lock(st, "10001", false, "test"), 0);
	assert_int_equal(check(st, "10001", "1234", dev2, &left), BP_PIN_OK);
	bp_store_close(st);
}

/* One device trying accounts in turn locks itself, not them. */
static void device_lockout(void **state)
{
	static const uint8_t dev[32] = { 3 };
	struct bp_store *st = open_store();
	char account[16];
	unsigned int left, i;

	(void)state;
	for (i = 0; i < BP_LOCK_AFTER; i++) {
		snprintf(account, sizeof(account), "200%02u", i);
		subscriber(st, account, "1111");
		assert_int_not_equal(check_later(st, account, "0000", dev,
						 &left), BP_PIN_OK);
	}
	assert_int_equal(check_later(st, "20000", "1111", dev, &left),
			 BP_PIN_LOCKED);
	/* the accounts are not locked: another device gets in */
	assert_int_equal(check(st, "20000", "1111", dev2, &left), BP_PIN_OK);
	bp_store_close(st);
}

/* A wrong re-provisioning proof counts, and locks, as a wrong PIN does. */
static void proof_failures(void **state)
{
	static const uint8_t dev[32] = { 6 };
	struct bp_store *st = open_store();
	struct bp_subscriber s;
	unsigned int i, left;

	(void)state;
	subscriber(st, "50001", "7777");
	for (i = 0; i < BP_LOCK_AFTER; i++)
		assert_int_equal(bp_store_count_failure(st, "50001", dev,
							"proof-wrong", "t"), 0);
	assert_int_equal(bp_subscriber_get(st, "50001", &s), 0);
	assert_true(s.locked);
	assert_int_equal(check(st, "50001", "7777", dev2, &left), BP_PIN_LOCKED);
	bp_store_close(st);
}

/*
 * The waits: none for the first BP_BACKOFF_AFTER failures, then a minute,
 * doubling, up to a day.  A waiting account is not checked, not even with
 * the right PIN, and nothing counts meanwhile; the right PIN after the
 * wait starts it afresh.
 */
static void backoff(void **state)
{
	static const uint8_t dev[32] = { 0x61 }, other[32] = { 0x62 };
	struct bp_store *st = open_store();
	struct bp_subscriber s;
	unsigned int left, i;
	time_t start;

	(void)state;
	subscriber(st, "60001", "2580");
	for (i = 0; i < BP_BACKOFF_AFTER; i++)
		assert_int_equal(check(st, "60001", "0000", dev, &left),
				 BP_PIN_WRONG);
	/* the failure that starts a wait leaves no attempt for now */
	assert_int_equal(left, 0);
	start = clock_now;
	assert_int_equal(check(st, "60001", "2580", other, &left), BP_PIN_WAIT);
	clock_now = start + 59;
	assert_int_equal(check(st, "60001", "0000", other, &left), BP_PIN_WAIT);
	assert_int_equal(bp_subscriber_get(st, "60001", &s), 0);
	assert_int_equal(s.failures, BP_BACKOFF_AFTER);
	assert_int_equal(s.wait_until, start + 60);
	clock_now = start + 60;
	assert_int_equal(check(st, "60001", "0000", other, &left), BP_PIN_WRONG);
	assert_int_equal(bp_subscriber_get(st, "60001", &s), 0);
	assert_int_equal(s.wait_until, start + 60 + 120);
	clock_now = start + 60 + 120;
	assert_int_equal(check(st, "60001", "2580", other, &left), BP_PIN_OK);
	assert_int_equal(bp_subscriber_get(st, "60001", &s), 0);
	assert_int_equal(s.failures, 0);
	assert_int_equal(check(st, "60001", "0000", other, &left), BP_PIN_WRONG);
	assert_int_equal(check(st, "60001", "2580", other, &left), BP_PIN_OK);

	/* the wait stops doubling at a day */
	for (i = 0; i < BP_BACKOFF_AFTER + 12; i++)
		assert_int_equal(check_later(st, "60001", "0000", dev, &left),
				 BP_PIN_WRONG);
	assert_int_equal(bp_subscriber_get(st, "60001", &s), 0);
	assert_int_equal(s.wait_until, clock_now + BP_WAIT_MAX);
	bp_store_close(st);
}

/*
 * The guesses a day that btiprovd(8) promises: one who guesses as fast as
 * the waits allow makes 13 in the first day, then one a day.
 */
static void guesses_a_day(void **state)
{
	static const uint8_t dev[32] = { 0x63 };
	struct bp_store *st = open_store();
	struct bp_subscriber s = { 0 };
	unsigned int left, guesses = 0;
	time_t start = clock_now;

	(void)state;
	subscriber(st, "60002", "3690");
	while (clock_now < start + 86400) {
		assert_int_equal(check(st, "60002", "0000", dev, &left),
				 BP_PIN_WRONG);
		guesses++;
		assert_int_equal(bp_subscriber_get(st, "60002", &s), 0);
		if (s.wait_until > clock_now)
			clock_now = s.wait_until;
	}
	assert_int_equal(guesses, 13);
	bp_store_close(st);
}

/*
 * A device guessing across accounts waits on its own count: each account
 * has one failure, the device three.
 */
static void device_waits(void **state)
{
	static const uint8_t dev[32] = { 0x64 };
	struct bp_store *st = open_store();
	char account[16];
	unsigned int left, i;

	(void)state;
	for (i = 0; i < BP_BACKOFF_AFTER + 1; i++) {
		snprintf(account, sizeof(account), "6100%u", i);
		subscriber(st, account, "1470");
	}
	for (i = 0; i < BP_BACKOFF_AFTER; i++) {
		snprintf(account, sizeof(account), "6100%u", i);
		assert_int_equal(check(st, account, "0000", dev, &left),
				 BP_PIN_WRONG);
	}
	assert_int_equal(check(st, "61003", "1470", dev, &left), BP_PIN_WAIT);
	/* the account itself is free: another device gets in */
	assert_int_equal(check(st, "61003", "1470", dev2, &left), BP_PIN_OK);
	clock_now += BP_BACKOFF_WAIT;
	assert_int_equal(check(st, "61003", "1470", dev, &left), BP_PIN_OK);
	bp_store_close(st);
}

/*
 * Guesses made at once take turns: however they interleave, no more of
 * them are checked than one after another would be, and each checked one
 * counts once.
 */
static void concurrent_checks(void **state)
{
	enum { N = 8 };
	struct bp_store *st = open_store();
	struct bp_subscriber s;
	int i, status, wrong = 0, waited = 0;
	pid_t pid[N];

	(void)state;
	subscriber(st, "30002", "4321");
	bp_store_close(st);
	for (i = 0; i < N; i++) {
		pid[i] = fork();
		if (!pid[i]) {
			uint8_t dev[32] = { 0x50 + i };
			unsigned int left;
			enum bp_verdict v;
			struct bp_store *c = open_store();

			if (bp_store_check_pin(c, "30002", "0000", dev, "test",
					       &v, &left))
				_exit(3);
			bp_store_close(c);
			_exit(v == BP_PIN_WRONG ? 0 : v == BP_PIN_WAIT ? 1 : 2);
		}
	}
	for (i = 0; i < N; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) < 2);
		wrong += !WEXITSTATUS(status);
		waited += WEXITSTATUS(status) == 1;
	}
	assert_int_equal(wrong + waited, N);
	assert_true(wrong >= 1 && wrong <= BP_BACKOFF_AFTER);
	st = open_store();
	assert_int_equal(bp_subscriber_get(st, "30002", &s), 0);
	assert_int_equal(s.failures, wrong);
	bp_store_close(st);
}

/*
 * Processes with their own connections count failures at once (a wrong
 * re-provisioning proof each): every failure counts once.
 */
static void concurrent_failures(void **state)
{
	enum { N = 8 };
	struct bp_store *st = open_store();
	struct bp_subscriber s;
	int i, status, ok = 0;
	pid_t pid[N];

	(void)state;
	subscriber(st, "30001", "4321");
	bp_store_close(st);
	for (i = 0; i < N; i++) {
		pid[i] = fork();
		if (!pid[i]) {
			uint8_t dev[32] = { 0x40 + i };
			struct bp_store *c = open_store();

			if (bp_store_count_failure(c, "30001", dev,
						   "proof-wrong", "test"))
				_exit(1);
			bp_store_close(c);
			_exit(0);
		}
	}
	for (i = 0; i < N; i++)
		if (waitpid(pid[i], &status, 0) == pid[i] &&
		    WIFEXITED(status) && !WEXITSTATUS(status))
			ok++;
	assert_int_equal(ok, N);
	st = open_store();
	assert_int_equal(bp_subscriber_get(st, "30001", &s), 0);
	assert_int_equal(s.failures, N);
	assert_false(s.locked);
	bp_store_close(st);
}

static int count_audit(const struct bp_audit *a, void *arg)
{
	(void)a;
	(*(int *)arg)++;
	return 0;
}

static void bindings(void **state)
{
	struct bp_store *st = open_store();
	uint8_t key[32] = { 7, 7, 7 };
	static const uint8_t dev[32] = { 5 };
	char hex[65];
	struct bp_bound b;
	struct bp_db *db;
	char err[256];
	int before = 0, after = 0, i;

	(void)state;
	subscriber(st, "40001", "5555");
	assert_int_equal(bp_audit_list(st, count_audit, &before), 0);
	/* an account that does not exist: no binding and no audit record */
	assert_int_equal(bind(st, "49999", dev, 1, key, 32, NULL, "t"), -ENOENT);
	assert_int_equal(bp_audit_list(st, count_audit, &after), 0);
	assert_int_equal(after, before);
	assert_int_equal(bp_store_bound(st, dev, &b, NULL), -ENOENT);

	assert_int_equal(bind(st, "40001", dev, 1, key, 32, NULL, "t"), 0);
	assert_int_equal(bp_store_bound(st, dev, &b, NULL), 0);
	assert_int_equal(b.kind, 1);
	assert_memory_equal(b.key, key, 32);
	for (i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", dev[i]);
	assert_int_equal(bp_store_revoke(st, hex, "t"), 0);
	/* an operator's revocation, told apart: ERROR(revoked) */
	assert_int_equal(bp_store_bound(st, dev, &b, NULL), -EKEYREVOKED);
	assert_int_equal(bp_store_revoke(st, hex, "t"), -ENOENT);
	after = 0;
	assert_int_equal(bp_audit_list(st, count_audit, &after), 0);
	assert_int_equal(after, before + 2);
	bp_store_close(st);

	/* the log itself refuses change, whoever asks */
	assert_int_equal(ops->open(&db, path, err, sizeof(err)), 0);
	assert_int_not_equal(ops->run(db, "DELETE FROM audit", NULL, 0, NULL,
				      NULL, NULL), 0);
	assert_int_not_equal(ops->run(db, "UPDATE audit SET event = 'x'", NULL,
				      0, NULL, NULL, NULL), 0);
	ops->close(db);
}

static void hex_of(const uint8_t *b, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

struct raw_binding {
	char key[200];
	char kek[BP_KEK_ID];
};

static int raw_row(const char *const *c, int n, void *arg)
{
	struct raw_binding *r = arg;

	assert_int_equal(n, 2);
	snprintf(r->key, sizeof(r->key), "%s", c[0]);
	snprintf(r->kek, sizeof(r->kek), "%s", c[1] ? c[1] : "");
	return 0;
}

/* Run @stmt on the store itself, behind the store's back, with @dev. */
static void raw(const char *stmt, const uint8_t dev[32], const char *arg,
		struct raw_binding *r)
{
	const char *params[2] = { NULL, arg };
	char hex[65], err[256];
	struct bp_db *db;

	hex_of(dev, 32, hex);
	params[0] = hex;
	assert_int_equal(ops->open(&db, path, err, sizeof(err)), 0);
	assert_int_equal(ops->run(db, stmt, params, arg ? 2 : 1,
				  r ? raw_row : NULL, r, NULL), 0);
	ops->close(db);
}

static void raw_binding(const uint8_t dev[32], struct raw_binding *r)
{
	memset(r, 0, sizeof(*r));
	raw("SELECT user_key, kek FROM bindings WHERE device_id = $1", dev,
	    NULL, r);
}

/* Whether a SQLite store's files hold @n bytes @b, or their hex. */
static bool store_holds(const uint8_t *b, size_t n)
{
	static const char *const ends[] = { "", "-wal" };
	char file[300], hex[200];
	bool found = false;
	size_t len, i;
	FILE *f;
	char *all;

	hex_of(b, n, hex);
	for (i = 0; i < 2; i++) {
		snprintf(file, sizeof(file), "%s%s", path, ends[i]);
		f = fopen(file, "r");
		if (!f)
			continue;
		all = malloc(64 << 20);
		assert_non_null(all);
		len = fread(all, 1, 64 << 20, f);
		fclose(f);
		found |= memmem(all, len, b, n) || memmem(all, len, hex, 2 * n);
		free(all);
	}
	return found;
}

static void fill(uint8_t *b, size_t n, uint8_t from)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = from + i;
}

/*
 * A symmetric key is sealed in the store under the key the store names,
 * and opens only in its own row; the store's files hold it nowhere, as
 * they do a public key, which stays in the clear.
 */
static void keys_sealed(void **state)
{
	static const uint8_t dev[32] = { 11 }, other[32] = { 12 },
			     public[32] = { 13 };
	struct bp_store *st = open_store();
	uint8_t key[32], pub[65];
	struct raw_binding r;
	struct bp_bound b;
	char hex[65];

	(void)state;
	fill(key, sizeof(key), 0xa0);
	fill(pub, sizeof(pub), 0x30);
	subscriber(st, "40011", "5555");
	assert_int_equal(bind(st, "40011", dev, 1, key, 32, NULL,
				       "t"), 0);
	assert_int_equal(bind(st, "40011", public, 2, pub, 65, NULL,
				       "t"), 0);
	raw_binding(dev, &r);
	hex_of(key, 32, hex);
	assert_null(strstr(r.key, hex));
	assert_int_equal(strlen(r.key), BP_KEK_SEALED - 1);
	assert_string_equal(r.kek, kek_id);
	assert_int_equal(bp_store_bound(st, dev, &b, NULL), 0);
	assert_int_equal(b.kind, 1);
	assert_memory_equal(b.key, key, 32);
	assert_int_equal(bp_store_bound(st, public, &b, NULL), 0);
	assert_memory_equal(b.key, pub, 65);

	key[0] ^= 1;
	assert_int_equal(bind(st, "40011", other, 1, key, 32, NULL,
				       "t"), 0);
	raw("UPDATE bindings SET user_key = $2 WHERE device_id = $1", other,
	    r.key, NULL);
	assert_int_equal(bp_store_bound(st, other, &b, NULL), -EBADMSG);
	hex_of(other, 32, hex);
	assert_int_equal(bp_store_revoke(st, hex, "t"), 0);
	bp_store_close(st);
	if (ops != &bp_db_sqlite)
		return;
	key[0] ^= 1;
	assert_false(store_holds(key, 32));
	assert_true(store_holds(pub, 65));
}

/*
 * A store from before keys were sealed: its keys in the clear are sealed
 * when a server opens it with its key-encryption key, and leave no copy
 * behind in the file.  A key a server from before binds in the clear
 * meanwhile is sealed by the next sweep.
 */
static void clear_keys_sealed(void **state)
{
	static const uint8_t dev[32] = { 14 }, later[32] = { 20 };
	struct bp_store *st = open_store();
	struct raw_binding r;
	struct bp_bound b;
	struct bp_swept swept;
	uint8_t key[32];
	char hex[65];

	(void)state;
	subscriber(st, "40012", "5555");
	bp_store_close(st);
	fill(key, sizeof(key), 0xc1);
	hex_of(key, 32, hex);
	raw("INSERT INTO bindings (device_id, account, key_kind, user_key,"
	    " bound) VALUES ($1, '40012', 1, $2, '2025-01-01T00:00:00.000Z')",
	    dev, hex, NULL);
	st = open_store();
	raw_binding(dev, &r);
	assert_string_equal(r.kek, kek_id);
	assert_null(strstr(r.key, hex));
	assert_int_equal(bp_store_bound(st, dev, &b, NULL), 0);
	assert_memory_equal(b.key, key, 32);

	raw("INSERT INTO bindings (device_id, account, key_kind, user_key,"
	    " bound) VALUES ($1, '40012', 1, $2, '2025-01-01T00:00:00.000Z')",
	    later, hex, NULL);
	assert_int_equal(bp_store_sweep(st, 300, &swept), 0);
	assert_int_equal(swept.sealed, 1);
	raw_binding(later, &r);
	assert_string_equal(r.kek, kek_id);
	assert_int_equal(bp_store_bound(st, later, &b, NULL), 0);
	assert_memory_equal(b.key, key, 32);
	bp_store_close(st);
	if (ops == &bp_db_sqlite)
		assert_false(store_holds(key, 32));
}

/* How many records of an event the audit log holds, and the last's version */
struct events {
	const char *event;
	int n;
	uint64_t version;
};

static int count_event(const struct bp_audit *a, void *arg)
{
	struct events *e = arg;

	if (strcmp(a->event, e->event))
		return 0;
	e->n++;
	e->version = a->config_version;
	return 0;
}

/*
 * Rotation: every key sealed again under the file's newest, which then
 * seals new keys; a server whose file lacks it refuses to start, naming
 * it.  A key that does not open stops it, changing nothing, until it is
 * revoked.  And back, so the store ends under the test servers' key.
 */
static void kek_rotation(void **state)
{
	static const uint8_t dev[32] = { 15 }, dev16[32] = { 16 },
			     moved[32] = { 19 };
	struct bp_store *st = open_store(), *st2;
	char rot[300], id[BP_KEK_ID], new_id[BP_KEK_ID], err[512];
	char lines[200], second[80], hex[65];
	struct events rotated = { "kek-rotated", 0, 0 };
	uint8_t key[32];
	struct raw_binding r;
	struct bp_bound b;
	long n;
	FILE *f;

	(void)state;
	fill(key, sizeof(key), 0x71);
	subscriber(st, "40013", "5555");
	assert_int_equal(bind(st, "40013", dev, 1, key, 32, NULL,
				       "t"), 0);
	assert_int_equal(bind(st, "40013", moved, 1, key, 32, NULL,
				       "t"), 0);
	raw_binding(dev, &r);
	raw("UPDATE bindings SET user_key = $2 WHERE device_id = $1", moved,
	    r.key, NULL);
	snprintf(rot, sizeof(rot), "%s-rot", kek_path);
	write_keks(rot, kek_line);
	assert_int_equal(bp_kek_append(rot, new_id, err, sizeof(err)), 0);
	assert_int_equal(bp_store_rekey(st, rot, id, &n, err, sizeof(err)),
			 -EBADMSG);
	hex_of(moved, 32, hex);
	assert_non_null(strstr(err, hex));
	raw_binding(dev, &r);
	assert_string_equal(r.kek, kek_id);
	assert_int_equal(bp_store_revoke(st, hex, "t"), 0);
	assert_int_equal(bp_store_rekey(st, rot, id, &n, err, sizeof(err)), 0);
	assert_string_equal(id, new_id);
	assert_true(n >= 1);
	raw_binding(dev, &r);
	assert_string_equal(r.kek, new_id);
	assert_int_equal(bp_store_bound(st, dev, &b, NULL), 0);
	assert_memory_equal(b.key, key, 32);
	key[0] ^= 1;
	assert_int_equal(bind(st, "40013", dev16, 1, key, 32, NULL,
				       "t"), 0);
	raw_binding(dev16, &r);
	assert_string_equal(r.kek, new_id);

	st2 = bp_store_open(path, err, sizeof(err));
	assert_non_null(st2);
	assert_int_equal(bp_store_use_kek(st2, kek_path, err, sizeof(err)),
			 -ENOKEY);
	assert_non_null(strstr(err, new_id));
	bp_store_close(st2);

	f = fopen(rot, "r");
	assert_non_null(f);
	assert_non_null(fgets(lines, sizeof(lines), f));
	assert_non_null(fgets(second, sizeof(second), f));
	fclose(f);
	snprintf(lines, sizeof(lines), "%s%s", second, kek_line);
	write_keks(rot, lines);
	assert_int_equal(bp_store_rekey(st, rot, id, &n, err, sizeof(err)), 0);
	assert_string_equal(id, kek_id);
	assert_true(n >= 2);
	assert_int_equal(bp_store_bound(st, dev16, &b, NULL), 0);
	assert_memory_equal(b.key, key, 32);
	raw_binding(dev, &r);
	assert_string_equal(r.kek, kek_id);
	assert_int_equal(bp_audit_list(st, count_event, &rotated), 0);
	assert_true(rotated.n >= 2);
	bp_store_close(st);
	unlink(rot);
}

/* What a file of keys may be, and what it may not. */
static void kek_file(void **state)
{
	char file[300], err[512], id[BP_KEK_ID], line[160];
	struct bp_keks ks;
	struct stat s;

	(void)state;
	snprintf(file, sizeof(file), "%s-file", kek_path);
	write_keks(file, kek_line);
	chmod(file, 0640);
	assert_int_equal(bp_keks_load(&ks, file, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "chmod 600"));
	write_keks(file, "# keys\n\nnot a key\n");
	assert_int_equal(bp_keks_load(&ks, file, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":3: not a key"));
	write_keks(file, "# none\n");
	assert_int_equal(bp_keks_load(&ks, file, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "holds no key"));
	snprintf(line, sizeof(line), "%s%s", kek_line, kek_line);
	write_keks(file, line);
	assert_int_equal(bp_keks_load(&ks, file, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "twice"));

	unlink(file);
	assert_int_equal(bp_kek_append(file, id, err, sizeof(err)), 0);
	assert_int_equal(stat(file, &s), 0);
	assert_int_equal(s.st_mode & 0777, 0600);
	assert_int_equal(bp_keks_load(&ks, file, err, sizeof(err)), 0);
	assert_int_equal(ks.n, 1);
	assert_string_equal(ks.k[0].id, id);
	bp_keks_wipe(&ks);
	chmod(file, 0644);
	assert_int_equal(bp_kek_append(file, id, err, sizeof(err)), -1);

	/* a last line left unended, by an editor */
	snprintf(line, sizeof(line), "%.64s", kek_line);
	write_keks(file, line);
	assert_int_equal(bp_kek_append(file, id, err, sizeof(err)), 0);
	assert_int_equal(bp_keks_load(&ks, file, err, sizeof(err)), 0);
	assert_int_equal(ks.n, 2);
	assert_string_equal(ks.k[1].id, id);
	bp_keks_wipe(&ks);
	unlink(file);
}

/*
 * A replaced binding's key is kept for its undo window, then wiped; a
 * device that refuses its new binding after that has it undone, and the
 * old one, keyless, is not restored.
 */
static void kept_key_wiped(void **state)
{
	static const uint8_t old[32] = { 17 }, new[32] = { 18 };
	struct events restored = { "not-restored", 0, 0 };
	struct bp_store *st = open_store();
	time_t saved = clock_now;
	struct raw_binding r;
	struct bp_bound b;
	uint8_t key[32];
	struct bp_swept swept;

	(void)state;
	fill(key, sizeof(key), 0x11);
	subscriber(st, "40014", "5555");
	assert_int_equal(bind(st, "40014", old, 1, key, 32, NULL,
				       "t"), 0);
	key[0] ^= 1;
	assert_int_equal(bind(st, "40014", new, 1, key, 32, old,
				       "t"), 0);
	clock_now = time(NULL) + 100;
	assert_int_equal(bp_store_sweep(st, 300, &swept), 0);
	raw_binding(old, &r);
	assert_string_not_equal(r.key, "");
	clock_now = time(NULL) + 302;
	assert_int_equal(bp_store_sweep(st, 300, &swept), 0);
	assert_true(swept.wiped >= 1);
	raw_binding(old, &r);
	assert_string_equal(r.key, "");
	assert_string_equal(r.kek, "");
	raw_binding(new, &r);
	assert_string_not_equal(r.key, "");

	assert_int_equal(bp_store_unbind(st, new, old, "t"), 0);
	assert_int_equal(bp_store_bound(st, new, &b, NULL), -ENOENT);
	assert_int_equal(bp_store_bound(st, old, &b, NULL), -ENOENT);
	assert_int_equal(bp_audit_list(st, count_event, &restored), 0);
	assert_true(restored.n >= 1);
	clock_now = saved;
	bp_store_close(st);
}

static int revoked_key_wiped(const char *const *cols, int n, void *arg)
{
	(void)n;
	*(int *)arg = cols[0] && cols[1] && !cols[1][0];
	return 0;
}

/*
 * Re-provisioning: the new binding replaces the proved one in the same
 * transaction.  Two sessions may not hold bindings pending that replace
 * the same one; one that holds after another replaced it holds nothing.
 * A device that refuses PROVISIONED keeps what it had: the new
 * binding goes, its key wiped, and the replaced one is back.
 */
static void rebinding(void **state)
{
	struct bp_store *st = open_store();
	static const uint8_t old[32] = { 8 }, a[32] = { 9 }, b[32] = { 10 };
	uint8_t key[32] = { 1 }, old_key[32] = { 1 };
	struct bp_bound got;
	struct bp_db *db;
	char err[256];
	int wiped = 0, before = 0, after = 0;

	(void)state;
	subscriber(st, "40002", "5555");
	assert_int_equal(bind(st, "40002", old, 1, key, 32, NULL, "t"), 0);
	assert_int_equal(bp_audit_list(st, count_audit, &before), 0);
	key[0] = 2;
	assert_int_equal(bp_store_hold(st, "40002", a, old, 60), 0);
	assert_int_equal(bp_store_hold(st, "40002", b, old, 60), -EBUSY);
	assert_int_equal(bp_store_bound(st, old, &got, NULL), -EBUSY);
	assert_int_equal(bp_store_bind(st, a, 1, key, 32, 1, "t"), 0);
	assert_int_equal(bp_store_bound(st, old, &got, NULL), -ENOENT);
	assert_int_equal(bp_store_bound(st, a, &got, NULL), 0);
	assert_memory_equal(got.key, key, 32);
	/* the loser of a race for the same old binding holds nothing */
	assert_int_equal(bind(st, "40002", b, 1, key, 32, old, "t"), -ESTALE);
	assert_int_equal(bp_store_bound(st, b, &got, NULL), -ENOENT);
	assert_int_equal(bp_audit_list(st, count_audit, &after), 0);
	assert_int_equal(after, before + 2);	/* replaced, bound */

	assert_int_equal(bp_store_unbind(st, a, old, "t"), 0);
	assert_int_equal(bp_store_bound(st, a, &got, NULL), -ENOENT);
	assert_int_equal(bp_store_bound(st, old, &got, NULL), 0);
	assert_memory_equal(got.key, old_key, 32);
	/* a public key bound again under its own id stays */
	assert_int_equal(bp_store_unbind(st, old, old, "t"), 0);
	assert_int_equal(bp_store_bound(st, old, &got, NULL), 0);
	bp_store_close(st);

	assert_int_equal(ops->open(&db, path, err, sizeof(err)), 0);
	assert_int_equal(ops->run(db, "SELECT revoked, user_key FROM bindings"
				  " WHERE device_id = '09000000000000000000"
				  "00000000000000000000000000000000000000000000'",
				  NULL, 0, revoked_key_wiped, &wiped, NULL), 0);
	assert_true(wiped);
	ops->close(db);
}

/*
 * Version 2's pending binding (protocol.rst, 9) authenticates nothing, and
 * the binding it would replace stays bound, until the device's FINISHED
 * commits it.  Dropped, or its time over, it is gone; the sweep deletes
 * it.  Its commit's audit record names the configuration version
 * delivered, and binds nothing if an operator revoked what it replaces.
 */
static void pending(void **state)
{
	static const uint8_t old[32] = { 20, 20 }, a[32] = { 21, 20 },
			     b[32] = { 22, 20 };
	struct events bound = { "bound", 0, 0 }, dropped = { "dropped", 0, 0 };
	struct bp_store *st = open_store();
	time_t saved = clock_now;
	struct bp_swept swept;
	uint8_t key[32] = { 3 };
	struct bp_bound got;
	char hex[65];

	(void)state;
	subscriber(st, "40020", "5555");
	assert_int_equal(bind(st, "40020", old, 1, key, 32, NULL, "t"), 0);
	assert_int_equal(bp_audit_list(st, count_event, &dropped), 0);
	dropped.n = -dropped.n;
	assert_int_equal(bp_store_hold(st, "40020", a, old, 60), 0);
	assert_int_equal(bp_store_bound(st, a, &got, NULL), -ENOENT);
	assert_int_equal(bp_store_hold(st, "40020", a, NULL, 60), -EBUSY);
	assert_int_equal(bp_store_drop(st, a, "t"), 0);
	assert_int_equal(bp_store_drop(st, a, "t"), -ENOENT);
	assert_int_equal(bp_store_bound(st, old, &got, NULL), 0);
	assert_int_equal(bp_store_bind(st, a, 1, key, 32, 7, "t"), -ESTALE);

	/* its time over: as if never held, and swept */
	assert_int_equal(bp_store_hold(st, "40020", a, old, 60), 0);
	clock_now += 60;
	assert_int_equal(bp_store_bound(st, old, &got, NULL), 0);
	assert_int_equal(bp_store_bind(st, a, 1, key, 32, 7, "t"), -ESTALE);
	assert_int_equal(bp_store_sweep(st, 300, &swept), 0);
	assert_int_equal(swept.dropped, 1);
	assert_int_equal(bp_store_sweep(st, 300, &swept), 0);
	assert_int_equal(swept.dropped, 0);
	/* and one not yet swept is no obstacle to the next */
	assert_int_equal(bp_store_hold(st, "40020", a, old, 60), 0);
	clock_now += 61;
	assert_int_equal(bp_store_hold(st, "40020", b, old, 60), 0);

	key[0] = 4;
	assert_int_equal(bp_store_bind(st, b, 1, key, 32, 7, "t"), 0);
	assert_int_equal(bp_store_bound(st, b, &got, NULL), 0);
	assert_memory_equal(got.key, key, 32);
	assert_int_equal(bp_store_bound(st, old, &got, NULL), -ENOENT);
	assert_int_equal(bp_audit_list(st, count_event, &bound), 0);
	assert_int_equal(bound.version, 7);

	assert_int_equal(bp_store_hold(st, "40020", a, b, 60), 0);
	hex_of(b, 32, hex);
	assert_int_equal(bp_store_revoke(st, hex, "t"), 0);
	assert_int_equal(bp_store_bind(st, a, 1, key, 32, 8, "t"), -ESTALE);
	assert_int_equal(bp_store_drop(st, a, "t"), 0);
	assert_int_equal(bp_store_bound(st, a, &got, NULL), -ENOENT);
	assert_int_equal(bp_store_bound(st, b, &got, NULL), -EKEYREVOKED);
	/* and a session that proved it before is told at its hold */
	assert_int_equal(bp_store_hold(st, "40020", a, b, 60), -EKEYREVOKED);
	/* two dropped by their sessions, one by the sweep */
	assert_int_equal(bp_audit_list(st, count_event, &dropped), 0);
	assert_int_equal(dropped.n, 3);
	clock_now = saved;
	bp_store_close(st);
}

/*
 * An account's configuration is versioned: each change is the next
 * version, audited with it; text of at most BP_CONFIG_V2_MAX bytes.
 */
static void account_configs(void **state)
{
	struct events set = { "config-set", 0, 0 };
	struct bp_store *st = open_store();
	char *big = malloc(BP_CONFIG_V2_MAX + 2);
	struct bp_account_config c;
	struct bp_subscriber s;
	uint64_t v;

	(void)state;
	assert_non_null(big);
	subscriber(st, "40021", "5555");
	assert_int_equal(bp_account_config_get(st, "40021", &c), 0);
	assert_int_equal(c.version, 1);
	assert_int_equal(c.len, 5);
	assert_string_equal(c.text, "sip:x");
	bp_account_config_free(&c);

	memset(big, 'a', BP_CONFIG_V2_MAX + 1);
	big[BP_CONFIG_V2_MAX + 1] = 0;
	assert_int_equal(bp_account_config_set(st, "40021", big,
					       BP_CONFIG_V2_MAX, &v, "t"), 0);
	assert_int_equal(v, 2);
	assert_int_equal(bp_account_config_get(st, "40021", &c), 0);
	assert_int_equal(c.version, 2);
	assert_int_equal(c.len, BP_CONFIG_V2_MAX);
	assert_memory_equal(c.text, big, BP_CONFIG_V2_MAX);
	bp_account_config_free(&c);

	assert_int_equal(bp_account_config_set(st, "40021", big,
					       BP_CONFIG_V2_MAX + 1, &v, "t"),
			 -EINVAL);
	assert_int_equal(bp_account_config_set(st, "40021", "a\0b", 3, &v,
					       "t"), -EINVAL);
	assert_int_equal(bp_account_config_set(st, "40021", "a\xff" "b", 3, &v,
					       "t"), -EINVAL);
	assert_int_equal(bp_account_config_set(st, "49998", "x", 1, &v, "t"),
			 -ENOENT);
	assert_int_equal(bp_account_config_get(st, "49998", &c), -ENOENT);
	assert_int_equal(bp_subscriber_add(st, "40022", big), -EINVAL);
	/* the same text again is a version of its own */
	assert_int_equal(bp_account_config_set(st, "40021", "sip:x", 5, &v,
					       "t"), 0);
	assert_int_equal(v, 3);
	assert_int_equal(bp_subscriber_get(st, "40021", &s), 0);
	assert_int_equal(s.config_version, 3);
	assert_int_equal(bp_audit_list(st, count_event, &set), 0);
	assert_int_equal(set.n, 2);
	assert_int_equal(set.version, 3);
	free(big);
	bp_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrations),
		cmocka_unit_test(verifier),
		cmocka_unit_test(lockout),
		cmocka_unit_test(device_lockout),
		cmocka_unit_test(backoff),
		cmocka_unit_test(guesses_a_day),
		cmocka_unit_test(proof_failures),
		cmocka_unit_test(device_waits),
		cmocka_unit_test(concurrent_checks),
		cmocka_unit_test(concurrent_failures),
		cmocka_unit_test(bindings),
		cmocka_unit_test(rebinding),
		cmocka_unit_test(keys_sealed),
		cmocka_unit_test(clear_keys_sealed),
		cmocka_unit_test(kek_rotation),
		cmocka_unit_test(kek_file),
		cmocka_unit_test(kept_key_wiped),
		cmocka_unit_test(pending),
		cmocka_unit_test(account_configs),
	};

	return cmocka_run_group_tests_name("btiprovd_store", tests, setup,
					   teardown);
}
