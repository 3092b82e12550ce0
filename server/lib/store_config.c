// SPDX-License-Identifier: GPL-2.0
/*
 * Accounts' configurations, versioned: each change is the next version,
 * with its audit record, so that a refreshing device that names the
 * version it holds is sent a configuration only when it changed
 * (protocol.rst, section 4.2).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>

#include "store_db.h"

static int config_row(const char *const *c, int n, void *arg)
{
	struct bp_account_config *out = arg;

	if (n < 2 || !c[1])
		return -EIO;
	out->version = strtoull(c[0], NULL, 10);
	out->len = strlen(c[1]);
	out->text = strdup(c[1]);
	return out->text ? 0 : -ENOMEM;
}

/**
 * bp_account_config_get - an account's configuration, as it is now
 * @st: the store
 * @account: the account
 * @out: its version and text, for bp_account_config_free()
 *
 * Returns 0, -ENOENT if there is no such account, or a negative errno.
 */
int bp_account_config_get(struct bp_store *st, const char *account,
			  struct bp_account_config *out)
{
	int err;

	memset(out, 0, sizeof(*out));
	err = sql(st, "SELECT config_version, config FROM subscribers"
		  " WHERE account = $1", config_row, out, NULL, account);
	if (!err && !out->text)
		err = -ENOENT;
	if (err)
		bp_account_config_free(out);
	return err;
}

/*
 * A configuration: UTF-8 without a NUL, what either database keeps as
 * text, of BP_CONFIG_V2_MAX bytes at most.
 */
bool store_config_ok(const char *text, size_t len)
{
	unsigned long c;
	int n;

	if (len > BP_CONFIG_V2_MAX)
		return false;
	while (len) {
		n = UTF8_getc((const unsigned char *)text, len, &c);
		if (n <= 0 || !c)
			return false;
		text += n;
		len -= n;
	}
	return true;
}

static int version_row(const char *const *c, int n, void *arg)
{
	if (n < 1 || !c[0])
		return -EIO;
	*(uint64_t *)arg = strtoull(c[0], NULL, 10);
	return 0;
}

/**
 * bp_account_config_set - give an account its next configuration
 * @st: the store
 * @account: the account
 * @text: the configuration: UTF-8 text, without a NUL
 * @len: its length, at most BP_CONFIG_V2_MAX
 * @version: its version
 * @source: for the audit log
 *
 * The new version is the one before and one, even for the same text: an
 * operator who sets it means the devices to have it again.  One
 * transaction with its audit record.
 *
 * Returns 0, -EINVAL for a text too long, with a NUL or not UTF-8,
 * -ENOENT if there is no such account, or a negative errno.
 */
int bp_account_config_set(struct bp_store *st, const char *account,
			  const char *text, size_t len, uint64_t *version,
			  const char *source)
{
	char *copy;
	int err;

	if (!store_config_ok(text, len))
		return -EINVAL;
	copy = strndup(text, len);
	if (!copy)
		return -ENOMEM;
	*version = 0;
	err = st->ops->begin(st->db);
	err = err ?: sql(st, "UPDATE subscribers SET config = $1,"
			 " config_version = config_version + 1 WHERE account ="
			 " $2 RETURNING config_version", version_row, version,
			 NULL, copy, account);
	if (!err && !*version)
		err = -ENOENT;
	err = err ?: store_audit(st, NULL, account, "config-set", *version,
				 source);
	free(copy);
	return store_commit(st, err);
}

void bp_account_config_free(struct bp_account_config *c)
{
	free(c->text);
	memset(c, 0, sizeof(*c));
}
