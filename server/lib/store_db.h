/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BTIPROVD_STORE_DB_H
#define BTIPROVD_STORE_DB_H

/*
 * What the store's files share, and nothing outside the store includes:
 * the store itself, and its SQL with the audit record a change makes.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "db.h"
#include "kek.h"
#include "store.h"

struct bp_store {
	const struct bp_db_ops *ops;
	struct bp_db *db;
	struct bp_lock_policy policy;
	time_t (*clock)(void);
	struct bp_keks *keks;
	char missing[BP_KEK_ID];	/* a key the file lacked */
	char unopened[65];		/* a binding whose key did not open */
};

/*
 * Run @stmt with the text parameters that follow.  The macros end the list
 * with a typed null: a bare NULL may reach va_arg() as a plain 0.
 */
#define sql(st, stmt, cb, arg, changes, ...) \
	store_sql(st, stmt, cb, arg, changes, ##__VA_ARGS__, (const char *)NULL)
/* As sql(), but -ENOENT if it changed no row. */
#define change(st, stmt, ...) \
	store_change(st, stmt, __VA_ARGS__, (const char *)NULL)

int store_sql(struct bp_store *st, const char *stmt, bp_db_row cb, void *arg,
	      long *changes, ...);
int store_change(struct bp_store *st, const char *stmt, ...);
int store_commit(struct bp_store *st, int err);
int store_audit(struct bp_store *st, const char *device, const char *account,
		const char *event, uint64_t config_version, const char *source);
bool store_config_ok(const char *text, size_t len);

#endif
