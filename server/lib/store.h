/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_STORE_H
#define BTIPROVD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "kek.h"
#include "proto.h"

/*
 * Failed attempts in a row, of an account or of a device (or a source
 * address), after which it waits: a minute, doubling with each failure, up
 * to a day; and after which it locks until an operator unlocks it.  The
 * defaults, and what they bound, are in btiprovd(8).
 */
#define BP_BACKOFF_AFTER	3
#define BP_BACKOFF_WAIT		60
#define BP_LOCK_AFTER		20
#define BP_WAIT_MAX		86400
#define BP_ACCOUNT_MAX		32
#define BP_SOURCE_MAX		64
/* an IPv6 address, and "/64" */
#define BP_SOURCE_NAME_MAX	(46 + 3)

struct bp_store;

enum bp_verdict {
	BP_PIN_OK,
	BP_PIN_WRONG,
	BP_PIN_LOCKED,
	BP_PIN_WAIT,	/* backing off: not checked */
	BP_PIN_LOCKS,	/* wrong, and now locked */
};

struct bp_lock_policy {
	unsigned int backoff_after;
	unsigned int backoff_wait;
	unsigned int lock_after;
};

struct bp_subscriber {
	char account[BP_ACCOUNT_MAX + 1];
	bool has_pin;
	bool locked;
	unsigned int failures;
	long long wait_until;
	uint64_t config_version;
};

struct bp_binding {
	char device_id[65];
	char account[BP_ACCOUNT_MAX + 1];
	unsigned int kind;
	char bound[32];
	char revoked[32];
};

struct bp_audit {
	long long id;
	char at[32];
	char device_id[65];
	char account[BP_ACCOUNT_MAX + 1];
	char event[32];
	uint64_t config_version;	/* 0: none */
	char source[BP_SOURCE_MAX + 1];
};

/**
 * struct bp_account_config - an account's configuration
 * @version: from 1, one more at each change
 * @text: what is delivered, @len bytes and a NUL; bp_account_config_free()
 * @len: at most BP_CONFIG_V2_MAX; a version 1 session carries no more
 *	than BP_CONFIG_MAX
 */
struct bp_account_config {
	uint64_t version;
	char *text;
	size_t len;
};

struct bp_store *bp_store_open(const char *path, char *err, size_t err_len);
void bp_store_close(struct bp_store *st);
void bp_store_set_policy(struct bp_store *st,
			 const struct bp_lock_policy *policy,
			 time_t (*clock)(void));
int bp_store_version(struct bp_store *st);
const char *bp_store_failure(int err);

int bp_subscriber_add(struct bp_store *st, const char *account,
		      const char *config);
int bp_subscriber_set_pin(struct bp_store *st, const char *account,
			  const char *verifier);
int bp_subscriber_get(struct bp_store *st, const char *account,
		      struct bp_subscriber *out);
int bp_subscriber_list(struct bp_store *st,
		       int (*cb)(const struct bp_subscriber *, void *),
		       void *arg);
int bp_subscriber_lock(struct bp_store *st, const char *account, bool lock,
		       const char *source);

int bp_account_config_get(struct bp_store *st, const char *account,
			  struct bp_account_config *out);
int bp_account_config_set(struct bp_store *st, const char *account,
			  const char *text, size_t len, uint64_t *version,
			  const char *source);
void bp_account_config_free(struct bp_account_config *c);

int bp_store_check_pin(struct bp_store *st, const char *account,
		       const char *pin, const uint8_t device_id[32],
		       const char *source, enum bp_verdict *verdict,
		       unsigned int *attempts_left);
int bp_store_count_failure(struct bp_store *st, const char *account,
			   const uint8_t device_id[32], const char *event,
			   const char *source);
int bp_store_use_kek(struct bp_store *st, const char *path, char *err,
		     size_t err_len);
int bp_store_rekey(struct bp_store *st, const char *path, char id[BP_KEK_ID],
		   long *resealed, char *err, size_t err_len);
struct bp_swept {
	long sealed;
	long wiped;
	long dropped;
};

int bp_store_sweep(struct bp_store *st, unsigned int seconds,
		   struct bp_swept *done);
int bp_store_hold(struct bp_store *st, const char *account,
		  const uint8_t device_id[32], const uint8_t *replaces,
		  unsigned int seconds);
int bp_store_bind(struct bp_store *st, const uint8_t device_id[32],
		  unsigned int kind, const uint8_t *key, size_t key_len,
		  uint64_t config_version, const char *source);
int bp_store_drop(struct bp_store *st, const uint8_t device_id[32],
		  const char *source);
int bp_store_unbind(struct bp_store *st, const uint8_t device_id[32],
		    const uint8_t *replaced, const char *source);
int bp_store_bound(struct bp_store *st, const uint8_t device_id[32],
		   struct bp_bound *out, char *account);
int bp_store_refreshed(struct bp_store *st, const uint8_t device_id[32],
		       uint64_t config_version, bool delivered,
		       const char *source);
int bp_source_name(const char *address, char *name);
void bp_source_id(const char *address, uint8_t id[32]);
int bp_device_unlock(struct bp_store *st, const char *device_id_hex,
		     const char *source);
int bp_store_revoke(struct bp_store *st, const char *device_id_hex,
		    const char *source);
int bp_binding_list(struct bp_store *st,
		    int (*cb)(const struct bp_binding *, void *), void *arg);
int bp_audit_list(struct bp_store *st,
		  int (*cb)(const struct bp_audit *, void *), void *arg);

#endif
